"""The web UI in a real browser: what a person sees and can do."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from conftest import Served


def test_home_shows_the_member_states(page: Page, site: Served, tmp_path: Path) -> None:
    page.goto(f"{site.base_url}/?as_of=2024-07-04")
    expect(page.get_by_role("heading", name="Member states (10)")).to_be_visible()
    expect(page.get_by_role("link", name="Belarus")).to_be_visible()
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    assert (tmp_path / "home.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_timeline_date_updates_the_organisation_without_reload(page: Page, site: Served) -> None:
    page.goto(f"{site.base_url}/timeline?as_of=2017-06-08")
    expect(page.get_by_role("heading", name="Member states (6)")).to_be_visible()
    page.evaluate("window.__same_page = true")
    page.get_by_label("Date").fill("2023-07-04")
    page.get_by_label("Date").dispatch_event("change")
    expect(page.get_by_role("heading", name="Member states (9)")).to_be_visible()
    assert page.evaluate("window.__same_page") is True  # htmx swapped, no navigation


def test_timeline_slider_moves_the_date(page: Page, site: Served) -> None:
    page.goto(f"{site.base_url}/timeline?as_of=2001-06-15")
    slider = page.get_by_label("Day")
    # The slider counts days from 26 April 1996; 2017-06-09 is day 7714.
    slider.evaluate(
        "(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }",
        7714,
    )
    expect(page.get_by_label("Date")).to_have_value("2017-06-09")
    expect(page.get_by_role("heading", name="Member states (8)")).to_be_visible()


def test_event_filter_shows_only_summits(page: Page, site: Served) -> None:
    page.goto(f"{site.base_url}/timeline")
    page.get_by_label("Show").select_option("summits")
    expect(page.locator("#events")).to_contain_text("Qingdao")
    expect(page.locator("#events")).not_to_contain_text("admitted as a member state")


def test_keyboard_reaches_the_content_first(page: Page, site: Served) -> None:
    page.goto(f"{site.base_url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"


def test_usable_on_a_phone(browser: Browser, site: Served, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        phone = context.new_page()
        for path in ("/", "/timeline", "/ledger"):
            phone.goto(f"{site.base_url}{path}")
            overflow = phone.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, path
        phone.goto(f"{site.base_url}/")
        phone.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    finally:
        context.close()


def test_ledger_page_verifies(page: Page, site: Served) -> None:
    page.goto(f"{site.base_url}/ledger")
    expect(page.get_by_text("The hash chain verifies")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the chain (JSON Lines)").click()
    assert download.value.suggested_filename == "comity-chain.jsonl"


def test_api_docs_render_from_local_assets_under_the_csp(page: Page, site: Served) -> None:
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(site.base_url) else None,
    )
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{site.base_url}/docs")
    expect(page.get_by_text("/api/v1/members").first).to_be_visible()
    assert outside == []
    assert not [e for e in errors if "Content Security Policy" in e]


def test_lab_charts_load(page: Page, site: Served) -> None:
    page.goto(f"{site.base_url}/lab?as_of=2024-07-04")
    for image in page.get_by_role("img").all():
        expect(image).to_be_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), image


def _account(site: Served, role: str) -> str:
    import uuid

    from comity.identity import IdentityStore, Role
    from comity.ledger import open_ledger

    name = f"user-{uuid.uuid4().hex[:10]}"
    with open_ledger(site.ledger_url) as ledger:
        IdentityStore(ledger.engine).add_account(name, Role.parse(role), "a long enough password")
    return name


def _log_in(page: Page, site: Served, name: str, next_path: str) -> None:
    page.goto(f"{site.base_url}/login?next={next_path}")
    page.get_by_label("Account").fill(name)
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site.base_url}{next_path}")


def test_meeting_room_updates_every_viewer_live(browser: Browser, site: Served) -> None:
    from datetime import date

    today = date.today().isoformat()
    secretariat, india = _account(site, "secretariat"), _account(site, "delegation:IND")
    viewer = browser.new_context()
    delegate = browser.new_context()
    try:
        sec = viewer.new_page()
        _log_in(sec, site, secretariat, "/meetings")
        token = sec.evaluate(
            "() => document.querySelector('form.logout input[name=csrf_token]').value"
        )
        for procedure, body in [
            (
                "convene_meeting",
                {"meeting": "chs-live", "body": "CHS", "place": "Bishkek", "on": today},
            ),
            (
                "table_item",
                {"meeting": "chs-live", "item": "energy", "title": "Energy", "on": today},
            ),
        ]:
            response = sec.request.post(
                f"{site.base_url}/api/v1/procedures/{procedure}",
                data=body,
                headers={"X-CSRF-Token": token},
            )
            assert response.status == 201, response.text()
        sec.goto(f"{site.base_url}/meetings/chs-live")
        expect(sec.get_by_text("0 of 10 delegations have stated a position")).to_be_visible()
        sec.evaluate("window.__same_page = true")

        ind = delegate.new_page()
        _log_in(ind, site, india, "/meetings/chs-live")
        ind.get_by_label("Position", exact=True).select_option("reservation")
        ind.get_by_label("Statement (for a reservation)").fill("Without prejudice to its policy")
        ind.get_by_role("button", name="State position").click()
        expect(ind.get_by_text("Without prejudice to its policy")).to_be_visible()

        # The secretariat's page follows by itself (server-sent event, htmx swap).
        expect(sec.get_by_text("Without prejudice to its policy")).to_be_visible(timeout=10000)
        expect(sec.get_by_text("1 of 10 delegations have stated a position")).to_be_visible()
        assert sec.evaluate("window.__same_page") is True
    finally:
        viewer.close()
        delegate.close()


def test_swagger_offers_authorize_with_the_token_the_cookie_and_the_csrf_header(
    page: Page, site: Served
) -> None:
    page.goto(f"{site.base_url}/docs")
    page.locator(".btn.authorize").first.click()
    dialog = page.locator(".auth-container")
    expect(dialog).to_have_count(3)  # bearerToken, sessionCookie, csrfToken
    expect(page.get_by_text("X-CSRF-Token").first).to_be_visible()
    expect(page.get_by_text("comity_session").first).to_be_visible()
