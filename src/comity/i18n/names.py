"""Names of statuses, bodies, documents, places and meetings in every language comity speaks.

States are named by CLDR (:func:`comity.states.state_name`). Everything else the
organisation names comes from ``charters/<org>/translations.yaml``: one field per language
(``ru``, ``zh``), and a ``source`` where the name is the organisation's own. A name with no
translation falls back to English, and says so (``Name.lang == "en"``); :func:`missing` lists
every such gap for ``comity i18n missing`` and the tests.

>>> lookup("body", "CHS", "Council of Heads of State", "zh_Hans")
Name(text='成员国元首理事会', lang='zh_Hans')
>>> lookup("document", "no-such-document", "A Memorandum", "ru")
Name(text='A Memorandum', lang='en')
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from comity import i18n
from comity.charters import DEFAULT_ORGANISATION, charter_dir, read_yaml

#: The field of each language in translations.yaml (English is the reference data itself).
FIELDS = {"ru": "ru", "zh_Hans": "zh"}
#: Sections of translations.yaml, by the kind of name they hold.
KINDS = {
    "status": "statuses",
    "body": "bodies",
    "document": "documents",
    "place": "places",
    "meeting": "meetings",
}


class Name(NamedTuple):
    text: str
    lang: str  # the language ``text`` is in: the one asked for, or "en" when it fell back


@cache
def table(organisation: str = DEFAULT_ORGANISATION) -> dict[str, Any]:
    path = charter_dir(organisation) / "translations.yaml"
    data: dict[str, Any] = read_yaml(path) if path.is_file() else {}
    return data


def lookup(kind: str, key: str | None, english: str | None = None, lang: str | None = None) -> Name:
    """The name of ``key`` (a status, body code, document id, place or meeting) in ``lang``."""
    lang = lang or i18n.active()
    fallback = english or (key or "").replace("_", " ")
    if lang == i18n.DEFAULT or not key:
        return Name(fallback, i18n.DEFAULT)
    entry = table().get(KINDS[kind], {}).get(key) or {}
    text = entry.get(FIELDS.get(lang, lang))
    return Name(str(text), lang) if text else Name(fallback, i18n.DEFAULT)


def state_text(iso3: str, lang: str) -> str | None:
    """A state's name in ``lang`` as the organisation's own texts give it (``states`` in
    translations.yaml), or ``None`` where comity keeps CLDR's (:func:`comity.states.state_name`)."""
    entry = table().get("states", {}).get(iso3) or {}
    found = entry.get(FIELDS.get(lang, lang))
    return str(found) if found else None


def text(kind: str, key: str | None, english: str | None = None, lang: str | None = None) -> str:
    return lookup(kind, key, english, lang).text


def missing(expected: dict[str, set[str]], lang: str) -> list[tuple[str, str]]:
    """``(kind, key)`` of every expected name without a translation in ``lang``."""
    return [
        (kind, key)
        for kind, keys in expected.items()
        for key in sorted(keys)
        if lookup(kind, key, key, lang).lang != lang
    ]
