"""Minutes exported in the reader's language, with each reservation as the delegation stated it."""

from __future__ import annotations

from typing import Any

from comity import i18n
from comity.procedures import to_markdown

STATEMENT = "Without prejudice to its national energy policy"


def _minutes() -> dict[str, Any]:
    india = {"state": "IND", "name": "India", "position": "reservation", "opt_out": False}
    return {
        "meeting": "chs-2026-bishkek",
        "name": "Meeting of the Council of Heads of State",
        "body": "CHS",
        "place": "Bishkek",
        "from": "2026-06-15",
        "to": "2026-06-16",
        "chair": "KGZ",
        "items": [
            {
                "title": "Energy cooperation",
                "documents": [{"id": "sco-charter", "title": "Charter", "kind": "charter"}],
                "positions": [{**india, "statement": STATEMENT}],
                "status": "adopted",
                "outcome": {"rule": "consensus", "reason": "no objection", "participating": []},
                "reservations": [{"state": "IND", "name": "India", "statement": STATEMENT}],
            }
        ],
    }


def test_minutes_in_russian_keep_the_reservation_verbatim() -> None:
    with i18n.using("ru"):
        markdown = to_markdown(_minutes())
    assert "15 июня 2026" in markdown
    assert "Бишкек" in markdown
    assert "председательствует Киргизия" in markdown
    assert "Внесён документ: Хартия Шанхайской организации сотрудничества" in markdown
    assert "| Индия | оговорка |" in markdown
    assert "Оговорки, внесённые в протокол (Хартия, ст. 16):" in markdown
    assert f"- Индия: {STATEMENT}" in markdown


def test_minutes_in_chinese() -> None:
    with i18n.using("zh_Hans"):
        markdown = to_markdown(_minutes())
    assert "比什凯克" in markdown
    assert "由吉尔吉斯斯坦担任主席" in markdown
    assert f"- 印度: {STATEMENT}" in markdown
