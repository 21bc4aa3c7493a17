"""Backups: a ledger exported as JSON Lines and imported into an empty ledger is the same
ledger, byte for byte, on every backend and across backends; a file whose chain is broken
is refused before anything is written."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from comity.cli import app
from comity.errors import BackupFileError, ChainBrokenError, LedgerNotEmptyError
from comity.events import Event, Source, SourceKind, StateAdmitted
from comity.ledger import Ledger, MemoryLedger, SqlLedger, open_ledger, stored_row_hash
from comity.ledger.export import (
    check_jsonl,
    import_jsonl,
    jsonl_lines,
    parse_line,
    public_lines,
)
from conftest import postgres_schema_url, sql_url

MakeEvents = Callable[..., list[Event]]
runner = CliRunner()

# Text that has to survive JSON, UTF-8, SQLite TEXT and PostgreSQL TEXT unchanged: quotes,
# backslashes, control characters, NUL (escaped inside the JSON payload), non-BMP emoji.
AWKWARD = 'quote " backslash \\ tab \t newline \n nul \x00 bell \x07 астана 上海 🇺🇳 \u2028'


def _events(make_events: MakeEvents) -> list[list[Event]]:
    awkward = StateAdmitted(
        valid_from=date(1, 1, 1),
        state="IND",
        note=AWKWARD,
        sources=(Source(title=AWKWARD, kind=SourceKind.PRIMARY, url="https://example.org/ä"),),
    )
    return [make_events(5), [awkward], make_events(4, tag="b", start=date(9999, 12, 1))]


def _fill(ledger: Ledger, make_events: MakeEvents) -> None:
    for actor, batch in zip(
        ("secretariat", "delegation:IND", "reference:sco"), _events(make_events), strict=True
    ):
        # The delegation's batch seals its note, so backups carry commitments and secrets.
        sealed = {"StateAdmitted": ["note"]} if actor.startswith("delegation") else None
        ledger.append(batch, actor=actor, account=f"{actor[:3]}.account", confidential=sealed)


def _export(ledger: Ledger) -> list[str]:
    return list(jsonl_lines(ledger.stored_rows()))


@pytest.fixture
def twin(ledger: Ledger, tmp_path: Path) -> Iterator[Ledger]:
    """A second, empty ledger on the same backend as ``ledger``."""
    if isinstance(ledger, MemoryLedger):
        yield MemoryLedger()
        return
    assert isinstance(ledger, SqlLedger)
    if ledger.engine.dialect.name == "sqlite":
        with sql_url("sqlite", tmp_path / "twin") as url, open_ledger(url) as copy:
            yield copy
    else:
        with postgres_schema_url() as url, open_ledger(url) as copy:
            yield copy


def test_export_import_export_is_byte_identical(
    ledger: Ledger, twin: Ledger, make_events: MakeEvents
) -> None:
    _fill(ledger, make_events)
    lines = _export(ledger)
    result = import_jsonl(twin, lambda: lines)
    assert (result.ok, result.events, result.head) == (True, 10, ledger.head()[1])
    assert _export(twin) == lines
    assert twin.verify() == ledger.verify()
    assert twin.events() == ledger.events()


@pytest.mark.postgres
def test_a_sqlite_backup_restores_into_postgresql_byte_for_byte(
    sqlite_url: str, postgres_url: str, make_events: MakeEvents
) -> None:
    with open_ledger(sqlite_url) as source, open_ledger(postgres_url) as target:
        _fill(source, make_events)
        lines = _export(source)
        import_jsonl(target, lambda: lines)
        assert _export(target) == lines
        assert target.verify().ok
    with open_ledger(postgres_url) as source, MemoryLedger() as back:
        import_jsonl(back, lambda: _export(source))
        assert _export(back) == lines


@settings(max_examples=30, deadline=None)
@given(notes=st.lists(st.text(max_size=40), min_size=1, max_size=6))
def test_any_text_survives_the_round_trip(notes: list[str]) -> None:
    ledger, copy = MemoryLedger(), MemoryLedger()
    ledger.append(
        [StateAdmitted(valid_from=date(2001, 6, 15), state="KAZ", note=n) for n in notes],
        actor="secretariat",
    )
    lines = _export(ledger)
    import_jsonl(copy, lambda: lines)
    assert _export(copy) == lines


def test_import_refuses_a_ledger_that_holds_events(
    ledger: Ledger, twin: Ledger, make_events: MakeEvents
) -> None:
    _fill(ledger, make_events)
    twin.append(make_events(1), actor="secretariat")
    before = _export(twin)
    with pytest.raises(LedgerNotEmptyError, match="holds 1 events"):
        import_jsonl(twin, lambda: _export(ledger))
    with pytest.raises(LedgerNotEmptyError):
        twin.restore(ledger.stored_rows())
    assert _export(twin) == before


def _edit(lines: list[str], at: int, **values: object) -> list[str]:
    row = json.loads(lines[at - 1])
    row.update(values)
    edited = list(lines)
    edited[at - 1] = json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"
    return edited


BROKEN: dict[str, Callable[[list[str]], tuple[list[str], int]]] = {
    "changed actor": lambda lines: (_edit(lines, 4, actor="delegation:PAK"), 4),
    "changed hash": lambda lines: (_edit(lines, 7, hash="a" * 64), 7),
    "deleted line": lambda lines: (lines[:2] + lines[3:], 3),
    "swapped lines": lambda lines: ([*lines[:5], lines[6], lines[5], *lines[7:]], 6),
    "renumbered": lambda lines: (_edit(lines, 2, sequence=3), 2),
    "not json": lambda lines: ([*lines[:8], "{not json\n", *lines[9:]], 9),
    "extra column": lambda lines: (_edit(lines, 1, comment="x"), 1),
    "timestamp form": lambda lines: (
        _edit(lines, 3, recorded_at=json.loads(lines[2])["recorded_at"].replace("T", " ")),
        3,
    ),
    "blank line": lambda lines: ([*lines[:4], "\n", *lines[4:]], 5),
}


@pytest.mark.parametrize("damage", BROKEN)
def test_a_broken_backup_is_refused_naming_its_first_bad_line(
    ledger: Ledger, twin: Ledger, make_events: MakeEvents, damage: str
) -> None:
    _fill(ledger, make_events)
    lines, first_bad = BROKEN[damage](_export(ledger))
    with pytest.raises(BackupFileError, match=f"line {first_bad} ") as caught:
        import_jsonl(twin, lambda: lines)
    assert caught.value.value == first_bad
    assert twin.count() == 0
    assert twin.head()[0] == 0


def test_a_backup_whose_times_go_back_is_refused(make_events: MakeEvents) -> None:
    """Rows hashed correctly but recorded out of time order would break ``known_at``."""
    ledger = MemoryLedger()
    _fill(ledger, make_events)
    rows = list(ledger.stored_rows())
    forged = MemoryLedger()
    forged.restore(rows[:5])
    late = rows[5]._replace(recorded_at=rows[0].recorded_at.replace(year=2000))
    late = late._replace(hash=stored_row_hash(late.prev_hash, late))
    lines = _export(forged) + list(jsonl_lines([late]))
    with pytest.raises(BackupFileError, match=r"line 6 .*earlier than the row before"):
        check_jsonl(lines)


def test_restore_checks_the_rows_itself_and_writes_none_of_a_broken_chain(
    ledger: Ledger, twin: Ledger, make_events: MakeEvents
) -> None:
    """Also when rows do not come from a checked file: one transaction, all or nothing."""
    _fill(ledger, make_events)
    rows = list(ledger.stored_rows())
    rows[7] = rows[7]._replace(actor="secretariat")
    with pytest.raises(ChainBrokenError) as caught:
        twin.restore(rows)
    assert caught.value.value == 8
    assert twin.count() == 0


def test_a_line_reads_back_into_its_row(make_events: MakeEvents) -> None:
    ledger = MemoryLedger()
    _fill(ledger, make_events)
    for row, line in zip(ledger.stored_rows(), _export(ledger), strict=True):
        assert parse_line(line) == row


# The commands, on real databases.


def _cli(url: str, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", url, *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_comity_export_and_import_round_trip(
    ledger_url: str, tmp_path: Path, make_events: MakeEvents
) -> None:
    with open_ledger(ledger_url) as ledger:
        _fill(ledger, make_events)
        head = ledger.head()
    backup = tmp_path / "backup.jsonl"
    code, stdout, _ = _cli(ledger_url, "export", str(backup), "--json")
    assert code == 0
    assert json.loads(stdout) == {"file": str(backup), "events": 10, "head": head[1]}
    code, streamed, _ = _cli(ledger_url, "export")
    assert code == 0
    assert streamed.encode() == backup.read_bytes()

    restored = f"sqlite:///{tmp_path / 'restored.sqlite'}"
    code, stdout, _ = _cli(restored, "import", str(backup), "--json")
    assert code == 0, stdout
    assert json.loads(stdout)["events"] == 10
    code, again, _ = _cli(restored, "export")
    assert again.encode() == backup.read_bytes()

    from_stdin = f"sqlite:///{tmp_path / 'from-stdin.sqlite'}"
    code, stdout, _ = _cli(from_stdin, "import", "-", stdin=backup.read_text(encoding="utf-8"))
    assert code == 0
    assert "10 events imported" in stdout
    assert _cli(from_stdin, "export")[1] == streamed


def test_comity_import_refuses_a_broken_file_with_exit_2(
    sqlite_url: str, tmp_path: Path, make_events: MakeEvents
) -> None:
    with open_ledger(sqlite_url) as ledger:
        _fill(ledger, make_events)
        lines = _export(ledger)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("".join(_edit(lines, 6, payload="{}")), encoding="utf-8")
    target = f"sqlite:///{tmp_path / 'target.sqlite'}"
    code, _, stderr = _cli(target, "import", str(broken))
    assert code == 2
    assert "backup_invalid" in stderr
    assert "line 6 does not continue the chain" in stderr
    with open_ledger(target) as copy:
        assert copy.count() == 0

    code, _, stderr = _cli(sqlite_url, "import", str(tmp_path / "backup.jsonl"))
    assert code == 2
    assert "no backup file" in stderr


def test_a_public_copy_verifies_with_the_content_withheld_and_again_revealed(
    ledger: Ledger, twin: Ledger, make_events: MakeEvents
) -> None:
    _fill(ledger, make_events)
    rows = list(ledger.stored_rows())
    sealed = [r.sequence for r in rows if r.sealed]
    assert sealed == [6]  # the AWKWARD StateAdmitted of the delegation's batch
    withheld = list(public_lines(rows, lambda row: False))
    line = json.loads(withheld[5])
    assert "secret" not in line
    assert "salt" not in line
    assert AWKWARD not in withheld[5]
    assert line["sealed"] == rows[5].sealed
    assert check_jsonl(withheld).head == ledger.head()[1]
    revealed = list(public_lines(rows, lambda row: True))
    assert revealed == _export(ledger)
    assert check_jsonl(revealed).head == ledger.head()[1]
    # A copy that withholds content is no backup: it could not be read back.
    with pytest.raises(BackupFileError, match="line 6 leaves out the confidential content"):
        import_jsonl(twin, lambda: withheld)
    assert twin.count() == 0
    # A reveal that does not match its commitment breaks the chain at that line.
    forged = json.loads(revealed[5])
    forged["secret"] = forged["secret"].replace("nul", "NUL")
    tampered = [*revealed[:5], json.dumps(forged) + "\n", *revealed[6:]]
    with pytest.raises(BackupFileError, match="line 6 "):
        check_jsonl(tampered)
