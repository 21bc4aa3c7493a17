"""An open item's positions reach no one in a real browser who may not see them (issue 22).

The SCO's meetings are closed (charter.yaml, procedures.confidentiality): while an item is
open a delegation's position, with its statement, is seen by the secretariat and by that
delegation only. tests/api/test_confidential.py walks every GET route over HTTP; this test
reads the site as a person does, in Debian's chromium, as the public, an observer and a
third delegation: it follows the site's own links from the home page (so a new page is read
too), fetches the download links through the browser's context, and finds neither the
statements nor the positions stated, only how many have spoken. Once the item is closed the
statements are on the public record, on the meeting page and the timeline.
"""

from __future__ import annotations

import uuid
from collections import deque
from datetime import date
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, expect

from browser.test_ui import _account, _log_in
from comity.identity import IdentityStore
from comity.ledger import open_ledger
from conftest import Served
from meeting_room import all_present_and_heard

# Pages that act rather than show, or only change the language: not followed.
NOT_FOLLOWED = ("/login", "/logout", "/lang/", "/static/")
# The live stream never ends; test_confidential.py reads it briefly over HTTP.
STREAMS = ("/stream",)
# The pages the brief names must be among those reached by following links.
REACHED = ("/", "/timeline", "/ledger", "/documents", "/lab", "/states/PAK", "/states/IND")


def _secrets(slug: str) -> tuple[str, ...]:
    """What only the positions' content carries (tests share a server, so each string names
    this test's meeting): the statements, and the record's words for the positions stated
    (the narrative of PositionStated, as /api/v1/history shows it once revealed)."""
    return (
        f"Pakistan objects to {slug}",
        f"India reserves on {slug}",
        f"states objection on {slug}",
        f"states reservation on {slug}",
    )


def _token(site: Served, role: str) -> dict[str, str]:
    name = _account(site, role)
    with open_ledger(site.ledger_url) as ledger:
        return {"Authorization": f"Bearer {IdentityStore(ledger.engine).issue_token(name)}"}


def _run(site: Served, procedure: str, body: dict[str, object], headers: dict[str, str]) -> None:
    response = site.client.post(f"/api/v1/procedures/{procedure}", json=body, headers=headers)
    assert response.status_code == 201, response.text


def _open_item(site: Served) -> tuple[str, dict[str, str]]:
    """A CMFA meeting today with item ``energy`` open, Pakistan objecting and India
    reserving, each with a statement; the meeting's slug and the secretariat's headers."""
    secretariat = _token(site, "secretariat")
    slug = f"cmfa-{uuid.uuid4().hex[:8]}"
    today = date.today().isoformat()
    meeting = {"meeting": slug, "body": "CMFA", "place": "Bishkek", "on": today}
    _run(site, "convene_meeting", meeting, secretariat)
    item = {"meeting": slug, "item": "energy", "title": "Energy", "on": today}
    _run(site, "table_item", item, secretariat)
    common = {"meeting": slug, "item": "energy", "on": today}
    objection = {"state": "PAK", "position": "objection", "statement": _secrets(slug)[0]}
    _run(site, "state_position", {**common, **objection}, _token(site, "delegation:PAK"))
    reservation = {"state": "IND", "position": "reservation", "statement": _secrets(slug)[1]}
    _run(site, "state_position", {**common, **reservation}, _token(site, "delegation:IND"))
    return slug, secretariat


def _links(page: Page, origin: str) -> tuple[list[str], list[str]]:
    """The same-site links on ``page``: those to follow, and the download links."""
    found: list[tuple[str, bool]] = page.eval_on_selector_all(
        "a[href]", "els => els.map(a => [a.href, a.hasAttribute('download')])"
    )
    pages, downloads = [], []
    for href, download in found:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.path.startswith(NOT_FOLLOWED) or parts.path.endswith(STREAMS):
            continue
        (downloads if download else pages).append(target)
    return pages, downloads


def _read_the_site(context: BrowserContext, site: Served, slug: str) -> dict[str, str]:
    """Every page reached by following the site's links from the home page (each path once:
    a page is read at one date, not at every date it links to), its text and HTML; and every
    download link's target and /api/v1/history fetched through the browser's context."""
    page = context.new_page()
    read: dict[str, str] = {}
    seen: set[str] = set()
    queue = deque(["/", f"/meetings/{slug}"])
    while queue:
        target = queue.popleft()
        path = urlsplit(target).path
        if path in seen:
            continue
        seen.add(path)
        if path.startswith("/api/") or path.endswith((".svg", ".jsonl", ".json", ".txt")):
            response = context.request.get(f"{site.base_url}{target}")
            assert response.status < 500, (target, response.status)
            read[target] = response.text()
            continue
        response_ = page.goto(f"{site.base_url}{target}")
        assert response_ is not None, target
        assert response_.status < 500, (target, response_.status)
        read[target] = page.inner_text("body") + page.content()
        pages, downloads = _links(page, site.base_url)
        queue.extend(pages)
        for link in downloads:
            fetched = context.request.get(f"{site.base_url}{link}")
            assert fetched.status < 500, (link, fetched.status)
            read[link] = fetched.text()
    history = context.request.get(f"{site.base_url}/api/v1/history?limit=1000")
    assert history.status == 200
    read["/api/v1/history"] = history.text()
    page.close()
    return read


def test_no_page_shows_an_open_items_positions_until_it_closes(
    browser: Browser, site: Served
) -> None:
    slug, secretariat = _open_item(site)
    readers = {"public": None, "observer": "observer", "delegation:KAZ": "delegation:KAZ"}
    for reader, role in readers.items():
        context = browser.new_context()
        try:
            if role is not None:
                _log_in(context.new_page(), site, _account(site, role), "/")
            read = _read_the_site(context, site, slug)
        finally:
            context.close()
        reached = {urlsplit(t).path for t in read}
        for path in (*REACHED, f"/meetings/{slug}", f"/meetings/{slug}/minutes"):
            assert path in reached, (reader, path)
        assert "/ledger/chain.jsonl" in read, reader
        assert any(p.startswith("/meetings/") and p.endswith(("format=md",)) for p in read)
        for target, text in read.items():
            for secret in _secrets(slug):
                assert secret not in text, (reader, target, secret)
        # That two have spoken is public; what they said is not.
        meeting = read[f"/meetings/{slug}"]
        assert "Open: 2 of 10 delegations have stated a position." in meeting, reader
        assert f"Pakistan states a position on {slug}" in read["/api/v1/history"], reader

    all_present_and_heard(site.ledger_url, slug, "energy", date.today())
    today = date.today().isoformat()
    _run(site, "close_item", {"meeting": slug, "item": "energy", "on": today}, secretariat)
    public = browser.new_context()
    try:
        page = public.new_page()
        page.goto(f"{site.base_url}/meetings/{slug}")
        expect(page.get_by_text(_secrets(slug)[0])).to_be_visible()
        expect(page.get_by_text(_secrets(slug)[1])).to_be_visible()
        page.goto(f"{site.base_url}/timeline")
        expect(page.locator("#events")).to_contain_text(_secrets(slug)[2])
        expect(page.locator("#events")).to_contain_text(_secrets(slug)[3])
    finally:
        public.close()
