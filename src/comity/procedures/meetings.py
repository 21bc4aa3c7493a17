"""Meetings and decisions: convene a meeting, table items and documents, state positions,
close an item by the body's rule.

SCO Charter Art. 16: a decision is adopted if no member objects (consensus); a member's
viewpoint on aspects of it (a *reservation*) does not block it and is put into the minutes;
members not interested in a cooperation project may stay out of it without preventing the
others (an *opt-out*: the participating subset is recorded).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from comity import i18n
from comity.charter.model import Right
from comity.charter.rules import Outcome, Position
from comity.errors import (
    MalformedCommandError,
    NotEligibleError,
    QuorumNotMetError,
    UnknownBodyError,
    WrongDateError,
    WrongOrderError,
    WrongStatusError,
)
from comity.events import (
    AgendaItemTabled,
    AttendanceRecorded,
    DocumentAdopted,
    DocumentKind,
    DocumentTabled,
    Event,
    ItemClosed,
    ItemKind,
    MeetingConvened,
    PositionStated,
)
from comity.i18n import N_, Phrase, Term
from comity.narration import opted_out_clause
from comity.procedures.actors import Actor, authorise
from comity.procedures.base import Command, procedure, require_right
from comity.procedures.measures import decision_record
from comity.state import InstitutionalState, ItemRecord, MeetingRecord
from comity.states import StateCode

SLUG = r"^[a-z0-9][a-z0-9._-]*$"


class ConveneMeeting(Command):
    procedure = "convene_meeting"
    meeting: str = Field(pattern=SLUG)
    body: str = Field(min_length=1)
    place: str = Field(min_length=1)
    ends_on: date | None = None
    chair: StateCode | None = None  # default: the next state in the rotation
    name: str | None = None


class DraftDocument(BaseModel):
    """A draft tabled with an item: its id (a slug), title and kind."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    kind: DocumentKind = DocumentKind.DECISION


class TableItem(Command):
    procedure = "table_item"
    meeting: str
    item: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    kind: ItemKind = ItemKind.DECISION
    document: DraftDocument | None = None


class StatePosition(Command):
    procedure = "state_position"
    meeting: str
    item: str
    state: StateCode
    position: Position
    statement: str | None = None
    opt_out: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> StatePosition:
        if self.position is Position.RESERVATION and not self.statement:
            raise ValueError(Phrase(N_("a reservation states a viewpoint: give its statement")))
        if self.opt_out and self.position is Position.OBJECTION:
            raise ValueError(
                Phrase(N_("an opt-out stays out of a project without objecting to it"))
            )
        return self


class CloseItem(Command):
    procedure = "close_item"
    meeting: str
    item: str


class RecordAttendance(Command):
    """The roll call: the member states whose delegations are present (replaces any earlier)."""

    procedure = "record_attendance"
    meeting: str
    present: tuple[StateCode, ...]


@dataclass(frozen=True)
class Readiness:
    """Whether an item may close now under the body's quorum (``Body.quorum``), and what its
    rule would decide on the positions stated so far."""

    eligible: tuple[str, ...]
    #: The last roll call (None: none recorded yet).
    present: tuple[str, ...] | None
    #: Member states taking part in decisions not recorded present.
    absent: tuple[str, ...]
    #: How many must be present (``len(eligible)`` under "all present"), 0 with no quorum rule.
    needed: int
    #: Member states present (or, with no quorum rule, taking part) with no position stated.
    yet_to_speak: tuple[str, ...]
    #: Whether the quorum rule makes the present states' hearing a condition of closing.
    hearing_required: bool
    outcome: Outcome
    reference: str | None

    @property
    def quorum_met(self) -> bool:
        return len(self.eligible) - len(self.absent) >= self.needed

    @property
    def may_close(self) -> bool:
        return self.quorum_met and not (self.hearing_required and self.yet_to_speak)


def readiness(state: InstitutionalState, meeting: MeetingRecord, item: ItemRecord) -> Readiness:
    """What closing ``item`` now would need and give: absent states, states yet to speak, and
    the outcome of the body's rule on the positions stated (absent states count as absent)."""
    body = state.charter.body(meeting.convened.body)
    eligible = state.eligible(body.code)
    quorum = body.quorum
    present = meeting.present
    here = tuple(s for s in eligible if present is not None and s in present)
    absent = tuple(s for s in eligible if s not in here) if quorum is not None else ()
    needed = 0
    if quorum is not None:
        share = quorum.share
        needed = -(-len(eligible) * share.numerator // share.denominator)  # ceiling
    speakers = here if quorum is not None else eligible
    stated = {s: p for s, p in item.positions.items() if s in eligible}
    # Art. 16: staying out of a project does not block it; for the rule it is an abstention.
    positions = {
        s: Position.ABSTENTION if p.opt_out else Position(p.position) for s, p in stated.items()
    }
    return Readiness(
        eligible=eligible,
        present=present,
        absent=absent,
        needed=needed,
        yet_to_speak=tuple(s for s in speakers if s not in stated),
        hearing_required=quorum is not None and quorum.heard,
        outcome=body.rule().evaluate(eligible, positions),
        reference=body.quorum_reference,
    )


def _listed(states: tuple[str, ...]) -> str:
    return ", ".join(states) or "—"


def _meeting(state: InstitutionalState, slug: str) -> MeetingRecord:
    found = state.meeting_records.get(slug)
    if found is None:
        raise WrongOrderError(
            N_("no meeting {meeting!r} convened by {day}: convene it first"),
            value=slug,
            params={"meeting": slug, "day": state.as_of},
        )
    return found


def _item(meeting: MeetingRecord, slug: str) -> ItemRecord:
    found = meeting.items.get(slug)
    if found is None:
        raise WrongOrderError(
            N_("no item {item!r} on the agenda of {meeting}: table it first"),
            value=slug,
            params={"item": slug, "meeting": meeting.convened.meeting},
        )
    if found.closed is not None:
        raise WrongOrderError(
            N_("item {item!r} of {meeting} was closed on {day}"),
            value=slug,
            params={
                "item": slug,
                "meeting": meeting.convened.meeting,
                "day": found.closed.valid_from,
            },
        )
    return found


def _in_session(meeting: MeetingRecord, day: date) -> None:
    first, last = meeting.convened.valid_from, meeting.last_day
    if not first <= day <= last:
        raise WrongDateError(
            N_("{meeting} sits from {first} to {last}, not on {day}"),
            value=day.isoformat(),
            params={"meeting": meeting.convened.meeting, "first": first, "last": last, "day": day},
        )


def rotation_chair(state: InstitutionalState, body: str) -> str | None:
    """The chair the charter gives the next meeting of ``body`` (its ``chair_rule``).

    By ``rotation``: the next member state in the rotation order after the chair of the body's
    last meeting. By ``presidency``: the state hosting the next meeting of the presiding body,
    i.e. that body's next chair by its own rule (SCO Charter Art. 7: after the Tianjin summit
    of 2025 the Council of Ministers of Foreign Affairs is chaired by Kyrgyzstan, host of the
    2026 summit). A state whose right to chair a measure suspends is passed over.
    """
    rule = state.charter.body(body).chair_rule
    if rule.by == "presidency" and rule.of is not None and rule.of != body:
        return rotation_chair(state, rule.of)
    order = state.charter.procedures.chair_rotation
    members = [
        s for s in order if s in state.members() and state.suspending(s, Right.CHAIR_BODIES) is None
    ]
    if not members:
        return None
    last = state.last_meeting(body)
    if last is None or last.chair not in order:
        return members[0]
    after = order[order.index(last.chair) + 1 :] + order[: order.index(last.chair) + 1]
    return next(s for s in after if s in members)


@procedure(ConveneMeeting)
def convene_meeting(
    command: ConveneMeeting, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """Convene a meeting of a body; the chair follows the rotation unless named."""
    authorise(command.procedure, actor)
    body = state.charter.body(command.body)
    if body.decision_rule is None:
        raise UnknownBodyError(
            N_("{name} ({body}) does not meet to take decisions"),
            value=body.code,
            params={"name": body.name, "body": body.code},
        )
    if command.meeting in state.meeting_records:
        raise WrongOrderError(
            N_("meeting {meeting!r} is convened already"), params={"meeting": command.meeting}
        )
    if command.ends_on is not None and command.ends_on < command.on:
        raise WrongDateError(
            N_("a meeting ends on or after its first day ({day}), got {ends_on}"),
            value=command.ends_on.isoformat(),
            params={"day": command.on, "ends_on": command.ends_on},
        )
    expected = rotation_chair(state, body.code)
    chair = command.chair or expected
    if chair is None:
        raise WrongStatusError(N_("no member state can chair on this date"), params={})
    require_right(state, chair, Right.CHAIR_BODIES)
    status = state.status_of(chair)
    if status is None or Right.CHAIR_BODIES not in state.charter.rights(status):
        raise WrongStatusError(
            N_("{state} may not chair {body} on {day}: chairs are member states"),
            value=chair,
            params={"state": chair, "body": body.code, "day": command.on},
        )
    note = (
        "chair by rotation"
        if chair == expected
        else f"chair out of rotation order ({expected} was next)"
    )
    return [
        MeetingConvened(
            valid_from=command.on,
            meeting=command.meeting,
            body=body.code,
            ends_on=command.ends_on,
            place=command.place,
            chair=chair,
            name=command.name,
            note=note,
        )
    ]


@procedure(TableItem)
def table_item(command: TableItem, state: InstitutionalState, actor: Actor) -> list[Event]:
    """Put an item (and a draft document) on a meeting's agenda, before or during it."""
    meeting = _meeting(state, command.meeting)
    authorise(command.procedure, actor, body=meeting.convened.body)
    if command.on > meeting.last_day:
        raise WrongDateError(
            N_("{meeting} ended on {day}; items are tabled by then"),
            value=command.on.isoformat(),
            params={"meeting": command.meeting, "day": meeting.last_day},
        )
    if command.item in meeting.items:
        raise WrongOrderError(
            N_("item {item!r} is on the agenda already"), params={"item": command.item}
        )
    events: list[Event] = [
        AgendaItemTabled(
            valid_from=command.on,
            meeting=command.meeting,
            item=command.item,
            title=command.title,
            kind=command.kind,
        )
    ]
    if command.document is not None:
        if command.document.id in state.documents:
            raise WrongOrderError(
                N_("document {document!r} is in the record already"),
                value=command.document.id,
                params={"document": command.document.id},
            )
        events.append(
            DocumentTabled(
                valid_from=command.on,
                meeting=command.meeting,
                item=command.item,
                document=command.document.id,
                title=command.document.title,
                kind=command.document.kind,
            )
        )
    return events


@procedure(StatePosition)
def state_position(command: StatePosition, state: InstitutionalState, actor: Actor) -> list[Event]:
    """A delegation states (or changes) its position on an open item."""
    authorise(command.procedure, actor, state=command.state)
    meeting = _meeting(state, command.meeting)
    item = _item(meeting, command.item)
    _in_session(meeting, command.on)
    require_right(state, command.state, Right.TAKE_PART_IN_DECISIONS)
    eligible = state.eligible(meeting.convened.body)
    if command.state not in eligible:
        shown = state.status_of(command.state)
        raise NotEligibleError(
            N_("{state} ({current}) takes no part in the decisions of {body} on {day}"),
            value=command.state,
            params={
                "state": command.state,
                "current": shown or Term(N_("no status")),
                "body": meeting.convened.body,
                "day": command.on,
            },
        )
    if command.opt_out and item.tabled.kind is not ItemKind.PROJECT:
        raise MalformedCommandError(
            N_(
                "an opt-out is possible only on a cooperation project (Charter Art. 16); {item!r}"
                " is a {kind}"
            ),
            value=command.item,
            params={"item": command.item, "kind": item.tabled.kind.value},
        )
    return [
        PositionStated(
            valid_from=command.on,
            meeting=command.meeting,
            item=command.item,
            state=command.state,
            position=command.position.value,
            statement=command.statement,
            opt_out=command.opt_out,
        )
    ]


@procedure(RecordAttendance)
def record_attendance(
    command: RecordAttendance, state: InstitutionalState, actor: Actor
) -> list[Event]:
    """The secretariat (or the chair) records which member states' delegations are present."""
    meeting = _meeting(state, command.meeting)
    authorise(command.procedure, actor, body=meeting.convened.body)
    _in_session(meeting, command.on)
    eligible = state.eligible(meeting.convened.body)
    outsiders = sorted(set(command.present) - set(eligible))
    if outsiders:
        raise NotEligibleError(
            N_(
                "the roll call lists the member states taking part in the decisions of {body}"
                " ({eligible}); {outsiders} are not among them on {day}"
            ),
            value=outsiders[0],
            params={
                "body": meeting.convened.body,
                "eligible": _listed(eligible),
                "outsiders": ", ".join(outsiders),
                "day": command.on,
            },
        )
    return [
        AttendanceRecorded(
            valid_from=command.on,
            meeting=command.meeting,
            present=tuple(s for s in eligible if s in command.present),
        )
    ]


def _require_quorum(ready: Readiness, meeting: str, item: str) -> None:
    """Refuse to close while the quorum rule does not hold, naming who is missing."""
    if not ready.quorum_met:
        raise QuorumNotMetError(
            N_(
                "{meeting}/{item} cannot close: {needed} of the {eligible} member states must be"
                " present, and {absent} are not recorded present; record the roll call first"
            ),
            value=item,
            params={
                "meeting": meeting,
                "item": item,
                "needed": ready.needed,
                "eligible": len(ready.eligible),
                "absent": _listed(ready.absent),
            },
        )
    if ready.hearing_required and ready.yet_to_speak:
        raise QuorumNotMetError(
            N_(
                "{meeting}/{item} cannot close: {states} present but yet to state a position"
                " (an abstention passes explicitly)"
            ),
            value=item,
            params={"meeting": meeting, "item": item, "states": _listed(ready.yet_to_speak)},
        )


@procedure(CloseItem)
def close_item(command: CloseItem, state: InstitutionalState, actor: Actor) -> list[Event]:
    """Close an item: once the body's quorum holds (members present and heard), apply its rule
    to the last position of each member; record the outcome with its reason, and the adoption
    of any document tabled under it."""
    meeting = _meeting(state, command.meeting)
    authorise(command.procedure, actor, body=meeting.convened.body)
    item = _item(meeting, command.item)
    _in_session(meeting, command.on)
    body = state.charter.body(meeting.convened.body)
    ready = readiness(state, meeting, item)
    _require_quorum(ready, command.meeting, command.item)
    opted_out = tuple(
        sorted(s for s, p in item.positions.items() if p.opt_out and s in ready.eligible)
    )
    outcome = ready.outcome
    participating: tuple[str, ...] = ()
    reason = outcome.reason
    if item.tabled.kind is ItemKind.PROJECT:
        participating = tuple(s for s in outcome.counted if outcome.positions[s].is_in_favour)
        if opted_out:
            reason += "; " + opted_out_clause(opted_out).render(i18n.DEFAULT)
    record = decision_record(outcome, opted_out=opted_out, participating=participating)
    events: list[Event] = [
        ItemClosed(
            valid_from=command.on,
            meeting=command.meeting,
            item=command.item,
            body=body.code,
            outcome=record.model_copy(update={"reason": reason}),
        )
    ]
    if outcome.adopted:
        events.extend(
            DocumentAdopted(
                valid_from=command.on,
                document=draft.document,
                title=draft.title,
                kind=draft.kind,
                body=body.code,
                place=meeting.convened.place,
                meeting=command.meeting,
                item=command.item,
            )
            for draft in item.documents
        )
    return events
