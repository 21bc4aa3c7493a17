"""ASEAN's record against Correlates of War IGO v3 at year level, with the disagreements.

COW IGO v3 (Pevehouse et al. 2020) ends in 2014; tests/asean/data/ holds its ASEAN rows for
2014 and its ASEAN metadata (founding year), copied from shared/data/cow-igo-v3 (provenance
in tests/asean/data/PROVENANCE.md). A state's COW status in a year is compared with its
status in comity's record on 31 December of that year. The disagreements found must be
exactly those listed, with their reasons, in src/comity/charters/asean/cow_comparison.yaml.
"""

from __future__ import annotations

import csv
from datetime import date
from importlib import resources
from pathlib import Path

import yaml

from comity.charter import load_charter
from comity.events import Status
from comity.reference import load_history
from comity.state import fold

DATA = Path(__file__).parent / "data"
COW_STATUS = {"1": Status.MEMBER, "2": None, "3": Status.OBSERVER}  # 2: associate (none here)


def cow_statuses() -> dict[tuple[int, str], Status | None]:
    with (DATA / "cow_igo_v3_asean_2014.csv").open(encoding="utf-8") as f:
        return {
            (int(row["year"]), row["iso3"]): COW_STATUS[row["status"]]
            for row in csv.DictReader(f)
            if row["ioname"] == "ASEAN"
        }


def comity_statuses(year: int) -> dict[tuple[int, str], Status | None]:
    state = fold(load_charter("asean"), load_history("asean"), date(year, 12, 31))
    return {
        (year, s): spell.status for s in state.spells if (spell := state.current(s)) is not None
    }


def disagreements() -> list[dict[str, object]]:
    cow = cow_statuses()
    ours: dict[tuple[int, str], Status | None] = {}
    for year in sorted({y for y, _ in cow}):
        ours.update(comity_statuses(year))
    found = []
    for key in sorted(set(cow) | set(ours)):
        theirs, mine = cow.get(key), ours.get(key)
        if theirs != mine:
            found.append(
                {
                    "year": key[0],
                    "state": key[1],
                    "cow": theirs.value if theirs else None,
                    "comity": mine.value if mine else None,
                }
            )
    return found


def listed() -> dict[str, object]:
    text = resources.files("comity.charters").joinpath("asean", "cow_comparison.yaml")
    data: dict[str, object] = yaml.safe_load(text.read_text(encoding="utf-8"))
    return data


def test_cow_has_the_ten_members_of_2014() -> None:
    members = {s for (y, s), status in cow_statuses().items() if status is Status.MEMBER}
    assert members == {"BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"}
    ours = {s for (_, s), status in comity_statuses(2014).items() if status is Status.MEMBER}
    assert ours == members


def test_the_disagreements_are_exactly_those_listed_with_a_reason() -> None:
    recorded = listed()["disagreements"]
    assert isinstance(recorded, list)
    assert all(str(d.get("reason", "")).strip() for d in recorded)
    assert [{k: d[k] for k in ("year", "state", "cow", "comity")} for d in recorded] == (
        disagreements()
    )


def test_founding_year_agrees() -> None:
    with (DATA / "cow_igo_v3_asean_metadata.csv").open(encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    founded = listed()["founded"]
    assert isinstance(founded, dict)
    assert int(row["sdate"]) == founded["cow_sdate"] == load_charter("asean").first_date.year
