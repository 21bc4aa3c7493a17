# ruff: noqa: RUF001 (Chinese punctuation is the translation itself)
"""The meeting room shows a recorded decision's reason in the reader's language, where the
rule lets it be said again (comity.state.describe.decision_reason), as the API does."""

from __future__ import annotations

import re
import uuid
from datetime import date

import httpx

from comity.identity import IdentityStore, Role
from comity.ledger import open_ledger
from conftest import Served
from meeting_room import all_present_and_heard


def test_a_closed_items_reason_reads_in_the_readers_language(served: Served) -> None:
    name = f"sec-{uuid.uuid4().hex[:10]}"
    with open_ledger(served.ledger_url) as ledger:
        store = IdentityStore(ledger.engine)
        store.add_account(name, Role.parse("secretariat"), "correct horse battery staple")
        secretariat = {"Authorization": f"Bearer {store.issue_token(name)}"}
    slug = f"cmfa-{uuid.uuid4().hex[:8]}"
    today = date.today().isoformat()
    with httpx.Client(base_url=served.base_url, timeout=30, headers=secretariat) as api:
        for procedure, body in [
            ("convene_meeting", {"meeting": slug, "body": "CMFA", "place": "Bishkek", "on": today}),
            ("table_item", {"meeting": slug, "item": "water", "title": "Water", "on": today}),
        ]:
            response = api.post(f"/api/v1/procedures/{procedure}", json=body)
            assert response.status_code == 201, response.text
        all_present_and_heard(served.ledger_url, slug, "water", date.today())
        closing = {"meeting": slug, "item": "water", "on": today}
        response = api.post("/api/v1/procedures/close_item", json=closing)
        assert response.status_code == 201, response.text
    with httpx.Client(base_url=served.base_url, timeout=30) as public:

        def reason(lang: str) -> str:
            page = public.get(f"/meetings/{slug}", params={"lang": lang}).text
            found = re.search(
                r'<p class="outcome ok">(<strong[^>]*>[^<]*</strong>)', page, flags=re.S
            )
            assert found is not None, page
            return found.group(1)

        # One phrase: the rule's reason says the outcome (no "Adopted ...: adopted: ...").
        assert reason("en") == "<strong>Adopted: no member state objected</strong>"
        # Said in the page's language, so no longer marked lang="en".
        assert reason("ru") == "<strong>Принято: ни одно государство-член не возразило</strong>"
        assert reason("zh_Hans") == "<strong>通过：没有成员国反对</strong>"


def test_a_states_rights_read_in_the_readers_language(served: Served) -> None:
    with httpx.Client(base_url=served.base_url, timeout=30) as public:
        en = public.get("/states/BLR", params={"as_of": "2024-07-04"}).text
        ru = public.get("/states/BLR", params={"as_of": "2024-07-04", "lang": "ru"}).text
    assert "take part in decisions" in en
    assert "участие в принятии решений, " in ru
    assert "take part in decisions" not in ru
