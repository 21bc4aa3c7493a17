"""Acts that rest on a body's decision name that decision on the record.

A status grant, the start of an admission procedure and an admission are each the Council's
decision; recorded by the secretariat alone, with nothing behind it, such an act would be
the secretariat's word for a meeting that may never have sat. So the command names either

- the decision on the record: the meeting (``meeting``) and agenda item (``item``) of the
  deciding body whose closing, on the act's own date, adopted it; the act then carries the
  reference, and the meeting's place and the item's title where it gives none; or
- the outside source it is recorded from (``source``: a title, a URL, of which kind), as the
  reference history records every fact; the act then carries that source.

Neither, or a reference that does not hold (no such meeting or item, another body's, not
closed by that day, closed without adopting it, closed on another day), is refused with
:class:`~comity.errors.DecisionNotOnRecordError`. Suspension, expulsion and the graduated
measures are not in this list: they take the members' positions and put the decision itself,
rule and outcome, on the record.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import Field, model_validator

from comity.errors import DecisionNotOnRecordError
from comity.events import Event, Source
from comity.i18n import N_, Phrase
from comity.procedures.base import Command
from comity.state import InstitutionalState


class RestsOnDecision(Command):
    """A command for an act that is a body's decision: it names the decision on the record
    (``meeting`` and ``item``) or the outside ``source`` it is recorded from."""

    meeting: str | None = Field(
        default=None, description="The meeting of the deciding body whose item adopted it."
    )
    item: str | None = Field(
        default=None, description="The agenda item (of `meeting`) whose closing adopted it."
    )
    source: Source | None = Field(
        default=None,
        description="The outside source the decision is recorded from, when it is not on the"
        " record (title, kind, url...).",
    )

    @model_validator(mode="after")
    def _meeting_and_item(self) -> Self:
        if (self.meeting is None) != (self.item is None):
            raise ValueError(
                Phrase(N_("a decision on record is named by its meeting and its item, both"))
            )
        return self

    def on_record(self, state: InstitutionalState, events: list[Event]) -> list[Event]:
        return [_grounded(self, state, e) for e in events]


def _grounded(command: RestsOnDecision, state: InstitutionalState, event: Event) -> Event:
    """``event`` with the decision it rests on, or a refusal (events of no body pass)."""
    body = getattr(event, "body", None)
    if body is None or "meeting" not in type(event).model_fields:
        return event
    if command.meeting is not None and command.item is not None:
        return event.model_copy(update=_decision_fields(command, state, event, body))
    if command.source is not None:
        return event.model_copy(update={"sources": (*event.sources, command.source)})
    raise DecisionNotOnRecordError(
        N_(
            "the decision of {body} this rests on is not named: give the meeting and item that"
            " adopted it (--meeting, --item), or the outside source it is recorded from"
            " (--source-title, --source-url)"
        ),
        value=command.procedure,
        params={"body": body},
    )


def _decision_fields(
    command: RestsOnDecision, state: InstitutionalState, event: Event, body: str
) -> dict[str, Any]:
    slug, item_slug = command.meeting or "", command.item or ""
    meeting = state.meeting_records.get(slug)
    if meeting is None:
        raise DecisionNotOnRecordError(
            N_("no meeting {meeting!r} on record by {day}"),
            value=slug,
            params={"meeting": slug, "day": command.on},
        )
    if meeting.convened.body != body:
        raise DecisionNotOnRecordError(
            N_("{meeting} is a meeting of {other}; this is decided by {body}"),
            value=slug,
            params={"meeting": slug, "other": meeting.convened.body, "body": body},
        )
    item = meeting.items.get(item_slug)
    closed = item.closed if item is not None else None
    if item is None or closed is None:
        raise DecisionNotOnRecordError(
            N_(
                "item {item!r} of {meeting} was not closed by {day}: the body decides when the"
                " item is closed"
            ),
            value=item_slug,
            params={"item": item_slug, "meeting": slug, "day": command.on},
        )
    if not closed.outcome.adopted:
        raise DecisionNotOnRecordError(
            N_("item {item!r} of {meeting} was not adopted ({reason})"),
            value=item_slug,
            params={"item": item_slug, "meeting": slug, "reason": closed.outcome.reason},
        )
    if closed.valid_from != command.on:
        raise DecisionNotOnRecordError(
            N_("item {item!r} of {meeting} was adopted on {decided}, not on {day}"),
            value=command.on.isoformat(),
            params={
                "item": item_slug,
                "meeting": slug,
                "decided": closed.valid_from,
                "day": command.on,
            },
        )
    return {
        "meeting": slug,
        "item": item_slug,
        "place": getattr(event, "place", None) or meeting.convened.place,
        "decision": getattr(event, "decision", None) or item.tabled.title,
    }
