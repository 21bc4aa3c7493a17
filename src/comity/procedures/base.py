"""What every procedure shares: commands, the registry, and running one against a record.

A procedure is a pure function ``(command, state, actor) -> list[Event]`` that raises a
specific :class:`~comity.errors.ComityError` and never writes. :func:`execute` folds the record
as of the command's date, runs the procedure and appends all its events in one transaction,
so a refused command leaves the ledger exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from comity.errors import MalformedCommandError, NoCharterInForceError, WrongDateError
from comity.events import Event
from comity.ledger import RecordedEvent
from comity.procedures.actors import Actor, authorise_kind, parse_actor
from comity.record import Record
from comity.state import InstitutionalState


class Command(BaseModel):
    """A request to run a procedure on a date (``on``: when it happens in the world)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    procedure: ClassVar[str]
    on: date


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
        where = ".".join(str(p) for p in first["loc"]) or command.procedure
        raise MalformedCommandError(
            f"{command.procedure.replace('_', ' ')}: {where}: {first['msg']}",
            value=where,
        ) from e
    except (TypeError, ValueError) as e:
        raise MalformedCommandError(f"{command.procedure}: {e}") from e


def decide(command: Command, state: InstitutionalState, actor: Actor) -> list[Event]:
    """Run the procedure registered for the command's class on a folded state (pure)."""
    authorise_kind(command.procedure, actor)
    return _REGISTRY[type(command)](command, state, actor)


def state_for(record: Record, day: date) -> InstitutionalState:
    try:
        return record.state(day, require_charter=True)
    except NoCharterInForceError as e:
        raise WrongDateError(e.message, value=e.value) from e


def execute(record: Record, command: Command, actor: str | Actor) -> list[RecordedEvent]:
    """Run ``command`` as ``actor`` against ``record``: fold, decide, append in one call."""
    who = actor if isinstance(actor, Actor) else parse_actor(actor)
    events = decide(command, state_for(record, command.on), who)
    return record.ledger.append(events, actor=str(who))
