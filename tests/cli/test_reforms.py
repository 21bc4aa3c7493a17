"""``comity reform list|show|compare``: a reform beside the charter as it is."""

from __future__ import annotations

import json
from fractions import Fraction
from math import comb
from typing import Any

from typer.testing import CliRunner

from comity.cli import app

runner = CliRunner()


def run(url: str, *args: str) -> Any:
    result = runner.invoke(app, ["--db", url, "reform", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_list_names_every_reform_with_its_date(sqlite_url: str) -> None:
    reforms = {r["id"]: r for r in run(sqlite_url, "list")}
    assert {"cnc-majority", "compliance-system"} <= set(reforms)
    assert reforms["cnc-majority"]["effective"] == "2027-01-01"


def test_show_gives_each_parameter_before_and_after(sqlite_url: str) -> None:
    shown = run(sqlite_url, "show", "cnc-majority")
    (change,) = shown["changes"]
    assert change["parameter"] == "bodies.CNC.decision_rule"
    # As it is: consensus under Charter Art. 16 on the reform's date.
    assert change["before"] == "consensus"
    assert change["before_reference"].startswith("Charter Art. 16")
    assert change["after"]["rule"] == "qualified_majority"


def test_compare_gives_the_labs_figures_per_body(sqlite_url: str) -> None:
    compared = run(sqlite_url, "compare", "cnc-majority", "--as-of", "2027-01-01")
    bodies = {b["body"]: b for b in compared["bodies"]}
    cnc = bodies["CNC"]
    assert cnc["changed"] is True
    # Ten members: consensus passes 1 coalition in 2^10; two thirds (7 of 10) passes
    # sum_{k>=7} C(10, k) of them.
    assert Fraction(cnc["before"]["passage_probability"]).limit_denominator(2**10) == Fraction(
        1, 2**10
    )
    after = sum(comb(10, k) for k in range(7, 11))
    assert Fraction(cnc["after"]["passage_probability"]).limit_denominator(2**10) == Fraction(
        after, 2**10
    )
    assert bodies["CHS"]["changed"] is False


def test_unknown_reform_exits_2(sqlite_url: str) -> None:
    result = runner.invoke(app, ["--db", sqlite_url, "reform", "show", "abolish-consensus"])
    assert result.exit_code == 2
    assert "(unknown_reform)" in result.stderr
