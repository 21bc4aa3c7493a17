"""comity speaks English, Russian and Simplified Chinese: catalogues, names, pages, errors."""

from __future__ import annotations

import httpx
import pytest

from comity import i18n
from comity.i18n import catalogues, check, names
from comity.states import state_name

TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_extracted_message_is_translated_and_none_is_fuzzy(lang: str) -> None:
    # A new `{% trans %}`, `_()` or `N_()` without a catalogue entry fails here: run
    # scripts/i18n-update, then translate the new entries.
    gaps = catalogues.gaps(lang)
    assert gaps["missing"] == []
    assert gaps["untranslated"] == []
    assert gaps["fuzzy"] == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_reference_name_has_a_translation(lang: str) -> None:
    assert names.missing(check.expected_names(), lang) == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_the_placeholders_of_their_message(lang: str) -> None:
    import re

    fields = re.compile(r"\{\w+(?:![rs])?\}|%\(\w+\)s")
    for message in catalogues.read(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(set(fields.findall(str(ids[-1]))))
        for string in strings:
            assert sorted(set(fields.findall(str(string)))) == wanted, message.id


def test_state_names_come_from_cldr() -> None:
    # The SCO's own Russian form (the Charter: «Кыргызская Республика»), not CLDR's «Киргизия».
    assert state_name("KGZ", "ru") == "Кыргызстан"
    assert state_name("MMR", "ru") == "Мьянма"
    assert state_name("MNG", "zh_Hans") == "蒙古国"
    assert state_name("MNG", "ru") == "Монголия"  # CLDR where the SCO's form is the same
    assert state_name("PAK", "zh_Hans") == "巴基斯坦"
    assert state_name("IRN", "en") == "Iran"


def test_accept_language_picks_the_best_language_comity_speaks() -> None:
    assert i18n.negotiate(accept_language="fr-FR, ru;q=0.8, en;q=0.5") == "ru"
    assert i18n.negotiate(accept_language="zh-Hant-TW") == "zh_Hans"
    assert i18n.negotiate("en", accept_language="ru") == "en"  # a choice beats the browser
    assert i18n.negotiate(accept_language="de") == "en"


@pytest.fixture
def client(api: httpx.Client) -> httpx.Client:
    api.cookies.clear()
    return api


def test_the_home_page_follows_accept_language(client: httpx.Client) -> None:
    ru = client.get("/?as_of=2024-07-04", headers={"Accept-Language": "ru-RU,ru"})
    assert '<html lang="ru">' in ru.text
    assert "Государства-члены (10)" in ru.text
    assert "Беларусь" in ru.text
    assert "4 июля 2024" in ru.text
    assert '<time datetime="2024-07-04">4 июля 2024' in ru.text
    zh = client.get("/?as_of=2024-07-04", headers={"Accept-Language": "zh-CN"})
    assert '<html lang="zh-Hans">' in zh.text
    assert "成员国（10）" in zh.text  # noqa: RUF001 (Chinese punctuation)
    assert "2024年7月4日" in zh.text
    assert zh.headers["content-language"] == "zh-Hans"


def test_the_switcher_remembers_the_choice_in_a_cookie(client: httpx.Client) -> None:
    moved = client.get("/lang/zh_Hans?next=/documents", follow_redirects=False)
    assert moved.status_code == 303
    assert moved.headers["location"] == "/documents"
    client.cookies.set(i18n.COOKIE, "zh_Hans")
    page = client.get("/documents")
    client.cookies.clear()
    assert "上海合作组织宪章" in page.text
    assert "文件及其缔约方" in page.text


def test_the_switcher_sends_nobody_off_site(client: httpx.Client) -> None:
    moved = client.get("/lang/ru?next=//evil.example", follow_redirects=False)
    assert moved.headers["location"] == "/"


def test_event_descriptions_are_translated_and_only_the_rest_marked_english(
    client: httpx.Client,
) -> None:
    page = client.get("/timeline", headers={"Accept-Language": "ru"})
    # The sentence is Russian; a whole description is no longer marked English.
    assert '<span class="what" lang="en">' not in page.text
    assert "Индия принимается в ШОС в качестве государства-члена (Астана)" in page.text
    # A name typed into the record (an office holder) stays as typed, and says so.
    assert '<span class="what"><span lang="en">Rashid Alimov</span> (Таджикистан)' in page.text
    # Source titles are English.
    assert '<span class="source" lang="en">' in page.text
    zh = client.get("/timeline", headers={"Accept-Language": "zh-CN"})
    assert "印度在阿斯塔纳被接纳为上海合作组织成员国" in zh.text
    en = client.get("/timeline", headers={"Accept-Language": "en"})
    assert "India admitted as a member state at Astana" in en.text
    assert 'lang="en"' not in en.text.split('<ol id="events"')[1]


def test_problem_titles_and_details_follow_accept_language(client: httpx.Client) -> None:
    ru = client.get("/api/v1/states/XYZ", headers={"Accept-Language": "ru"}).json()
    assert ru["code"] == "unknown_state"
    assert ru["title"] == "Неизвестное государство"
    assert "ISO 3166-1 alpha-3" in ru["detail"]
    assert "неизвестный код" in ru["detail"]
    zh = client.get("/api/v1/members?as_of=2017-13-01", headers={"Accept-Language": "zh-CN"}).json()
    assert zh["code"] == "invalid_date"
    assert zh["title"] == "日期无效"
    en = client.get("/api/v1/states/XYZ").json()
    assert en["title"] == "Unknown state"


def test_every_error_code_has_a_title() -> None:
    from comity.i18n.errors import TITLES, all_codes

    assert all_codes() - set(TITLES) == set()
