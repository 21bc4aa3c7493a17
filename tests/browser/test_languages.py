"""A reader switches the web UI to Russian and to Chinese, and sees it rendered."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import Served

PNG = b"\x89PNG\r\n\x1a\n"


def _installed_font_covers(char: str) -> bool:
    # fontconfig: any installed font with a glyph for ``char`` (what chromium falls back to).
    found = subprocess.run(
        ["fc-list", f":charset={ord(char):x}", "family"],
        capture_output=True,
        text=True,
        check=False,
    )
    return bool(found.stdout.strip())


@pytest.mark.parametrize("char", ["成", "Д"])
def test_this_machine_has_fonts_for_chinese_and_cyrillic(char: str) -> None:
    # scripts/test installs fonts-noto-cjk; Cyrillic comes with the default fonts.
    assert _installed_font_covers(char), f"no installed font renders {char!r}"


def _glyph_width_in_em(page: Page, selector: str, text: str) -> float:
    """The rendered width of ``text`` in the element's own font, in ems."""
    width: float = page.eval_on_selector(
        selector,
        """(el, text) => {
            const style = getComputedStyle(el);
            const ctx = document.createElement('canvas').getContext('2d');
            ctx.font = style.font;
            return ctx.measureText(text).width / parseFloat(style.fontSize);
        }""",
        text,
    )
    return width


def test_switching_to_russian_and_chinese_translates_and_persists(
    page: Page, site: Served, tmp_path: Path
) -> None:
    page.goto(f"{site.base_url}/?as_of=2024-07-04")
    expect(page.get_by_role("heading", name="Member states (10)")).to_be_visible()

    page.get_by_role("link", name="Русский").click()
    expect(page.get_by_role("heading", name="Государства-члены (10)")).to_be_visible()
    expect(page.get_by_role("link", name="Беларусь")).to_be_visible()
    assert page.get_attribute("html", "lang") == "ru"
    page.screenshot(path=str(tmp_path / "home-ru.png"), full_page=True)
    assert (tmp_path / "home-ru.png").read_bytes()[:8] == PNG

    # The choice is remembered on the next page, without ?lang=.
    page.get_by_role("link", name="Документы").click()
    expect(page.get_by_role("heading", name="Документы и их участники")).to_be_visible()
    expect(page.get_by_text("Хартия Шанхайской организации сотрудничества")).to_be_visible()

    page.get_by_role("link", name="简体中文").click()
    expect(page.get_by_role("heading", name="文件及其缔约方")).to_be_visible()
    page.goto(f"{site.base_url}/?as_of=2024-07-04")
    expect(page.get_by_role("heading", name="成员国（10）")).to_be_visible()  # noqa: RUF001
    assert page.get_attribute("html", "lang") == "zh-Hans"
    page.screenshot(path=str(tmp_path / "home-zh.png"), full_page=True)
    assert (tmp_path / "home-zh.png").read_bytes()[:8] == PNG
    # A CJK font draws each ideograph one em wide; a missing glyph (tofu) is narrower.
    assert _glyph_width_in_em(page, "h1", "上海合作组织") == pytest.approx(6.0, abs=0.05)
    expect(page.locator("#organisation-title")).to_contain_text("2024年7月4日")


def test_the_browser_language_is_the_default(browser: Browser, site: Served) -> None:
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{site.base_url}/?as_of=2024-07-04")
        expect(page.get_by_role("heading", name="上海合作组织")).to_be_visible()
        assert page.get_attribute("html", "lang") == "zh-Hans"
    finally:
        context.close()


def test_an_error_page_in_russian(page: Page, site: Served) -> None:
    response = page.request.get(
        f"{site.base_url}/api/v1/states/XYZ", headers={"Accept-Language": "ru"}
    )
    assert response.status == 404
    assert response.json()["title"] == "Неизвестное государство"
