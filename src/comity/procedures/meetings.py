"""Meetings and decisions: convene a meeting, table items and documents, state positions,
close an item by the body's rule.

SCO Charter Art. 16: a decision is adopted if no member objects (consensus); a member's
viewpoint on aspects of it (a *reservation*) does not block it and is put into the minutes;
members not interested in a cooperation project may stay out of it without preventing the
others (an *opt-out*: the participating subset is recorded).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from comity.charter.model import Right
from comity.charter.rules import Position
from comity.errors import (
    MalformedCommandError,
    NotEligibleError,
    UnknownBodyError,
    WrongDateError,
    WrongOrderError,
    WrongStatusError,
)
from comity.events import (
    AgendaItemTabled,
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
    """The next member state in the chair rotation after the body's last chair (a state
    whose right to chair a measure suspends is passed over)."""
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


@procedure(CloseItem)
def close_item(command: CloseItem, state: InstitutionalState, actor: Actor) -> list[Event]:
    """Close an item: apply the body's rule to the last position of each member; record the
    outcome with its reason, and the adoption of any document tabled under it."""
    meeting = _meeting(state, command.meeting)
    authorise(command.procedure, actor, body=meeting.convened.body)
    item = _item(meeting, command.item)
    _in_session(meeting, command.on)
    body = state.charter.body(meeting.convened.body)
    eligible = state.eligible(body.code)
    stated = {s: p for s, p in item.positions.items() if s in eligible}
    opted_out = tuple(sorted(s for s, p in stated.items() if p.opt_out))
    # Art. 16: staying out of a project does not block it; for the rule it is an abstention.
    positions = {
        s: Position.ABSTENTION if p.opt_out else Position(p.position) for s, p in stated.items()
    }
    outcome = body.rule().evaluate(eligible, positions)
    participating: tuple[str, ...] = ()
    reason = outcome.reason
    if item.tabled.kind is ItemKind.PROJECT:
        participating = tuple(s for s in outcome.counted if outcome.positions[s].is_in_favour)
        if opted_out:
            reason += f"; {', '.join(opted_out)} not taking part (Charter Art. 16)"
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
