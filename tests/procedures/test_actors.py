"""Actors and their rights: parsed in one place, checked against one table (a matrix)."""

from __future__ import annotations

import pytest

from comity.errors import ActorNotAllowedError, MalformedActorError
from comity.procedures import RIGHTS, Actor, Role, authorise, parse_actor


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("secretariat", Actor(Role.SECRETARIAT)),
        (" delegation:ind ", Actor(Role.DELEGATION, "IND")),
        ("chair:chs", Actor(Role.CHAIR, "CHS")),
    ],
)
def test_actors_are_read_in_one_form(text: str, actor: Actor) -> None:
    assert parse_actor(text) == actor
    assert parse_actor(str(actor)) == actor


@pytest.mark.parametrize(
    "text",
    ["", "president", "delegation", "delegation:XYZ", "secretariat:1", "chair:", "chair:a b"],
)
def test_malformed_actors_are_refused(text: str) -> None:
    with pytest.raises(MalformedActorError):
        parse_actor(text)


# Who may run what, for a procedure concerning IND in a meeting of the CHS. Columns:
# secretariat, IND's delegation, PAK's delegation, the CHS chair, the CMFA chair.
ACTORS = ("secretariat", "delegation:IND", "delegation:PAK", "chair:CHS", "chair:CMFA")
MATRIX = {
    "apply_for_status": "YY---",
    "grant_status": "Y--Y-",
    "sign_status_memorandum": "Y----",
    "apply_for_membership": "YY---",
    "start_admission": "Y--Y-",
    "sign_obligations_memorandum": "Y----",
    "admit": "Y--Y-",
    "make_representation": "Y---Y",
    "suspend": "Y--Y-",
    "lift_suspension": "Y--Y-",
    "expel": "Y--Y-",
    "notify_withdrawal": "-Y---",
    "convene_meeting": "Y----",
    "table_item": "Y--Y-",
    "state_position": "-Y---",
    "record_attendance": "Y--Y-",
    "close_item": "Y--Y-",
    "open_for_signature": "Y----",
    "sign_document": "-Y---",
    "deposit_instrument": "-Y---",
    "make_reservation": "-Y---",
    "object_to_reservation": "-Y---",
    "denounce": "-Y---",
    "create_obligation": "Y----",
    "submit_report": "-Y---",
    "request_information": "Y----",
    "record_finding": "Y----",
    "raise_dispute": "-Y---",
    "advance_dispute": "-Y---",
    "issue_panel_report": "Y----",
    "decide_panel_report": "Y---Y",
    "settle_dispute": "Y----",
    "impose_penalty": "Y--Y-",
    "lift_penalty": "Y--Y-",
}


def test_the_matrix_covers_every_procedure() -> None:
    assert set(MATRIX) == set(RIGHTS)


@pytest.mark.parametrize("procedure", sorted(MATRIX))
def test_rights_matrix(procedure: str) -> None:
    for actor, allowed in zip(ACTORS, MATRIX[procedure], strict=True):
        who = parse_actor(actor)
        if allowed == "Y":
            authorise(procedure, who, state="IND", body="CHS")
        else:
            with pytest.raises(ActorNotAllowedError):
                authorise(procedure, who, state="IND", body="CHS")


def test_a_delegation_acting_for_another_state_is_told_so() -> None:
    with pytest.raises(ActorNotAllowedError, match="acts only for PAK, not for IND"):
        authorise("deposit_instrument", parse_actor("delegation:PAK"), state="IND")
