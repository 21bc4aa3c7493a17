"""Every word a template shows is in a ``{% trans %}`` block (and so in the catalogues)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from comity.web import templates

TEMPLATES = sorted(Path(str(templates.env.loader.searchpath[0])).glob("*.html"))  # type: ignore[union-attr]
#: Words that are the same in every language: the product's name and the API's.
UNTRANSLATED = {"comity", "API"}


def untranslated_text(source: str) -> list[str]:
    """Visible words outside ``{% trans %}`` blocks: markup, Jinja and numbers removed."""
    text = re.sub(r"{%-?\s*trans\b.*?{%-?\s*endtrans\s*-?%}", " ", source, flags=re.S)
    text = re.sub(r"{{.*?}}|{%.*?%}|{#.*?#}", " ", text, flags=re.S)
    # Attributes a reader sees or hears count as text too.
    shown = re.findall(r'\b(?:alt|title|aria-label|placeholder)="([^"]*)"', text)
    text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]*>", " ", text, flags=re.S)
    text = " ".join([text, *shown])
    words = re.findall(r"[^\W\d_]{2,}", html.unescape(text))
    return [w for w in words if w not in UNTRANSLATED]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_templates_show_no_text_outside_trans_blocks(template: Path) -> None:
    # Wrap new text in {% trans %}...{% endtrans %}, then run scripts/i18n-update.
    assert untranslated_text(template.read_text(encoding="utf-8")) == []
