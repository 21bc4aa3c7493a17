"""The fast verification path reads raw driver rows; it must give exactly the answers of the
reference path (``verify_rows`` over decoded rows) on every ledger, tampered or not, and in
whatever batches the rows arrive."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from comity.events import StateAdmitted
from comity.ledger import MemoryLedger, stored_row_hash
from comity.ledger.hashing import StoredRow, format_recorded_at
from comity.ledger.verify import RawRow, _stored, verify_raw, verify_rows

# Notes that end up, escaped, inside the payload: quotes, backslashes, controls, non-BMP.
NOTES = ["plain", 'quote " and \\ backslash', "tab\tnewline\n", "nul \x00", "Астана 🇺🇳", ""]


def _ledger_rows() -> list[StoredRow]:
    ledger = MemoryLedger()
    for i, note in enumerate(NOTES):
        ledger.append(
            [StateAdmitted(valid_from=date(1999 + i, 2, 28), state="KAZ", note=note)] * 2,
            actor="delegation:ÉTAT" if i % 2 else "secretariat",
            account=f'"{note[:3]}"' if i % 3 else "",
            # Some rows seal their note: the fast path leaves those to the reference.
            confidential={"StateAdmitted": ["note"]} if i % 2 else None,
        )
    return list(ledger.stored_rows())


ROWS = _ledger_rows()


def _raw(row: StoredRow) -> RawRow:
    return (
        row.sequence,
        row.type.encode(),
        row.payload.encode(),
        row.valid_from.isoformat().encode(),
        format_recorded_at(row.recorded_at).encode(),
        row.actor.encode(),
        row.source.encode(),
        row.prev_hash.encode(),
        row.hash.encode(),
        row.recipe,
        row.account.encode(),
        row.sealed.encode(),
        row.salt.encode(),
        row.secret.encode(),
    )


def _batches(rows: list[RawRow], size: int) -> list[list[RawRow]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def _reference(rows: list[RawRow]) -> object:
    return verify_rows(map(_stored, rows))


def test_an_intact_ledger_verifies_the_same_in_any_batches() -> None:
    raw = [_raw(r) for r in ROWS]
    expected = verify_rows(ROWS)
    assert expected.ok
    for size in (1, 2, 5, len(raw)):
        assert verify_raw(_batches(raw, size)) == expected


_texts = st.sampled_from(
    [b"x", b'"', b"\\", b"\x00", b"\x1f", b"\n", b"\xff", b"\xc3", "é".encode(), b""]
)
_values = st.one_of(
    st.binary(max_size=8),
    st.lists(_texts, max_size=4).map(b"".join),
    st.sampled_from(
        [
            b"2001-02-30",
            b"2001-2-03",
            b"2001-02-03 ",
            "\uff12\uff10\uff10\uff11-02-03".encode(),  # fullwidth digits
            b"2024-01-01 00:00:00.000000Z",
            b"2024-01-01T00:00:00.000000",
            b"2024-01-01T24:00:00.000000Z",
            b"0" * 64,
        ]
    ),
    st.integers(-2, 20),
    st.none(),
)


@settings(max_examples=300, deadline=None)
@given(
    at=st.integers(0, len(ROWS) - 1),
    column=st.integers(0, 13),
    value=_values,
    rehash=st.booleans(),
    size=st.integers(1, 7),
)
def test_any_tampered_column_gets_the_reference_answer(
    at: int, column: int, value: object, rehash: bool, size: int
) -> None:
    raw = [list(_raw(r)) for r in ROWS]
    raw[at][column] = value
    if rehash:
        # The attacker recomputes the row's hash as the reference recipe would read it.
        try:
            stored = _stored(tuple(raw[at]))
            raw[at][8] = stored_row_hash(stored.prev_hash, stored).encode()
        except (ValueError, TypeError, AttributeError):
            pass
    rows = [tuple(r) for r in raw]
    assert verify_raw(_batches(rows, size)) == _reference(rows)
