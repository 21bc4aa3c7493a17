"""Over real HTTP (issue #22, part 3): the OpenAPI document says how to authenticate and
names the CSRF header; procedures dated after today are refused unless scheduled; an act
that rests on a decision names it; a disabled account is refused."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from comity.identity import IdentityStore, Role
from comity.ledger import open_ledger
from conftest import SQL_BACKENDS, Served, running_server, sql_url

V1 = "/api/v1"
PASSWORD = "correct horse battery staple"
#: The server's clock in these tests, fixed so that none depends on the day it runs.
TODAY = date(2026, 7, 1)


@pytest.fixture(scope="module", params=SQL_BACKENDS)
def fixed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    folder: Path = tmp_path_factory.mktemp("guards")
    with sql_url(request.param, folder) as url, running_server(url, today=TODAY) as running:
        yield running


def account(served: Served, role: str) -> tuple[str, str]:
    """A new account of ``role`` and a bearer token for it."""
    name = f"user-{uuid.uuid4().hex[:10]}"
    with open_ledger(served.ledger_url) as ledger:
        store = IdentityStore(ledger.engine)
        store.add_account(name, Role.parse(role), PASSWORD)
        return name, store.issue_token(name)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_openapi_document_has_the_security_schemes_and_the_csrf_header(
    fixed: Served,
) -> None:
    schema = fixed.client.get("/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["bearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["bearerToken"]["description"],
    }
    assert (schemes["sessionCookie"]["in"], schemes["sessionCookie"]["name"]) == (
        "cookie",
        "comity_session",
    )
    assert (schemes["csrfToken"]["in"], schemes["csrfToken"]["name"]) == ("header", "X-CSRF-Token")
    paths = schema["paths"]
    # A write: a token, or the session cookie together with the CSRF header.
    assert paths[f"{V1}/procedures/grant_status"]["post"]["security"] == [
        {"bearerToken": []},
        {"sessionCookie": [], "csrfToken": []},
    ]
    assert paths[f"{V1}/session"]["delete"]["security"][1] == {
        "sessionCookie": [],
        "csrfToken": [],
    }
    # A read: the same credentials, or none at all (the public record).
    assert {} in paths[f"{V1}/members"]["get"]["security"]
    assert "security" not in paths[f"{V1}/session"]["post"]  # logging in
    assert "X-CSRF-Token" in schema["info"]["description"]


def test_a_cookie_write_without_the_csrf_header_is_refused(fixed: Served) -> None:
    name, _ = account(fixed, "secretariat")
    body = {"meeting": "cmfa-guard", "body": "CMFA", "place": "Bishkek", "on": "2026-05-20"}
    with httpx.Client(base_url=fixed.base_url, timeout=30) as browser:
        login = browser.post(f"{V1}/session", json={"name": name, "password": PASSWORD})
        csrf = login.json()["csrf_token"]
        refused = browser.post(f"{V1}/procedures/convene_meeting", json=body)
        assert refused.status_code == 403
        assert refused.json()["code"] == "csrf_failed"
        done = browser.post(
            f"{V1}/procedures/convene_meeting", json=body, headers={"X-CSRF-Token": csrf}
        )
        assert done.status_code == 201, done.text


def test_a_procedure_after_today_is_refused_unless_scheduled(fixed: Served) -> None:
    _, token = account(fixed, "secretariat")
    body = {"meeting": "cmfa-2026-09", "body": "CMFA", "place": "Dushanbe", "on": "2026-09-01"}
    url = f"{V1}/procedures/convene_meeting"
    refused = fixed.client.post(url, json=body, headers=bearer(token))
    assert refused.status_code == 422
    assert refused.json()["code"] == "future_date"
    assert "2026-07-01" in refused.json()["detail"]
    scheduled = fixed.client.post(url, json={**body, "scheduled": True}, headers=bearer(token))
    assert scheduled.status_code == 201, scheduled.text
    last = json.loads(fixed.client.get("/ledger/chain.jsonl").text.splitlines()[-1])
    assert json.loads(last["payload"])["scheduled"] is True  # the stored row says so


def test_a_grant_names_its_decision_or_its_source(fixed: Served) -> None:
    _, token = account(fixed, "secretariat")
    apply = {"state": "VNM", "status": "partner", "on": "2025-10-01"}
    assert (
        fixed.client.post(
            f"{V1}/procedures/apply_for_status", json=apply, headers=bearer(token)
        ).status_code
        == 201
    )
    grant = {"state": "VNM", "status": "partner", "on": "2026-06-16"}
    url = f"{V1}/procedures/grant_status"
    refused = fixed.client.post(url, json=grant, headers=bearer(token))
    assert refused.status_code == 409
    assert refused.json()["code"] == "decision_not_on_record"
    source = {"title": "Hypothetical communiqué (test scenario)", "kind": "secondary"}
    granted = fixed.client.post(url, json={**grant, "source": source}, headers=bearer(token))
    assert granted.status_code == 201, granted.text


def test_a_disabled_account_is_refused_by_token_and_at_login(fixed: Served) -> None:
    name, token = account(fixed, "observer")
    assert fixed.client.get(f"{V1}/session", headers=bearer(token)).json()["name"] == name
    with open_ledger(fixed.ledger_url) as ledger:
        IdentityStore(ledger.engine).disable(name)
    by_token = fixed.client.get(f"{V1}/session", headers=bearer(token))
    assert by_token.status_code == 401
    login = fixed.client.post(f"{V1}/session", json={"name": name, "password": PASSWORD})
    assert login.status_code == 403
    assert login.json()["code"] == "account_disabled"
