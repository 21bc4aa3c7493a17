"""What every procedure shares: commands, the registry, and running one against a record.

A procedure is a pure function ``(command, state, actor) -> list[Event]`` that raises a
specific :class:`~comity.errors.ComityError` and never writes. :func:`execute` folds the record
as of the command's date, runs the procedure and appends all its events in one transaction,
so a refused command leaves the ledger exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, ClassVar, Self, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    ValidationError,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from comity.charter.model import Right, load_charter
from comity.errors import (
    FutureDateError,
    MalformedCommandError,
    NoCharterInForceError,
    NoSuchProcedureError,
    RightSuspendedError,
    WrongDateError,
)
from comity.events import Event
from comity.i18n import N_, Phrase, Term, reason_of, words
from comity.i18n import errors as i18n_errors
from comity.ledger import RecordedEvent
from comity.limits import EARLIEST, LATEST, MAX_ITEMS, MAX_TEXT, within_dates
from comity.procedures.actors import Actor, authorise_kind, parse_actor
from comity.record import Record
from comity.state import InstitutionalState


class Command(BaseModel):
    """A request to run a procedure on a date (``on``: when it happens in the world)."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, str_max_length=MAX_TEXT
    )

    procedure: ClassVar[str]
    on: date
    scheduled: bool = Field(
        default=False,
        description="Recorded ahead of its date: allows an `on` after today, and the events"
        " say they were scheduled.",
    )

    @model_validator(mode="after")
    def _within_limits(self) -> Self:
        """Refuse dates outside comity's span and lists longer than :data:`MAX_ITEMS`."""
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, date) and not within_dates(value):
                raise ValueError(
                    Phrase(
                        N_("{name}: dates lie between {earliest} and {latest}, got {value}"),
                        {"name": name, "earliest": EARLIEST, "latest": LATEST, "value": value},
                    )
                )
            if isinstance(value, tuple | list | dict | frozenset) and len(value) > MAX_ITEMS:
                raise ValueError(
                    Phrase(
                        N_("{name}: at most {limit} entries, got {count}"),
                        {"name": name, "limit": MAX_ITEMS, "count": len(value)},
                    )
                )
        return self

    def on_record(self, state: InstitutionalState, events: list[Event]) -> list[Event]:
        """The procedure's events, checked against what they rest on in the record (and
        completed with it), or a refusal; most commands rest on nothing more than the
        procedure checked (:class:`comity.procedures.decisions.RestsOnDecision` does)."""
        return events

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # The list bound is checked above; the schema states it too, for clients and fuzzers.
        schema = handler.resolve_ref_schema(handler(core_schema))
        for spec in schema.get("properties", {}).values():
            for variant in (spec, *spec.get("anyOf", ())):
                if variant.get("type") == "array":
                    variant.setdefault("maxItems", MAX_ITEMS)
        return schema


C = TypeVar("C", bound=Command)
ProcedureFn = Callable[[C, InstitutionalState, Actor], list[Event]]

_REGISTRY: dict[type[Command], ProcedureFn[Any]] = {}


def procedure(command: type[C]) -> Callable[[ProcedureFn[C]], ProcedureFn[C]]:
    """Register the function below as the procedure for ``command``."""

    def register(run: ProcedureFn[C]) -> ProcedureFn[C]:
        _REGISTRY[command] = run
        return run

    return register


def commands() -> dict[str, type[Command]]:
    """Every command class by its procedure's name."""
    return {c.procedure: c for c in _REGISTRY}


def parse_command(command: type[C], data: Mapping[str, Any]) -> C:
    """Validate JSON-ready data into a command, refusing malformed input with the reason."""
    try:
        return command.model_validate(dict(data))
    except ValidationError as e:
        first = e.errors(include_url=False)[0]
        where = i18n_errors.where(first) or command.procedure
        raise MalformedCommandError(
            N_("{procedure}: {where}: {reason}"),
            value=where,
            params={
                "procedure": command.procedure.replace("_", " "),
                "where": where,
                "reason": i18n_errors.Issue.of(first),
            },
        ) from e
    except (TypeError, ValueError) as e:
        raise MalformedCommandError(
            N_("{procedure}: {reason}"),
            params={"procedure": command.procedure, "reason": reason_of(e)},
        ) from e


def refuse_future(command: Command, today: date) -> None:
    """Refuse a command dated after ``today`` unless it is marked as scheduled: the record
    says what happened, and what is planned only when it says so."""
    if command.on > today and not command.scheduled:
        raise FutureDateError(
            N_(
                "{day} is after today ({today}): record it when it has happened, or mark it as"
                ' scheduled (--scheduled; "scheduled": true in the API)'
            ),
            value=command.on.isoformat(),
            params={"day": command.on, "today": today},
        )


def decide(
    command: Command, state: InstitutionalState, actor: Actor, *, today: date | None = None
) -> list[Event]:
    """Run the procedure registered for the command's class on a folded state (pure).

    With ``today`` (the caller's clock: the pure core reads none), a command dated after it
    is refused unless scheduled; a scheduled command's events are marked as scheduled.
    """
    authorise_kind(command.procedure, actor)
    if today is not None:
        refuse_future(command, today)
    events = command.on_record(state, _REGISTRY[type(command)](command, state, actor))
    if command.scheduled:
        return [e.model_copy(update={"scheduled": True}) for e in events]
    return events


def procedure_rules(state: InstitutionalState, name: str, what: str) -> Any:
    """The charter's rules for procedure ``name`` on the state's date, or a refusal saying
    that the charter in force has none and which reform would provide it."""
    rules = getattr(state.charter.procedures, name)
    if rules is not None:
        return rules
    offering = sorted(
        r.id
        for r in load_charter(state.charter.organisation).reforms.values()
        if f"procedures.{name}" in r.changes
    )
    basis = state.charter.procedures.references.get(name)
    params = {
        "day": state.as_of,
        "what": Term(what),
        "basis": basis,
        "reforms": ", ".join(offering),
    }
    if basis and offering:
        template = N_(
            "the charter in force on {day} has no {what} ({basis}); the reform {reforms} provides"
            " it (run with --reform)"
        )
    elif basis:
        template = N_("the charter in force on {day} has no {what} ({basis})")
    elif offering:
        template = N_(
            "the charter in force on {day} has no {what}; the reform {reforms} provides it"
            " (run with --reform)"
        )
    else:
        template = N_("the charter in force on {day} has no {what}")
    raise NoSuchProcedureError(template, value=name, params=params)


def require_right(state: InstitutionalState, code: str, right: Right) -> None:
    """Refuse, naming the measure, when a measure in force suspends ``right`` of ``code``."""
    found = state.suspending(code, right)
    if found is not None:
        imposed = found.imposed
        template = (
            N_(
                "{code} may not {right} on {day}: suspended by measure {penalty} ({measure}"
                " decided by {body} on {since}, until {until}; basis: {basis})"
            )
            if imposed.until
            else N_(
                "{code} may not {right} on {day}: suspended by measure {penalty} ({measure}"
                " decided by {body} on {since}, until lifted; basis: {basis})"
            )
        )
        raise RightSuspendedError(
            template,
            value=imposed.penalty,
            params={
                "code": code,
                "right": right,
                "day": state.as_of,
                "penalty": imposed.penalty,
                "measure": words(imposed.measure),
                "body": imposed.body,
                "since": imposed.valid_from,
                "until": imposed.until,
                "basis": imposed.basis,
            },
        )


def state_for(record: Record, day: date, reforms: Iterable[str] = ()) -> InstitutionalState:
    try:
        return record.state(day, require_charter=True, reforms=reforms)
    except NoCharterInForceError as e:
        # Keeps the charter's template, so the refusal reads in the reader's language too.
        raise WrongDateError(
            e.template or e.message,
            value=e.value,
            params=e.params if e.template is not None else None,
        ) from e


def execute(
    record: Record,
    command: Command,
    actor: str | Actor,
    *,
    account: str = "",
    reforms: Iterable[str] = (),
    today: date | None = None,
) -> list[RecordedEvent]:
    """Run ``command`` as ``actor`` against ``record``: fold, decide, append in one call.

    ``account`` is who acts in the role ``actor`` names (the logged-in account of the API or
    the web, the CLI's operator); the ledger records both.

    ``reforms`` names the reform overlays of the charter the procedure runs under (e.g.
    ``("compliance-system",)``); they are chosen per call, and not stored: the events are
    the record, the charter under which they are read is the reader's choice.

    ``today`` is the day it is where the command comes from; the CLI, the API and the web
    pages pass their clock's, and a command dated after it is refused unless scheduled. A
    caller that replays or simulates (tests, the lab) passes none.
    """
    who = actor if isinstance(actor, Actor) else parse_actor(actor)
    events = decide(command, state_for(record, command.on, reforms), who, today=today)
    recorded = record.append(events, actor=str(who), account=account)
    record.appended()
    return recorded
