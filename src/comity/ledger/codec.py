"""Between events and rows: the part of appending and reading that every backend shares.

Keeping it here means the memory store and the SQL store cannot drift apart in how they
split an event into columns, chain it, or read it back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from comity.errors import (
    InvalidActorError,
    InvalidDateError,
    ReferenceDataError,
    UndecodableRowError,
    UnencodableEventError,
)
from comity.events import Event, canonical_json, parse_event
from comity.i18n import N_, Term, reason_of
from comity.ledger.base import RecordedEvent
from comity.ledger.hashing import RECIPE, StoredRow, commitment, new_salt, row_hash_v2

__all__ = [
    "Confidential",
    "EncodedEvent",
    "check_account",
    "check_actor",
    "check_known_at",
    "check_valid_until",
    "decode",
    "encode",
    "link",
    "recorded",
    "utc_now",
]

# Fields with columns of their own; the payload holds the rest.
_COLUMN_FIELDS = frozenset({"type", "valid_from", "sources"})
_ACTOR = re.compile(r"[a-z][a-z0-9_-]*(:[^\s:]+)?")
_ACTOR_MAX = 200
_ACCOUNT = re.compile(r"[^\s\x00-\x1f\x7f]{1,200}")
_TICK = timedelta(microseconds=1)

Confidential = Mapping[str, Collection[str]]
"""Which payload fields of which event types are sealed: event type -> field names. The
ledger knows no rules; the caller takes this from the charter (``confidentiality``)."""


def utc_now() -> datetime:
    """The default clock of the stores."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class EncodedEvent:
    """The columns of an event that do not depend on its place in the chain."""

    event: Event
    type: str
    payload: str
    valid_from: date
    source: str
    sealed: str = ""
    salt: str = ""
    secret: str = ""


def check_account(account: str) -> str:
    """Refuse an account that is not empty (none: comity itself) or up to 200 characters
    without spaces or control characters.

    >>> check_account("os:root")
    'os:root'
    >>> check_account("two words")
    Traceback (most recent call last):
    ...
    comity.errors.InvalidActorError: an account is up to 200 characters ...
    """
    if not isinstance(account, str) or (account and not _ACCOUNT.fullmatch(account)):
        raise InvalidActorError(
            N_(
                "an account is up to 200 characters without spaces or control characters,"
                " e.g. 'alice' or 'os:root'; got {account!r}"
            ),
            value=str(account),
            params={"account": account},
        )
    return account


def check_actor(actor: str) -> str:
    """Refuse an actor that is not ``role`` or ``role:id``.

    >>> check_actor("delegation:IND")
    'delegation:IND'
    >>> check_actor("Delegation IND")
    Traceback (most recent call last):
    ...
    comity.errors.InvalidActorError: actor must be 'role' or 'role:id' ...
    """
    if not isinstance(actor, str) or len(actor) > _ACTOR_MAX or not _ACTOR.fullmatch(actor):
        raise InvalidActorError(
            N_(
                "actor must be 'role' or 'role:id' in lowercase role letters, at most {limit}"
                " characters, e.g. 'secretariat' or 'delegation:IND'; got {actor!r}"
            ),
            value=actor,
            params={"limit": _ACTOR_MAX, "actor": actor},
        )
    return actor


def check_known_at(known_at: datetime | None) -> datetime | None:
    """A ``known_at`` must be aware: a naive time would mean a different instant per server."""
    if known_at is not None and (not isinstance(known_at, datetime) or known_at.tzinfo is None):
        raise InvalidDateError(
            N_(
                "known_at must be a timezone-aware datetime, e.g. 2024-06-01T00:00:00+00:00;"
                " got {known_at!r}"
            ),
            value=str(known_at),
            params={"known_at": known_at},
        )
    return None if known_at is None else known_at.astimezone(UTC)


def check_valid_until(valid_until: date | None) -> date | None:
    """A ``valid_until`` is a calendar date; a datetime would silently compare by day."""
    if valid_until is not None and (
        isinstance(valid_until, datetime) or not isinstance(valid_until, date)
    ):
        raise InvalidDateError(
            N_("valid_until must be a date (YYYY-MM-DD), got {valid_until!r}"),
            value=str(valid_until),
            params={"valid_until": valid_until},
        )
    return valid_until


def encode(event: Event, confidential: Confidential | None = None) -> EncodedEvent:
    """Split an event into its columns, payload and sources as RFC 8785 JSON.

    The fields ``confidential`` names for the event's type go into the secret (all of them,
    whatever their value, so that the public payload's shape says nothing), committed to
    with a fresh salt.
    """
    data: dict[str, Any] = event.model_dump(mode="json")
    sealed_fields = frozenset((confidential or {}).get(event.type, ()))
    payload = {
        key: value
        for key, value in data.items()
        if key not in _COLUMN_FIELDS and key not in sealed_fields
    }
    hidden = {key: value for key, value in data.items() if key in sealed_fields}
    try:
        payload_text = canonical_json(payload).decode("utf-8")
        source_text = canonical_json(data["sources"]).decode("utf-8")
        secret_text = canonical_json(hidden).decode("utf-8") if hidden else ""
    except Exception as e:  # rfc8785 raises several types, all meaning "no canonical form"
        raise UnencodableEventError(
            N_(
                "{type} {id} cannot be written as canonical JSON ({reason}); text must be valid"
                " Unicode without lone surrogates"
            ),
            value=event.id or event.type,
            params={"type": event.type, "id": event.id or "", "reason": str(e)},
        ) from e
    salt = new_salt() if hidden else ""
    return EncodedEvent(
        event=event,
        type=event.type,
        payload=payload_text,
        valid_from=event.valid_from,
        source=source_text,
        sealed=commitment(salt, secret_text) if hidden else "",
        salt=salt,
        secret=secret_text,
    )


def link(
    encoded: Sequence[EncodedEvent],
    *,
    after: tuple[int, str, datetime | None],
    actor: str,
    now: datetime,
    account: str = "",
) -> list[StoredRow]:
    """Chain ``encoded`` after the row ``(sequence, hash, recorded_at)``, by the newest
    recipe, on behalf of ``actor`` (the role) and ``account`` (who acted).

    The batch is stamped ``now``, or one microsecond after the previous batch if the clock
    is behind (clock steps, or writers on hosts whose clocks differ): recording times then
    rise strictly with each batch, so ``known_at`` never selects a row while leaving out an
    earlier one.
    """
    sequence, prev_hash, last_recorded = after
    if now.tzinfo is None:
        raise ValueError("the ledger's clock must return timezone-aware datetimes")
    recorded_at = now.astimezone(UTC)
    if last_recorded is not None and recorded_at <= last_recorded:
        recorded_at = last_recorded + _TICK
    rows = []
    for item in encoded:
        sequence += 1
        digest = row_hash_v2(
            prev_hash,
            sequence,
            item.type,
            item.payload,
            item.valid_from,
            recorded_at,
            actor,
            item.source,
            account,
            item.sealed,
        )
        rows.append(
            StoredRow(
                sequence=sequence,
                type=item.type,
                payload=item.payload,
                valid_from=item.valid_from,
                recorded_at=recorded_at,
                actor=actor,
                source=item.source,
                prev_hash=prev_hash,
                hash=digest,
                recipe=RECIPE,
                account=account,
                sealed=item.sealed,
                salt=item.salt,
                secret=item.secret,
            )
        )
        prev_hash = digest
    return rows


def recorded(row: StoredRow, event: Event) -> RecordedEvent:
    """A freshly appended row with the event it was made from (no need to parse it back)."""
    return RecordedEvent(
        sequence=row.sequence,
        recorded_at=row.recorded_at,
        actor=row.actor,
        prev_hash=row.prev_hash,
        hash=row.hash,
        event=event,
        account=row.account,
    )


def decode(row: StoredRow) -> RecordedEvent:
    """Read an event back from its row."""
    try:
        data = json.loads(row.payload)
        if not isinstance(data, dict):
            raise TypeError(Term(N_("payload is not a JSON object")))
        if row.withheld:
            raise TypeError(Term(N_("its confidential content is withheld in this copy")))
        if row.secret:
            hidden = json.loads(row.secret)
            if not isinstance(hidden, dict):
                raise TypeError(Term(N_("secret is not a JSON object")))
            data.update(hidden)
        data.update(type=row.type, valid_from=row.valid_from, sources=json.loads(row.source))
        event = parse_event(data)
    except (ValueError, TypeError, ReferenceDataError) as e:
        raise UndecodableRowError(
            N_(
                "ledger row {sequence} is not a valid {type} event ({reason}); run verify to"
                " see whether the ledger was altered"
            ),
            value=row.sequence,
            params={"sequence": row.sequence, "type": row.type, "reason": reason_of(e)},
        ) from e
    return recorded(row, event)
