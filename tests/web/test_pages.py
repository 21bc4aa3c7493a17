"""The web pages over real HTTP: content, accessibility basics, no outside assets."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import httpx
import pytest


class _Page(HTMLParser):
    """Collects what the checks need: ids, labels, inputs, asset URLs, the html lang."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.ids: set[str] = set()
        self.label_for: set[str] = set()
        self.inputs: list[dict[str, str | None]] = []
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "label" and a.get("for"):
            self.label_for.add(str(a["for"]))
        if tag in ("input", "select") and a.get("type") != "hidden":
            self.inputs.append(a)
        if tag == "script" and a.get("src"):
            self.assets.append(str(a["src"]))
        if tag == "link" and a.get("href"):
            self.assets.append(str(a["href"]))


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


PAGES = [
    "/",
    "/timeline",
    "/documents",
    "/ledger",
    "/lab",
    "/reforms",
    "/reforms/cnc-majority",
    "/states/IND",
    "/?as_of=2017-06-09",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_accessible_and_self_contained(api: httpx.Client, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = parse(response.text)
    assert page.lang == "en"
    # Every visible form control has a label pointing at it.
    for control in page.inputs:
        assert control.get("id") in page.label_for, control
    # All assets come from comity itself (no CDN).
    for url in page.assets:
        assert url.startswith("/static/"), url
        assert api.get(url).status_code == 200


def test_home_shows_the_members_on_a_date(api: httpx.Client) -> None:
    html = api.get("/", params={"as_of": "2017-06-09"}).text
    assert "Member states (8)" in html
    assert "India" in html
    assert "Pakistan" in html
    assert "Iran" not in re.sub(r"Observers.*", "", html, flags=re.S)


def test_home_names_the_next_chair_by_rotation(api: httpx.Client) -> None:
    # Tianjin (China) 2025 was the last summit on record; in the Russian alphabetical order
    # of the members, Kyrgyzstan (Кыргызстан) follows China (Китай): Bishkek hosts in 2026.
    html = api.get("/", params={"as_of": "2025-12-31"}).text
    assert "chaired by <strong>Kyrgyzstan</strong>, next in the rotation" in html


def test_home_after_tianjin_lists_partners(api: httpx.Client) -> None:
    html = api.get("/", params={"as_of": "2025-09-01"}).text
    assert "Member states (10)" in html
    assert "Partners (17)" in html


def test_timeline_fragment_for_htmx(api: httpx.Client) -> None:
    fragment = api.get("/fragments/organisation", params={"as_of": "2023-07-04"}).text
    assert fragment.startswith('<section id="organisation"')
    assert "Member states (9)" in fragment
    events = api.get("/fragments/events", params={"kind": "summits"}).text
    assert "Qingdao" in events
    assert "admitted" not in events


def test_state_page_history_with_sources(api: httpx.Client) -> None:
    html = api.get("/states/BLR", params={"as_of": "2024-07-04"}).text
    assert "<strong>member</strong> since" in html
    # Statuses: dialogue partner, observer, member; then one admission procedure (2022-2024).
    assert html.count("<tr><td>") == 4
    assert html.count('<time datetime="2022-09-16">') == 1


def test_unknown_state_page_is_a_problem(api: httpx.Client) -> None:
    response = api.get("/states/XYZ")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_state"


def test_documents_matrix_gives_the_date_each_member_is_bound(api: httpx.Client) -> None:
    html = api.get("/documents", params={"as_of": "2025-01-01"}).text
    assert "Charter of the Shanghai Cooperation Organisation" in html
    assert '<td class="bound">2017-06-09</td>' in html  # India and Pakistan, from admission


def test_ledger_page_and_download(api: httpx.Client) -> None:
    html = api.get("/ledger").text
    head = api.get("/api/v1/verify").json()["head"]
    assert head in html
    assert "The hash chain verifies" in html
    download = api.get("/ledger/chain.jsonl")
    lines = download.text.splitlines()
    assert json.loads(lines[-1])["hash"] == head
    assert json.loads(lines[0])["sequence"] == 1


def test_pages_show_the_admission_beside_the_official_status(api: httpx.Client) -> None:
    # Ufa, 10 July 2015: India's and Pakistan's admission procedures began; both stayed
    # observers (Astana, 5 July 2005) until 9 June 2017.
    home = api.get("/", params={"as_of": "2016-01-01"}).text
    assert "Observers (6)" in home
    assert "Applicants" not in home
    assert home.count('class="admission"') == 2
    page = api.get("/states/IND", params={"as_of": "2016-01-01"}).text
    assert "<strong>observer</strong> since" in page
    assert "Admission procedure under way since" in page
    assert '<time datetime="2015-07-10">' in page
    assert "Admission procedures" in page
