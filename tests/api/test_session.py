"""Accounts over real HTTP: sessions, tokens, CSRF, throttling, cookie flags, headers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from comity.identity import IdentityStore, Role
from comity.identity.store import MAX_FAILURES
from comity.ledger import open_ledger
from comity.settings import Settings
from conftest import Served, running_server

V1 = "/api/v1"
PASSWORD = "correct horse battery staple"


def make_account(served: Served, role: str) -> str:
    name = f"user-{uuid.uuid4().hex[:10]}"
    with open_ledger(served.ledger_url) as ledger:
        IdentityStore(ledger.engine).add_account(name, Role.parse(role), PASSWORD)
    return name


def issue_token(served: Served, name: str) -> str:
    with open_ledger(served.ledger_url) as ledger:
        return IdentityStore(ledger.engine).issue_token(name)


@pytest.fixture
def browser_like(served: Served) -> Iterator[httpx.Client]:
    """A client with its own cookie jar."""
    with httpx.Client(base_url=served.base_url, timeout=30) as client:
        yield client


def test_anonymous_callers_are_public(api: httpx.Client) -> None:
    assert api.get(f"{V1}/session").json() == {"name": None, "role": "public"}


def test_login_sets_an_httponly_samesite_cookie(served: Served, browser_like: httpx.Client) -> None:
    name = make_account(served, "delegation:IND")
    response = browser_like.post(f"{V1}/session", json={"name": name, "password": PASSWORD})
    assert response.status_code == 200
    assert response.json()["role"] == "delegation:IND"
    cookie = response.headers["set-cookie"].lower()
    assert "comity_session=" in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert browser_like.get(f"{V1}/session").json() == {"name": name, "role": "delegation:IND"}


def test_wrong_password_is_a_401_problem(served: Served, api: httpx.Client) -> None:
    name = make_account(served, "observer")
    response = api.post(f"{V1}/session", json={"name": name, "password": "not it at all"})
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response.headers["www-authenticate"].startswith("Bearer")
    unknown = api.post(f"{V1}/session", json={"name": "nobody-here", "password": PASSWORD})
    assert unknown.json()["detail"] == response.json()["detail"]  # no account enumeration


def test_a_name_no_account_can_have_is_an_unknown_account(
    served: Served, api: httpx.Client
) -> None:
    # Found by hand (issue #15): PostgreSQL cannot hold a NUL in text, and this was a 500.
    for name in ("nul\x00name", "Upper Case"):
        response = api.post(f"{V1}/session", json={"name": name, "password": PASSWORD})
        assert response.status_code == 401, response.text
        assert response.json()["code"] == "authentication_failed"
    token = "form-token"
    page = api.post(
        "/login",
        data={"name": "nul\x00name", "password": PASSWORD, "csrf_token": token},
        headers={"Cookie": f"comity_login_csrf={token}"},
    )
    assert page.status_code == 401
    assert "Log in" in page.text


def test_a_csrf_token_that_is_not_ascii_is_refused_not_a_crash(
    served: Served, browser_like: httpx.Client
) -> None:
    # Found by hand (issue #15): secrets.compare_digest refuses non-ASCII text, and a forged
    # token was a 500.
    name = make_account(served, "secretariat")
    assert browser_like.post(f"{V1}/session", json={"name": name, "password": PASSWORD}).is_success
    refused = browser_like.delete(f"{V1}/session", headers={"X-CSRF-Token": b"\xff\xfe"})
    assert refused.status_code == 403, refused.text
    assert refused.json()["code"] == "csrf_failed"
    assert browser_like.get(f"{V1}/session").json()["name"] == name  # still logged in


def test_repeated_failures_throttle_even_the_right_password(
    served: Served, api: httpx.Client
) -> None:
    name = make_account(served, "observer")
    for _ in range(MAX_FAILURES):
        assert (
            api.post(f"{V1}/session", json={"name": name, "password": "x" * 12}).status_code == 401
        )
    blocked = api.post(f"{V1}/session", json={"name": name, "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "too_many_attempts"


def test_a_new_session_id_at_every_login(served: Served, api: httpx.Client) -> None:
    # Session fixation: a session id planted before login must not become the session.
    name = make_account(served, "secretariat")
    credentials = {"name": name, "password": PASSWORD}
    planted = {"Cookie": "comity_session=planted-by-an-attacker"}
    first = api.post(f"{V1}/session", json=credentials, headers=planted).cookies["comity_session"]
    assert first != "planted-by-an-attacker"
    second = api.post(
        f"{V1}/session", json=credentials, headers={"Cookie": f"comity_session={first}"}
    ).cookies["comity_session"]
    assert second != first
    # The first session was closed by the second login made with it.
    old = api.get(f"{V1}/session", headers={"Cookie": f"comity_session={first}"})
    assert old.json()["role"] == "public"
    new = api.get(f"{V1}/session", headers={"Cookie": f"comity_session={second}"})
    assert new.json()["name"] == name
    api.cookies.clear()


def test_logout_needs_the_csrf_token(served: Served, browser_like: httpx.Client) -> None:
    name = make_account(served, "secretariat")
    csrf = browser_like.post(f"{V1}/session", json={"name": name, "password": PASSWORD}).json()[
        "csrf_token"
    ]
    refused = browser_like.delete(f"{V1}/session")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    forged = browser_like.delete(f"{V1}/session", headers={"X-CSRF-Token": "forged"})
    assert forged.status_code == 403
    done = browser_like.delete(f"{V1}/session", headers={"X-CSRF-Token": csrf})
    assert done.status_code == 200
    assert browser_like.get(f"{V1}/session").json()["role"] == "public"


def test_bearer_tokens(served: Served, api: httpx.Client) -> None:
    name = make_account(served, "delegation:PAK")
    token = issue_token(served, name)
    me = api.get(f"{V1}/session", headers={"Authorization": f"Bearer {token}"})
    assert me.json() == {"name": name, "role": "delegation:PAK"}
    for header in (f"Bearer {token}x", "Bearer", f"Basic {token}"):
        response = api.get(f"{V1}/session", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.json()["code"] == "authentication_failed"


def test_security_headers_on_pages_and_api(api: httpx.Client) -> None:
    for path in ("/", f"{V1}/members", "/docs"):
        headers = api.get(path).headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def test_cookies_are_secure_by_default(sqlite_url: str) -> None:
    with running_server(sqlite_url, Settings()) as secure_site:
        with open_ledger(sqlite_url) as ledger:
            IdentityStore(ledger.engine).add_account(
                "sec-officer", Role.parse("secretariat"), PASSWORD
            )
        response = secure_site.client.post(
            f"{V1}/session", json={"name": "sec-officer", "password": PASSWORD}
        )
        assert "secure" in response.headers["set-cookie"].lower()
