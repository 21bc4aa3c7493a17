"""The web forms refuse bad input as the API does: a 4xx problem, never a 500 (issue #15)."""

from __future__ import annotations

import html
import re

import httpx
import pytest

from comity.limits import MAX_TEXT
from conftest import Served
from web.test_meetings import account, position_form_token, web_login
from web.test_meetings import meeting as meeting  # the fixture: a meeting with item "water"


def session_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None, "no CSRF token on the page"
    return found.group(1)


@pytest.mark.parametrize(
    ("role", "statement", "refusal"),
    [
        # Found by hand: a statement over the bound failed the command's schema in the
        # handler, and that was a 500.
        ("delegation:IND", "x" * (MAX_TEXT + 1), "state position: statement:"),
        # Found by the fuzz test: the secretariat has no state to state a position for.
        ("secretariat", "", "state position: state:"),
    ],
)
def test_a_position_form_the_command_refuses_is_a_400_malformed_command(
    served: Served, meeting: tuple[str, dict[str, str]], role: str, statement: str, refusal: str
) -> None:
    slug, _ = meeting
    name, _ = account(served, role)
    with web_login(served, name) as browser:
        page = browser.get(f"/meetings/{slug}").text
        # The secretariat has no position form; its page's logout form has the same token.
        token = position_form_token(page) if role != "secretariat" else session_token(page)
        refused = browser.post(
            f"/meetings/{slug}/items/water/position",
            data={"position": "support", "statement": statement, "csrf_token": token},
        )
        # A refused form answers with a page in the reader's language (issue #22), naming
        # the problem's code and its detail.
        assert refused.status_code == 400, refused.text
        assert refused.headers["content-type"].startswith("text/html")
        page = html.unescape(refused.text)
        assert "code malformed_command" in page
        assert refusal in page
        assert "0 of 10 delegations have stated a position" in browser.get(f"/meetings/{slug}").text


def test_a_login_form_token_that_is_not_ascii_is_refused_not_a_crash(served: Served) -> None:
    # Found by hand: secrets.compare_digest refuses non-ASCII text; this was a 500.
    name, _ = account(served, "observer")
    with httpx.Client(base_url=served.base_url, timeout=30) as browser:
        refused = browser.post(
            "/login",
            content=f"name={name}&password=x&csrf_token=%FF%FE".encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "comity_login_csrf=token",
            },
        )
    assert refused.status_code == 403, refused.text
    assert "code csrf_failed" in html.unescape(refused.text)
