"""The procedures' refusals read in Russian and Chinese: the catalogue's sentence, its params
filled in, over the library and over HTTP; English stays word for word as it was."""

# ruff: noqa: RUF001 (Chinese punctuation is the translation itself)

from __future__ import annotations

from datetime import date

import httpx
import pytest
from typer.testing import CliRunner

from comity.cli import app
from comity.errors import (
    ActorNotAllowedError,
    ComityError,
    MalformedActorError,
    NoCharterInForceError,
    NoSuchProcedureError,
    UnknownDocumentError,
    WrongDateError,
    WrongOrderError,
    WrongStatusError,
)
from comity.i18n import check
from comity.i18n.errors import detail
from comity.identity import IdentityStore, Role
from comity.ledger import MemoryLedger, open_ledger
from comity.procedures import (
    ApplyForMembership,
    Command,
    ConveneMeeting,
    LiftSuspension,
    NotifyWithdrawal,
    SignDocument,
    StatePosition,
    TableItem,
    authorise,
    execute,
    parse_actor,
)
from comity.procedures.base import state_for
from comity.procedures.disputes import AdvanceDispute, RaiseDispute
from comity.procedures.obligations import CreateObligation
from comity.procedures.penalties import ImposePenalty, LiftPenalty
from comity.procedures.supervision import RequestInformation
from comity.record import Record
from i18n.helpers import assert_translated

DAY = date(2026, 3, 1)
REFORMED = date(2027, 3, 1)  # the reform compliance-system is effective from 2027-01-01
REFORM = ("compliance-system",)


@pytest.fixture(scope="module")
def record() -> Record:
    rec = Record(MemoryLedger())
    rec.load_reference()
    return rec


# (command, actor, reforms, error, English, Russian, Chinese)
CASES: list[tuple[Command, str, tuple[str, ...], type[ComityError], str, str, str]] = [
    (
        StatePosition(on=DAY, meeting="no-such", item="a", state="IND", position="support"),
        "delegation:PAK",
        (),
        ActorNotAllowedError,
        "delegation:PAK acts only for PAK, not for IND",
        "delegation:PAK действует только от имени PAK, а не от имени IND",
        "delegation:PAK 只能代表 PAK 行事，不能代表 IND",
    ),
    (
        ApplyForMembership(on=REFORMED, state="IND"),
        "secretariat",
        (),
        WrongStatusError,
        "IND is member on 2027-03-01; an observer (partner from 2025) may apply for membership",
        "статус IND на 2027-03-01: «государство-член»; заявление о приёме в члены может подать "
        "государство-наблюдатель (с 2025 года — партнёр)",
        "IND 于 2027-03-01 的地位为“成员国”；观察员国（自 2025 年起为伙伴国）方可申请成为成员国",
    ),
    (
        SignDocument(on=DAY, document="no-such", state="IND"),
        "delegation:IND",
        (),
        UnknownDocumentError,
        "no document 'no-such' in the record by 2026-03-01",
        "к 2026-03-01 документ 'no-such' в реестре отсутствует",
        "截至 2026-03-01，记录中无文件 'no-such'",
    ),
    (
        TableItem(on=DAY, meeting="no-such", item="a", title="A"),
        "secretariat",
        (),
        WrongOrderError,
        "no meeting 'no-such' convened by 2026-03-01: convene it first",
        "к 2026-03-01 заседание 'no-such' не созвано: сначала созовите его",
        "截至 2026-03-01，会议 'no-such' 未召开：请先召开会议",
    ),
    (
        ConveneMeeting(on=DAY, meeting="m", body="CHS", place="Bishkek", ends_on=date(2026, 2, 1)),
        "secretariat",
        (),
        WrongDateError,
        "a meeting ends on or after its first day (2026-03-01), got 2026-02-01",
        "заседание заканчивается не ранее своего первого дня (2026-03-01), получено 2026-02-01",
        "会议须在首日（2026-03-01）或之后结束，收到的是 2026-02-01",
    ),
    (
        LiftSuspension(on=DAY, state="IND"),
        "secretariat",
        (),
        WrongStatusError,
        "IND is not suspended on 2026-03-01",
        "на 2026-03-01 членство IND не приостановлено",
        "IND 于 2026-03-01 未被中止成员资格",
    ),
    (
        NotifyWithdrawal(on=DAY, state="UZB", effective=date(2026, 6, 1)),
        "delegation:UZB",
        (),
        WrongDateError,
        "notice is due 12 months before the withdrawal: given on 2026-03-01, it takes effect on "
        "2027-03-01 at the earliest, not 2026-06-01",
        "уведомление направляется за 12 мес. до выхода: направленное 2026-03-01, оно вступает "
        "в силу не ранее 2027-03-01, а не 2026-06-01",
        "退出通知须在退出前 12 个月发出：于 2026-03-01 发出的通知最早于 2027-03-01 生效，而非 "
        "2026-06-01",
    ),
    (
        ImposePenalty(on=DAY, penalty="p", state="IND", measure="formal_notice", grounds="x"),
        "secretariat",
        (),
        NoSuchProcedureError,
        "the charter in force on 2026-03-01 has no graduated measures; the reform "
        "compliance-system provides it (run with --reform)",
        "в Хартии, действующей на 2026-03-01, не предусмотрено: поэтапные меры; это "
        "предусматривает реформа compliance-system (запустите с --reform)",
        "2026-03-01 有效的宪章未规定分级措施；改革方案 compliance-system "
        "对此作出了规定（使用 --reform 运行）",
    ),
    (
        ImposePenalty(on=REFORMED, penalty="p", state="IND", measure="formal_notice", grounds="x"),
        "secretariat",
        REFORM,
        WrongOrderError,
        "no obligation or dispute 'x' on record by 2027-03-01: a measure needs grounds (a "
        "finding of non-compliance or an adopted panel report)",
        "к 2027-03-01 обязательство или спор 'x' не зарегистрированы: для меры нужны основания "
        "(заключение о несоблюдении или принятый доклад третейской группы)",
        "截至 2027-03-01，无义务或争端 'x' 的记录：采取措施须有依据（未遵守的认定或已通过的"
        "专家组报告）",
    ),
    (
        LiftPenalty(on=REFORMED, penalty="p"),
        "secretariat",
        REFORM,
        WrongOrderError,
        "no measure 'p' in force on 2027-03-01",
        "на 2027-03-01 мера 'p' не действует",
        "2027-03-01 无有效的措施 'p'",
    ),
    (
        RaiseDispute(
            on=REFORMED,
            dispute="d",
            state="IND",
            concerned="IND",
            subject="compliance",
            document="sco-charter",
            text="t",
        ),
        "delegation:IND",
        REFORM,
        WrongOrderError,
        "a dispute is between two member states",
        "спор возникает между двумя государствами-членами",
        "争端须发生在两个成员国之间",
    ),
    (
        AdvanceDispute(on=REFORMED, dispute="no-such", state="IND", stage="panel"),
        "delegation:IND",
        REFORM,
        WrongOrderError,
        "no dispute 'no-such' on record by 2027-03-01",
        "к 2027-03-01 спор 'no-such' не зарегистрирован",
        "截至 2027-03-01，无争端 'no-such' 的记录",
    ),
    (
        CreateObligation(on=REFORMED, obligation="o", document="no-such", text="t", category="c"),
        "secretariat",
        REFORM,
        UnknownDocumentError,
        "no document 'no-such' on record by 2027-03-01",
        "к 2027-03-01 документ 'no-such' не зарегистрирован",
        "截至 2027-03-01，无文件 'no-such'的记录",
    ),
    (
        RequestInformation(on=REFORMED, obligation="no-such", state="IND", text="t"),
        "secretariat",
        REFORM,
        WrongOrderError,
        "no obligation 'no-such' on record by 2027-03-01",
        "к 2027-03-01 обязательство 'no-such' не зарегистрировано",
        "截至 2027-03-01，无义务 'no-such' 的记录",
    ),
]


@pytest.mark.parametrize(
    ("command", "actor", "reforms", "error", "english", "russian", "chinese"),
    CASES,
    ids=[c[0].procedure for c in CASES],
)
def test_a_procedure_refusal_reads_in_each_language(
    record: Record,
    command: Command,
    actor: str,
    reforms: tuple[str, ...],
    error: type[ComityError],
    english: str,
    russian: str,
    chinese: str,
) -> None:
    before = record.ledger.count()
    with pytest.raises(error) as caught:
        execute(record, command, actor, reforms=reforms)
    assert record.ledger.count() == before
    assert caught.value.message == english
    assert_translated(caught.value, russian, chinese)


def test_malformed_actors_are_explained_in_each_language() -> None:
    with pytest.raises(MalformedActorError) as caught:
        parse_actor("president")
    assert detail(caught.value, "ru") == (
        "неизвестный участник 'president': укажите secretariat, delegation:ISO3 (например, "
        "delegation:IND) или chair:BODY (например, chair:CHS)"
    )
    assert detail(caught.value, "zh_Hans") == (
        "未知的行为主体 'president'：请写 secretariat、delegation:ISO3（例如 "
        "delegation:IND）或 chair:BODY（例如 chair:CHS）"
    )
    with pytest.raises(ActorNotAllowedError) as refused:
        authorise("close_item", parse_actor("chair:CMFA"), body="CHS")
    assert refused.value.message == (
        "chair:CMFA may not run close item; it is run by chair:CHS, secretariat"
    )
    assert detail(refused.value, "ru") == (
        "chair:CMFA не вправе выполнять процедуру «close item»; её выполняет: "
        "chair:CHS, secretariat"
    )
    assert detail(refused.value, "zh_Hans") == (
        "chair:CMFA 无权执行“close item”程序；该程序由 chair:CHS, secretariat 执行"
    )


def test_a_date_before_any_charter_keeps_the_charters_sentence(record: Record) -> None:
    day = date(1996, 1, 1)
    with pytest.raises(NoCharterInForceError) as charter:
        record.state(day, require_charter=True)
    with pytest.raises(WrongDateError) as caught:
        state_for(record, day)
    assert caught.value.message == charter.value.message
    for lang in ("ru", "zh_Hans"):
        assert detail(caught.value, lang) == detail(charter.value, lang)


def test_no_procedure_raises_an_english_only_detail() -> None:
    # Pydantic validators raise plain ValueError (they reach users through the command's
    # MalformedCommandError); the minutes are another module's.
    left = [
        line
        for line in check.english_details()
        if "comity/procedures/" in line
        and "minutes.py" not in line
        and not line.endswith(": ValueError")
    ]
    assert left == []


# Over HTTP: a procedure's problem document follows Accept-Language.


def test_a_refused_procedure_over_http_reads_in_russian_and_chinese(
    api: httpx.Client, secretariat: dict[str, str]
) -> None:
    command = {"on": "2026-06-16", "meeting": "no-such", "item": "a", "title": "A"}
    url = "/api/v1/procedures/table_item"

    def refuse(lang: str | None) -> dict[str, str]:
        headers = secretariat | ({"Accept-Language": lang} if lang else {})
        response = api.post(url, json=command, headers=headers)
        assert response.status_code == 409, response.text
        problem: dict[str, str] = response.json()
        assert problem["code"] == "wrong_order"
        return problem

    en = refuse(None)
    assert en["detail"] == "no meeting 'no-such' convened by 2026-06-16: convene it first"
    ru = refuse("ru-RU,ru;q=0.9")
    assert ru["title"] == "Неверный порядок действий"
    assert ru["detail"] == "к 2026-06-16 заседание 'no-such' не созвано: сначала созовите его"
    zh = refuse("zh-CN")
    assert zh["title"] == "步骤顺序错误"
    assert zh["detail"] == "截至 2026-06-16，会议 'no-such' 未召开：请先召开会议"


def test_a_refused_procedure_on_the_cli_reads_in_the_language_of_lang(ledger_url: str) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["--db", ledger_url, "init"]).exit_code == 0
    with open_ledger(ledger_url) as ledger:
        store = IdentityStore(ledger.engine)
        store.migrate()
        store.add_account("kaz-delegate", Role.parse("delegation:KAZ"), "kazakh delegation")
    args = ["--user", "kaz-delegate", "withdrawal", "notify", "UZB", "--on", "2026-03-01"]
    args += ["--actor", "delegation:KAZ"]
    env = {"COMITY_PASSWORD": "kazakh delegation"}
    ru = runner.invoke(app, ["--db", ledger_url, "--lang", "ru", *args], env=env)
    assert ru.exit_code == 2, ru.output
    assert "(actor_not_allowed)" in ru.stderr
    assert "delegation:KAZ действует только от имени KAZ, а не от имени UZB" in ru.stderr
    zh = runner.invoke(app, ["--db", ledger_url, "--lang", "zh_Hans", *args], env=env)
    assert zh.exit_code == 2, zh.output
    assert "delegation:KAZ 只能代表 KAZ 行事，不能代表 UZB" in zh.stderr


def test_an_incomplete_accession_reads_in_russian_and_chinese() -> None:
    # Iran on the day of its admission (4 July 2023), its instruments of accession left out.
    from comity.charter import load_charter
    from comity.errors import AccessionIncompleteError
    from comity.events import InstrumentDeposited, StateAdmitted
    from comity.procedures.membership import check_accessions
    from comity.reference import load_history
    from comity.state import fold

    events = [
        e
        for e in load_history()
        if not (isinstance(e, (InstrumentDeposited, StateAdmitted)) and e.state == "IRN")
    ]
    state = fold(load_charter(), events, date(2023, 7, 4))
    with pytest.raises(AccessionIncompleteError) as caught:
        check_accessions(state, "IRN")
    error = caught.value
    assert error.code == "accession_incomplete"
    documents = error.params["documents"]
    assert documents.startswith("sco-charter, good-neighbourliness-treaty-2007, ")
    assert_translated(
        error,
        f"IRN не присоединилось к 2023-07-04 к {documents}, перечисленным в его меморандуме об"
        " обязательствах; сдайте документы о присоединении до окончательного решения",
        f"IRN 截至 2023-07-04 尚未加入其义务备忘录所列的 {documents}；请在最终决定之前交存加入书",
    )
