"""The parsers of what users type (dates, states, roles, positions, weights), under random
and malformed input: each returns a value or raises its specific
:class:`~comity.errors.InputError`, never anything else, and reads back what it writes."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from comity.charter.rules import Position, parse_fraction, parse_positions, parse_weights
from comity.dates import parse_date
from comity.errors import InputError, InvalidDateError, UnknownStateError
from comity.identity.roles import Role, RoleKind
from comity.limits import EARLIEST, LATEST, within_dates
from comity.states import parse_state
from strategies import STATES

# Text that looks like the input, broken in every way: the parsers' own alphabet, separators,
# digits from other scripts, whitespace, and anything else.
_ALPHABET = st.sampled_from("0123456789-=,:/._eE +yesnoCHNINDdelegation\t\n\u0660\uff11ß")
near = st.text(_ALPHABET, max_size=40)
anything = st.text(max_size=40)
texts = st.one_of(near, anything)


@given(texts)
@example("2017-13-01")
@example("1899-12-31")
@example("\u0662\u0660\u0661\u0667-06-09")
def test_parse_date_returns_a_date_in_range_or_refuses(text: str) -> None:
    try:
        day = parse_date(text)
    except InvalidDateError:
        return
    assert within_dates(day)


@given(st.dates(min_value=EARLIEST, max_value=LATEST))
def test_parse_date_reads_back_every_date_in_range(day: date) -> None:
    assert parse_date(day.isoformat()) == day


@given(st.dates().filter(lambda d: not within_dates(d)))
def test_parse_date_refuses_every_date_out_of_range(day: date) -> None:
    with pytest.raises(InvalidDateError, match=r"between|YYYY-MM-DD"):
        parse_date(day.isoformat())


@given(texts)
@example("ß")
def test_parse_state_returns_an_iso3_code_or_refuses(text: str) -> None:
    try:
        code = parse_state(text)
    except UnknownStateError:
        return
    assert len(code) == 3
    assert code == code.upper()
    assert parse_state(code.lower()) == code


@given(texts)
@example("delegation:")
@example("secretariat:CHN")
@example("DELEGATION: ind ")
def test_role_parse_returns_a_role_or_refuses(text: str) -> None:
    try:
        role = Role.parse(text)
    except InputError:
        return
    assert Role.parse(str(role)) == role


@given(st.sampled_from(list(RoleKind)), st.sampled_from(STATES))
def test_role_reads_back_what_it_writes(kind: RoleKind, state: str) -> None:
    role = Role(kind, state if kind is RoleKind.DELEGATION else None)
    assert Role.parse(str(role)) == role


@given(texts)
@example("CHN=yes,CHN=no")
@example("CHN=,IND=yes")
def test_parse_positions_returns_positions_or_refuses(text: str) -> None:
    try:
        positions = parse_positions(text)
    except InputError:
        return
    assert all(isinstance(p, Position) for p in positions.values())


@given(texts)
@example("CHN=1e99999999")
@example("CHN=1/0")
@example("CHN=nan")
def test_parse_weights_returns_exact_weights_or_refuses(text: str) -> None:
    try:
        weights = parse_weights(text)
    except InputError:
        return
    assert weights is None or all(isinstance(w, Fraction) for w in weights.values())


@given(
    st.dictionaries(
        st.sampled_from(STATES),
        st.fractions(min_value=0, max_value=10**12, max_denominator=10**6),
        min_size=1,
    )
)
def test_parse_weights_reads_back_what_it_writes(weights: dict[str, Fraction]) -> None:
    text = ",".join(f"{state}={weight}" for state, weight in weights.items())
    assert parse_weights(text) == weights


@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_parse_fraction_bounds_exponents(exponent: int) -> None:
    try:
        value = parse_fraction(f"1e{exponent}", "weight")
    except InputError:
        assert abs(exponent) > 400
    else:
        assert value == Fraction(10) ** exponent
