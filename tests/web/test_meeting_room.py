"""The meeting room run from the web by the secretariat and delegations, over real HTTP: the
position column, the position form and its confirmed changes, the secretariat's actions
(convene, table, roll call, close) with the quorum's line, form errors as pages in the
reader's language, and the minutes' downloads (Markdown, Akoma Ntoso, print)."""

from __future__ import annotations

import re
import uuid
from datetime import date

import httpx
from lxml import etree

from conftest import Served
from meeting_room import all_present_and_heard
from web.test_meetings import account, web_login

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


def csrf_of(html: str, form_class: str) -> str:
    found = re.search(
        rf'class="{form_class}"[^>]*>.*?name="csrf_token" value="([^"]+)"', html, flags=re.S
    )
    assert found is not None, f"no {form_class} on the page"
    return found.group(1)


def convened_from_the_web(served: Served, secretariat: httpx.Client) -> str:
    """A CMFA meeting today, convened and given an item from the web pages."""
    slug = f"cmfa-{uuid.uuid4().hex[:8]}"
    page = secretariat.get("/meetings").text
    done = secretariat.post(
        "/meetings",
        data={
            "csrf_token": csrf_of(page, "action-form"),
            "meeting": slug,
            "body": "CMFA",
            "place": "Bishkek",
            "on": date.today().isoformat(),
        },
    )
    assert done.status_code == 303, done.text
    room = secretariat.get(f"/meetings/{slug}").text
    tabled = secretariat.post(
        f"/meetings/{slug}/items",
        data={"csrf_token": csrf_of(room, "action-form"), "item": "water", "title": "Water"},
    )
    assert tabled.status_code == 303, tabled.text
    return slug


def test_the_secretariat_convenes_tables_calls_the_roll_and_closes_from_the_web(
    served: Served,
) -> None:
    officer, _ = account(served, "secretariat")
    with web_login(served, officer) as sec:
        slug = convened_from_the_web(served, sec)
        room = sec.get(f"/meetings/{slug}").text
        # Charter Art. 7: the CMFA is chaired by the next summit's host; after Tianjin (2025)
        # Kyrgyzstan (Tianjin Declaration, TASS 2025-09-01, https://tass.com/world/2010153).
        assert "chair: Kyrgyzstan" in room
        # No roll call yet: the quorum's line says what blocks the item, the button is off.
        assert "Blocked by the quorum: 10 must be present" in room
        assert re.search(r'<button type="submit" disabled>Close the item', room)
        token = csrf_of(room, "close-form")
        refused = sec.post(
            f"/meetings/{slug}/items/water/close",
            data={"csrf_token": token},
            headers={"Accept-Language": "ru"},
        )
        assert refused.status_code == 409
        assert refused.headers["content-type"].startswith("text/html")
        assert '<html lang="ru">' in refused.text
        assert "Кворум не собран" in refused.text
        assert "сначала проведите перекличку" in refused.text
        members = ["BLR", "CHN", "IND", "IRN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]
        roll = sec.post(
            f"/meetings/{slug}/attendance",
            data={"csrf_token": token, "present": members},
        )
        assert roll.status_code == 303, roll.text
        room = sec.get(f"/meetings/{slug}").text
        assert "Blocked by: yet to speak: Belarus, China, India" in room
        assert "Yet to speak: Belarus, China, India" in room
        all_present_and_heard(served.ledger_url, slug, "water", date.today(), silent=("RUS",))
        room = sec.get(f"/meetings/{slug}").text
        assert "Blocked by: yet to speak: Russia." in room
        all_present_and_heard(served.ledger_url, slug, "water", date.today())
        room = sec.get(f"/meetings/{slug}").text
        assert "Would pass if closed now: adopted: no member state objected." in room
        closed = sec.post(f"/meetings/{slug}/items/water/close", data={"csrf_token": token})
        assert closed.status_code == 303, closed.text
        room = sec.get(f"/meetings/{slug}").text
        assert "<strong>Adopted: no member state objected</strong>" in room
        assert "Adopted: adopted" not in room


def test_the_position_column_shows_each_position_for_those_who_may_see_it(
    served: Served,
) -> None:
    officer, _ = account(served, "secretariat")
    india, _ = account(served, "delegation:IND")
    with web_login(served, officer) as sec, web_login(served, india) as ind:
        slug = convened_from_the_web(served, sec)
        page = ind.get(f"/meetings/{slug}").text
        stated = ind.post(
            f"/meetings/{slug}/items/water/position",
            data={"csrf_token": csrf_of(page, "position-form"), "position": "objection"},
        )
        assert stated.status_code == 303, stated.text
        row = r'<th scope="row">India</th><td>objection</td>'
        assert re.search(row, ind.get(f"/meetings/{slug}").text)  # its own, open item
        assert re.search(row, sec.get(f"/meetings/{slug}").text)  # the secretariat
        ru = sec.get(f"/meetings/{slug}", params={"lang": "ru"}).text
        assert '<th scope="row">Индия</th><td>возражение</td>' in ru
        all_present_and_heard(served.ledger_url, slug, "water", date.today())
        room = sec.get(f"/meetings/{slug}").text
        assert "Would not pass if closed now: not adopted: objection by IND." in room
        sec.post(
            f"/meetings/{slug}/items/water/close", data={"csrf_token": csrf_of(room, "close-form")}
        )
    with httpx.Client(base_url=served.base_url) as public:
        closed = public.get(f"/meetings/{slug}").text
        assert re.search(row, closed)  # on record for everyone once closed
        assert '<th scope="row">China</th><td>support</td>' in closed
        assert "<strong>Not adopted: objection by IND</strong>" in closed


def test_the_form_shows_the_stated_position_and_a_change_is_confirmed(served: Served) -> None:
    officer, _ = account(served, "secretariat")
    india, _ = account(served, "delegation:IND")
    with web_login(served, officer) as sec, web_login(served, india) as ind:
        slug = convened_from_the_web(served, sec)
        token = csrf_of(ind.get(f"/meetings/{slug}").text, "position-form")
        url = f"/meetings/{slug}/items/water/position"
        ind.post(url, data={"csrf_token": token, "position": "objection", "statement": "Tpyo"})
        page = ind.get(f"/meetings/{slug}").text
        assert '<option value="objection" selected>' in page
        assert 'value="Tpyo"' in page
        # Fixing the statement keeps the objection: no confirmation, the position unchanged.
        fixed = ind.post(
            url, data={"csrf_token": token, "position": "objection", "statement": "Typo"}
        )
        assert fixed.status_code == 303
        assert '<option value="objection" selected>' in ind.get(f"/meetings/{slug}").text

        def events() -> int:
            return int(httpx.get(f"{served.base_url}/api/v1/verify").json()["events"])

        before = events()
        asked = ind.post(url, data={"csrf_token": token, "position": "support"})
        assert asked.status_code == 200
        assert "Confirm the change of position" in asked.text
        assert "India stated objection on “Water”. Change it to support?" in asked.text
        assert events() == before  # nothing written until confirmed
        confirmed = ind.post(
            url, data={"csrf_token": token, "position": "support", "confirm": "true"}
        )
        assert confirmed.status_code == 303
        assert events() == before + 1
        assert '<option value="support" selected>' in ind.get(f"/meetings/{slug}").text


def test_minutes_download_as_markdown_akoma_ntoso_and_print(served: Served) -> None:
    officer, _ = account(served, "secretariat")
    with web_login(served, officer) as sec:
        slug = convened_from_the_web(served, sec)
        all_present_and_heard(served.ledger_url, slug, "water", date.today())
        room = sec.get(f"/meetings/{slug}").text
        sec.post(
            f"/meetings/{slug}/items/water/close", data={"csrf_token": csrf_of(room, "close-form")}
        )
    with httpx.Client(base_url=served.base_url, timeout=30) as public:
        for url in (f"/meetings/{slug}", f"/meetings/{slug}/minutes", f"/api/v1/meetings/{slug}"):
            xml = public.get(url, params={"format": "akn"})
            assert xml.status_code == 200, xml.text
            assert xml.headers["content-type"].startswith("application/akn+xml")
            root = etree.fromstring(xml.content)
            assert root.tag == f"{AKN}akomaNtoso"
            authors = [a.get("href") for a in root.iter(f"{AKN}FRBRauthor")]
            assert authors == ["#sco-cmfa", "#sco-cmfa", "#sco-secretariat"]
            refused = public.get(url, params={"format": "pdf"})
            assert refused.status_code == 406  # never JSON in place of the form asked for
            assert refused.json()["code"] == "not_acceptable"
        markdown = public.get(f"/meetings/{slug}/minutes", params={"format": "md", "lang": "ru"})
        assert markdown.headers["content-type"].startswith("text/markdown")
        assert markdown.text.startswith("# Протокол: Заседание: Совет министров иностранных дел")
        assert "**Принято: ни одно государство-член не возразило** (консенсус)." in markdown.text
        printed = public.get(f"/meetings/{slug}/minutes", params={"lang": "zh_Hans"}).text
        assert "<strong>通过：没有成员国反对</strong>" in printed  # noqa: RUF001


def test_a_malformed_form_is_a_page_in_the_readers_language(served: Served) -> None:
    officer, _ = account(served, "secretariat")
    with web_login(served, officer) as sec:
        page = sec.get("/meetings").text
        bad = sec.post(
            "/meetings",
            data={
                "csrf_token": csrf_of(page, "action-form"),
                "meeting": "Not A Slug",
                "body": "CMFA",
                "place": "Bishkek",
                "on": date.today().isoformat(),
            },
            headers={"Accept-Language": "zh-Hans"},
        )
        assert bad.status_code == 400
        assert bad.headers["content-type"].startswith("text/html")
        assert '<html lang="zh-Hans">' in bad.text
        assert "malformed_command" in bad.text


def test_the_api_tells_the_secretariat_and_delegations_who_is_yet_to_speak(
    served: Served,
) -> None:
    officer, secretariat_token = account(served, "secretariat")
    _, india = account(served, "delegation:IND")
    with web_login(served, officer) as sec:
        slug = convened_from_the_web(served, sec)
    all_present_and_heard(served.ledger_url, slug, "water", date.today(), silent=("PAK",))
    with httpx.Client(base_url=served.base_url, timeout=30) as api:

        def readiness(token: str | None) -> dict[str, object] | None:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            item = api.get(f"/api/v1/meetings/{slug}", headers=headers).json()["items"][0]
            return item.get("readiness")

        seen = readiness(secretariat_token)
        assert seen is not None
        assert seen["yet_to_speak"] == ["PAK"]
        assert seen["absent"] == []
        assert seen["may_close"] is False
        assert seen["would_pass"] is True
        delegation = readiness(india)
        assert delegation is not None
        assert delegation["yet_to_speak"] == ["PAK"]
        assert "would_pass" not in delegation  # what the rule would decide is the chair's
        assert readiness(None) is None  # the public sees that the item is open, no more
