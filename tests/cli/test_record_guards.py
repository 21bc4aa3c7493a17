"""The CLI refuses the implausible (issue #22, part 3): ``--on`` after today needs
``--scheduled``; a status grant names the Council's decision on the record (``--meeting``,
``--item``) or its outside source (``--source-title``, ``--source-url``)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from typer.testing import CliRunner

from comity.cli import app
from comity.ledger import open_ledger
from comity.record import Record
from procedures.helpers import all_present_and_heard

runner = CliRunner()


def head(url: str) -> tuple[int, str]:
    with open_ledger(url) as ledger:
        return ledger.head()


def test_on_after_today_needs_scheduled(ledger_url: str) -> None:
    assert runner.invoke(app, ["--db", ledger_url, "init"]).exit_code == 0
    # A day after today whenever the test runs: the CLI's clock is the system's.
    later = (date.today() + timedelta(days=30)).isoformat()
    convene = ["--db", ledger_url, "meeting", "convene", "cmfa-next", "--body", "CMFA"]
    convene += ["--place", "Dushanbe", "--on", later, "--actor", "secretariat"]
    before = head(ledger_url)
    refused = runner.invoke(app, convene)
    assert refused.exit_code == 2
    assert "(future_date)" in refused.stderr
    assert head(ledger_url) == before
    scheduled = runner.invoke(app, [*convene, "--scheduled", "--json"])
    assert scheduled.exit_code == 0, scheduled.output
    assert json.loads(scheduled.stdout)["events"][0]["event"]["scheduled"] is True


def test_grant_status_names_the_decision_or_the_source(ledger_url: str) -> None:
    # A hypothetical Bishkek summit (15-16 June 2026) granting Vietnam partner status.
    def ok(*args: str) -> dict[str, object]:
        result = runner.invoke(app, ["--db", ledger_url, *args, "--json"])
        assert result.exit_code == 0, result.output
        return dict(json.loads(result.stdout))

    ok("membership", "apply-status", "VNM", "--status", "partner", "--on", "2025-10-01",
       "--actor", "secretariat")  # fmt: skip
    grant = ["membership", "grant-status", "VNM", "--status", "partner", "--on", "2026-06-16"]
    grant += ["--actor", "secretariat"]
    before = head(ledger_url)
    alone = runner.invoke(app, ["--db", ledger_url, *grant])
    assert alone.exit_code == 2
    assert "(decision_not_on_record)" in alone.stderr
    assert head(ledger_url) == before

    ok("meeting", "convene", "chs-2026-bishkek", "--body", "CHS", "--place", "Bishkek",
       "--on", "2026-06-15", "--ends-on", "2026-06-16", "--actor", "secretariat")  # fmt: skip
    ok("meeting", "table", "chs-2026-bishkek", "--item", "vnm-partner", "--title",
       "Partner status for Vietnam", "--on", "2026-06-16", "--actor", "chair:CHS")  # fmt: skip
    # The roll call and every member state heard, as the charter's quorum needs before closing.
    with open_ledger(ledger_url) as ledger:
        all_present_and_heard(Record(ledger), "chs-2026-bishkek", "vnm-partner", date(2026, 6, 16))
    ok("meeting", "close", "chs-2026-bishkek", "--item", "vnm-partner", "--on", "2026-06-16",
       "--actor", "chair:CHS")  # fmt: skip
    granted = ok(*grant, "--meeting", "chs-2026-bishkek", "--item", "vnm-partner")
    event = granted["events"][0]["event"]  # type: ignore[index]
    assert (event["meeting"], event["item"], event["place"]) == (
        "chs-2026-bishkek",
        "vnm-partner",
        "Bishkek",
    )


def test_start_admission_from_an_outside_source(ledger_url: str) -> None:
    result = runner.invoke(
        app,
        ["--db", ledger_url, "membership", "apply", "MNG", "--on", "2026-01-15",
         "--actor", "secretariat"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    started = runner.invoke(
        app,
        ["--db", ledger_url, "membership", "start", "MNG", "--on", "2026-06-16",
         "--source-title", "Hypothetical declaration (test scenario)",
         "--source-url", "https://example.org/declaration", "--source-kind", "secondary",
         "--actor", "secretariat", "--json"],
    )  # fmt: skip
    assert started.exit_code == 0, started.output
    [source] = json.loads(started.stdout)["events"][0]["event"]["sources"]
    assert source == {
        "title": "Hypothetical declaration (test scenario)",
        "kind": "secondary",
        "url": "https://example.org/declaration",
    }
