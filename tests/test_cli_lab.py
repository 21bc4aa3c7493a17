"""``comity lab`` and ``comity data`` end to end, on a real SQLite ledger."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from comity.cli import app
from comity.cli.lab import data_app, lab_app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
# The README and the written guides of docs/ (not the generated CLI reference, which names
# every command by construction).
DOCUMENTATION = "\n".join(
    p.read_text(encoding="utf-8")
    for p in [ROOT / "README.md", *sorted(ROOT.glob("docs/**/*.md"))]
    if p.name != "cli.md"
)


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMITY_DATA_DIR", str(tmp_path / "data"))


def lab(url: str, *args: str) -> Any:
    result = runner.invoke(app, ["--db", url, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def refused(url: str, *args: str) -> str:
    result = runner.invoke(app, ["--db", url, *args])
    assert result.exit_code == 2, result.output
    return result.stderr


def assert_png(path: Path) -> None:
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def assert_svg(path: Path) -> None:
    assert ET.parse(path).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_every_lab_command_is_documented_with_an_example() -> None:
    for group, prefix in ((lab_app, "comity lab"), (data_app, "comity data")):
        for command in group.registered_commands:
            name = command.name or command.callback.__name__  # type: ignore[union-attr]
            assert f"{prefix} {name.rstrip('_')}" in DOCUMENTATION, name
            assert f"Example: {prefix} " in (command.callback.__doc__ or ""), name  # type: ignore[union-attr]


def test_power_of_a_weighted_game(sqlite_url: str, tmp_path: Path) -> None:
    # The EEC Council of Ministers 1958-1972 (Felsenthal & Machover 1998): Luxembourg a dummy.
    plot = tmp_path / "eec.png"
    data = lab(
        sqlite_url,
        "lab", "power", "--weights", "4,4,4,2,2,1", "--quota", "12",
        "--names", "FR,DE,IT,BE,NL,LU", "--plot", str(plot),
    )  # fmt: skip
    assert {"banzhaf", "banzhaf_absolute", "shapley_shubik", "passage_probability"} <= set(data)
    assert {"veto_players", "names"} <= set(data)
    assert data["names"] == ["FR", "DE", "IT", "BE", "NL", "LU"]
    assert data["banzhaf"]["FR"] == pytest.approx(5 / 21)
    assert data["shapley_shubik"]["BE"] == pytest.approx(3 / 20)
    assert data["banzhaf"]["LU"] == 0
    # Winning: FR DE IT with any of BE/NL/LU subsets (8), or two of the big three with
    # BE and NL (3 x 2): 14 of 64.
    assert data["passage_probability_exact"] == "7/32"
    assert data["veto_players"] == []
    assert_png(plot)


def test_power_of_the_council_of_heads_of_state_on_a_date(sqlite_url: str, tmp_path: Path) -> None:
    plot = tmp_path / "chs.svg"
    data = lab(sqlite_url, "lab", "power", "--body", "CHS", "--as-of", "2024-07-04",
               "--plot", str(plot))  # fmt: skip
    # Astana, 4 July 2024: Belarus the tenth member; consensus makes each a veto player.
    assert len(data["names"]) == 10
    assert data["veto_players"] == data["names"]
    assert data["passage_probability"] == 1 / 2**10
    assert data["minimal_blocking_coalitions"] == 10
    assert_svg(plot)
    majority = lab(sqlite_url, "lab", "power", "--as-of", "2024-07-04", "--rule",
                   "qualified_majority")  # fmt: skip
    assert majority["passage_probability_exact"] == "11/64"  # (120 + 45 + 10 + 1) / 1024
    assert majority["veto_players"] == []


def test_power_refuses_bad_input(sqlite_url: str) -> None:
    assert "whole numbers" in refused(
        sqlite_url, "lab", "power", "--weights", "4,x", "--quota", "4"
    )
    assert "between 1 and the total" in refused(
        sqlite_url, "lab", "power", "--weights", "1,1", "--quota", "3"
    )
    assert ".png or .svg" in refused(sqlite_url, "lab", "power", "--plot", "chart.pdf")
    assert "--index" in refused(sqlite_url, "lab", "power", "--index", "gini")


def test_share_json_and_plot(sqlite_url: str, tmp_path: Path) -> None:
    plot = tmp_path / "share.png"
    data = lab(sqlite_url, "lab", "share", "--indicator", "gdp", "--year", "2019",
               "--plot", str(plot))  # fmt: skip
    assert {"indicator", "year", "members", "share", "missing"} <= set(data)
    assert data["members"] == ["CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]
    assert round(100 * data["share"], 2) == 22.05
    assert_png(plot)
    before = lab(sqlite_url, "lab", "share", "--indicator", "population", "--year", "2017",
                 "--as-of", "2017-06-08")  # fmt: skip
    assert "IND" not in before["members"]


def test_share_refuses_a_date_outside_the_year(sqlite_url: str) -> None:
    assert "not in 2019" in refused(
        sqlite_url, "lab", "share", "--year", "2019", "--as-of", "2020-01-01"
    )


def test_data_fetch_without_a_network_exits_2(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMITY_WORLDBANK_API", "http://127.0.0.1:9")
    message = refused(sqlite_url, "data", "fetch", "--indicator", "gdp")
    assert "cannot reach the World Bank API" in message
    assert "shipped with comity stay in use" in " ".join(message.split())


def test_simulate_json_and_plot(sqlite_url: str, tmp_path: Path) -> None:
    plot = tmp_path / "passage.svg"
    data = lab(sqlite_url, "lab", "simulate", "--sizes", "6,10", "--proposals", "5000",
               "--seed", "3", "--backend", "local", "--plot", str(plot))  # fmt: skip
    assert [r["size"] for r in data["results"]] == [6, 10]
    ten = data["results"][1]["rules"]
    assert ten["consensus"]["exact_passage_fraction"] == "1/1024"
    low, high = ten["simple_majority"]["spatial"]["ci95"]
    assert low <= ten["simple_majority"]["spatial"]["rate"] <= high
    assert_svg(plot)


def test_simulate_with_ideal_points_from_a_file(sqlite_url: str, tmp_path: Path) -> None:
    points = tmp_path / "points.csv"
    points.write_text("state,x\nAAA,-1\nBBB,0\nCCC,1\n", encoding="utf-8")
    data = lab(sqlite_url, "lab", "simulate", "--ideal-points", str(points), "--status-quo",
               "0", "--proposals", "2000", "--rules", "simple_majority")  # fmt: skip
    assert data["model"]["members"] == ["AAA", "BBB", "CCC"]
    # The status quo at the median ideal point: no majority for anything.
    assert data["results"][0]["rules"]["simple_majority"]["spatial"]["rate"] == 0


def test_simulate_refuses_bad_input(sqlite_url: str, tmp_path: Path) -> None:
    assert "sizes" in refused(sqlite_url, "lab", "simulate", "--sizes", "6,x")
    assert "unknown decision rule" in refused(sqlite_url, "lab", "simulate", "--rules", "veto")
    assert "cannot read" in refused(sqlite_url, "lab", "simulate", "--ideal-points",
                                    str(tmp_path / "none.csv"))  # fmt: skip


def test_reform_report_json_and_plot(sqlite_url: str, tmp_path: Path) -> None:
    plot = tmp_path / "reform.png"
    data = lab(sqlite_url, "lab", "reform", "cnc-majority", "--plot", str(plot))
    bodies = {b["body"]: b for b in data["bodies"]}
    assert bodies["CNC"]["changed"]
    assert not bodies["CHS"]["changed"]
    assert bodies["CNC"]["rule_after"] == {
        "rule": "qualified_majority", "threshold": "2/3", "base": "members", "strict": False
    }  # fmt: skip
    assert data["decisions"] == []
    assert_png(plot)
    assert "unknown reform" in refused(sqlite_url, "lab", "reform", "no-such-reform")


def test_data_fetch_names_its_sources(sqlite_url: str) -> None:
    # --source unga is tested without a network in test_cli_lab_unga.py.
    assert "--source is worldbank, unga or all" in refused(
        sqlite_url, "data", "fetch", "--source", "everything"
    )
