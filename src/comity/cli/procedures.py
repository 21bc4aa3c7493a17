"""Procedure commands: membership, withdrawal, meetings and positions, documents, minutes.

Each command builds one :mod:`comity.procedures` command, runs it as ``--actor`` and appends
its events in one transaction; a refusal is a one-line message, exit status 2, nothing
written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import typer

from comity import i18n
from comity.charter.rules import Position, parse_positions
from comity.cli.common import (
    USER_KEY,
    JsonOption,
    app,
    day_option,
    emit_json,
    errors,
    operator_account,
    out,
    with_record,
)
from comity.cli.common import (
    today as current_day,
)
from comity.cli.credentials import check_actor
from comity.errors import InputError
from comity.events import Instrument
from comity.i18n import N_
from comity.ledger import RecordedEvent
from comity.narration import describe
from comity.procedures import (
    Admit,
    ApplyForMembership,
    ApplyForStatus,
    CloseItem,
    Command,
    ConveneMeeting,
    Denounce,
    DepositInstrument,
    Expel,
    GrantStatus,
    LiftSuspension,
    MakeRepresentation,
    MakeReservation,
    NotifyWithdrawal,
    ObjectToReservation,
    OpenForSignature,
    RecordAttendance,
    SignDocument,
    SignObligationsMemorandum,
    SignStatusMemorandum,
    StartAdmission,
    StatePosition,
    Suspend,
    TableItem,
    execute,
    minutes,
    parse_actor,
    parse_command,
    readiness,
    to_akoma_ntoso,
    to_markdown,
)
from comity.record import Record

membership = typer.Typer(
    help="Statuses, admission, suspension and expulsion.", no_args_is_help=True
)
withdrawal = typer.Typer(help="Withdrawal from the organisation.", no_args_is_help=True)
meeting = typer.Typer(help="Meetings: convene, table items, close items.", no_args_is_help=True)
document = typer.Typer(help="The life of a document after adoption.", no_args_is_help=True)
app.add_typer(membership, name="membership")
app.add_typer(withdrawal, name="withdrawal")
app.add_typer(meeting, name="meeting")
app.add_typer(document, name="document")

ActorOption = Annotated[
    str,
    typer.Option(
        "--actor", help="Who acts: secretariat, delegation:ISO3 or chair:BODY (e.g. chair:CHS)."
    ),
]
OnOption = Annotated[
    str | None, typer.Option("--on", help="The date it happens, YYYY-MM-DD (default: today).")
]
ScheduledOption = Annotated[
    bool,
    typer.Option(
        "--scheduled",
        help="Record it ahead of its date (needed for an --on after today); the record says so.",
    ),
]
StateArg = Annotated[str, typer.Argument(help="ISO 3166-1 alpha-3 code, e.g. IRN.")]
PlaceOption = Annotated[str | None, typer.Option(help="Where it happened.")]
DecisionOption = Annotated[str | None, typer.Option(help="The decision's title or number.")]
MeetingOption = Annotated[
    str | None,
    typer.Option(help="The meeting of the deciding body whose item adopted the decision."),
]
ItemOption = Annotated[
    str | None, typer.Option(help="The agenda item (of --meeting) whose closing adopted it.")
]
SourceTitleOption = Annotated[
    str | None,
    typer.Option(help="Or: the outside source the decision is recorded from, its title."),
]
SourceUrlOption = Annotated[str | None, typer.Option(help="The outside source's URL.")]
SourceKindOption = Annotated[
    str,
    typer.Option(
        help="The outside source's kind: primary, official, legal_database, depositary, news"
        " or secondary."
    ),
]
PositionsOption = Annotated[
    str, typer.Option(help='Positions of the deciding body\'s members, e.g. "CHN=yes,RUS=yes".')
]


def run(
    ctx: typer.Context,
    command_type: type[Command],
    data: dict[str, Any],
    *,
    actor: str,
    on: str | None,
    json_: bool,
    scheduled: bool = False,
    reforms: Sequence[str] = (),
) -> None:
    """Parse, run and report one procedure (the body of every procedure command), under the
    charter with ``reforms`` applied; an ``--on`` after today needs ``--scheduled``."""
    with errors():
        who = parse_actor(actor)
        today = current_day()
        fields = {"on": day_option(on, "--on"), "scheduled": scheduled, **data}
        command = parse_command(command_type, fields)
        user = ctx.meta.get(USER_KEY)

        def act(record: Record) -> list[RecordedEvent]:
            verified = check_actor(record, who, user)
            # The verified account acts; an operator acting as such is recorded by --account.
            account = verified.name if verified is not None else operator_account(ctx)
            return execute(
                record, command, who, account=account, reforms=tuple(reforms), today=today
            )

        recorded = with_record(ctx, act)
    rows = [
        {
            "sequence": r.sequence,
            "type": r.event.type,
            "valid_from": r.event.valid_from.isoformat(),
            "description": describe(r.event, i18n.active()),
            "event": r.event.model_dump(mode="json", exclude_none=True),
        }
        for r in recorded
    ]
    if json_:
        emit_json(
            {
                "procedure": command.procedure,
                "actor": str(who),
                "events": rows,
                "head": recorded[-1].hash if recorded else None,
            }
        )
        return
    for row in rows:
        out.print(f"#{row['sequence']} {row['valid_from']} {row['description']}", highlight=False)


def _decision(
    meeting: str | None,
    item: str | None,
    source_title: str | None,
    source_url: str | None,
    source_kind: str,
) -> dict[str, Any]:
    """The fields naming the decision an act rests on (:mod:`comity.procedures.decisions`)."""
    source = (
        {"title": source_title, "url": source_url, "kind": source_kind}
        if source_title or source_url
        else None
    )
    return {"meeting": meeting, "item": item, "source": source}


# --- membership -------------------------------------------------------------------------------


@membership.command("apply-status")
def apply_status(
    ctx: typer.Context,
    state: StateArg,
    status: Annotated[str, typer.Option(help="observer, dialogue_partner or partner.")],
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    json_: JsonOption = False,
) -> None:
    """A state applies for observer, dialogue-partner or partner status.

    Example: comity membership apply-status LAO --status partner --on 2025-10-01 --actor delegation:LAO
    """  # noqa: E501
    run(
        ctx,
        ApplyForStatus,
        {"state": state, "status": status},
        actor=actor,
        on=on,
        scheduled=scheduled,
        json_=json_,
    )


@membership.command("grant-status")
def grant_status(
    ctx: typer.Context,
    state: StateArg,
    status: Annotated[str, typer.Option(help="observer, dialogue_partner or partner.")],
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    place: PlaceOption = None,
    decision: DecisionOption = None,
    meeting: MeetingOption = None,
    item: ItemOption = None,
    source_title: SourceTitleOption = None,
    source_url: SourceUrlOption = None,
    source_kind: SourceKindOption = "official",
    json_: JsonOption = False,
) -> None:
    """The Council of Heads of State grants the status applied for: name its decision on the
    record (--meeting, --item), or the outside source it is recorded from (--source-title).

    Example: comity membership grant-status LAO --status partner --on 2026-06-16 --meeting chs-2026-bishkek --item lao-partner --actor secretariat
    """  # noqa: E501
    data = {"state": state, "status": status, "place": place, "decision": decision}
    data |= _decision(meeting, item, source_title, source_url, source_kind)
    run(ctx, GrantStatus, data, actor=actor, on=on, scheduled=scheduled, json_=json_)


@membership.command("status-memorandum")
def status_memorandum(
    ctx: typer.Context,
    state: StateArg,
    status: Annotated[str, typer.Option(help="observer, dialogue_partner or partner.")],
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    place: PlaceOption = None,
    json_: JsonOption = False,
) -> None:
    """The memorandum on the status is signed with the state.

    Example: comity membership status-memorandum LAO --status partner --on 2026-09-01 --actor secretariat
    """  # noqa: E501
    data = {"state": state, "status": status, "place": place}
    run(ctx, SignStatusMemorandum, data, actor=actor, on=on, scheduled=scheduled, json_=json_)


@membership.command("apply")
def apply_membership(
    ctx: typer.Context,
    state: StateArg,
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    json_: JsonOption = False,
) -> None:
    """A state (an observer or partner) applies for membership.

    Example: comity membership apply MNG --on 2026-01-15 --actor delegation:MNG
    """
    run(
        ctx,
        ApplyForMembership,
        {"state": state},
        actor=actor,
        on=on,
        scheduled=scheduled,
        json_=json_,
    )


@membership.command("start")
def start(
    ctx: typer.Context,
    state: StateArg,
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    place: PlaceOption = None,
    decision: DecisionOption = None,
    meeting: MeetingOption = None,
    item: ItemOption = None,
    source_title: SourceTitleOption = None,
    source_url: SourceUrlOption = None,
    source_kind: SourceKindOption = "official",
    json_: JsonOption = False,
) -> None:
    """The Council of Heads of State starts the admission procedure: the state is an applicant.

    Example: comity membership start MNG --on 2026-06-16 --place Bishkek --source-title "Bishkek Declaration" --source-url https://example.org/bishkek --actor secretariat
    """  # noqa: E501
    data = {"state": state, "place": place, "decision": decision}
    data |= _decision(meeting, item, source_title, source_url, source_kind)
    run(ctx, StartAdmission, data, actor=actor, on=on, scheduled=scheduled, json_=json_)


@membership.command("memorandum")
def obligations_memorandum(
    ctx: typer.Context,
    state: StateArg,
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    place: PlaceOption = None,
    json_: JsonOption = False,
) -> None:
    """The applicant signs the memorandum of obligations.

    Example: comity membership memorandum MNG --on 2026-09-01 --actor secretariat
    """
    data = {"state": state, "place": place}
    run(ctx, SignObligationsMemorandum, data, actor=actor, on=on, scheduled=scheduled, json_=json_)


@membership.command("admit")
def admit(
    ctx: typer.Context,
    state: StateArg,
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    place: PlaceOption = None,
    decision: DecisionOption = None,
    meeting: MeetingOption = None,
    item: ItemOption = None,
    source_title: SourceTitleOption = None,
    source_url: SourceUrlOption = None,
    source_kind: SourceKindOption = "official",
    json_: JsonOption = False,
) -> None:
    """The final decision: the applicant, its obligations met, becomes a member state.

    Example: comity membership admit MNG --on 2027-06-15 --scheduled --meeting chs-2027 --item mng --actor chair:CHS
    """  # noqa: E501
    data = {"state": state, "place": place, "decision": decision}
    data |= _decision(meeting, item, source_title, source_url, source_kind)
    run(ctx, Admit, data, actor=actor, on=on, scheduled=scheduled, json_=json_)


@membership.command("represent")
def represent(
    ctx: typer.Context,
    state: StateArg,
    measure: Annotated[str, typer.Option(help="suspension or expulsion.")],
    grounds: Annotated[str, typer.Option(help="Why: the obligations violated.")],
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    json_: JsonOption = False,
) -> None:
    """The Council of Ministers of Foreign Affairs represents that a member be suspended or
    expelled (Charter Art. 13).

    Example: comity membership represent PAK --measure suspension --grounds "..." --actor chair:CMFA
    """
    data = {"state": state, "measure": measure, "grounds": grounds}
    run(ctx, MakeRepresentation, data, actor=actor, on=on, scheduled=scheduled, json_=json_)


@membership.command("suspend")
def suspend(
    ctx: typer.Context,
    state: StateArg,
    positions: PositionsOption,
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    json_: JsonOption = False,
) -> None:
    """The Council of Heads of State suspends a member, by consensus minus one.

    Example: comity membership suspend PAK --positions "CHN=yes,PAK=object" --actor chair:CHS
    """
    with errors():
        parsed = parse_positions(positions)
    run(
        ctx,
        Suspend,
        {"state": state, "positions": parsed},
        actor=actor,
        on=on,
        scheduled=scheduled,
        json_=json_,
    )


@membership.command("lift")
def lift(
    ctx: typer.Context,
    state: StateArg,
    positions: PositionsOption,
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    json_: JsonOption = False,
) -> None:
    """The Council restores a suspended member's rights (by its own rule).

    Example: comity membership lift PAK --positions "CHN=yes" --actor chair:CHS
    """
    with errors():
        parsed = parse_positions(positions)
    data = {"state": state, "positions": parsed}
    run(ctx, LiftSuspension, data, actor=actor, on=on, scheduled=scheduled, json_=json_)


@membership.command("expel")
def expel(
    ctx: typer.Context,
    state: StateArg,
    positions: PositionsOption,
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    effective: Annotated[
        str | None, typer.Option(help="The date fixed by the Council (default: --on).")
    ] = None,
    json_: JsonOption = False,
) -> None:
    """The Council of Heads of State expels a suspended member, by consensus minus one.

    Example: comity membership expel PAK --positions "CHN=yes" --effective 2027-01-01 --actor chair:CHS
    """  # noqa: E501
    with errors():
        parsed = parse_positions(positions)
        day = day_option(effective, "--effective") if effective else None
    data = {"state": state, "positions": parsed, "effective": day}
    run(ctx, Expel, data, actor=actor, on=on, scheduled=scheduled, json_=json_)


# --- withdrawal ---------------------------------------------------------------------------------


@withdrawal.command("notify")
def notify(
    ctx: typer.Context,
    state: StateArg,
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    effective: Annotated[
        str | None, typer.Option(help="A later date of withdrawal (default: 12 months on).")
    ] = None,
    json_: JsonOption = False,
) -> None:
    """A member notifies the depositary of its withdrawal; effective twelve months later.

    Example: comity withdrawal notify UZB --on 2026-03-01 --actor delegation:UZB
    """
    with errors():
        day = day_option(effective, "--effective") if effective else None
    run(
        ctx,
        NotifyWithdrawal,
        {"state": state, "effective": day},
        actor=actor,
        on=on,
        scheduled=scheduled,
        json_=json_,
    )


# --- meetings ---------------------------------------------------------------------------------


@meeting.command("convene")
def convene(
    ctx: typer.Context,
    meeting_id: Annotated[str, typer.Argument(help="A slug, e.g. chs-2026-bishkek.")],
    body: Annotated[str, typer.Option(help="Body code, e.g. CHS, CMFA.")],
    place: Annotated[str, typer.Option(help="Where it meets.")],
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    ends_on: Annotated[str | None, typer.Option(help="Last day, YYYY-MM-DD.")] = None,
    chair: Annotated[
        str | None, typer.Option(help="ISO3 of the chair (default: the rotation).")
    ] = None,
    name: Annotated[str | None, typer.Option(help="The meeting's name.")] = None,
    json_: JsonOption = False,
) -> None:
    """Convene a meeting of a body; the chair follows the rotation unless named.

    Example: comity meeting convene chs-2026-bishkek --body CHS --place Bishkek --on 2026-06-15 --actor secretariat
    """  # noqa: E501
    with errors():
        last = day_option(ends_on, "--ends-on") if ends_on else None
    data = {
        "meeting": meeting_id,
        "body": body,
        "place": place,
        "ends_on": last,
        "chair": chair,
        "name": name,
    }
    run(ctx, ConveneMeeting, data, actor=actor, on=on, scheduled=scheduled, json_=json_)


@meeting.command("table")
def table(
    ctx: typer.Context,
    meeting_id: Annotated[str, typer.Argument(help="The meeting's slug.")],
    item: Annotated[str, typer.Option(help="The item's slug, e.g. energy.")],
    title: Annotated[str, typer.Option(help="The item's title.")],
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    kind: Annotated[str, typer.Option(help="decision or project (Art. 16 opt-outs).")] = "decision",
    document_id: Annotated[str | None, typer.Option(help="Slug of a draft tabled.")] = None,
    document_title: Annotated[str | None, typer.Option(help="The draft's title.")] = None,
    document_kind: Annotated[str, typer.Option(help="agreement, decision, ...")] = "decision",
    json_: JsonOption = False,
) -> None:
    """Table an agenda item, with a draft document if one is given.

    Example: comity meeting table chs-2026-bishkek --item energy --title "Energy cooperation" --kind project --document-id energy-2026 --document-title "Agreement on energy cooperation" --document-kind agreement --on 2026-06-15 --actor chair:CHS
    """  # noqa: E501
    draft = (
        {"id": document_id, "title": document_title or document_id, "kind": document_kind}
        if document_id
        else None
    )
    data = {"meeting": meeting_id, "item": item, "title": title, "kind": kind, "document": draft}
    run(ctx, TableItem, data, actor=actor, on=on, scheduled=scheduled, json_=json_)


@meeting.command("attendance")
def attendance(
    ctx: typer.Context,
    meeting_id: Annotated[str, typer.Argument(help="The meeting's slug.")],
    present: Annotated[
        str, typer.Option(help="The member states present, ISO3 separated by commas.")
    ],
    actor: ActorOption,
    on: OnOption = None,
    json_: JsonOption = False,
) -> None:
    """Record the roll call: the member states whose delegations are present.

    Example: comity meeting attendance chs-2026-bishkek --present BLR,CHN,IND,IRN,KAZ,KGZ,PAK,RUS,TJK,UZB --on 2026-06-15 --actor secretariat
    """  # noqa: E501
    data = {"meeting": meeting_id, "present": [s.strip() for s in present.split(",") if s.strip()]}
    run(ctx, RecordAttendance, data, actor=actor, on=on, json_=json_)


@meeting.command("close")
def close(
    ctx: typer.Context,
    meeting_id: Annotated[str, typer.Argument(help="The meeting's slug.")],
    item: Annotated[str, typer.Option(help="The item's slug.")],
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    json_: JsonOption = False,
) -> None:
    """Close an item: the body's rule on the positions stated; the outcome and its reason.

    Example: comity meeting close chs-2026-bishkek --item energy --on 2026-06-16 --actor chair:CHS
    """
    data = {"meeting": meeting_id, "item": item}
    run(ctx, CloseItem, data, actor=actor, on=on, scheduled=scheduled, json_=json_)


@app.command()
def position(
    ctx: typer.Context,
    meeting_id: Annotated[str, typer.Argument(help="The meeting's slug.")],
    item: Annotated[str, typer.Option(help="The item's slug.")],
    state: Annotated[str, typer.Option(help="The delegation's state, ISO3.")],
    stance: Annotated[
        str,
        typer.Option("--position", help="support, objection, reservation, abstention or absence."),
    ],
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    statement: Annotated[
        str | None, typer.Option(help="The viewpoint put into the minutes (reservations).")
    ] = None,
    opt_out: Annotated[
        bool, typer.Option("--opt-out", help="Stay out of a cooperation project (Art. 16).")
    ] = False,
    json_: JsonOption = False,
) -> None:
    """A delegation states (or changes) its position on an open item.

    Example: comity position chs-2026-bishkek --item energy --state IND --position reserve --statement "..." --on 2026-06-15 --actor delegation:IND
    """  # noqa: E501
    with errors():
        parsed = Position.parse(stance)
    data = {
        "meeting": meeting_id,
        "item": item,
        "state": state,
        "position": parsed,
        "statement": statement,
        "opt_out": opt_out,
    }
    run(ctx, StatePosition, data, actor=actor, on=on, scheduled=scheduled, json_=json_)


@meeting.command("readiness")
def readiness_(
    ctx: typer.Context,
    meeting_id: Annotated[str, typer.Argument(help="The meeting's slug.")],
    item: Annotated[str, typer.Option(help="The item's slug.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The record as of this date (default: today).")
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Whether an open item may close now: who is absent or yet to speak, and what the
    body's rule would decide on the positions stated.

    Example: comity meeting readiness chs-2026-bishkek --item energy --as-of 2026-06-16
    """

    def look(record: Any) -> dict[str, Any]:
        state = record.state(day)
        held = state.meeting_records.get(meeting_id)
        if held is None or item not in held.items:
            raise InputError(
                N_("no open item {item!r} of a meeting {meeting!r} by {day}"),
                value=item,
                params={"item": item, "meeting": meeting_id, "day": day},
            )
        ready = readiness(state, held, held.items[item])
        return {
            "meeting": meeting_id,
            "item": item,
            "present": None if ready.present is None else list(ready.present),
            "absent": list(ready.absent),
            "needed": ready.needed,
            "yet_to_speak": list(ready.yet_to_speak),
            "may_close": ready.may_close,
            "would_pass": ready.outcome.adopted,
            "reason": ready.outcome.explain(i18n.active()),
            "rule": ready.reference,
        }

    with errors():
        day = day_option(as_of)
        data = with_record(ctx, look)
    if json_:
        emit_json(data)
        return
    states = ", ".join
    if data["yet_to_speak"]:
        waiting = {"states": states(data["yet_to_speak"])}
        typer.echo(i18n.gettext("Yet to speak: %(states)s.") % waiting)
    if data["absent"]:
        typer.echo(
            i18n.gettext(
                "Blocked by the quorum: %(needed)s must be present; not recorded present:"
                " %(states)s."
            )
            % {"needed": data["needed"], "states": states(data["absent"])}
        )
    elif not data["may_close"]:
        typer.echo(
            i18n.gettext("Blocked by: yet to speak: %(states)s.")
            % {"states": states(data["yet_to_speak"])}
        )
    elif data["would_pass"]:
        typer.echo(
            i18n.gettext("Would pass if closed now: %(reason)s.") % {"reason": data["reason"]}
        )
    else:
        typer.echo(
            i18n.gettext("Would not pass if closed now: %(reason)s.") % {"reason": data["reason"]}
        )


@app.command("minutes")
def minutes_(
    ctx: typer.Context,
    meeting_id: Annotated[str, typer.Argument(help="The meeting's slug.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The record as of this date (default: today).")
    ] = None,
    format_: Annotated[
        str, typer.Option("--format", help="markdown, akn (Akoma Ntoso XML) or json.")
    ] = "markdown",
    json_: JsonOption = False,
) -> None:
    """The minutes of a meeting, from the record, with the reservations put on record.

    Example: comity minutes chs-2026-bishkek --format akn
    """
    with errors():
        day = day_option(as_of)
        chosen = "json" if json_ else format_.strip().lower()
        if chosen not in ("markdown", "md", "akn", "json"):
            raise InputError(
                N_("--format is markdown, akn or json, got {format!r}"),
                value=format_,
                params={"format": format_},
            )
        data = with_record(ctx, lambda r: minutes(r.state(day), meeting_id))
    if chosen == "json":
        emit_json(data)
    elif chosen == "akn":
        typer.echo(to_akoma_ntoso(data).decode("utf-8"), nl=False)
    else:
        typer.echo(to_markdown(data), nl=False)


# --- documents --------------------------------------------------------------------------------

DocumentArg = Annotated[str, typer.Argument(help="The document's id, e.g. energy-2026.")]


@document.command("open")
def open_(
    ctx: typer.Context,
    doc: DocumentArg,
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    depositary: Annotated[str | None, typer.Option(help="Who keeps the instruments.")] = None,
    instruments: Annotated[
        int | None, typer.Option(help="Instruments needed for entry into force (default: all).")
    ] = None,
    days_after: Annotated[int, typer.Option(help="Days from the decisive deposit.")] = 0,
    denunciation_months: Annotated[
        int | None, typer.Option(help="Months from a denunciation to its effect.")
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Open an adopted document for signature, with its entry-into-force clause.

    Example: comity document open energy-2026 --instruments 4 --days-after 30 --denunciation-months 6 --depositary Secretariat --on 2026-06-16 --actor secretariat
    """  # noqa: E501
    clause = {
        "instruments": instruments,
        "days_after": days_after,
        "denunciation_months": denunciation_months,
    }
    data = {"document": doc, "depositary": depositary, "entry_into_force": clause}
    run(ctx, OpenForSignature, data, actor=actor, on=on, scheduled=scheduled, json_=json_)


@document.command("sign")
def sign(
    ctx: typer.Context,
    doc: DocumentArg,
    state: Annotated[str, typer.Option(help="The signing state, ISO3.")],
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    json_: JsonOption = False,
) -> None:
    """A member state signs a document open for signature.

    Example: comity document sign energy-2026 --state CHN --on 2026-06-16 --actor delegation:CHN
    """
    run(
        ctx,
        SignDocument,
        {"document": doc, "state": state},
        actor=actor,
        on=on,
        scheduled=scheduled,
        json_=json_,
    )


@document.command("deposit")
def deposit(
    ctx: typer.Context,
    doc: DocumentArg,
    state: Annotated[str, typer.Option(help="The depositing state, ISO3.")],
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    instrument: Annotated[
        str, typer.Option(help="ratification, acceptance, approval or accession.")
    ] = Instrument.RATIFICATION.value,
    json_: JsonOption = False,
) -> None:
    """A state deposits its instrument with the depositary.

    Example: comity document deposit energy-2026 --state CHN --instrument ratification --on 2026-09-01 --actor delegation:CHN
    """  # noqa: E501
    data = {"document": doc, "state": state, "instrument": instrument}
    run(ctx, DepositInstrument, data, actor=actor, on=on, scheduled=scheduled, json_=json_)


@document.command("reserve")
def reserve(
    ctx: typer.Context,
    doc: DocumentArg,
    state: Annotated[str, typer.Option(help="The reserving state, ISO3.")],
    reservation: Annotated[str, typer.Option(help="A slug naming the reservation.")],
    text: Annotated[str, typer.Option(help="The reservation's text.")],
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    json_: JsonOption = False,
) -> None:
    """A signatory makes a reservation to a document.

    Example: comity document reserve energy-2026 --state IND --reservation ind-1 --text "..." --actor delegation:IND
    """  # noqa: E501
    data = {"document": doc, "state": state, "reservation": reservation, "text": text}
    run(ctx, MakeReservation, data, actor=actor, on=on, scheduled=scheduled, json_=json_)


@document.command("object")
def object_(
    ctx: typer.Context,
    doc: DocumentArg,
    reservation: Annotated[str, typer.Option(help="The reservation's slug.")],
    state: Annotated[str, typer.Option(help="The objecting state, ISO3.")],
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    json_: JsonOption = False,
) -> None:
    """A state objects to another state's reservation.

    Example: comity document object energy-2026 --reservation ind-1 --state PAK --actor delegation:PAK
    """  # noqa: E501
    data = {"document": doc, "reservation": reservation, "state": state}
    run(ctx, ObjectToReservation, data, actor=actor, on=on, scheduled=scheduled, json_=json_)


@document.command("denounce")
def denounce(
    ctx: typer.Context,
    doc: DocumentArg,
    state: Annotated[str, typer.Option(help="The denouncing party, ISO3.")],
    actor: ActorOption,
    on: OnOption = None,
    scheduled: ScheduledOption = False,
    effective: Annotated[
        str | None, typer.Option(help="Effective date, if the clause is not on record.")
    ] = None,
    json_: JsonOption = False,
) -> None:
    """A party denounces a document; its effective date follows the document's clause.

    Example: comity document denounce energy-2026 --state PAK --on 2027-01-10 --actor delegation:PAK
    """
    with errors():
        day = day_option(effective, "--effective") if effective else None
    data = {"document": doc, "state": state, "effective": day}
    run(ctx, Denounce, data, actor=actor, on=on, scheduled=scheduled, json_=json_)
