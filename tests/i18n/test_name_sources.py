# ruff: noqa: RUF001 (Russian titles are the data under test)
"""The names in the SCO's languages (charters/sco/translations.yaml) are well formed and cite
what they claim: every entry holds only names and sources, and every source it names exists."""

from __future__ import annotations

from typing import Any

import pytest

from comity.charters import DEFAULT_ORGANISATION, charter_dir, read_yaml
from comity.i18n import names

ALLOWED = {"ru", "zh", "source", "source_ru", "source_zh"}


def _table() -> dict[str, Any]:
    data: dict[str, Any] = read_yaml(charter_dir(DEFAULT_ORGANISATION) / "translations.yaml")
    return data


def _entries() -> list[tuple[str, str, dict[str, Any]]]:
    table = _table()
    return [
        (section, key, entry)
        for section in names.KINDS.values()
        for key, entry in (table.get(section) or {}).items()
    ]


@pytest.mark.parametrize(("section", "key", "entry"), _entries())
def test_each_entry_holds_only_names_and_sources(
    section: str, key: str, entry: dict[str, Any]
) -> None:
    # An unquoted name with ", " inside a YAML flow mapping is cut at the comma and the rest
    # becomes a key of its own: this catches that as well as misspelt fields.
    assert set(entry) <= ALLOWED, (section, key, set(entry) - ALLOWED)
    assert all(isinstance(entry[lang], str) and entry[lang].strip() for lang in ("ru", "zh"))


def test_every_cited_source_is_listed_with_title_address_and_publisher() -> None:
    table = _table()
    sources = table["sources"]
    for source in sources.values():
        assert {"title", "url", "publisher"} <= set(source)
        assert str(source["url"]).startswith(("https://", "http://"))
    cited = {
        entry[field]
        for _, _, entry in _entries()
        for field in ("source", "source_ru", "source_zh")
        if field in entry
    }
    assert cited <= set(sources)
    assert len(cited) >= 10


def test_titles_with_commas_read_in_full() -> None:
    # The Shanghai Convention's Russian title as the Charter (Art. 10) cites it, and the
    # 2007 Treaty's as Kazakhstan's ratification law (11 February 2009, No. 129-IV) gives it.
    assert names.text("document", "shanghai-convention-2001", lang="ru") == (
        "Шанхайская конвенция о борьбе с терроризмом, сепаратизмом и экстремизмом"
    )
    assert names.text("document", "good-neighbourliness-treaty-2007", lang="ru") == (
        "Договор о долгосрочном добрососедстве, дружбе и сотрудничестве государств-членов "
        "Шанхайской организации сотрудничества"
    )


def test_state_name_overrides_hold_only_names_and_listed_sources() -> None:
    table = _table()
    for code, entry in table["states"].items():
        assert set(entry) <= ALLOWED - {"source"}, code
        assert {"ru", "zh"} & set(entry), code
        for field in ("source_ru", "source_zh"):
            if field in entry:
                assert entry[field] in table["sources"], (code, field)
