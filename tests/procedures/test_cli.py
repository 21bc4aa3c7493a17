"""The procedure commands end to end, on a real SQLite file and a real PostgreSQL schema."""

from __future__ import annotations

import json
from typing import Any

from lxml import etree
from typer.testing import CliRunner

from comity.cli import app
from comity.identity import IdentityStore, Role
from comity.ledger import open_ledger

runner = CliRunner()


PASSWORD = "a delegation's password"


def comity(url: str, *args: str, user: str | None = None) -> Any:
    """Run a command with ``--json``; as the account ``user`` if given (a delegation's act
    needs that delegation's credentials)."""
    login = ["--user", user] if user else []
    env = {"COMITY_PASSWORD": PASSWORD}
    result = runner.invoke(app, ["--db", url, *login, *args, "--json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def delegate(url: str, state: str) -> str:
    """An account of ``state``'s delegation (created on first use)."""
    name = f"{state.lower()}-delegate"
    with open_ledger(url) as ledger:
        store = IdentityStore(ledger.engine)
        store.migrate()
        if name not in {a.name for a in store.accounts()}:
            store.add_account(name, Role.parse(f"delegation:{state}"), PASSWORD)
    return name


def text(url: str, *args: str) -> str:
    result = runner.invoke(app, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def head(url: str) -> tuple[int, str]:
    with open_ledger(url) as ledger:
        return ledger.head()


def test_a_refused_command_exits_2_with_one_line_and_writes_nothing(ledger_url: str) -> None:
    comity(ledger_url, "init")
    before = head(ledger_url)
    for args in (
        ["withdrawal", "notify", "UZB", "--on", "2026-03-01", "--actor", "delegation:KAZ"],
        ["withdrawal", "notify", "MNG", "--on", "2026-03-01", "--actor", "delegation:MNG"],
        ["withdrawal", "notify", "UZB", "--on", "2026-02-30", "--actor", "delegation:UZB"],
        ["withdrawal", "notify", "UZB", "--on", "2026-03-01", "--actor", "king"],
        ["membership", "suspend", "PAK", "--positions", "CHN=yes", "--actor", "secretariat"],
    ):
        result = runner.invoke(app, ["--db", ledger_url, *args])
        assert result.exit_code == 2, result.output
        message = result.stderr.strip()  # the (transient) progress bar may leave a newline
        assert "\n" not in message, message
        assert message.startswith("error (")
    assert head(ledger_url) == before


def test_withdrawal_membership_meeting_and_documents(ledger_url: str) -> None:
    comity(ledger_url, "init")
    notice = comity(
        ledger_url,
        *("withdrawal", "notify", "UZB", "--on", "2026-03-01", "--actor", "delegation:UZB"),
        user=delegate(ledger_url, "UZB"),
    )
    assert notice["events"][0]["event"]["effective"] == "2027-03-01"
    assert comity(ledger_url, "state", "UZB", "--as-of", "2027-03-01")["status"] == "withdrawn"
    meeting = ["chs-2026-bishkek"]
    comity(
        ledger_url,
        "meeting",
        "convene",
        *meeting,
        "--body",
        "CHS",
        "--place",
        "Bishkek",
        "--on",
        "2026-06-15",
        "--ends-on",
        "2026-06-16",
        "--actor",
        "secretariat",
    )
    comity(
        ledger_url,
        "meeting",
        "table",
        *meeting,
        "--item",
        "energy",
        "--title",
        "Energy",
        "--document-id",
        "energy-2026",
        "--document-title",
        "Agreement on energy",
        "--document-kind",
        "agreement",
        "--on",
        "2026-06-15",
        "--actor",
        "chair:CHS",
    )
    comity(
        ledger_url,
        "position",
        *meeting,
        "--item",
        "energy",
        "--state",
        "IND",
        "--position",
        "reserve",
        "--statement",
        "Subject to national law",
        "--on",
        "2026-06-15",
        "--actor",
        "delegation:IND",
        user=delegate(ledger_url, "IND"),
    )
    close = ["meeting", "close", *meeting, "--item", "energy", "--on", "2026-06-16"]
    early = runner.invoke(app, ["--db", ledger_url, *close, "--actor", "chair:CHS"])
    assert early.exit_code == 2, early.output  # no roll call yet: the quorum is not met
    assert "record the roll call first" in early.stderr
    # The ten member states on 16 June 2026 (Uzbekistan's notice takes effect in 2027).
    members = ["BLR", "CHN", "IND", "IRN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]
    roll = comity(
        ledger_url,
        "meeting",
        "attendance",
        *meeting,
        "--present",
        ",".join(members),
        "--on",
        "2026-06-15",
        "--actor",
        "secretariat",
    )
    assert roll["events"][0]["event"]["present"] == members
    ready = comity(
        ledger_url, "meeting", "readiness", *meeting, "--item", "energy", "--as-of", "2026-06-15"
    )
    # India has stated a reservation; the nine others present are yet to speak.
    assert ready["yet_to_speak"] == [m for m in members if m != "IND"]
    assert ready["may_close"] is False
    said = text(
        ledger_url, "meeting", "readiness", *meeting, "--item", "energy", "--as-of", "2026-06-15"
    )
    assert "Blocked by: yet to speak: BLR, CHN, IRN" in said
    for member in members[:2] + members[3:]:
        comity(
            ledger_url,
            "position",
            *meeting,
            "--item",
            "energy",
            "--state",
            member,
            "--position",
            "support",
            "--on",
            "2026-06-15",
            "--actor",
            f"delegation:{member}",
            user=delegate(ledger_url, member),
        )
    closed = comity(
        ledger_url,
        "meeting",
        "close",
        *meeting,
        "--item",
        "energy",
        "--on",
        "2026-06-16",
        "--actor",
        "chair:CHS",
    )
    assert [e["type"] for e in closed["events"]] == ["ItemClosed", "DocumentAdopted"]
    minutes = text(ledger_url, "minutes", *meeting, "--as-of", "2026-06-16")
    assert "- India: Subject to national law" in minutes
    xml = text(ledger_url, "minutes", *meeting, "--as-of", "2026-06-16", "--format", "akn")
    assert etree.fromstring(xml.encode()).tag.endswith("akomaNtoso")
    comity(
        ledger_url,
        "document",
        "open",
        "energy-2026",
        "--instruments",
        "1",
        "--days-after",
        "30",
        "--on",
        "2026-06-16",
        "--actor",
        "secretariat",
    )
    comity(
        ledger_url,
        "document",
        "sign",
        "energy-2026",
        "--state",
        "CHN",
        "--on",
        "2026-06-16",
        "--actor",
        "delegation:CHN",
        user=delegate(ledger_url, "CHN"),
    )
    comity(
        ledger_url,
        "document",
        "deposit",
        "energy-2026",
        "--state",
        "CHN",
        "--on",
        "2026-07-01",
        "--actor",
        "delegation:CHN",
        user=delegate(ledger_url, "CHN"),
    )
    grid = comity(ledger_url, "documents", "--matrix", "--as-of", "2026-08-01")
    assert grid["matrix"]["energy-2026"]["CHN"] == "party"
    csv = text(ledger_url, "documents", "--matrix", "--format", "csv", "--as-of", "2026-08-01")
    assert csv.splitlines()[0].startswith("document,")
    assert any(line.startswith("energy-2026,") for line in csv.splitlines())
    assert comity(ledger_url, "verify")["ok"]
