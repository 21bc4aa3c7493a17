"""Who may do what: the whole role x action x state matrix."""

from __future__ import annotations

import pytest

from comity.errors import InputError, UnknownStateError
from comity.identity import PERMISSIONS, Action, Role, RoleKind, may

ROLES = [Role.parse(r) for r in ("secretariat", "delegation:IND", "observer", "public")]
EXPECTED = {
    # action: roles allowed (for a delegation: for its own state only, where it acts for one)
    Action.READ_PUBLIC_RECORD: {"secretariat", "delegation", "observer", "public"},
    Action.READ_MEETING_DOCUMENTS: {"secretariat", "delegation", "observer"},
    Action.RUN_PROCEDURE: {"secretariat"},
    Action.STATE_POSITION: {"delegation"},
    Action.DEPOSIT_INSTRUMENT: {"secretariat", "delegation"},
    Action.SUBMIT_NOTICE: {"secretariat", "delegation"},
    Action.MANAGE_ACCOUNTS: {"secretariat"},
}
FOR_A_STATE = {Action.STATE_POSITION, Action.DEPOSIT_INSTRUMENT, Action.SUBMIT_NOTICE}


def test_every_action_is_in_the_matrix() -> None:
    assert set(EXPECTED) == set(Action) == set(PERMISSIONS)


@pytest.mark.parametrize("role", ROLES, ids=str)
@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("state", ["IND", "PAK", None])
def test_role_matrix(role: Role, action: Action, state: str | None) -> None:
    allowed = role.kind.value in EXPECTED[action]
    if allowed and role.kind is RoleKind.DELEGATION and action in FOR_A_STATE:
        allowed = state == role.state  # a delegation acts only for its own state
    assert may(role, action, state=state) is allowed


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
