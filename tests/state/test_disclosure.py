"""The charter's confidentiality rules (charter.yaml, procedures.confidentiality) as read by
comity.state.disclosure: who sees a position on an item, and from when everyone does."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from comity.charter.model import Confidentiality, charter_as_of, load_charter
from comity.events import DecisionRecord, ItemClosed, MeetingConvened, PositionStated
from comity.identity import PUBLIC, Role
from comity.state.disclosure import Disclosure, describe_for, sealed_fields

DAY = date(2026, 6, 15)
SAID = PositionStated(
    valid_from=DAY, meeting="cmfa-2026", item="energy", state="PAK", position="objection",
    statement="not now",
)  # fmt: skip
CLOSED = ItemClosed(
    valid_from=DAY,
    meeting="cmfa-2026",
    item="energy",
    body="CMFA",
    outcome=DecisionRecord(adopted=False, rule="consensus", reason="PAK objects"),
)
FIELDS = frozenset({"position", "statement", "opt_out"})


def test_the_sco_charter_keeps_positions_confidential_until_the_item_closes() -> None:
    # charter.yaml: the rule in force from the Charter's entry into force (2003-09-19).
    rules = charter_as_of(DAY).procedures.confidentiality
    assert rules == (
        Confidentiality(
            event="PositionStated",
            fields=("position", "statement", "opt_out"),
            seen_by=("secretariat", "own_delegation"),
            until="item_closed",
        ),
    )
    assert "Charter Art. 16" in charter_as_of(DAY).procedures.references["confidentiality"]


@pytest.mark.parametrize(
    ("reader", "withheld"),
    [
        (PUBLIC, FIELDS),
        (Role.parse("observer"), FIELDS),
        (Role.parse("delegation:IND"), FIELDS),
        (Role.parse("delegation:PAK"), frozenset()),
        (Role.parse("secretariat"), frozenset()),
    ],
)
def test_while_the_item_is_open_only_the_secretariat_and_the_delegation_see_it(
    reader: Role, withheld: frozenset[str]
) -> None:
    assert Disclosure(load_charter(), [SAID]).withheld(SAID, reader) == withheld


def test_closing_the_item_reveals_the_positions_to_everyone() -> None:
    disclosure = Disclosure(load_charter(), [SAID, CLOSED])
    assert disclosure.withheld(SAID, PUBLIC) == frozenset()
    # Another item's closing reveals nothing of this one.
    other = CLOSED.model_copy(update={"item": "water"})
    assert Disclosure(load_charter(), [SAID, other]).withheld(SAID, PUBLIC) == FIELDS


def test_the_ledger_seals_the_fields_the_charter_names_and_no_others() -> None:
    convened = MeetingConvened(valid_from=DAY, meeting="cmfa-2026", body="CMFA", place="Bishkek")
    assert sealed_fields(load_charter(), [convened, SAID]) == {"PositionStated": set(FIELDS)}
    # Before the Charter there was no rule, so nothing to seal.
    early = SAID.model_copy(update={"valid_from": date(2002, 1, 1)})
    assert sealed_fields(load_charter(), [early]) == {}


def test_a_withheld_position_is_described_without_its_content() -> None:
    assert describe_for(SAID, frozenset(), "en") == "Pakistan states objection on cmfa-2026/energy"
    assert describe_for(SAID, FIELDS, "en") == (
        "Pakistan states a position on cmfa-2026/energy (withheld until the item is closed)"
    )


def test_a_rule_naming_a_field_the_event_lacks_is_refused() -> None:
    with pytest.raises(ValidationError, match="has no fields"):
        Confidentiality(event="PositionStated", fields=("vote",), until="item_closed")
    with pytest.raises(ValidationError, match="no event type"):
        Confidentiality(event="Whispered", fields=("text",), until="item_closed")
