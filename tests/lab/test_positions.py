"""Agreement and the feasibility of a common position, checked against a plain-Python
reading of the CSVs (``tests/unga_reference.py``) and against the charter's own rules."""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unga_reference as ref
from comity.charter.rules import (
    DecisionRule,
    DoubleMajority,
    Position,
    QualifiedMajority,
    WeightedMajority,
    rule_from_spec,
)
from comity.errors import InputError
from comity.events import StateAdmitted
from comity.lab.positions import (
    ABSENT,
    ABSTAIN,
    ISSUES,
    NO,
    RULE_NAMES,
    YES,
    RollCalls,
    Treatment,
    Votes,
    agreement,
    compositions,
    enlargement_days,
    enlargement_effect,
    feasibility,
    load_votes,
    plot_agreement,
    plot_enlargement,
    population_weights,
    what_if,
)
from comity.ledger import MemoryLedger
from comity.record import Record, reference_actor

FOUNDERS = ["CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
AFTER_2017 = [*FOUNDERS, "IND", "PAK"]
AFTER_2023 = [*AFTER_2017, "IRN"]
AFTER_2024 = [*AFTER_2023, "BLR"]
# Population in millions, fixed here so that the weighted rules are checked on known weights.
WEIGHTS = {"CHN": 1400, "IND": 1380, "PAK": 220, "RUS": 145, "KAZ": 19, "UZB": 34, "KGZ": 7,
           "TJK": 10, "IRN": 85, "BLR": 9, "USA": 330}  # fmt: skip
PERIODS = [(1992, 2001), (2010, 2019), (2017, 2017)]
TREATMENTS = [
    Treatment(),
    Treatment(abstention="objection"),
    Treatment(absence="not_member"),
    Treatment(absence="skip"),
]


@pytest.fixture(scope="module")
def votes() -> Votes:
    return load_votes()


# -- agreement -------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end"), [(2010, 2020), (1992, 1999), (2017, 2017)])
@pytest.mark.parametrize("half", [False, True])
def test_agreement_equals_plain_count_over_the_csv(
    votes: Votes, start: int, end: int, half: bool
) -> None:
    states = ["CHN", "RUS", "IND", "PAK", "USA", "DEU", "UZB"]
    result = agreement(votes, states, start=start, end=end, abstention="half" if half else "vote")
    for a in states:
        for b in states:
            share, count = result.pair(a, b)
            expected, expected_count = ref.agreement(a, b, start, end, half)
            assert count == expected_count
            assert share == pytest.approx(expected, abs=1e-12)


def test_agreement_2010s_matches_the_figures_in_provenance(votes: Votes) -> None:
    # PROVENANCE.md, "Checks": roll calls dated 2010-01-01 to 2020-01-14.
    result = agreement(votes, ["CHN", "RUS", "IND", "PAK", "USA", "DEU"], start=2010, end=2020)
    figures = {("CHN", "RUS"): (0.754, 901), ("CHN", "IND"): (0.729, 908),
               ("IND", "PAK"): (0.823, 909), ("RUS", "USA"): (0.274, 911),
               ("CHN", "USA"): (0.205, 907), ("USA", "DEU"): (0.506, 919)}  # fmt: skip
    for (a, b), (share, count) in figures.items():
        found, n = result.pair(a, b)
        assert (round(found or 0, 3), n) == (share, count)


def test_agreement_by_issue_keeps_only_that_issue(votes: Votes) -> None:
    result = agreement(votes, ["CHN", "USA"], start=2010, end=2019, issue="hr")
    assert result.roll_calls == len(ref.period(2010, 2019, "hr"))


def test_agreement_json_has_shares_and_counts(votes: Votes) -> None:
    data = agreement(votes, ["CHN", "RUS"], start=2015, end=2015).to_json()
    assert data["states"] == ["CHN", "RUS"]
    assert data["share"]["CHN"]["CHN"] == 1.0
    assert data["count"]["CHN"]["RUS"] == data["count"]["RUS"]["CHN"]


def test_unknown_state_and_issue_and_backward_period_are_refused(votes: Votes) -> None:
    with pytest.raises(InputError, match="no UN General Assembly votes for 'FRA'"):
        agreement(votes, ["CHN", "FRA"])
    with pytest.raises(InputError, match="unknown issue 'trade'"):
        agreement(votes, ["CHN"], issue="trade")
    with pytest.raises(InputError, match="runs backwards"):
        feasibility(votes, ["CHN"], start=2019, end=2010)
    with pytest.raises(InputError, match="'vote' or 'half'"):
        agreement(votes, ["CHN"], abstention="third")  # type: ignore[arg-type]


# -- feasibility -----------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end"), PERIODS)
@pytest.mark.parametrize("treatment", TREATMENTS, ids=Treatment.describe)
@pytest.mark.parametrize("members", [FOUNDERS, AFTER_2017, AFTER_2024], ids=len)
def test_feasibility_equals_plain_count_over_the_csv(
    votes: Votes, start: int, end: int, treatment: Treatment, members: list[str]
) -> None:
    result = feasibility(votes, members, start=start, end=end, treatment=treatment,
                         weights=WEIGHTS)  # fmt: skip
    options = {"abstention": treatment.abstention, "absence": treatment.absence}
    for rule in RULE_NAMES:
        tally = result.tally(rule)
        expected = ref.tally(members, rule, start, end, weights=WEIGHTS, **options)
        assert (tally.adopted, tally.total) == expected, rule


@pytest.mark.parametrize("issue", list(ISSUES))
def test_breakdown_by_issue_equals_plain_count(votes: Votes, issue: str) -> None:
    result = feasibility(votes, AFTER_2017, start=2010, end=2019, rules=["consensus"])
    tally = result.by_issue()[issue]["consensus"]
    assert (tally.adopted, tally.total) == ref.tally(AFTER_2017, "consensus", 2010, 2019,
                                                     issue=issue)  # fmt: skip
    only = feasibility(votes, AFTER_2017, start=2010, end=2019, rules=["consensus"], issue=issue)
    assert only.tally("consensus") == tally


def test_breakdown_by_year_equals_plain_count(votes: Votes) -> None:
    by_year = feasibility(votes, AFTER_2024, start=2000, end=2019).by_year()
    assert sorted(by_year) == list(range(2000, 2020))
    for year, tallies in by_year.items():
        t = tallies["unanimity"]
        assert (t.adopted, t.total) == ref.tally(AFTER_2024, "unanimity", year, year)


def test_json_has_the_keys_the_cli_promises(votes: Votes) -> None:
    result = feasibility(votes, FOUNDERS, start=2010, end=2019, weights=WEIGHTS)
    data = result.to_json(by="issue")
    assert {"roll_calls", "no_objection", "all_yes", "by_rule", "by_issue"} <= set(data)
    assert set(data["by_rule"]) == set(RULE_NAMES)
    assert data["no_objection"] == round(result.tally("consensus").share or 0, 6)
    assert set(result.to_json(by="year")["by_year"]) == {str(y) for y in range(2010, 2020)}
    with pytest.raises(InputError, match="'issue' or 'year'"):
        result.to_json(by="month")


def test_other_thresholds_come_from_rule_objects(votes: Votes) -> None:
    three_quarters = QualifiedMajority(threshold=Fraction(3, 4))
    result = feasibility(votes, AFTER_2017, start=2010, end=2019, rules=[three_quarters])
    two_thirds = feasibility(votes, AFTER_2017, start=2010, end=2019, rules=["qualified_majority"])
    assert (
        result.tally("qualified_majority").adopted <= two_thirds.tally("qualified_majority").adopted
    )


def test_weighted_rules_need_weights(votes: Votes) -> None:
    with pytest.raises(InputError, match="needs weights"):
        feasibility(votes, FOUNDERS, rules=["weighted_majority"])
    with pytest.raises(InputError, match="no weight for KAZ, KGZ, RUS, TJK, UZB"):
        feasibility(votes, FOUNDERS, rules=["double_majority"], weights={"CHN": 1})


def test_population_weights_come_from_the_world_bank_extract() -> None:
    weights = population_weights(["CHN", "KGZ"], 2019)
    assert 1_300_000_000 < weights["CHN"] < 1_500_000_000
    assert 5_000_000 < weights["KGZ"] < 8_000_000


def test_huge_exact_weights_stay_exact(votes: Votes) -> None:
    # Weights whose sum is far beyond int64 are summed as Python integers.
    big = {s: 10**30 + i for i, s in enumerate(FOUNDERS)}
    result = feasibility(votes, FOUNDERS, start=2010, end=2019, weights=big,
                         rules=["weighted_majority"])  # fmt: skip
    tally = result.tally("weighted_majority")
    expected = ref.tally(FOUNDERS, "weighted_majority", 2010, 2019, weights=big)
    assert (tally.adopted, tally.total) == expected


# -- enlargement -----------------------------------------------------------------------------


def test_enlargement_2017_lowers_consensus_on_the_2010s_roll_calls(votes: Votes) -> None:
    # The same 926 roll calls of 2010-2019 for both compositions.
    result = enlargement_effect(votes, {"6": FOUNDERS, "8": AFTER_2017}, start=2010, end=2019)
    assert result["6"].roll_calls == result["8"].roll_calls == 926
    for label, members in (("6", FOUNDERS), ("8", AFTER_2017)):
        for rule in ("consensus", "unanimity", "consensus_minus_one"):
            t = result[label].tally(rule)
            assert (t.adopted, t.total) == ref.tally(members, rule, 2010, 2019)
    # The founders objected to nothing on 756 of them; with India and Pakistan, 694.
    assert result["6"].tally("consensus").adopted == 756
    assert result["8"].tally("consensus").adopted == 694


def test_enlargement_2017_by_issue_equals_plain_count(votes: Votes) -> None:
    result = enlargement_effect(votes, {"6": FOUNDERS, "8": AFTER_2017}, start=2010, end=2019)
    for issue in ISSUES:
        for label, members in (("6", FOUNDERS), ("8", AFTER_2017)):
            t = result[label].by_issue()[issue]["consensus"]
            assert (t.adopted, t.total) == ref.tally(members, "consensus", 2010, 2019,
                                                     issue=issue)  # fmt: skip


def test_enlargement_with_skipped_absences_uses_the_same_roll_calls(votes: Votes) -> None:
    skip = Treatment(absence="skip")
    result = enlargement_effect(votes, {"6": FOUNDERS, "10": AFTER_2024}, start=1992, end=2019,
                                treatment=skip)  # fmt: skip
    assert np.array_equal(result["6"].index, result["10"].index)
    assert result["6"].roll_calls == ref.tally(AFTER_2024, "consensus", 1992, 2019,
                                               absence="skip")[1]  # fmt: skip


def test_compositions_come_from_the_member_list_given() -> None:
    on = {date(2001, 6, 15): FOUNDERS, date(2017, 6, 9): AFTER_2017,
          date(2023, 7, 4): AFTER_2023, date(2024, 7, 4): AFTER_2024}  # fmt: skip
    found = compositions(on.__getitem__)
    assert list(found) == ["6 (2001)", "8 (2017)", "9 (2023)", "10 (2024)"]
    assert found["10 (2024)"] == tuple(sorted(AFTER_2024))


#: The enlargements' days, as the lab once hard-coded them (``ENLARGEMENTS``). Sources, in
#: ``comity/charters/sco/history/``: the founding, Shanghai, 15 June 2001 (Declaration on the
#: Establishment of the SCO); India and Pakistan, Astana CHS, 9 June 2017 (press briefing of the
#: Secretary-General, eng.sectsco.org/news/20170609/290249.html); Iran, New Delhi CHS, 4 July
#: 2023 (New Delhi Declaration); Belarus, Astana CHS, 4 July 2024 (en.kremlin.ru, events
#: 74464).
HARD_CODED_ENLARGEMENTS = (date(2001, 6, 15), date(2017, 6, 9), date(2023, 7, 4), date(2024, 7, 4))


def _reference_record() -> Record:
    record = Record(MemoryLedger())
    record.ensure_initialised()
    return record


def test_enlargements_come_from_the_records_admissions() -> None:
    record = _reference_record()
    days = enlargement_days(record.current_events(types=["StateAdmitted"]))
    assert days == HARD_CODED_ENLARGEMENTS
    found = compositions(lambda day: record.state(day).members(), days)
    assert found == {
        "6 (2001)": tuple(sorted(FOUNDERS)),
        "8 (2017)": tuple(sorted(AFTER_2017)),
        "9 (2023)": tuple(sorted(AFTER_2023)),
        "10 (2024)": tuple(sorted(AFTER_2024)),
    }
    # Without a record the reference history's own admissions give the same compositions.
    assert compositions(lambda day: record.state(day).members()) == found


def test_a_recorded_admission_is_a_new_enlargement() -> None:
    # A hypothetical admission (no such decision exists): the lab follows the record, not a
    # list of dates in its code.
    record = _reference_record()
    admitted = StateAdmitted(valid_from=date(2030, 7, 1), state="TUR", body="CHS")
    record.ledger.append([admitted], actor=reference_actor("sco"))
    days = enlargement_days(record.current_events(types=["StateAdmitted"]))
    assert days == (*HARD_CODED_ENLARGEMENTS, date(2030, 7, 1))
    found = compositions(lambda day: record.state(day).members(), days)
    assert found["11 (2030)"] == tuple(sorted([*AFTER_2024, "TUR"]))


def test_what_if_compares_before_and_after_on_the_same_roll_calls(votes: Votes) -> None:
    before, after = what_if(
        votes, AFTER_2024, "TUR", start=2010, end=2019, weights=WEIGHTS | {"TUR": 80}
    )
    assert before.roll_calls == after.roll_calls
    assert after.members == (*AFTER_2024, "TUR")
    assert after.tally("consensus").adopted <= before.tally("consensus").adopted
    with pytest.raises(InputError, match="already among the members"):
        what_if(votes, AFTER_2024, "IND")


# -- plots -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_plots_write_the_format_named_by_the_suffix(
    votes: Votes, tmp_path: Path, suffix: str, magic: bytes
) -> None:
    heat = plot_agreement(agreement(votes, AFTER_2024, start=2010), tmp_path / f"a{suffix}")
    assert heat.read_bytes().startswith(magic)
    result = enlargement_effect(votes, {"6": FOUNDERS, "8": AFTER_2017}, start=2000,
                                rules=["consensus"])  # fmt: skip
    lines = plot_enlargement(result, tmp_path / f"e{suffix}")
    assert lines.read_bytes().startswith(magic)


def test_plots_refuse_other_formats(votes: Votes, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.png or \.svg"):
        plot_agreement(agreement(votes, FOUNDERS), tmp_path / "a.pdf")


# -- invariants, on random vote matrices -----------------------------------------------------

STATES = ("CHN", "IND", "KAZ", "PAK", "RUS", "UZB")


@st.composite
def vote_matrices(draw: st.DrawFn) -> Votes:
    rows = draw(st.integers(1, 12))
    cells = draw(
        st.lists(st.sampled_from([ABSENT, YES, ABSTAIN, NO]), min_size=rows * len(STATES),
                 max_size=rows * len(STATES))
    )  # fmt: skip
    matrix = np.array(cells, dtype=np.int8).reshape(rows, len(STATES))
    calls = RollCalls(
        rcid=np.arange(rows, dtype=np.int64),
        date=np.array(["2010-01-01"] * rows, dtype="datetime64[D]"),
        session=np.full(rows, 64, dtype=np.int64),
        important=np.zeros(rows, dtype=np.int64),
        issues=np.zeros((rows, len(ISSUES)), dtype=np.bool_),
        unres=("",) * rows,
        short=("",) * rows,
        descr=("",) * rows,
    )
    return Votes(calls, STATES, matrix, "hypothesis")


treatments = st.builds(
    Treatment,
    abstention=st.sampled_from(["abstention", "objection"]),
    absence=st.sampled_from(["absent", "not_member", "skip"]),
)
members_st = st.lists(st.sampled_from(STATES), min_size=1, unique=True)


@settings(max_examples=60, deadline=None)
@given(vote_matrices(), st.sampled_from(["vote", "half"]))
def test_agreement_is_symmetric_with_unit_diagonal(votes: Votes, mode: str) -> None:
    result = agreement(votes, STATES, abstention=mode)  # type: ignore[arg-type]
    share = result.share
    assert np.array_equal(result.both, result.both.T)
    assert np.allclose(share, share.T, equal_nan=True)
    for i in range(len(STATES)):
        assert math.isnan(share[i, i]) == (result.both[i, i] == 0)
        if result.both[i, i]:
            assert share[i, i] == 1.0
    assert np.all((share[~np.isnan(share)] >= 0) & (share[~np.isnan(share)] <= 1))


@settings(max_examples=60, deadline=None)
@given(vote_matrices(), members_st, treatments)
def test_unanimity_implies_consensus_implies_consensus_minus_one(
    votes: Votes, members: list[str], treatment: Treatment
) -> None:
    result = feasibility(votes, members, treatment=treatment,
                         rules=["unanimity", "consensus", "consensus_minus_one"])  # fmt: skip
    unanimity, consensus, minus_one = (
        result.outcomes[result.rules.index(r)]
        for r in ("unanimity", "consensus", "consensus_minus_one")
    )
    assert np.all(~unanimity | consensus)
    assert np.all(~consensus | minus_one)
    shares = [result.tally(r).adopted for r in ("unanimity", "consensus", "consensus_minus_one")]
    assert shares == sorted(shares)


@settings(max_examples=60, deadline=None)
@given(vote_matrices(), members_st, st.sampled_from(STATES), treatments)
def test_adding_a_member_never_raises_consensus_feasibility(
    votes: Votes, members: list[str], newcomer: str, treatment: Treatment
) -> None:
    if newcomer in members:
        return
    result = enlargement_effect(votes, {"before": members, "after": [*members, newcomer]},
                                treatment=treatment, rules=["consensus"])  # fmt: skip
    before, after = result["before"], result["after"]
    adopted_before = set(before.index[before.outcomes[before.rules.index("consensus")]])
    adopted_after = set(after.index[after.outcomes[after.rules.index("consensus")]])
    assert adopted_after <= adopted_before


@settings(max_examples=80, deadline=None)
@given(vote_matrices(), members_st, treatments)
def test_vectorised_rules_agree_with_the_charters_rules(
    votes: Votes, members: list[str], treatment: Treatment
) -> None:
    weights = {s: Fraction(i + 1, 3) for i, s in enumerate(STATES)}
    result = feasibility(votes, members, treatment=treatment, weights=weights)
    columns = votes.columns(members)
    as_position = {YES: Position.SUPPORT, NO: Position.OBJECTION, ABSTAIN: Position.ABSTENTION}
    if treatment.abstention == "objection":
        as_position[ABSTAIN] = Position.OBJECTION
    for r, row in enumerate(result.index):
        codes = dict(zip(members, votes.matrix[row, columns], strict=True))
        eligible = [m for m in members if treatment.absence != "not_member" or codes[m]]
        positions = {m: as_position[int(codes[m])] for m in eligible if codes[m]}
        for rule_name in RULE_NAMES:
            rule = _charter_rule(rule_name, weights)
            if rule_name == "consensus_minus_one":
                if len(eligible) == 1:
                    continue  # the charter needs someone besides the state concerned
                objecting = [m for m in eligible if positions.get(m) is Position.OBJECTION]
                concerned = objecting[0] if objecting else eligible[0]
                expected = rule.evaluate(eligible, positions, concerned=concerned).adopted
            else:
                expected = rule.evaluate(eligible, positions).adopted
            assert bool(result.outcomes[result.rules.index(rule_name), r]) == expected, rule_name


def _charter_rule(name: str, weights: dict[str, Fraction]) -> DecisionRule:
    if name == "weighted_majority":
        return WeightedMajority(weights)
    if name == "double_majority":
        return DoubleMajority(weights)
    return rule_from_spec(name)
