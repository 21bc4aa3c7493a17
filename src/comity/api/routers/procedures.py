"""Write endpoints: one ``POST /procedures/{name}`` per procedure of the charter.

The body is the procedure's command (its JSON schema is in the OpenAPI document). The caller
runs it as its role's actor: a delegation as ``delegation:ISO3`` (for its own state only), the
secretariat as ``secretariat`` or, with ``acting_as=chair:BODY``, as the chair of a body whose
meeting it services. The procedure then checks the charter and the actor's rights itself, and
appends its events in one transaction or refuses with a problem and writes nothing.
``reforms`` (repeatable) runs it under reform overlays of the charter, chosen per request and
stored nowhere.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from pydantic import BaseModel

from comity.api.auth import CSRF_INPUT, CallerDep, acting_actor, check_csrf
from comity.api.deps import RecordDep
from comity.narration import describe
from comity.procedures import Command, commands, execute

router = APIRouter(prefix="/procedures", tags=["procedures"], dependencies=[CSRF_INPUT])

ActingAs = Annotated[
    str | None,
    Query(
        description="Run as another actor the role allows, e.g. chair:CHS for the "
        "secretariat (default: the role's own actor)"
    ),
]


Reforms = Annotated[
    list[str] | None,
    Query(
        description="Run under these reform overlays of the charter, e.g. compliance-system "
        "(repeat for several; default: the charter as it is)"
    ),
]


class RecordedEventOut(BaseModel):
    sequence: int
    type: str
    date: str
    description: str
    hash: str


class ProcedureResult(BaseModel):
    procedure: str
    actor: str
    events: list[RecordedEventOut]
    head: str


def _endpoint(name: str, command_type: type[Command]) -> Any:
    def run(
        request: Request,
        record: RecordDep,
        caller: CallerDep,
        command: Command,
        acting_as: ActingAs = None,
        reforms: Reforms = None,
    ) -> ProcedureResult:
        check_csrf(request, caller)
        actor = acting_actor(caller, acting_as)
        today = request.app.state.today()
        account = caller.account.name if caller.account else ""
        recorded = execute(
            record, command, actor, account=account, reforms=tuple(reforms or ()), today=today
        )
        return ProcedureResult(
            procedure=name,
            actor=actor,
            events=[
                RecordedEventOut(
                    sequence=r.sequence,
                    type=r.event.type,
                    date=r.event.valid_from.isoformat(),
                    description=describe(r.event),
                    hash=r.hash,
                )
                for r in recorded
            ],
            head=record.ledger.head()[1],
        )

    # The body's type is this procedure's own command class; annotations in this module are
    # strings (postponed), so the closure's class is set on the function itself.
    run.__annotations__["command"] = Annotated[command_type, Body()]
    run.__name__ = f"run_{name}"
    run.__doc__ = (command_type.__doc__ or name.replace("_", " ")).strip().splitlines()[0]
    return run


for _name, _command in sorted(commands().items()):
    router.add_api_route(
        f"/{_name}",
        _endpoint(_name, _command),
        methods=["POST"],
        status_code=201,
        response_model=ProcedureResult,
        name=f"procedure_{_name}",
    )

#: The paths of the write endpoints, for tests and documentation.
PROCEDURE_PATHS = {name: f"/procedures/{name}" for name in commands()}
