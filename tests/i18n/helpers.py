"""Assertions the language tests share."""

from __future__ import annotations

from comity.errors import ComityError
from comity.i18n.errors import detail, is_localised


def assert_translated(error: ComityError, ru: str, zh: str) -> None:
    """The catalogue's sentences with the parameters filled in; English unchanged."""
    assert detail(error, "en") == error.message == str(error)
    assert is_localised(error, "ru")
    assert is_localised(error, "zh_Hans")
    assert detail(error, "ru") == ru
    assert detail(error, "zh_Hans") == zh
