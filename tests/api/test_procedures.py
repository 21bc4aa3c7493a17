"""Write endpoints over real HTTP: every role against every procedure, and a meeting run
end to end through the API."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx
import pytest

from comity.identity import IdentityStore, Role
from comity.ledger import open_ledger
from comity.procedures import RIGHTS, commands
from conftest import Served
from meeting_room import all_present_and_heard

V1 = "/api/v1"
PASSWORD = "correct horse battery staple"
OWN, OTHER = "IND", "PAK"


def token_for(served: Served, role: str) -> str:
    name = f"user-{uuid.uuid4().hex[:10]}"
    with open_ledger(served.ledger_url) as ledger:
        store = IdentityStore(ledger.engine)
        store.add_account(name, Role.parse(role), PASSWORD)
        return store.issue_token(name)


def _value(name: str, spec: dict[str, Any], state: str) -> Any:
    """A well-formed value for a command field (the procedure may still refuse it)."""
    if name in ("state", "concerned"):
        return state
    if "enum" in spec:
        return spec["enum"][0]
    kind = spec.get("type") or next(
        (s.get("type") for s in spec.get("anyOf", []) if s.get("type") != "null"), "string"
    )
    if spec.get("format") == "date" or name in ("on", "effective", "ends_on"):
        return "2026-06-16"
    return {"boolean": False, "integer": 1, "number": 1, "array": [], "object": {}}.get(kind, "x")


def sample(procedure: str, state: str) -> dict[str, Any]:
    """A syntactically valid command for ``procedure`` concerning ``state``."""
    schema = commands()[procedure].model_json_schema()
    defs = schema.get("$defs", {})
    body: dict[str, Any] = {}
    for name in schema.get("required", []):
        spec = schema["properties"][name]
        ref = spec.get("$ref") or next(
            (s["$ref"] for s in spec.get("anyOf", []) if "$ref" in s), None
        )
        if ref:
            spec = defs[ref.rsplit("/", 1)[1]]
        body[name] = _value(name, spec, state)
    if procedure == "state_position":
        body["position"] = "support"
    return body


def outcome(response: httpx.Response) -> str:
    """allowed (the procedure ran or refused on the merits), or the access refusal."""
    if response.status_code in (401, 403):
        return response.json()["code"]
    assert response.status_code in (201, 400, 404, 409, 422), response.text
    if response.status_code == 400:
        assert response.json()["code"] != "malformed_command", response.text
    return "allowed"


def expected(procedure: str, role: str, state: str) -> str:
    """What the two tables (identity's act-as rules, the procedures' RIGHTS) imply."""
    rights = RIGHTS[procedure]
    if role == "public":
        return "authentication_failed"
    if role == "observer":
        return "forbidden"
    if role == "secretariat":
        chair = any(r.startswith("chair:") for r in rights)
        return "allowed" if "secretariat" in rights or chair else "actor_not_allowed"
    if "delegation" not in rights:
        return "actor_not_allowed"
    return "allowed" if state == OWN else "actor_not_allowed"


ROLES = ["public", "observer", "secretariat", f"delegation:{OWN}"]


@pytest.fixture(scope="module")
def tokens(served: Served) -> dict[str, str | None]:
    return {r: (None if r == "public" else token_for(served, r)) for r in ROLES}


@pytest.mark.parametrize("procedure", sorted(commands()))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", [OWN, OTHER])
def test_role_matrix(
    api: httpx.Client, tokens: dict[str, str | None], procedure: str, role: str, state: str
) -> None:
    token = tokens[role]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    rights = RIGHTS[procedure]
    chair = next((r for r in sorted(rights) if r.startswith("chair:")), None)
    params = {}
    if role == "secretariat" and "secretariat" not in rights and chair:
        # The secretariat runs the chair's procedures as that chair.
        params["acting_as"] = "chair:CHS" if chair == "chair:meeting" else chair
    response = api.post(
        f"{V1}/procedures/{procedure}",
        json=sample(procedure, state),
        params=params,
        headers=headers,
    )
    assert outcome(response) == expected(procedure, role, state)


def test_a_delegation_cannot_act_as_another(
    api: httpx.Client, tokens: dict[str, str | None]
) -> None:
    response = api.post(
        f"{V1}/procedures/notify_withdrawal",
        json=sample("notify_withdrawal", OTHER),
        params={"acting_as": f"delegation:{OTHER}"},
        headers={"Authorization": f"Bearer {tokens[f'delegation:{OWN}']}"},
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_malformed_command_has_the_clis_code(
    api: httpx.Client, tokens: dict[str, str | None]
) -> None:
    response = api.post(
        f"{V1}/procedures/convene_meeting",
        json={"on": "2026-13-40"},
        headers={"Authorization": f"Bearer {tokens['secretariat']}"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_command"


def test_a_meeting_through_the_api(served: Served, api: httpx.Client) -> None:
    secretariat = {"Authorization": f"Bearer {token_for(served, 'secretariat')}"}
    india = {"Authorization": f"Bearer {token_for(served, 'delegation:IND')}"}
    pakistan = {"Authorization": f"Bearer {token_for(served, 'delegation:PAK')}"}
    meeting = f"cmfa-{uuid.uuid4().hex[:8]}"
    before = api.get(f"{V1}/verify").json()["events"]

    convened = api.post(
        f"{V1}/procedures/convene_meeting",
        json={"meeting": meeting, "body": "CMFA", "place": "Bishkek", "on": "2026-05-20"},
        headers=secretariat,
    )
    assert convened.status_code == 201, convened.text
    tabled = api.post(
        f"{V1}/procedures/table_item",
        json={
            "meeting": meeting,
            "item": "water",
            "title": "Water cooperation",
            "on": "2026-05-20",
        },
        headers=secretariat,
    )
    assert tabled.status_code == 201, tabled.text
    reserve = api.post(
        f"{V1}/procedures/state_position",
        json={
            "meeting": meeting,
            "item": "water",
            "state": "IND",
            "position": "reservation",
            "statement": "Subject to national law",
            "on": "2026-05-20",
        },
        headers=india,
    )
    assert reserve.status_code == 201, reserve.text
    assert reserve.json()["actor"] == "delegation:IND"
    # Pakistan's delegation may not state India's position.
    forged = api.post(
        f"{V1}/procedures/state_position",
        json={
            "meeting": meeting,
            "item": "water",
            "state": "IND",
            "position": "objection",
            "on": "2026-05-20",
        },
        headers=pakistan,
    )
    assert forged.status_code == 403
    assert forged.json()["code"] == "actor_not_allowed"
    early = api.post(
        f"{V1}/procedures/close_item",
        json={"meeting": meeting, "item": "water", "on": "2026-05-20"},
        headers=secretariat,
    )
    assert early.status_code == 409, early.text
    assert early.json()["code"] == "quorum_not_met"
    counted = api.get(f"{V1}/verify").json()["events"]
    heard = all_present_and_heard(served.ledger_url, meeting, "water", date(2026, 5, 20))
    closed = api.post(
        f"{V1}/procedures/close_item",
        json={"meeting": meeting, "item": "water", "on": "2026-05-20"},
        headers=secretariat,
    )
    assert closed.status_code == 201, closed.text
    description = closed.json()["events"][0]["description"]
    assert "adopted" in description
    assert "reservations by IND put on record" in description
    after = api.get(f"{V1}/verify").json()
    assert after["ok"] is True
    assert counted == before + 3  # convened, tabled, position; the refused close wrote nothing
    # the roll call, the nine other positions, and the closing (no draft)
    assert after["events"] == counted + 1 + (len(heard) - 1) + 1
