"""The meeting room over real HTTP: who sees which positions, the position form, live events."""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import httpx
import pytest

from comity.identity import IdentityStore, Role
from comity.ledger import open_ledger
from conftest import Served
from meeting_room import all_present_and_heard

PASSWORD = "correct horse battery staple"


def account(served: Served, role: str) -> tuple[str, str]:
    """A new account with ``role``: (name, bearer token)."""
    name = f"user-{uuid.uuid4().hex[:10]}"
    with open_ledger(served.ledger_url) as ledger:
        store = IdentityStore(ledger.engine)
        store.add_account(name, Role.parse(role), PASSWORD)
        return name, store.issue_token(name)


@contextmanager
def web_login(served: Served, name: str) -> Iterator[httpx.Client]:
    """A browser-like client logged in through the login form."""
    with httpx.Client(base_url=served.base_url, timeout=30) as client:
        yield _logged_in(client, name)


def _logged_in(client: httpx.Client, name: str) -> httpx.Client:
    form = client.get("/login", params={"next": "/meetings"})
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    done = client.post(
        "/login",
        data={
            "name": name,
            "password": PASSWORD,
            "csrf_token": token.group(1),
            "next": "/meetings",
        },
    )
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/meetings"
    return client


@pytest.fixture
def meeting(served: Served) -> tuple[str, dict[str, str]]:
    """A CMFA meeting today with one open item, convened by the secretariat."""
    _, token = account(served, "secretariat")
    secretariat = {"Authorization": f"Bearer {token}"}
    slug = f"cmfa-{uuid.uuid4().hex[:8]}"
    today = date.today().isoformat()
    with httpx.Client(base_url=served.base_url, timeout=30) as api:
        for procedure, body in [
            ("convene_meeting", {"meeting": slug, "body": "CMFA", "place": "Bishkek", "on": today}),
            (
                "table_item",
                {"meeting": slug, "item": "water", "title": "Water cooperation", "on": today},
            ),
        ]:
            response = api.post(f"/api/v1/procedures/{procedure}", json=body, headers=secretariat)
            assert response.status_code == 201, response.text
    return slug, secretariat


def position_form_token(html: str) -> str:
    found = re.search(
        r'class="position-form".*?name="csrf_token" value="([^"]+)"', html, flags=re.S
    )
    assert found is not None, "no position form on the page"
    return found.group(1)


def test_a_delegation_sets_and_sees_only_its_own_position(
    served: Served, meeting: tuple[str, dict[str, str]]
) -> None:
    slug, secretariat = meeting
    india, _ = account(served, "delegation:IND")
    pakistan, _ = account(served, "delegation:PAK")
    with web_login(served, india) as ind:
        page = ind.get(f"/meetings/{slug}").text
        posted = ind.post(
            f"/meetings/{slug}/items/water/position",
            data={
                "position": "reservation",
                "statement": "Subject to national law",
                "csrf_token": position_form_token(page),
            },
        )
        assert posted.status_code == 303, posted.text
        mine = ind.get(f"/meetings/{slug}").text
        assert "Subject to national law" in mine
        assert "1 of 10 delegations have stated a position" in mine
    with web_login(served, pakistan) as pak:
        theirs = pak.get(f"/meetings/{slug}").text
        assert "1 of 10 delegations have stated a position" in theirs
        assert "Subject to national law" not in theirs  # India's position is not Pakistan's to see
    with httpx.Client(base_url=served.base_url, headers=secretariat) as sec:
        assert "Subject to national law" in sec.get(f"/meetings/{slug}").text
    with httpx.Client(base_url=served.base_url) as public:
        open_view = public.get(f"/meetings/{slug}").text
        assert "Subject to national law" not in open_view
        assert 'class="position-form"' not in open_view
        all_present_and_heard(served.ledger_url, slug, "water", date.today())
        closed = public.post(
            "/api/v1/procedures/close_item",
            json={"meeting": slug, "item": "water", "on": date.today().isoformat()},
            headers=secretariat,
        )
        assert closed.status_code == 201, closed.text
        after = public.get(f"/meetings/{slug}").text
        assert "Adopted" in after
        assert "Subject to national law" in after  # reservations are on record once closed


def test_the_position_form_needs_its_csrf_token(
    served: Served, meeting: tuple[str, dict[str, str]]
) -> None:
    slug, _ = meeting
    india, _ = account(served, "delegation:IND")
    with web_login(served, india) as ind:
        refused = ind.post(
            f"/meetings/{slug}/items/water/position",
            data={"position": "objection", "csrf_token": "forged"},
        )
        assert refused.status_code == 403
        # A form's refusal is a page, naming the fault (comity.web.errors), not JSON.
        assert refused.headers["content-type"].startswith("text/html")
        assert "csrf_failed" in refused.text
        assert "0 of 10 delegations have stated a position" in ind.get(f"/meetings/{slug}").text


def test_an_observer_has_no_position_form(
    served: Served, meeting: tuple[str, dict[str, str]]
) -> None:
    slug, _ = meeting
    observer, _ = account(served, "observer")
    with web_login(served, observer) as client:
        assert 'class="position-form"' not in client.get(f"/meetings/{slug}").text


def test_login_form_refuses_without_its_cookie_and_never_redirects_off_site(
    served: Served,
) -> None:
    name, _ = account(served, "observer")
    with httpx.Client(base_url=served.base_url) as client:
        forged = client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": "x"})
        assert forged.status_code == 403
        form = client.get("/login", params={"next": "//evil.example/"})
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None
        done = client.post(
            "/login",
            data={
                "name": name,
                "password": PASSWORD,
                "csrf_token": token.group(1),
                "next": "//evil.example/",
            },
        )
        assert done.headers["location"] == "/"


def test_the_stream_announces_a_new_position(
    served: Served, meeting: tuple[str, dict[str, str]]
) -> None:
    slug, _ = meeting
    _, token = account(served, "delegation:KAZ")
    received: list[str] = []
    ready = threading.Event()

    def listen() -> None:
        with (
            httpx.Client(base_url=served.base_url, timeout=30) as client,
            client.stream("GET", f"/meetings/{slug}/stream", params={"seconds": 10}) as stream,
        ):
            for line in stream.iter_lines():
                if line.startswith("event: "):
                    received.append(line[len("event: ") :])
                    ready.set()
                    if received[-1] == "changed":
                        return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    assert ready.wait(10)
    response = httpx.post(
        f"{served.base_url}/api/v1/procedures/state_position",
        json={
            "meeting": slug,
            "item": "water",
            "state": "KAZ",
            "position": "support",
            "on": date.today().isoformat(),
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.text
    listener.join(15)
    assert received == ["ready", "changed"]


def test_the_api_shows_a_meeting_with_the_positions_the_caller_may_see(
    served: Served, meeting: tuple[str, dict[str, str]]
) -> None:
    slug, secretariat = meeting
    _, india = account(served, "delegation:IND")
    _, pakistan = account(served, "delegation:PAK")
    today = date.today().isoformat()
    with httpx.Client(base_url=served.base_url, timeout=30) as api:
        stated = api.post(
            "/api/v1/procedures/state_position",
            json={
                "meeting": slug,
                "item": "water",
                "state": "IND",
                "position": "objection",
                "on": today,
            },
            headers={"Authorization": f"Bearer {india}"},
        )
        assert stated.status_code == 201, stated.text

        def positions(headers: dict[str, str]) -> list[str]:
            data = api.get(f"/api/v1/meetings/{slug}", headers=headers).json()
            return [p["state"] for p in data["items"][0]["positions"]]

        assert positions({"Authorization": f"Bearer {india}"}) == ["IND"]
        assert positions({"Authorization": f"Bearer {pakistan}"}) == []
        assert positions({}) == []
        assert positions(secretariat) == ["IND"]
        assert slug in {m["meeting"] for m in api.get("/api/v1/meetings").json()}
        missing = api.get("/api/v1/meetings/no-such-meeting")
        assert missing.status_code == 404
        assert missing.json()["code"] == "unknown_meeting"


def test_a_disabled_account_loses_its_web_session_and_cannot_log_in(served: Served) -> None:
    name, _ = account(served, "delegation:KAZ")
    with web_login(served, name) as client:
        assert client.get("/api/v1/session").json()["name"] == name
        with open_ledger(served.ledger_url) as ledger:
            IdentityStore(ledger.engine).disable(name)
        # The session cookie now counts for nobody: the caller is the public.
        assert client.get("/api/v1/session").json() == {"name": None, "role": "public"}
        form = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None
        again = client.post(
            "/login", data={"name": name, "password": PASSWORD, "csrf_token": token.group(1)}
        )
        assert again.status_code == 401
        assert "comity_session" not in again.headers.get("set-cookie", "")
