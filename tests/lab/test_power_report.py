"""The report type, its JSON view, the plot helper, and the errors that teach valid input."""

import json
from fractions import Fraction
from pathlib import Path

import pytest

from comity.errors import InputError
from comity.lab.power import (
    DoubleMajorityGame,
    PowerReport,
    PredicateGame,
    WeightedGame,
    minimal_winning_coalitions,
    plot_power,
    power_report,
)

REPORT_KEYS = {
    "names",
    "banzhaf",
    "banzhaf_absolute",
    "shapley_shubik",
    "passage_probability",
    "power_to_prevent",
    "power_to_initiate",
    "veto_players",
    "dummy_players",
    "minimal_winning_coalitions",
}


@pytest.fixture
def report() -> PowerReport:
    return power_report(WeightedGame((3, 2, 1, 1), 5, names=("CHN", "RUS", "KAZ", "KGZ")))


def test_report_keeps_exact_fractions(report: PowerReport) -> None:
    assert all(isinstance(x, Fraction) for x in report.shapley_shubik)
    assert isinstance(report.passage_probability, Fraction)
    assert sum(report.banzhaf) == 1


def test_report_json_has_every_key_in_floats(report: PowerReport) -> None:
    data = report.to_json()
    assert set(data) == REPORT_KEYS
    assert data["names"] == ["CHN", "RUS", "KAZ", "KGZ"]
    assert data["banzhaf"]["CHN"] == float(report.banzhaf[0])
    assert isinstance(data["passage_probability"], float)
    assert json.loads(json.dumps(data)) == data


def test_report_is_immutable(report: PowerReport) -> None:
    with pytest.raises(AttributeError):
        report.names = ()  # type: ignore[misc]


@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_plot_writes_the_format_named_by_the_suffix(
    report: PowerReport, tmp_path: Path, suffix: str, magic: bytes
) -> None:
    written = plot_power(report, tmp_path / f"power{suffix}")
    assert written.read_bytes().startswith(magic)


def test_plot_refuses_other_formats(report: PowerReport, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.png or \.svg"):
        plot_power(report, tmp_path / "power.pdf")


@pytest.mark.parametrize(
    ("weights", "quota"),
    [((3, -1), 2), ((3, 1), 0), ((3, 1), 5), ((), 1), ((2, 1), 1.5), ((True, 1), 1)],
)
def test_weighted_game_refuses_invalid_weights_and_quotas(
    weights: tuple[int, ...], quota: int
) -> None:
    with pytest.raises(InputError):
        WeightedGame(weights, quota)


def test_names_must_match_players_and_be_distinct() -> None:
    with pytest.raises(InputError, match="one name per player"):
        WeightedGame((1, 1), 2, names=("A",))
    with pytest.raises(InputError, match="distinct"):
        WeightedGame((1, 1), 2, names=("A", "A"))


def test_default_names_number_the_players() -> None:
    assert WeightedGame((1, 1, 1), 2).names == ("P1", "P2", "P3")


def test_unknown_player_in_a_coalition_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not a player"):
        WeightedGame((1, 1), 2, names=("A", "B")).is_winning({"A", "C"})


def test_double_majority_needs_vectors_of_equal_length() -> None:
    with pytest.raises(InputError, match="both weight vectors"):
        DoubleMajorityGame((1, 1), 2, (5, 5, 5), 10)


def test_predicate_game_must_be_monotone() -> None:
    with pytest.raises(InputError, match="adds members"):
        # {A} wins but {A, B} loses.
        PredicateGame.from_predicate(
            ["A", "B", "C"], lambda s: len(s) == 3 or ("A" in s and "B" not in s)
        )


def test_predicate_game_must_let_everyone_win_and_nobody_lose() -> None:
    with pytest.raises(InputError, match="empty coalition"):
        PredicateGame.from_predicate(["A", "B"], lambda s: False)


def test_predicate_game_is_limited_to_twenty_players() -> None:
    with pytest.raises(InputError, match="at most 20"):
        PredicateGame.from_predicate([f"S{i}" for i in range(21)], lambda s: len(s) > 10)


def test_a_game_too_large_to_count_is_an_input_error() -> None:
    game = WeightedGame((10**9, 10**9 + 1, 1), 10**9 + 2)
    with pytest.raises(InputError, match="too large"):
        power_report(game)
    with pytest.raises(InputError, match="too large"):
        minimal_winning_coalitions(game)
