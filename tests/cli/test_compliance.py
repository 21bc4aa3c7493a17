"""``comity compliance`` on a real database: the reform chosen per command."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from comity.cli import app
from comity.ledger import open_ledger

runner = CliRunner()
OBLIGATION = [
    "compliance", "obligation", "ct-2009",
    "--document", "sco-convention-against-terrorism-2009",
    "--text", "Designate the competent authorities", "--category", "institutions",
    "--due", "2027-06-30", "--on", "2027-02-01", "--scheduled", "--actor", "secretariat",
]  # fmt: skip
# 2027 may lie after the day the test runs: the obligation is recorded as scheduled.


def test_obligations_need_the_reform_and_then_show_in_the_view(sqlite_url: str) -> None:
    refused = runner.invoke(app, ["--db", sqlite_url, *OBLIGATION])
    assert refused.exit_code == 2
    assert "(no_such_procedure)" in refused.stderr
    with open_ledger(sqlite_url) as ledger:
        before = ledger.head()

    created = runner.invoke(
        app, ["--db", sqlite_url, *OBLIGATION, "--reform", "compliance-system", "--json"]
    )
    assert created.exit_code == 0, created.output
    result = json.loads(created.stdout)
    assert result["procedure"] == "create_obligation"
    assert [e["type"] for e in result["events"]] == ["ObligationCreated"]
    with open_ledger(sqlite_url) as ledger:
        assert ledger.head()[0] == before[0] + 1
        assert result["head"] == ledger.head()[1]

    view = runner.invoke(
        app,
        ["--db", sqlite_url, "compliance", "view", "--as-of", "2027-07-15", "--format", "csv",
         "--reform", "compliance-system"],
    )  # fmt: skip
    assert view.exit_code == 0, view.output
    rows = list(csv.DictReader(io.StringIO(view.stdout)))
    # The Convention's six original parties and the four later members, which acceded before
    # their admission (history/10-accessions.yaml); none reported by the due date: all overdue.
    assert {r["state"] for r in rows} == {
        *("CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"),
        *("BLR", "IND", "IRN", "PAK"),
    }
    assert {r["status"] for r in rows} == {"overdue"}


def test_a_misspelt_reform_is_unknown_reform_as_in_the_api(sqlite_url: str) -> None:
    refused = runner.invoke(app, ["--db", sqlite_url, *OBLIGATION, "--reform", "compliance-sytem"])
    assert refused.exit_code == 2
    assert "(unknown_reform)" in refused.stderr
