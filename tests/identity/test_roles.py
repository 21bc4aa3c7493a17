"""What each role may read and as which actor it may run procedures, as a matrix."""

from __future__ import annotations

import pytest

from comity.errors import InputError, UnknownStateError
from comity.identity import PERMISSIONS, Action, Role, default_actor, may, may_act_as

ROLES = [Role.parse(r) for r in ("secretariat", "delegation:IND", "observer", "public")]
EXPECTED = {
    Action.READ_PUBLIC_RECORD: {"secretariat", "delegation:IND", "observer", "public"},
    Action.READ_MEETING_DOCUMENTS: {"secretariat", "delegation:IND", "observer"},
    Action.RUN_PROCEDURES: {"secretariat", "delegation:IND"},
    Action.MANAGE_ACCOUNTS: {"secretariat"},
}
ACTORS = ["secretariat", "chair:CHS", "chair:CMFA", "delegation:IND", "delegation:PAK"]
ACTS_AS = {
    "secretariat": {"secretariat", "chair:CHS", "chair:CMFA"},
    "delegation:IND": {"delegation:IND"},
    "observer": set(),
    "public": set(),
}


def test_every_action_is_in_the_matrix() -> None:
    assert set(EXPECTED) == set(Action) == set(PERMISSIONS)


@pytest.mark.parametrize("role", ROLES, ids=str)
@pytest.mark.parametrize("action", list(Action))
def test_what_each_role_may_do(role: Role, action: Action) -> None:
    assert may(role, action) is (str(role) in EXPECTED[action])


@pytest.mark.parametrize("role", ROLES, ids=str)
@pytest.mark.parametrize("actor", ACTORS)
def test_as_which_actor_each_role_may_act(role: Role, actor: str) -> None:
    # A delegation acts only for its own state; the secretariat never for a state.
    assert may_act_as(role, actor) is (actor in ACTS_AS[str(role)])


@pytest.mark.parametrize("role", ROLES, ids=str)
def test_default_actor_is_one_the_role_may_act_as(role: Role) -> None:
    actor = default_actor(role)
    assert actor is None or may_act_as(role, actor)
    assert (actor is None) == (not ACTS_AS[str(role)])


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("emperor", InputError),
        ("delegation", InputError),
        ("delegation:XYZ", UnknownStateError),
        ("observer:IND", InputError),
    ],
)
def test_bad_roles_are_refused(text: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        Role.parse(text)
