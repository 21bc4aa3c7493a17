"""The ``comity`` command end to end, on a real SQLite file and a real PostgreSQL schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from comity.cli import app
from comity.ledger import open_ledger
from comity.reference import load_history

runner = CliRunner()
REFERENCE_EVENTS = len(load_history())


def comity(url: str, *args: str) -> Any:
    """Run a command with ``--json`` and return its parsed output (exit status must be 0)."""
    result = runner.invoke(app, ["--db", url, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def refused(url: str, *args: str) -> str:
    """Run a command that must fail with exit status 2; return its message."""
    result = runner.invoke(app, ["--db", url, *args])
    assert result.exit_code == 2, result.output
    return result.stderr


def head(url: str) -> tuple[int, str]:
    with open_ledger(url) as ledger:
        return ledger.head()


def test_first_query_initialises_the_ledger(ledger_url: str) -> None:
    assert head(ledger_url)[0] == 0
    rows = comity(ledger_url, "members", "--as-of", "2017-06-09")
    assert head(ledger_url)[0] == REFERENCE_EVENTS
    # Astana Declaration, 9 June 2017: India and Pakistan admitted; 8 member states.
    assert [r["state"] for r in rows] == ["CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]
    india = next(r for r in rows if r["state"] == "IND")
    # Its admission procedure (Ufa, 10 July 2015) ended with the admission.
    assert india == {
        "state": "IND",
        "name": "India",
        "status": "member",
        "since": "2017-06-09",
        "admission_since": None,
    }


def test_init_is_idempotent(ledger_url: str) -> None:
    first = comity(ledger_url, "init")
    second = comity(ledger_url, "init")
    assert first["loaded"] == REFERENCE_EVENTS
    assert second["loaded"] == 0
    assert second["events"] == REFERENCE_EVENTS
    assert second["head"] == first["head"]


def test_members_the_day_before_an_admission(ledger_url: str) -> None:
    before = comity(ledger_url, "members", "--as-of", "2023-07-03")
    on = comity(ledger_url, "members", "--as-of", "2023-07-04")
    # New Delhi Declaration, 4 July 2023: Iran admitted.
    assert "IRN" not in {r["state"] for r in before}
    assert {r["state"] for r in on} - {r["state"] for r in before} == {"IRN"}


def test_members_by_status(ledger_url: str) -> None:
    observers = comity(ledger_url, "members", "--as-of", "2005-07-05", "--status", "observer")
    # Tashkent 2004: Mongolia; Astana, 5 July 2005: India, Pakistan, Iran.
    assert [r["state"] for r in observers] == ["IND", "IRN", "MNG", "PAK"]
    everyone = comity(ledger_url, "members", "--as-of", "2005-07-05", "--status", "all")
    assert len(everyone) == 10


def test_state_history(ledger_url: str) -> None:
    report = comity(ledger_url, "state", "blr", "--as-of", "2024-07-04")
    assert report["state"] == "BLR"
    assert report["status"] == "member"
    assert report["since"] == "2024-07-04"
    assert [h["status"] for h in report["history"]] == ["dialogue_partner", "observer", "member"]
    # The admission procedure (Samarkand, 16 September 2022; TASS) ran beside the status.
    assert report["admissions"] == [
        {
            "from": "2022-09-16",
            "to": "2024-07-04",
            "ended_by": "admission",
            "event": "sco.accession.blr.procedure",
            "source": report["admissions"][0]["source"],
        }
    ]
    assert "TASS" in report["admissions"][0]["source"]
    assert report["admission"] is None
    assert all(h["source"] for h in report["history"])
    assert set(report) >= {"state", "name", "status", "since", "history"}


def test_documents_give_the_charter_dates(ledger_url: str) -> None:
    rows = {d["id"]: d for d in comity(ledger_url, "documents", "--as-of", "2025-01-01")}
    charter = rows["sco-charter"]
    assert charter["signed"] == "2002-06-07"
    assert charter["in_force"] == "2003-09-19"
    assert {"IND", "PAK", "IRN", "BLR", "CHN"} <= set(charter["parties"])
    assert set(charter) >= {"id", "title", "signed", "in_force", "parties"}
    before = {d["id"]: d for d in comity(ledger_url, "documents", "--as-of", "2003-09-18")}
    assert before["sco-charter"]["in_force"] is None


def test_bodies_and_their_rules(ledger_url: str) -> None:
    rows = {b["code"]: b for b in comity(ledger_url, "bodies", "--as-of", "2025-01-01")}
    assert rows["CHS"]["decision_rule"] == "consensus"
    assert rows["SEC"]["seat"] == "Beijing"
    assert rows["SEC"]["decision_rule"] is None


def test_history_between_dates(ledger_url: str) -> None:
    rows = comity(ledger_url, "history", "--from", "2017-06-09", "--to", "2017-06-09")
    described = [r["description"] for r in rows]
    assert "India admitted as a member state at Astana" in described
    assert all(r["date"] == "2017-06-09" for r in rows)
    assert all(r["source"] for r in rows)


def test_decide_with_the_members_of_the_day(ledger_url: str) -> None:
    result = comity(
        ledger_url,
        "decide",
        "--positions",
        "CHN=yes,IND=object,RUS=reserve",
        "--as-of",
        "2024-07-04",
    )
    assert result["adopted"] is False
    assert result["rule"] == "consensus"
    assert len(result["eligible"]) == 10
    assert result["objections"] == ["IND"]
    assert result["reservations"] == ["RUS"]
    assert "IND" in result["reason"]


def test_decide_expulsion_by_consensus_minus_one(ledger_url: str) -> None:
    result = comity(
        ledger_url,
        "decide",
        "--positions",
        "PAK=object",
        "--rule",
        "consensus_minus_one",
        "--concerned",
        "PAK",
        "--as-of",
        "2020-01-01",
    )
    assert result["adopted"] is True
    assert "PAK" not in result["counted"]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["members", "--as-of", "2017-13-01"], "invalid_date"),
        (["members", "--as-of", "yesterday"], "invalid_date"),
        (["members", "--status", "emperor"], "unknown_status"),
        (["state", "XYZ"], "unknown_state"),
        (["decide", "--positions", "CHN"], "malformed_positions"),
        (["decide", "--positions", "CHN=perhaps"], "malformed_positions"),
        (["decide", "--positions", "MNG=object", "--as-of", "2010-01-01"], "not_eligible"),
        (["decide", "--positions", "CHN=yes", "--body", "UNSC"], "unknown_body"),
        (["decide", "--positions", "CHN=yes", "--rule", "dictatorship"], "unknown_rule"),
        (["bodies", "--as-of", "1999-01-01"], "no_charter_in_force"),
        (["history", "--from", "2020-01-01", "--to", "2019-01-01"], "invalid_input"),
    ],
)
def test_bad_input_is_refused_with_exit_2_and_writes_nothing(
    ledger_url: str, args: list[str], code: str
) -> None:
    comity(ledger_url, "init")
    before = head(ledger_url)
    message = refused(ledger_url, *args)
    assert f"({code})" in message
    assert head(ledger_url) == before


def _tamper(url: str, statement: str, **params: object) -> None:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("DROP TRIGGER events_refuse_update")
            else:
                connection.exec_driver_sql("ALTER TABLE events DISABLE TRIGGER USER")
            connection.execute(sa.text(statement), params)
    finally:
        engine.dispose()


def test_verify_reports_the_first_tampered_row(ledger_url: str) -> None:
    comity(ledger_url, "init")
    intact = comity(ledger_url, "verify")
    assert intact == {
        "ok": True,
        "events": REFERENCE_EVENTS,
        "head": head(ledger_url)[1],
        "first_bad": None,
    }
    with open_ledger(ledger_url) as ledger:
        tampered = next(r.sequence for r in ledger.events() if r.event.id == "sco.admission.ind")
    # Someone with database access backdates India's admission by a year.
    _tamper(
        ledger_url,
        "UPDATE events SET valid_from = :day WHERE sequence = :sequence",
        day="2016-06-09",
        sequence=tampered,
    )
    result = runner.invoke(app, ["--db", ledger_url, "verify", "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["first_bad"] == tampered
    assert report["events"] == tampered - 1


def test_init_force_keeps_the_old_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    comity(url, "init")
    result = comity(url, "init", "--force")
    assert result["archived"] is not None
    assert Path(result["archived"]).exists()
    assert result["loaded"] == REFERENCE_EVENTS


def test_the_installed_script_uses_the_user_data_directory_by_default(tmp_path: Path) -> None:
    # No COMITY_DB and no --db: an SQLite file in the user's data directory, made on first use.
    env = {k: v for k, v in os.environ.items() if k != "COMITY_DB"}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["HOME"] = str(tmp_path)
    script = Path(sys.executable).with_name("comity")
    result = subprocess.run(
        [str(script), "members", "--as-of", "2024-07-04", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 10
    assert (tmp_path / "data" / "comity" / "comity.sqlite").exists()


def test_observers_keep_their_status_while_their_admission_runs(ledger_url: str) -> None:
    # Issue #15. Iran: observer from Astana (5 July 2005) to its admission (New Delhi, 4 July
    # 2023); its procedure began at Dushanbe on 17 September 2021 (Sputnik via UrduPoint).
    rows = comity(ledger_url, "members", "--as-of", "2022-06-01", "--status", "observer")
    assert [(r["state"], r["admission_since"]) for r in rows] == [
        ("AFG", None),
        ("BLR", None),
        ("IRN", "2021-09-17"),
        ("MNG", None),
    ]
    # India on 1 January 2016: an observer; the Ufa decision (10 July 2015) started its
    # admission procedure.
    india = comity(ledger_url, "state", "IND", "--as-of", "2016-01-01")
    assert (india["status"], india["since"]) == ("observer", "2005-07-05")
    assert india["admission"]["since"] == "2015-07-10"
    assert "attend_open_meetings" in india["rights"]
    assert "take_part_in_decisions" not in india["rights"]
    # The old filter lists the states in the procedure, with their status: Belarus (observer
    # since Ufa 2015, procedure from Samarkand, 16 September 2022) and Iran on 3 July 2023.
    applicants = comity(ledger_url, "members", "--as-of", "2023-07-03", "--status", "applicant")
    assert [(r["state"], r["status"], r["admission_since"]) for r in applicants] == [
        ("BLR", "observer", "2022-09-16"),
        ("IRN", "observer", "2021-09-17"),
    ]
    # Belarus the day before its admission (Astana, 4 July 2024) and on the day.
    before = comity(ledger_url, "state", "BLR", "--as-of", "2024-07-03")
    assert (before["status"], before["admission"]["since"]) == ("observer", "2022-09-16")
    assert before["admission"]["memorandum_signed"] == "2023-07-04"  # New Delhi (TASS)
    on = comity(ledger_url, "state", "BLR", "--as-of", "2024-07-04")
    assert (on["status"], on["admission"]) == ("member", None)


def test_the_members_table_shows_the_admission_beside_the_status(ledger_url: str) -> None:
    result = runner.invoke(
        app, ["--db", ledger_url, "members", "--as-of", "2016-01-01", "--status", "observer"]
    )
    assert result.exit_code == 0, result.output
    # Ufa, 10 July 2015: India's and Pakistan's procedures; both stay observers. (The table
    # may wrap the cell at the terminal's width, so it is compared without line breaks.)
    cells = [line.split("│")[3].strip() for line in result.stdout.splitlines() if "│" in line]
    text = " ".join(c for c in cells if c)
    assert text.count("observer · admission under way since 2015-07-10") == 2
    state = runner.invoke(app, ["--db", ledger_url, "state", "PAK", "--as-of", "2017-06-09"])
    assert "admission procedure from 2015-07-10 to 2017-06-09" in state.stdout
