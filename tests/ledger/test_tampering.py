"""verify() finds rows changed, removed, reordered or added behind comity's back.

The attacker here has the database itself: on SQLite and PostgreSQL the tests drop the
append-only triggers first and then use plain SQL; on the memory store they edit its list.
Each ledger starts with six events in two batches; each test states which row must be
reported as the first bad one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from comity.errors import ChainBrokenError
from comity.events import Event
from comity.ledger import Ledger, SqlLedger, open_ledger, row_hash, stored_row_hash
from comity.ledger.hashing import StoredRow, commitment
from ledger.attacker import Attacker

MakeEvents = Callable[..., list[Event]]


def _forged_payload(row: StoredRow) -> str:
    data = json.loads(row.payload)
    data["note"] = "forged"
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


# Rows 1 and 4 (the StateAdmitted of each batch) seal their note: recipe 2 with a commitment.
_SEALED = {"StateAdmitted": ["note"]}


@pytest.fixture
def attacker(ledger: Ledger, make_events: MakeEvents) -> Attacker:
    ledger.append(make_events(3), actor="secretariat", account="alice", confidential=_SEALED)
    ledger.append(
        make_events(3, tag="b"), actor="delegation:IND", account="ind", confidential=_SEALED
    )
    assert ledger.verify().ok
    assert [bool(r.sealed) for r in ledger.stored_rows()] == [True, False, False] * 2
    return Attacker(ledger)


def _assert_breaks_at(attacker: Attacker, first_bad: int) -> None:
    """verify() names ``first_bad`` and vouches for exactly the rows before it."""
    if isinstance(attacker.ledger, SqlLedger):  # the bulk check in the database refuses too
        assert attacker.ledger._verify_in_bulk() is None
    verification = attacker.ledger.verify()
    assert not verification.ok
    assert verification.first_bad == first_bad
    assert verification.events == first_bad - 1
    assert verification.head == attacker.heads[first_bad - 1]
    with pytest.raises(ChainBrokenError, match=f"breaks at event {first_bad}"):
        verification.check()


def test_a_changed_payload_is_found(attacker: Attacker) -> None:
    attacker.set(3, payload=_forged_payload(attacker.row(3)))
    _assert_breaks_at(attacker, 3)


def test_a_changed_account_is_found(attacker: Attacker) -> None:
    attacker.set(2, account="mallory")
    _assert_breaks_at(attacker, 2)


def test_a_changed_commitment_is_found(attacker: Attacker) -> None:
    # A new commitment with its own salt and secret: the content matches it, the hash does not.
    salt = "ab" * 32
    secret = '{"note":"forged"}'
    attacker.set(4, salt=salt, secret=secret, sealed=commitment(salt, secret))
    _assert_breaks_at(attacker, 4)


def test_a_changed_secret_that_no_longer_matches_its_commitment_is_found(
    attacker: Attacker,
) -> None:
    # The row's hash covers the commitment only, so only the commitment check finds this.
    attacker.set(1, secret='{"note":"forged"}')
    _assert_breaks_at(attacker, 1)


def test_a_changed_salt_is_found(attacker: Attacker) -> None:
    attacker.set(4, salt="00" * 32)
    _assert_breaks_at(attacker, 4)


def test_content_given_to_a_row_without_a_commitment_is_found(attacker: Attacker) -> None:
    attacker.set(5, salt="00" * 32, secret='{"note":"x"}')
    _assert_breaks_at(attacker, 5)


def test_a_row_moved_back_to_recipe_1_is_found(attacker: Attacker) -> None:
    # The attacker rehashes row 2 by recipe 1, dropping its account from what is hashed.
    row = attacker.row(2)
    attacker.set(2, recipe=1, hash=row_hash(row.prev_hash, *row[:7]))
    _assert_breaks_at(attacker, 2)


def test_a_changed_actor_is_found(attacker: Attacker) -> None:
    attacker.set(4, actor="secretariat")
    _assert_breaks_at(attacker, 4)


@pytest.mark.parametrize(
    ("column", "change"),
    [
        ("type", lambda row: "StatusGranted"),
        ("payload", lambda row: row.payload.replace('"', ' "', 1)),
        ("valid_from", lambda row: row.valid_from + timedelta(days=1)),
        ("recorded_at", lambda row: row.recorded_at + timedelta(microseconds=1)),
        ("source", lambda row: "[]" if row.source != "[]" else '[{"title":"x"}]'),
        ("prev_hash", lambda row: "f" * 64),
        ("hash", lambda row: "e" * 64),
        ("sequence", lambda row: 99),
    ],
)
def test_a_change_to_any_column_is_found(
    attacker: Attacker, column: str, change: Callable[[StoredRow], Any]
) -> None:
    attacker.set(2, **{column: change(attacker.row(2))})
    _assert_breaks_at(attacker, 2)


def test_a_change_with_a_recomputed_hash_is_found_at_the_next_row(
    attacker: Attacker,
) -> None:
    row = attacker.row(3)._replace(actor="delegation:PAK")
    forged = stored_row_hash(row.prev_hash, row)
    attacker.set(3, actor=row.actor, hash=forged)
    verification = attacker.ledger.verify()
    assert (verification.ok, verification.first_bad, verification.events) == (False, 4, 3)
    assert verification.head == forged


def test_a_deleted_row_is_found(attacker: Attacker) -> None:
    attacker.delete(3)
    _assert_breaks_at(attacker, 3)


def test_a_deleted_row_is_found_even_if_later_rows_are_renumbered(
    attacker: Attacker,
) -> None:
    attacker.delete(3)
    attacker.shift(4, by=-1)
    _assert_breaks_at(attacker, 3)


def test_a_deleted_first_row_is_found(attacker: Attacker) -> None:
    attacker.delete(1)
    _assert_breaks_at(attacker, 1)


def test_swapped_rows_are_found(attacker: Attacker) -> None:
    attacker.swap_content(2, 5)
    _assert_breaks_at(attacker, 2)


def test_swapped_neighbours_are_found(attacker: Attacker) -> None:
    attacker.swap_content(5, 6)
    _assert_breaks_at(attacker, 5)


def test_an_inserted_row_is_found(attacker: Attacker) -> None:
    """A well-made forgery chained after row 2, with later rows moved up to make room."""
    second, third = attacker.row(2), attacker.row(3)
    attacker.shift(3, by=1)
    values = (3, third.type, _forged_payload(third), third.valid_from, third.recorded_at)
    forged_hash = row_hash(second.hash, *values, "secretariat", "[]")
    attacker.set(4, prev_hash=forged_hash)  # relinks the next row, as a careful forger would
    attacker.insert(StoredRow(*values, "secretariat", "[]", second.hash, forged_hash))
    # The forgery itself fits; the row after it cannot.
    verification = attacker.ledger.verify()
    assert (verification.ok, verification.first_bad, verification.events) == (False, 4, 3)
    assert verification.head == forged_hash


def test_a_row_added_at_the_end_outside_comity_is_found(attacker: Attacker) -> None:
    last = attacker.row(6)
    attacker.insert(last._replace(sequence=7, prev_hash=last.hash, hash="d" * 64))
    _assert_breaks_at(attacker, 7)


def test_cutting_the_tail_leaves_a_valid_chain_that_a_kept_head_exposes(
    attacker: Attacker,
) -> None:
    """The chain alone cannot show rows removed from the end; a checkpoint can."""
    checkpoint = attacker.ledger.head()
    attacker.delete(6)
    verification = attacker.ledger.verify()
    assert verification.ok
    assert (verification.events, verification.head) != checkpoint


def test_an_unreadable_timestamp_counts_as_a_bad_row(
    sqlite_url: str, make_events: MakeEvents
) -> None:
    with open_ledger(sqlite_url) as ledger:
        ledger.append(make_events(4), actor="secretariat")
        attacker = Attacker(ledger)
        with ledger.engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
            connection.exec_driver_sql(
                "UPDATE events SET recorded_at = replace(recorded_at, 'T', ' ') WHERE sequence = 3"
            )
        _assert_breaks_at(attacker, 3)
