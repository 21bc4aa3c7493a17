"""Entry into force computed from a document's own clause."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from comity.charter.treaties import EntryIntoForceCondition

CHARTER = EntryIntoForceCondition(instruments=4, days_after=30)


def test_thirtieth_day_after_the_fourth_deposit() -> None:
    # Worked by hand: fourth deposit 20 August 2003 -> 19 September 2003, the Charter's
    # actual date of entry into force (Kazakhstan, Law No. 465 of 4 July 2003, note).
    deposits = {
        "KAZ": date(2003, 7, 15),
        "CHN": date(2003, 8, 1),
        "RUS": date(2003, 8, 5),
        "KGZ": date(2003, 8, 20),
    }
    result = CHARTER.apply(deposits)
    assert result.general == date(2003, 9, 19)
    assert set(result.for_party) == set(deposits)


def test_not_in_force_with_three_deposits() -> None:
    result = CHARTER.apply(
        {"KAZ": date(2003, 1, 1), "CHN": date(2003, 1, 2), "RUS": date(2003, 1, 3)}
    )
    assert result.general is None
    assert result.for_party == {}


def test_later_party_bound_on_its_deposit_or_later() -> None:
    deposits = {s: date(2003, 8, i + 1) for i, s in enumerate(["A", "B", "C", "D"])}
    on_deposit = CHARTER.apply({**deposits, "E": date(2004, 1, 10)})
    assert on_deposit.for_party["E"] == date(2004, 1, 10)
    delayed = EntryIntoForceCondition(
        instruments=4, days_after=30, later_parties="days_after_deposit"
    )
    assert delayed.apply({**deposits, "E": date(2004, 1, 10)}).for_party["E"] == date(2004, 2, 9)


def test_all_signatories_when_no_number_is_given() -> None:
    everyone = EntryIntoForceCondition(days_after=0)
    signatories = ("A", "B")
    assert everyone.apply({"A": date(2010, 1, 1)}, signatories=signatories).general is None
    both = everyone.apply({"A": date(2010, 1, 1), "B": date(2011, 3, 4)}, signatories=signatories)
    assert both.general == date(2011, 3, 4)


def test_in_force_on_signature() -> None:
    clause = EntryIntoForceCondition(on_signature=True)
    result = clause.apply({}, signatories=("A", "B"), signed=date(2001, 6, 15))
    assert result.general == date(2001, 6, 15)
    assert result.for_party == {"A": date(2001, 6, 15), "B": date(2001, 6, 15)}


@given(
    st.lists(
        st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)), min_size=4, max_size=10
    )
)
def test_general_date_is_the_fourth_earliest_deposit_plus_thirty_days(days: list[date]) -> None:
    deposits = {f"S{i}": d for i, d in enumerate(days)}
    result = CHARTER.apply(deposits)
    assert result.general == sorted(days)[3] + timedelta(days=30)
    assert all(d >= result.general for d in result.for_party.values())
