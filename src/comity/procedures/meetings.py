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
            raise ValueError("a reservation states a viewpoint: give its statement")
        if self.opt_out and self.position is Position.OBJECTION:
            raise ValueError("an opt-out stays out of a project without objecting to it")
        return self


class CloseItem(Command):
    procedure = "close_item"
    meeting: str
    item: str


def _meeting(state: InstitutionalState, slug: str) -> MeetingRecord:
    found = state.meeting_records.get(slug)
    if found is None:
        raise WrongOrderError(
            f"no meeting {slug!r} convened by {state.as_of}: convene it first", value=slug
        )
    return found


def _item(meeting: MeetingRecord, slug: str) -> ItemRecord:
    found = meeting.items.get(slug)
    if found is None:
        raise WrongOrderError(
            f"no item {slug!r} on the agenda of {meeting.convened.meeting}: table it first",
            value=slug,
        )
    if found.closed is not None:
        raise WrongOrderError(
            f"item {slug!r} of {meeting.convened.meeting} was closed on {found.closed.valid_from}",
            value=slug,
        )
    return found


def _in_session(meeting: MeetingRecord, day: date) -> None:
    first, last = meeting.convened.valid_from, meeting.last_day
    if not first <= day <= last:
        raise WrongDateError(
            f"{meeting.convened.meeting} sits from {first} to {last}, not on {day}",
            value=day.isoformat(),
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
            f"{body.name} ({body.code}) does not meet to take decisions", value=body.code
        )
    if command.meeting in state.meeting_records:
        raise WrongOrderError(f"meeting {command.meeting!r} is convened already")
    if command.ends_on is not None and command.ends_on < command.on:
        raise WrongDateError(
            f"a meeting ends on or after its first day ({command.on}), got {command.ends_on}",
            value=command.ends_on.isoformat(),
        )
    expected = rotation_chair(state, body.code)
    chair = command.chair or expected
    if chair is None:
        raise WrongStatusError("no member state can chair on this date")
    require_right(state, chair, Right.CHAIR_BODIES)
    status = state.status_of(chair)
    if status is None or Right.CHAIR_BODIES not in state.charter.rights(status):
        raise WrongStatusError(
            f"{chair} may not chair {body.code} on {command.on}: chairs are member states",
            value=chair,
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
            f"{command.meeting} ended on {meeting.last_day}; items are tabled by then",
            value=command.on.isoformat(),
        )
    if command.item in meeting.items:
        raise WrongOrderError(f"item {command.item!r} is on the agenda already")
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
                f"document {command.document.id!r} is in the record already",
                value=command.document.id,
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
            f"{command.state} ({shown.value.replace('_', ' ') if shown else 'no status'}) "
            f"takes no part in the decisions of {meeting.convened.body} on {command.on}",
            value=command.state,
        )
    if command.opt_out and item.tabled.kind is not ItemKind.PROJECT:
        raise MalformedCommandError(
            "an opt-out is possible only on a cooperation project (Charter Art. 16); "
            f"{command.item!r} is a {item.tabled.kind.value}",
            value=command.item,
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
