"""Event descriptions, decision reasons and the CLI's words in Russian and Chinese."""

# ruff: noqa: RUF001 (Chinese punctuation is the translation itself)

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from comity import i18n
from comity.charter.rules import (
    Consensus,
    DoubleMajority,
    Position,
    SimpleMajority,
    Unanimity,
    parse_fraction,
    parse_weights,
    rule_from_spec,
)
from comity.cli import app
from comity.errors import ComityError, InputError, UnknownRuleError
from comity.events import (
    DecisionRecord,
    ItemClosed,
    MembershipSuspended,
    OfficeHolderAppointed,
    OrganisationMemorandumSigned,
    PositionStated,
    StateAdmitted,
    WithdrawalNotified,
)
from comity.i18n.errors import detail
from comity.reference import load_history
from comity.state import describe

runner = CliRunner()
ADMITTED = StateAdmitted(valid_from=date(2017, 6, 9), state="IND", place="Astana")


def test_descriptions_are_in_the_language_asked_for() -> None:
    assert describe(ADMITTED) == "India admitted as a member state at Astana"
    assert describe(ADMITTED, "ru") == (
        "Индия принимается в ШОС в качестве государства-члена (Астана)"
    )
    assert describe(ADMITTED, "zh_Hans") == "印度在阿斯塔纳被接纳为上海合作组织成员国"
    with i18n.using("ru"):
        assert describe(ADMITTED).startswith("Индия принимается")


def test_descriptions_write_dates_and_positions_in_the_language() -> None:
    notice = WithdrawalNotified(
        valid_from=date(2030, 1, 1), state="KGZ", effective=date(2031, 1, 1)
    )
    assert describe(notice) == "Kyrgyzstan notifies its withdrawal, effective 2031-01-01"
    assert describe(notice, "ru") == "Кыргызстан уведомляет о выходе из ШОС с 1 января 2031\u202fг."
    assert describe(notice, "zh_Hans") == "吉尔吉斯斯坦通知退出上海合作组织，自2031年1月1日起生效"
    stated = PositionStated(
        valid_from=date(2030, 1, 1),
        meeting="chs-2030",
        item="energy",
        state="CHN",
        position="objection",
    )
    assert describe(stated, "ru") == "Китай заявляет позицию «возражение» по пункту chs-2030/energy"


def test_only_what_is_not_translated_is_marked_english_in_html() -> None:
    appointed = OfficeHolderAppointed(
        valid_from=date(2016, 1, 1),
        office="secretary_general",
        person="Rashid Alimov",
        state="TJK",
    )
    html = describe(appointed, "ru").__html__()
    assert html == (
        '<span lang="en">Rashid Alimov</span> (Таджикистан) вступает в должность '
        "Генерального секретаря ШОС"
    )
    assert (
        describe(appointed).__html__() == "Rashid Alimov (Tajikistan) takes office as "
        "secretary general"
    )
    # The reason stored in the record is English: only it is marked.
    outcome = DecisionRecord(adopted=True, rule="consensus", reason="adopted: <no> objection")
    closed = ItemClosed(
        valid_from=date(2030, 1, 1),
        meeting="chs-2030",
        item="energy",
        body="CHS",
        outcome=outcome,
    )
    assert describe(closed, "zh_Hans").__html__() == (
        'chs-2030/energy审议结束：<span lang="en">adopted: &lt;no&gt; objection</span>'
    )


def test_decision_verdicts_in_descriptions_are_translated() -> None:
    outcome = DecisionRecord(adopted=True, rule="consensus_minus_one", reason="adopted")
    suspended = MembershipSuspended(
        valid_from=date(2030, 1, 1), state="PAK", body="CHS", outcome=outcome
    )
    assert describe(suspended) == (
        "membership of Pakistan suspended by CHS (adopted under consensus_minus_one)"
    )
    assert describe(suspended, "ru") == (
        "приостановление членства: Пакистан (Совет глав государств; решение принято, "
        "правило: консенсус минус один голос)"
    )


@pytest.mark.parametrize("lang", ["ru", "zh_Hans"])
def test_every_reference_event_is_described_in_the_language(lang: str) -> None:
    for event in load_history():
        if isinstance(event, OrganisationMemorandumSigned) and not event.place:
            continue  # its description is its title alone, as recorded
        described = describe(event, lang)
        # The sentence itself is translated; at most names typed into the record are not.
        assert described.parts[0].lang == lang or described.parts[-1].lang == lang, described


def test_decision_reasons_are_translated_at_the_boundary() -> None:
    members = ["CHN", "IND", "RUS"]
    objected = Consensus().evaluate(members, {"IND": Position.OBJECTION})
    assert objected.reason == "not adopted: objection by IND"
    assert objected.explain("ru") == "не принято: возражение со стороны IND"
    assert objected.explain("zh_Hans") == "未通过：IND提出反对"
    assert objected.to_json()["reason"] == "not adopted: objection by IND"
    assert objected.to_json("ru")["reason"] == "не принято: возражение со стороны IND"
    reserved = SimpleMajority().evaluate(
        members, {"CHN": Position.RESERVATION, "IND": Position.OBJECTION, "RUS": Position.SUPPORT}
    )
    assert reserved.reason == (
        "adopted: 2 in favour of 3 (more than 1/2 of cast); reservations by CHN put on record"
    )
    assert reserved.explain("ru") == (
        "принято: за — 2 из 3 (более 1/2 поданных голосов); оговорки CHN занесены в протокол"
    )
    missing = Unanimity().evaluate(members, {"IND": Position.OBJECTION, "CHN": Position.SUPPORT})
    assert missing.reason == "not adopted: not all in favour (objection: IND; absence: RUS)"
    assert missing.explain("zh_Hans") == "未通过：并非全体赞成（反对：IND；缺席：RUS）"
    double = DoubleMajority({"CHN": 3, "IND": 1, "RUS": 1}).evaluate(  # type: ignore[dict-item]
        members, {"IND": Position.SUPPORT, "RUS": Position.SUPPORT}
    )
    assert not double.adopted
    assert double.explain("ru").startswith("не принято: за — 2 из 3 членов (выполнено:")


@pytest.mark.parametrize(
    ("raise_it", "cls", "ru", "zh"),
    [
        (
            lambda: rule_from_spec("plurality"),
            UnknownRuleError,
            "неизвестное правило принятия решений 'plurality'",
            "未知的决策规则'plurality'",
        ),
        (
            lambda: parse_weights("CHN"),
            InputError,
            "неверно записан вес 'CHN': пишите ISO3=число",
            "权重'CHN'格式有误",
        ),
        (
            lambda: parse_fraction("x", "threshold"),
            InputError,
            "threshold: требуется число или дробь вида 2/3, получено 'x'",
            "threshold：应为数字或形如2/3的分数，收到的是'x'",
        ),
        (
            lambda: Consensus().evaluate(["CHN"], {}, concerned="CHN"),
            InputError,
            "правило consensus учитывает всех членов",
            "consensus规则计入全体成员",
        ),
    ],
)
def test_decision_rule_errors_are_translated(
    raise_it: object, cls: type[ComityError], ru: str, zh: str
) -> None:
    with pytest.raises(cls) as raised:
        raise_it()  # type: ignore[operator]
    assert ru in detail(raised.value, "ru")
    assert zh in detail(raised.value, "zh_Hans")
    assert raised.value.message == detail(raised.value, "en")


@pytest.fixture
def client(api: httpx.Client) -> httpx.Client:
    api.cookies.clear()
    return api


def test_api_answers_descriptions_and_reasons_in_the_readers_language(
    client: httpx.Client,
) -> None:
    ru = client.get(
        "/api/v1/history?from=2017-06-09&to=2017-06-09", headers={"Accept-Language": "ru"}
    )
    assert ru.status_code == 200, ru.text
    assert any("Индия принимается в ШОС" in i["description"] for i in ru.json()["items"])
    query = "/api/v1/decisions/evaluate?as_of=2024-07-04&positions=IND=object"
    zh = client.get(query, headers={"Accept-Language": "zh-CN"}).json()
    assert zh["reason"] == "未通过：IND提出反对"
    assert client.get(query).json()["reason"] == "not adopted: objection by IND"
    wrong = client.get(query + "&rule=plurality", headers={"Accept-Language": "ru"}).json()
    assert wrong["code"] == "unknown_rule"
    assert "неизвестное правило принятия решений 'plurality'" in wrong["detail"]


def test_cli_decide_and_history_speak_the_language(ledger_url: str) -> None:
    decide = [
        "--db",
        ledger_url,
        "--lang",
        "ru",
        "decide",
        "--positions",
        "IND=object",
        "--as-of",
        "2024-07-04",
    ]
    decided = runner.invoke(app, decide)
    assert decided.exit_code == 0, decided.output
    assert "НЕ ПРИНЯТО" in decided.stdout
    assert "не принято: возражение со стороны IND" in decided.stdout
    as_json = runner.invoke(app, [*decide, "--json"])
    assert '"reason": "not adopted: objection by IND"' in as_json.stdout  # machines read English
    history = runner.invoke(
        app,
        [
            "--db",
            ledger_url,
            "--lang",
            "zh_Hans",
            "history",
            "--from",
            "2017-06-09",
            "--to",
            "2017-06-09",
        ],
    )
    assert history.exit_code == 0, history.output
    assert "印度在阿斯塔纳" in history.stdout
    # 3 events of the admissions, 13 of India's accessions (10-accessions.yaml) and the
    # Convention on Countering Extremism (09-treaty-base.yaml), all of 9 June 2017.
    assert "17个事件" in history.stdout


def test_cli_lab_ledger_and_their_errors_speak_the_language(
    ledger_url: str, tmp_path: Path
) -> None:
    power = runner.invoke(
        app,
        ["--lang", "zh_Hans", "lab", "power", "--weights", "4,4,4,2,2,1", "--quota", "12",
         "--names", "FR,DE,IT,BE,NL,LU"],
    )  # fmt: skip
    assert power.exit_code == 0, power.output
    assert "表决权力" in power.stdout
    assert "否决权" in power.stdout
    assert "通过概率" in power.stdout
    refused = runner.invoke(app, ["--lang", "ru", "lab", "power", "--index", "gini"])
    assert refused.exit_code == 2
    assert "--index принимает одно из значений banzhaf, shapley, coleman, all" in refused.stderr
    verified = runner.invoke(app, ["--db", ledger_url, "--lang", "ru", "verify"])
    assert verified.exit_code == 0, verified.output
    assert "в порядке" in verified.stdout
    assert "вершина" in verified.stdout
    backup = tmp_path / "backup.jsonl"
    exported = runner.invoke(app, ["--db", ledger_url, "--lang", "zh_Hans", "export", str(backup)])
    assert exported.exit_code == 0, exported.output
    assert "个事件已写入" in exported.stdout
    missing = runner.invoke(
        app, ["--db", ledger_url, "--lang", "zh_Hans", "import", str(tmp_path / "none.jsonl")]
    )
    assert missing.exit_code == 2
    assert "没有备份文件" in missing.stderr


def test_a_recorded_consensus_reason_is_said_again_in_the_language() -> None:
    outcome = DecisionRecord(
        adopted=True,
        rule="consensus",
        eligible=("CHN", "IND", "RUS"),
        supporters=("CHN", "RUS"),
        reservations=("IND",),
        reason="adopted: no member state objected; reservations by IND put on record",
    )
    closed = ItemClosed(
        valid_from=date(2030, 1, 1), meeting="chs-2030", item="energy", body="CHS",
        outcome=outcome,
    )  # fmt: skip
    assert describe(closed) == f"chs-2030/energy closed: {outcome.reason}"
    assert describe(closed, "ru").__html__() == (
        "рассмотрение пункта chs-2030/energy завершено: принято: ни одно государство-член не "
        "возразило; оговорки IND занесены в протокол"
    )
    # A reason the rule would not give again (here: edited) is shown as recorded.
    edited = closed.model_copy(update={"outcome": outcome.model_copy(update={"reason": "x"})})
    assert describe(edited, "ru").__html__().endswith('<span lang="en">x</span>')
