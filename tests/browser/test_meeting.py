"""A whole meeting in a real browser (Debian's chromium): the secretariat convenes the Council
of Ministers of Foreign Affairs, tables an item and calls the roll; India and Pakistan state
positions, Pakistan withdraws its objection after confirming the change; the secretariat's
page follows live, closes the item once every delegation present has spoken, and downloads
the minutes."""

from __future__ import annotations

import uuid
from datetime import date

from playwright.sync_api import Browser, Page, expect

from browser.test_ui import _account, _log_in
from conftest import Served
from meeting_room import all_present_and_heard


def _state(page: Page, position: str, statement: str = "") -> None:
    page.get_by_label("Position", exact=True).select_option(position)
    page.get_by_label("Statement (for a reservation)").fill(statement)
    page.get_by_role("button", name="State position").click()


def test_a_meeting_from_convening_to_minutes(browser: Browser, site: Served) -> None:
    slug = f"cmfa-{uuid.uuid4().hex[:6]}"
    names = {
        role: _account(site, role) for role in ("secretariat", "delegation:IND", "delegation:PAK")
    }
    contexts = {role: browser.new_context(accept_downloads=True) for role in names}
    try:
        sec = contexts["secretariat"].new_page()
        _log_in(sec, site, names["secretariat"], "/meetings")
        sec.get_by_label("Body").select_option("CMFA")
        sec.get_by_label("Meeting id").fill(slug)
        sec.get_by_label("Place").fill("Bishkek")
        sec.get_by_role("button", name="Convene").click()
        sec.wait_for_url(f"{site.base_url}/meetings/{slug}")
        # Charter Art. 7: chaired by the host of the next summit; after Tianjin (2025) that is
        # Kyrgyzstan (Tianjin Declaration, TASS 2025-09-01, https://tass.com/world/2010153).
        expect(sec.get_by_text("chair: Kyrgyzstan")).to_be_visible()
        sec.get_by_label("Item id").fill("water")
        sec.get_by_label("Title", exact=True).fill("Water cooperation")
        sec.get_by_role("button", name="Table", exact=True).click()
        expect(sec.get_by_text("Blocked by the quorum: 10 must be present")).to_be_visible()
        expect(sec.get_by_role("button", name="Close the item")).to_be_disabled()
        for box in sec.locator("#attendance input[type=checkbox]").all():
            box.check()
        sec.get_by_role("button", name="Record the roll call").click()
        expect(sec.get_by_text("Blocked by: yet to speak: Belarus, China, India")).to_be_visible()
        sec.evaluate("window.__same_page = true")

        ind = contexts["delegation:IND"].new_page()
        _log_in(ind, site, names["delegation:IND"], f"/meetings/{slug}")
        _state(ind, "reservation", "Subject to national water law")
        expect(ind.get_by_label("Position", exact=True)).to_have_value("reservation")
        expect(ind.get_by_label("Statement (for a reservation)")).to_have_value(
            "Subject to national water law"
        )

        pak = contexts["delegation:PAK"].new_page()
        _log_in(pak, site, names["delegation:PAK"], f"/meetings/{slug}")
        expect(pak.get_by_text("Subject to national water law")).to_have_count(0)  # India's
        _state(pak, "objection")

        # The eight other delegations present speak (through the same procedures).
        all_present_and_heard(site.ledger_url, slug, "water", date.today())
        expect(
            sec.get_by_text("Would not pass if closed now: not adopted: objection by PAK")
        ).to_be_visible(timeout=10000)
        assert sec.evaluate("window.__same_page") is True  # followed live, no reload

        # Pakistan withdraws its objection: an explicit, confirmed change.
        pak.goto(f"{site.base_url}/meetings/{slug}")
        expect(pak.get_by_label("Position", exact=True)).to_have_value("objection")
        _state(pak, "support")
        expect(pak.get_by_role("heading", name="Confirm the change of position")).to_be_visible()
        pak.get_by_role("button", name="Yes, change to support").click()
        expect(pak.get_by_label("Position", exact=True)).to_have_value("support")

        expect(
            sec.get_by_text(
                "Would pass if closed now: adopted: no member state objected; reservations by IND"
                " put on record"
            )
        ).to_be_visible(timeout=10000)
        sec.get_by_role("button", name="Close the item").click()
        expect(
            sec.get_by_text("Adopted: no member state objected; reservations by IND put on record")
        ).to_be_visible()
        with sec.expect_download() as markdown:
            sec.get_by_role("link", name="Markdown").click()
        assert markdown.value.suggested_filename == f"{slug}.md"
        with sec.expect_download() as akn:
            sec.get_by_role("link", name="Akoma Ntoso").click()
        assert akn.value.suggested_filename == f"{slug}.xml"
        sec.get_by_role("link", name="to print").click()
        expect(sec.get_by_role("heading", name="Item 1: Water cooperation")).to_be_visible()
        expect(sec.get_by_text("India: Subject to national water law")).to_be_visible()
        # Everyone reads the outcome once the item is closed, Pakistan included.
        pak.goto(f"{site.base_url}/meetings/{slug}")
        expect(pak.get_by_text("Subject to national water law")).to_be_visible()
    finally:
        for context in contexts.values():
            context.close()
