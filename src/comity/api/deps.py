"""Request dependencies as ``Annotated`` aliases: the record, dates, conditional requests."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Depends, Query, Request, Response

from comity import __version__
from comity.dates import parse_date
from comity.errors import InputError
from comity.i18n import N_
from comity.record import Record
from comity.state import InstitutionalState


def get_record(request: Request) -> Record:
    record: Record = request.app.state.record
    return record


RecordDep = Annotated[Record, Depends(get_record)]


def as_of_date(
    as_of: Annotated[
        str | None, Query(description="The date to look at, YYYY-MM-DD (default: today).")
    ] = None,
) -> date:
    return parse_date(as_of, what="as_of dates") if as_of else date.today()


def known_at_time(
    known_at: Annotated[
        str | None,
        Query(
            description="Answer as the record stood at this moment (ISO 8601 with a time "
            "zone, e.g. 2024-01-01T00:00:00Z); default: now."
        ),
    ] = None,
) -> datetime | None:
    if not known_at:
        return None
    try:
        moment = datetime.fromisoformat(known_at.strip().replace("Z", "+00:00"))
    except ValueError as e:
        raise InputError(
            N_("known_at is an ISO 8601 moment such as 2024-01-01T00:00:00Z, got {text!r}"),
            value=known_at,
            params={"text": known_at},
        ) from e
    if moment.tzinfo is None:
        raise InputError(
            N_("known_at needs a time zone (e.g. Z or +08:00), got {text!r}"),
            value=known_at,
            params={"text": known_at},
        )
    return moment.astimezone(UTC)


AsOf = Annotated[date, Depends(as_of_date)]
KnownAt = Annotated[datetime | None, Depends(known_at_time)]


def state_on(record: Record, as_of: date, known_at: datetime | None) -> InstitutionalState:
    return record.state(as_of, known_at=known_at)


def not_modified(
    request: Request, response: Response, record: Record, *, reader: str | None = None
) -> bool:
    """Set a strong ETag for this answer; True when the client already has it.

    Every answer is a function of comity's version (the charter data), the ledger's head and
    the request URL, so the ETag is a hash of the three. An answer that also depends on who
    asks (``reader``: the role whose view it is, e.g. ``delegation:IND``) hashes the reader
    too, varies by the credentials and is private to the caller unless it is the public's:
    a cache must never give one reader's view, or a 304 for it, to another.
    """
    sequence, head = record.ledger.head()
    view = "" if reader is None else f"|{reader}"
    tag = hashlib.sha256(
        f"{__version__}|{sequence}|{head}|{request.url.path}?{request.url.query}{view}".encode()
    ).hexdigest()[:32]
    etag = f'"{tag}"'
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = (
        "no-cache" if reader is None or reader == "public" else "private, no-cache"
    )
    if reader is not None:
        response.headers["Vary"] = "Authorization, Cookie"
    sent = request.headers.get("if-none-match", "")
    return etag in {t.strip() for t in sent.split(",")} or sent.strip() == "*"
