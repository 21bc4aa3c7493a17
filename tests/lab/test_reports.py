"""The lab's report objects are what the CLI prints: ``--json`` is the report's ``to_json()``,
so the command line and the web page (which renders the same objects) cannot disagree."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from comity.charter import load_charter
from comity.cli import app
from comity.lab.games import body_game
from comity.lab.positions import load_votes
from comity.lab.reports import body_power, passage_sweep, spatial_model, unga_report
from comity.lab.simulate import DEFAULT_RULES
from comity.reference import load_history
from comity.state import fold

runner = CliRunner()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMITY_DATA_DIR", str(tmp_path / "data"))


def cli_json(url: str, *args: str) -> Any:
    result = runner.invoke(app, ["--db", url, "lab", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_power_of_a_body_is_the_report(sqlite_url: str) -> None:
    # Astana, 4 July 2024: Belarus the tenth member; the CHS decides by consensus (Art. 16).
    state = fold(load_charter(), load_history(), date(2024, 7, 4))
    analysis = body_power(body_game(state, "CHS", rule="qualified_majority"))
    data = cli_json(sqlite_url, "power", "--as-of", "2024-07-04", "--rule", "qualified_majority")
    assert data == analysis.to_json()
    # Seven of ten needed: passage = sum_{k>=7} C(10,k) / 2^10 = 176/1024.
    assert data["passage_probability_exact"] == "11/64"
    assert [r["state"] for r in analysis.rows()] == list(analysis.report.names)


def test_unga_is_the_report(sqlite_url: str) -> None:
    data = cli_json(sqlite_url, "unga", "--states", "CHN,RUS", "--from", "2010", "--to", "2019",
                    "--rule", "consensus", "--what-if", "IND")  # fmt: skip
    report = unga_report(load_votes(), ["CHN", "RUS"], start=2010, end=2019,
                         rules=["consensus"], applicant="IND")  # fmt: skip
    assert data == report.to_json()
    assert list(report.compared) == ["without IND", "with IND"]


def test_simulate_is_the_report(sqlite_url: str) -> None:
    data = cli_json(sqlite_url, "simulate", "--sizes", "3,4", "--proposals", "200", "--seed", "1",
                    "--backend", "local")  # fmt: skip
    model, sizes = spatial_model(sizes=[3, 4], seed=1)
    found = passage_sweep(model, sizes=sizes, rules=DEFAULT_RULES, proposals=200, seed=1,
                          backend="local")  # fmt: skip
    assert data == found.to_json()
    # Coin model, consensus of 3: 1/2^3.
    assert data["results"][0]["rules"]["consensus"]["exact_passage_fraction"] == "1/8"
