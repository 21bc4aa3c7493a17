"""The hash recipe of comity.ledger.hashing, checked from outside comity.

Everything here recomputes hashes with nothing but ``hashlib`` and ``rfc8785``, as an
auditor would, from rows read with plain SQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
import rfc8785
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from comity.events import Event, Source, SourceKind, StateAdmitted
from comity.ledger import GENESIS, MemoryLedger, open_ledger
from comity.ledger.hashing import StoredRow, canonical_row, stored_row_hash

MakeEvents = Callable[..., list[Event]]

MOMENT = datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
INDIA = StateAdmitted(
    id="sco.admission.ind",
    valid_from=date(2017, 6, 9),
    state="IND",
    place="Astana",
    sources=(
        Source(title="Astana Declaration", kind=SourceKind.PRIMARY, url="https://eng.sectsco.org/"),
    ),
)
# A test vector for auditors: the first row recording INDIA at MOMENT by reference:sco.
INDIA_ROW = {
    "sequence": 1,
    "type": "StateAdmitted",
    "payload": '{"body":"CHS","decision":null,"founding":false,"id":"sco.admission.ind",'
    '"note":null,"place":"Astana","state":"IND"}',
    "valid_from": "2017-06-09",
    "recorded_at": "2025-01-02T03:04:05.678901Z",
    "actor": "reference:sco",
    "source": '[{"accessed":null,"kind":"primary","note":null,"published":null,'
    '"publisher":null,"title":"Astana Declaration","url":"https://eng.sectsco.org/"}]',
}
INDIA_HASH = "f22108f0c138473efb2d7ecc5b662dbd303b8ec8d68ad2095702c55fc236b7f5"
# The same row by recipe 2 (migration 0004 on), recorded by the account "alice"; the hash
# was computed with the rfc8785 library from this document alone.
INDIA_ROW_V2 = {**INDIA_ROW, "recipe": 2, "account": "alice", "sealed": ""}
INDIA_HASH_V2 = "9138f6949233542be61df9ae74a11a4a0f8e82b7927d04fbfa139b286553a37c"


def audit_hash(prev_hash: str, row: dict[str, object]) -> str:
    """The recipe, written out independently of comity."""
    return hashlib.sha256(prev_hash.encode("ascii") + bytes(rfc8785.dumps(row))).hexdigest()


def test_the_test_vector_follows_the_recipe() -> None:
    assert audit_hash(GENESIS, INDIA_ROW) == INDIA_HASH


def test_the_recipe_2_test_vector_follows_the_recipe() -> None:
    assert audit_hash(GENESIS, INDIA_ROW_V2) == INDIA_HASH_V2


def test_recipe_1_still_hashes_the_rows_written_before_0004() -> None:
    row = INDIA_ROW
    assert (
        stored_row_hash(
            GENESIS,
            StoredRow(
                sequence=1,
                type=str(row["type"]),
                payload=str(row["payload"]),
                valid_from=date(2017, 6, 9),
                recorded_at=MOMENT,
                actor=str(row["actor"]),
                source=str(row["source"]),
                prev_hash=GENESIS,
                hash=INDIA_HASH,
            ),
        )
        == INDIA_HASH
    )


def test_the_memory_store_produces_the_test_vector() -> None:
    ledger = MemoryLedger(clock=lambda: MOMENT)
    assert ledger.append([INDIA], actor="reference:sco", account="alice")[0].hash == INDIA_HASH_V2


def test_sql_stores_produce_the_test_vector(ledger_url: str) -> None:
    with open_ledger(ledger_url, clock=lambda: MOMENT) as ledger:
        appended = ledger.append([INDIA], actor="reference:sco", account="alice")
        assert appended[0].hash == INDIA_HASH_V2
        assert ledger.events()[0].hash == INDIA_HASH_V2
        assert ledger.events()[0].account == "alice"
        assert ledger.verify().ok


def test_a_sealed_row_commits_to_its_content_with_a_salt_of_its_own() -> None:
    ledger = MemoryLedger(clock=lambda: MOMENT)
    ledger.append([INDIA, INDIA], actor="reference:sco", confidential={"StateAdmitted": ["place"]})
    first, second = ledger.stored_rows()
    assert '"place"' not in first.payload
    assert first.secret == '{"place":"Astana"}'
    # The commitment, recomputed with hashlib alone: sha256(salt bytes || secret's UTF-8).
    for row in (first, second):
        assert (
            row.sealed == hashlib.sha256(bytes.fromhex(row.salt) + row.secret.encode()).hexdigest()
        )
    # Same content, fresh salts: the two commitments differ, so neither gives the other away.
    assert first.salt != second.salt
    assert first.sealed != second.sealed
    document = {**INDIA_ROW_V2, "payload": first.payload, "account": "", "sealed": first.sealed}
    assert audit_hash(GENESIS, document) == first.hash


def _auditor_rows(url: str) -> list[tuple[str, str, dict[str, object]]]:
    """(prev_hash, hash, recipe document) per row, read with plain SQL, no comity types."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT sequence, type, payload, valid_from, recorded_at, actor, source, "
                "prev_hash, hash, recipe, account, sealed FROM events ORDER BY sequence"
            ).all()
    finally:
        engine.dispose()
    result = []
    for row in rows:
        sequence, type_, payload, valid_from, recorded_at, actor, source, prev, digest = row[:9]
        recipe, account, sealed = row[9:]
        if isinstance(recorded_at, datetime):  # PostgreSQL: timestamptz, date
            recorded_at = recorded_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            valid_from = valid_from.isoformat()
        document: dict[str, object] = {
            "sequence": sequence,
            "type": type_,
            "payload": payload,
            "valid_from": valid_from,
            "recorded_at": recorded_at,
            "actor": actor,
            "source": source,
        }
        if recipe == 2:
            document.update(recipe=2, account=account, sealed=sealed)
        result.append((prev, digest, document))
    return result


def test_an_auditor_recomputes_every_hash_from_plain_sql(
    ledger_url: str, make_events: MakeEvents
) -> None:
    with open_ledger(ledger_url) as ledger:
        ledger.append(make_events(5), actor="secretariat", account="os:root")
        ledger.append(
            make_events(3, tag="b"),
            actor="delegation:KAZ",
            account="kaz.delegate",
            confidential={"StateAdmitted": ["note"]},
        )
    prev = GENESIS
    rows = _auditor_rows(ledger_url)
    assert len(rows) == 8
    for stored_prev, stored_hash, document in rows:
        assert stored_prev == prev
        prev = audit_hash(prev, document)
        assert stored_hash == prev


def test_sql_stores_hash_the_same_content_as_the_memory_store(
    ledger_url: str, make_events: MakeEvents
) -> None:
    """The same events at the same moment by the same actor chain identically everywhere."""
    events = make_events(6)
    reference = MemoryLedger(clock=lambda: MOMENT)
    expected = [r.hash for r in reference.append(events, actor="secretariat")]
    with open_ledger(ledger_url, clock=lambda: MOMENT) as ledger:
        assert [r.hash for r in ledger.append(events, actor="secretariat")] == expected
        assert [r.hash for r in ledger.events()] == expected


_TEXT = st.text(max_size=40)


@given(
    sequence=st.integers(min_value=1, max_value=2**53 - 1),
    texts=st.tuples(_TEXT, _TEXT, _TEXT, _TEXT, _TEXT),
    valid_from=st.dates(),
    recorded_at=st.datetimes(timezones=st.just(UTC)),
)
def test_the_fast_row_encoder_is_rfc_8785(
    sequence: int,
    texts: tuple[str, str, str, str, str],
    valid_from: date,
    recorded_at: datetime,
) -> None:
    type_, payload, actor, source, _ = texts
    document = {
        "sequence": sequence,
        "type": type_,
        "payload": payload,
        "valid_from": valid_from.isoformat(),
        "recorded_at": f"{recorded_at.year:04d}" + recorded_at.strftime("-%m-%dT%H:%M:%S.%fZ"),
        "actor": actor,
        "source": source,
    }
    fast = canonical_row(sequence, type_, payload, valid_from, recorded_at, actor, source)
    assert fast == bytes(rfc8785.dumps(document))


@pytest.mark.parametrize("text", ["\x00\x1f\x7f", '"\\/', "\u2028\u2029", "é😀", "\ufeff"])
def test_the_fast_row_encoder_escapes_like_rfc_8785(text: str) -> None:
    document = {
        "sequence": 1,
        "type": text,
        "payload": text,
        "valid_from": "2001-06-15",
        "recorded_at": "2001-06-15T00:00:00.000000Z",
        "actor": text,
        "source": text,
    }
    day = date(2001, 6, 15)
    fast = canonical_row(1, text, text, day, datetime(2001, 6, 15, tzinfo=UTC), text, text)
    assert fast == bytes(rfc8785.dumps(document))
