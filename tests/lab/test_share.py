"""World Bank data: the shipped extracts, the API parser, the refresh, and the share."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from comity.charter import load_charter
from comity.errors import DataSourceError, InputError
from comity.lab.share import accessions, plot_shares, shares_over_time, world_share
from comity.lab.worldbank import (
    INDICATORS,
    fetch_indicator,
    load_series,
    parse_page,
    save_fetched,
)
from comity.reference import load_history
from comity.state import fold

DATA = Path(__file__).parent / "data"
SHIPPED = Path(__file__).resolve().parents[2] / "src" / "comity" / "data" / "worldbank"
# The eight members in 2019 (Astana Declaration, 9 June 2017: India and Pakistan admitted).
MEMBERS_2019 = ["CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]


def plain_sum(path: Path, codes: list[str], year: int) -> tuple[float, float]:
    """The members' total and the world's, read with nothing but the csv module."""
    total = world = 0.0
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["Year"] == str(year):
                if row["Country Code"] in codes:
                    total += float(row["Value"])
                elif row["Country Code"] == "WLD":
                    world = float(row["Value"])
    return total, world


@pytest.mark.parametrize("key", sorted(INDICATORS))
def test_shipped_extract_matches_its_provenance_sha256(key: str) -> None:
    shipped = INDICATORS[key].shipped_file()
    provenance = (shipped.parent / "PROVENANCE.md").read_text(encoding="utf-8")
    recorded = re.search(r"sha256 `([0-9a-f]{64})`", provenance)
    assert recorded is not None
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() == recorded.group(1)
    assert recorded.group(1) in (SHIPPED / "README.md").read_text(encoding="utf-8")


def test_gdp_share_in_2019_is_what_the_csv_sums_to() -> None:
    result = world_share(load_series("gdp"), MEMBERS_2019, 2019)
    total, world = plain_sum(INDICATORS["gdp"].shipped_file(), MEMBERS_2019, 2019)
    assert result.share == pytest.approx(total / world, rel=1e-12)
    assert result.missing == ()
    # The seed article's 22.5 % (SCO Secretary-General Norov, July 2019) is not what the
    # World Bank's October 2024 vintage gives for the eight members: 22.05 %.
    assert round(100 * result.share, 2) == 22.05


def test_members_and_observers_of_2019_come_to_the_claimed_22_5_percent() -> None:
    # Observers in 2019: Mongolia (2004), Iran (2005), Afghanistan (2012), Belarus (2015).
    with_observers = [*MEMBERS_2019, "AFG", "BLR", "IRN", "MNG"]
    result = world_share(load_series("gdp"), with_observers, 2019)
    total, world = plain_sum(INDICATORS["gdp"].shipped_file(), with_observers, 2019)
    assert result.share == pytest.approx(total / world, rel=1e-12)
    assert round(100 * result.share, 2) == 22.48


def test_population_share_agrees_with_a_plain_sum() -> None:
    members = [*MEMBERS_2019, "IRN", "BLR"]
    result = world_share(load_series("population"), members, 2024)
    total, world = plain_sum(INDICATORS["population"].shipped_file(), members, 2024)
    assert result.share == pytest.approx(total / world, rel=1e-12)


def test_a_year_without_gdp_lists_every_member_as_missing() -> None:
    # The GDP extract ends in 2023 (PROVENANCE.md: "There are no 2024 rows").
    result = world_share(load_series("gdp"), MEMBERS_2019, 2024)
    assert result.share is None
    assert result.missing == tuple(sorted(MEMBERS_2019))


def test_a_year_outside_the_data_is_refused() -> None:
    with pytest.raises(InputError, match="1996-2023"):
        world_share(load_series("gdp"), MEMBERS_2019, 1990)


def _pages() -> dict[int, bytes]:
    return {n: (DATA / f"worldbank_gdp_page{n}.json").read_bytes() for n in (1, 2)}


def _opener(url: str, timeout: float) -> bytes:
    page = int(re.search(r"[?&]page=(\d+)", url).group(1))  # type: ignore[union-attr]
    assert "indicator/NY.GDP.MKTP.CD" in url
    assert "format=json" in url
    return _pages()[page]


def test_parser_reads_a_page_and_skips_empty_values_and_unnamed_aggregates() -> None:
    page = parse_page(json.loads(_pages()[1]))
    assert (page.page, page.pages, page.last_updated) == (1, 2, "2024-10-24")
    assert [(r.code, r.year) for r in page.rows] == [("WLD", 2019)]


def test_parser_reports_the_apis_error_message() -> None:
    with pytest.raises(DataSourceError, match="indicator was not found"):
        parse_page(json.loads((DATA / "worldbank_error.json").read_text()))


def test_fetch_follows_the_pages_and_the_download_replaces_the_shipped_data(
    tmp_path: Path,
) -> None:
    seen: list[tuple[int, int]] = []
    fetched = fetch_indicator(
        "gdp", last_year=2024, opener=_opener, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(1, 2), (2, 2)]
    assert [r.code for r in fetched.rows] == ["CHN", "KGZ", "WLD"]
    save_fetched(fetched, tmp_path, retrieved=datetime(2026, 11, 24, 12, tzinfo=UTC))
    series = load_series("gdp", tmp_path)
    assert "retrieved 2026-11-24T12:00:00+00:00" in series.source
    result = world_share(series, ["CHN", "KGZ", "RUS"], 2019)
    assert result.missing == ("RUS",)
    assert result.share == pytest.approx((14279937500605.5 + 8871000000.0) / 87652516331578.3)
    # Without a download in the folder, the shipped extract is used.
    assert "shipped" in load_series("population", tmp_path).source


def test_fetch_without_a_network_fails_clearly() -> None:
    # Port 9 (discard) on the loopback interface: nothing listens, the connection is refused.
    with pytest.raises(DataSourceError, match="cannot reach the World Bank API"):
        fetch_indicator("gdp", last_year=2024, base="http://127.0.0.1:9", timeout=5)


def test_accessions_and_the_plot_over_time(tmp_path: Path) -> None:
    history = load_history()
    definition = load_charter()
    final = fold(definition, history, date(2024, 12, 31))
    joined = accessions(final)
    # Astana, 9 June 2017; New Delhi, 4 July 2023; Astana, 4 July 2024.
    assert (date(2017, 6, 9), "IND") in joined
    assert (date(2023, 7, 4), "IRN") in joined
    assert (date(2024, 7, 4), "BLR") in joined
    series = load_series("gdp")
    membership = {
        y: list(fold(definition, history, date(y, 12, 31)).members()) for y in (2016, 2017)
    }
    shares = shares_over_time(series, membership)
    assert [s.year for s in shares] == [2016, 2017]
    assert shares[1].share > shares[0].share  # India and Pakistan joined in 2017
    svg = plot_shares({"gdp": shares}, joined, tmp_path / "shares.svg")
    assert svg.read_bytes().startswith(b"<?xml")
