"""The compliance system of the reform ``compliance-system`` end to end, on a real SCO
document: the SCO Convention against Terrorism (signed at the Yekaterinburg summit on
16 June 2009, in force 14 January 2012; history/02-documents.yaml). Obligations, reports, one
state overdue, supervision, a dispute through every stage, graduated measures, and the
rights in force on each date; then the same steps under the Charter as it is, refused where
it has no such procedure (Art. 22: consultations and negotiations only)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from comity import queries
from comity.charter.model import Right
from comity.charter.rules import Position
from comity.errors import (
    ActorNotAllowedError,
    NoSuchProcedureError,
    NotAdoptedError,
    RightSuspendedError,
    WrongDateError,
    WrongOrderError,
)
from comity.i18n.errors import detail
from comity.procedures import (
    AdvanceDispute,
    ConveneMeeting,
    CreateObligation,
    DecidePanelReport,
    ImposePenalty,
    IssuePanelReport,
    LiftPenalty,
    RaiseDispute,
    RecordFinding,
    RequestInformation,
    StatePosition,
    SubmitReport,
    TableItem,
    execute,
    store_evidence,
)
from comity.procedures.base import state_for
from comity.record import Record
from procedures.helpers import refused

REFORM = ("compliance-system",)
BOTH = ("compliance-system", "cnc-majority")
DOC = "sco-convention-against-terrorism-2009"
# The six signatories and the four later members, which acceded to it before their admission
# (history/10-accessions.yaml: India and Pakistan 2017, Iran 2022, Belarus 2023).
PARTIES = ("BLR", "CHN", "IND", "IRN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")
YES, NO = Position.SUPPORT, Position.OBJECTION


def view(record: Record, day: date) -> dict[str, str]:
    rows = queries.compliance(record.state(day, reforms=REFORM), obligation="ct-2009-authorities")
    return {r["state"]: r["status"] for r in rows}


def test_compliance_dispute_and_penalty_under_the_reform(record: Record, tmp_path: Path) -> None:
    def run(command: object, actor: str, reforms: tuple[str, ...] = REFORM) -> None:
        execute(record, command, actor, reforms=reforms)  # type: ignore[arg-type]

    create = CreateObligation(
        on=date(2027, 2, 1),
        obligation="ct-2009-authorities",
        document=DOC,
        text="Designate the competent authorities and inform the depositary",
        category="institutions",
        due=date(2027, 6, 30),
        reporting_months=12,
    )
    # As the Charter stands there is no such procedure.
    error = refused(record, create, "secretariat", NoSuchProcedureError)  # no reform
    assert "compliance-system" in error.message
    run(create, "secretariat")
    obligation = record.state(date(2027, 2, 1)).obligations["ct-2009-authorities"]
    assert obligation.created.states == PARTIES

    evidence_file = tmp_path / "kaz-order.txt"
    evidence_file.write_text("Order No. 1 designating the competent authority\n")
    evidence = store_evidence(evidence_file, tmp_path / "data")
    assert (tmp_path / "data" / "evidence" / evidence.sha256).read_bytes() == (
        evidence_file.read_bytes()
    )
    report = SubmitReport(
        on=date(2027, 3, 1),
        obligation="ct-2009-authorities",
        state="KAZ",
        status="implemented",
        evidence=(evidence,),
    )
    refused(
        record, report, "delegation:UZB", ActorNotAllowedError, reforms=REFORM
    )  # only for its own state
    run(report, "delegation:KAZ")
    for code in ("BLR", "CHN", "IND", "IRN", "PAK", "RUS", "TJK"):
        status = "implemented"
        run(
            SubmitReport(
                on=date(2027, 4, 1), obligation="ct-2009-authorities", state=code, status=status
            ),
            f"delegation:{code}",
        )
    run(
        SubmitReport(
            on=date(2027, 5, 1),
            obligation="ct-2009-authorities",
            state="KGZ",
            status="partly",
            text="Draft order before parliament",
        ),
        "delegation:KGZ",
    )
    assert view(record, date(2027, 5, 1)) == {
        "BLR": "reported",
        "IND": "reported",
        "IRN": "reported",
        "PAK": "reported",
        "CHN": "reported",
        "KAZ": "reported",
        "KGZ": "due",
        "RUS": "reported",
        "TJK": "reported",
        "UZB": "due",
    }
    june = queries.compliance(record.state(date(2027, 6, 15), reforms=REFORM))
    assert {r["state"] for r in june if r["reminder"]} == {"KGZ", "UZB"}  # due in 30 days
    run(
        SubmitReport(
            on=date(2027, 6, 20),
            obligation="ct-2009-authorities",
            state="KGZ",
            status="implemented",
        ),
        "delegation:KGZ",
    )
    assert view(record, date(2027, 7, 1))["UZB"] == "overdue"
    assert view(record, date(2027, 7, 1))["KGZ"] == "reported"
    recorded_report = record.state(date(2027, 7, 1)).obligations["ct-2009-authorities"]
    assert recorded_report.last_report("KAZ").evidence[0].sha256 == evidence.sha256  # type: ignore[union-attr]

    # Supervision: the CNC asks, then finds; by consensus UZB blocks a finding against itself,
    # with cnc-majority two thirds of the members suffice.
    run(
        RequestInformation(
            on=date(2027, 7, 15),
            obligation="ct-2009-authorities",
            state="UZB",
            text="Please report on the designation of the competent authorities",
        ),
        "chair:CNC",
    )
    others = {s: YES for s in ("BLR", "CHN", "IND", "IRN", "KAZ", "KGZ", "PAK", "RUS")}
    finding = RecordFinding(
        on=date(2027, 9, 1),
        obligation="ct-2009-authorities",
        state="UZB",
        compliant=False,
        positions={**others, "UZB": NO},
    )
    error = refused(record, finding, "chair:CNC", NotAdoptedError, reforms=REFORM)
    assert "objection by UZB" in error.message
    execute(record, finding, "chair:CNC", reforms=BOTH)
    assert queries.compliance(record.state(date(2027, 9, 1), reforms=REFORM))[-1]["finding"] == (
        "non_compliant"
    )

    # A dispute through every stage.
    raise_ = RaiseDispute(
        on=date(2027, 10, 1),
        dispute="kaz-uzb-2027",
        state="KAZ",
        concerned="UZB",
        subject="compliance",
        document=DOC,
        obligation="ct-2009-authorities",
        text="Uzbekistan has not designated its competent authorities",
    )
    run(raise_, "delegation:KAZ")
    early = AdvanceDispute(
        on=date(2027, 11, 1), dispute="kaz-uzb-2027", state="KAZ", stage="negotiations"
    )
    error = refused(record, early, "delegation:KAZ", WrongDateError, reforms=REFORM)
    assert "2027-11-30" in error.message  # consultations: 60 days
    run(early.model_copy(update={"on": date(2027, 11, 30)}), "delegation:KAZ")
    panel = AdvanceDispute(
        on=date(2028, 1, 29),
        dispute="kaz-uzb-2027",
        state="KAZ",
        stage="panel",
        panelists=("A", "B", "C"),
    )
    run(panel, "delegation:KAZ")
    run(
        IssuePanelReport(
            on=date(2028, 5, 1), dispute="kaz-uzb-2027", breach=True, text="Breach found"
        ),
        "secretariat",
    )
    # Reverse consensus: only UZB asks to reject, so the report is adopted.
    run(
        DecidePanelReport(on=date(2028, 5, 20), dispute="kaz-uzb-2027", positions={"UZB": YES}),
        "chair:CMFA",
    )
    assert record.state(date(2028, 5, 20), reforms=REFORM).disputes["kaz-uzb-2027"].stage == (
        "adopted"
    )
    stages = queries.disputes(record.state(date(2028, 5, 20)))[0]["stages"]
    assert [s["stage"] for s in stages] == ["consultations", "negotiations", "panel"]

    # Graduated measures: a formal notice first, then the suspension of rights.
    suspension = ImposePenalty(
        on=date(2028, 6, 1),
        penalty="uzb-rights-2028",
        state="UZB",
        measure="rights_suspension",
        grounds="kaz-uzb-2027",
        rights=(Right.TAKE_PART_IN_DECISIONS, Right.CHAIR_BODIES),
        until=date(2029, 6, 1),
        positions={"UZB": NO},
    )
    error = refused(record, suspension, "chair:CHS", WrongOrderError, reforms=REFORM)
    assert "formal notice" in error.message
    # The measures are named in the reader's language (comity.i18n.words).
    assert detail(error, "ru") == (
        "мера «приостановление прав» требует сначала применить к UZB меру «официальное "
        "уведомление» (меры применяются поэтапно)"
    )
    assert detail(error, "zh_Hans") == "“中止权利”措施须先对 UZB 采取“正式通知”措施（措施逐级采取）"  # noqa: RUF001
    run(
        ImposePenalty(
            on=date(2028, 5, 25),
            penalty="uzb-notice-2028",
            state="UZB",
            measure="formal_notice",
            grounds="kaz-uzb-2027",
            positions={**others, "UZB": NO},
        ),
        "chair:CNC",
        BOTH,
    )
    run(suspension, "chair:CHS")
    before, during = record.state(date(2028, 5, 31)), record.state(date(2028, 6, 1))
    assert Right.TAKE_PART_IN_DECISIONS in before.rights_of("UZB")
    assert Right.TAKE_PART_IN_DECISIONS not in during.rights_of("UZB")
    assert Right.CHAIR_BODIES not in during.rights_of("UZB")
    assert "UZB" not in during.eligible("CHS")
    in_force = queries.rights_in_force(during, "UZB")["measures"]
    assert {m["penalty"] for m in in_force} == {"uzb-notice-2028", "uzb-rights-2028"}

    execute(
        record,
        ConveneMeeting(on=date(2028, 6, 10), meeting="cmfa-2028", body="CMFA", place="Tashkent"),
        "secretariat",
    )
    execute(
        record,
        TableItem(on=date(2028, 6, 10), meeting="cmfa-2028", item="water", title="Water"),
        "secretariat",
    )
    position = StatePosition(
        on=date(2028, 6, 10), meeting="cmfa-2028", item="water", state="UZB", position=YES
    )
    error = refused(record, position, "delegation:UZB", RightSuspendedError, reforms=REFORM)
    assert "uzb-rights-2028" in error.message
    assert "UZB may not take part in decisions on 2028-06-10" in error.message
    # The suspended right is named in the reader's language (comity.i18n.render).
    assert detail(error, "ru").startswith(
        "UZB не может осуществлять право «участие в принятии решений» на 2028-06-10"
    )
    assert detail(error, "zh_Hans").startswith("UZB 于 2028-06-10 不得行使“参与决策”权利")
    named_chair = ConveneMeeting(
        on=date(2028, 6, 12), meeting="cnc-2028", body="CNC", place="Tashkent", chair="UZB"
    )
    assert (
        "uzb-rights-2028"
        in refused(record, named_chair, "secretariat", RightSuspendedError, reforms=REFORM).message
    )

    run(LiftPenalty(on=date(2028, 9, 1), penalty="uzb-rights-2028"), "chair:CHS")
    assert Right.TAKE_PART_IN_DECISIONS in record.state(date(2028, 9, 1)).rights_of("UZB")
    assert Right.TAKE_PART_IN_DECISIONS not in record.state(date(2028, 8, 31)).rights_of("UZB")


def test_the_same_scenario_without_the_reform_is_refused(memory_record: Record) -> None:
    record = memory_record
    # The Charter's own means: consultations and negotiations, no deadlines (Art. 22).
    execute(
        record,
        RaiseDispute(
            on=date(2027, 10, 1),
            dispute="kaz-uzb-2027",
            state="KAZ",
            concerned="UZB",
            subject="interpretation",
            document=DOC,
            text="Scope of Article 1",
        ),
        "delegation:KAZ",
    )
    execute(
        record,
        AdvanceDispute(
            on=date(2027, 10, 2), dispute="kaz-uzb-2027", state="KAZ", stage="negotiations"
        ),
        "delegation:KAZ",
    )
    panel = AdvanceDispute(on=date(2028, 1, 29), dispute="kaz-uzb-2027", state="KAZ", stage="panel")
    error = refused(record, panel, "delegation:KAZ", NoSuchProcedureError)
    assert "Charter Art. 22" in error.message
    assert "no panel" in error.message
    for command, actor in (
        (
            SubmitReport(on=date(2027, 3, 1), obligation="x", state="KAZ", status="implemented"),
            "delegation:KAZ",
        ),
        (
            RecordFinding(on=date(2027, 9, 1), obligation="x", state="UZB", compliant=False),
            "chair:CNC",
        ),
        (
            ImposePenalty(
                on=date(2028, 5, 25),
                penalty="n",
                state="UZB",
                measure="formal_notice",
                grounds="kaz-uzb-2027",
            ),
            "chair:CNC",
        ),
        (
            IssuePanelReport(on=date(2028, 5, 1), dispute="kaz-uzb-2027", breach=True, text="t"),
            "secretariat",
        ),
    ):
        error = refused(record, command, actor, NoSuchProcedureError)
        assert "the charter in force on" in error.message
    # Before its effective date the reform changes nothing either.
    assert state_for(record, date(2026, 12, 31), REFORM).charter.procedures.penalties is None


def test_the_reform_settles_obligations_before_a_withdrawal(record: Record) -> None:
    # compliance-system, procedures.withdrawal.settle_obligations: notice is accepted only
    # once overdue obligations are settled; the Charter as it is (Art. 13) asks only notice.
    from comity.procedures import NotifyWithdrawal

    execute(
        record,
        CreateObligation(
            on=date(2027, 2, 1),
            obligation="ct-2009-authorities",
            document=DOC,
            text="Designate the competent authorities and inform the depositary",
            category="institutions",
            due=date(2027, 6, 30),
        ),
        "secretariat",
        reforms=REFORM,
    )
    notice = NotifyWithdrawal(on=date(2027, 7, 15), state="UZB")
    error = refused(record, notice, "delegation:UZB", WrongOrderError, reforms=REFORM)
    assert "ct-2009-authorities" in error.message
    execute(
        record,
        SubmitReport(
            on=date(2027, 7, 10),
            obligation="ct-2009-authorities",
            state="UZB",
            status="implemented",
        ),
        "delegation:UZB",
        reforms=REFORM,
    )
    recorded = execute(record, notice, "delegation:UZB", reforms=REFORM)
    assert recorded[0].event.type == "WithdrawalNotified"


def test_without_the_reform_notice_alone_suffices(record: Record) -> None:
    from comity.procedures import NotifyWithdrawal

    notice = NotifyWithdrawal(on=date(2027, 7, 15), state="UZB")
    assert execute(record, notice, "delegation:UZB")[0].event.type == "WithdrawalNotified"
