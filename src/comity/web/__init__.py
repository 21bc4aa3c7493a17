"""The web UI: server-rendered pages with htmx, every asset served by comity itself.

Pages read the same :mod:`comity.queries` as the CLI and the API; they hold no rules of
their own. Without JavaScript every page still works as plain forms and links; htmx only
swaps fragments in place (the timeline's date slider).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from comity import __version__, queries
from comity.api.auth import CALLER_INPUTS, Caller, CallerDep, current_caller
from comity.api.deps import AsOf, RecordDep
from comity.errors import AuthenticationError, ComityError
from comity.events import Status
from comity.i18n import N_
from comity.ledger import StoredRow, decode_row
from comity.ledger.export import public_lines
from comity.procedures.meetings import rotation_chair
from comity.record import Record, current_versions
from comity.settings import Settings
from comity.state import MEMBER_STATUSES, InstitutionalState
from comity.state.disclosure import Disclosure
from comity.states import parse_state, state_name
from comity.web import localise
from comity.witness.publish import PublishedCheckpoint

_HERE = resources.files("comity.web")


def who_is_here(request: Request) -> dict[str, Any]:
    """For every page: the logged-in account (if any) and its session's CSRF token."""
    identity = getattr(request.app.state, "identity", None)
    if identity is None:
        return {"who": None, "session_csrf": ""}
    try:
        caller = current_caller(request, identity)
    except AuthenticationError:
        return {"who": None, "session_csrf": ""}
    return {
        "who": caller if caller.account else None,
        "session_csrf": caller.session.csrf_token if caller.session else "",
    }


templates = Jinja2Templates(
    directory=str(_HERE.joinpath("templates")),
    context_processors=[who_is_here, localise.language_context],
)
templates.env.globals.update(version=__version__, state_name=state_name)
localise.install(templates)
static = StaticFiles(directory=str(_HERE.joinpath("static")))

router = APIRouter(include_in_schema=False, dependencies=CALLER_INPUTS)

#: The first day the timeline shows: the Shanghai Five agreement of 26 April 1996.
TIMELINE_START = date(1996, 4, 26)

#: Groups of event types for the timeline's filter.
EVENT_KINDS: dict[str, tuple[str, ...]] = {
    "membership": (
        "StateAdmitted",
        "MembershipApplied",
        "AccessionProcedureStarted",
        "ObligationsMemorandumSigned",
    ),
    "statuses": ("StatusGranted", "StatusMemorandumSigned", "StatusCategoriesMerged"),
    "summits": ("MeetingConvened",),
    "documents": ("DocumentSigned", "DocumentAdopted", "InstrumentDeposited", "EnteredIntoForce"),
    "offices": ("OfficeHolderAppointed", "BodyEstablished"),
    "organisations": ("OrganisationMemorandumSigned",),
}


#: Headings of the status groups on the home page and the timeline (translated in templates).
GROUP_TITLES = {
    "observer": N_("Observers (%(n)s)"),
    "dialogue_partner": N_("Dialogue partners (%(n)s)"),
    "partner": N_("Partners (%(n)s)"),
    "guest": N_("Guests (%(n)s)"),
}
#: Names of the timeline's event groups (translated in templates).
KIND_TITLES = {
    "membership": N_("membership"),
    "statuses": N_("statuses"),
    "summits": N_("summits"),
    "documents": N_("documents"),
    "offices": N_("offices"),
    "organisations": N_("organisations"),
}
#: Names of the lab's decision rules ("" is the body's own rule).
RULE_TITLES = {
    "": N_("the body's own"),
    "consensus": N_("consensus"),
    "unanimity": N_("unanimity"),
    "simple_majority": N_("simple majority"),
    "qualified_majority": N_("qualified majority"),
}
templates.env.globals.update(
    group_titles=GROUP_TITLES, kind_titles=KIND_TITLES, rule_titles=RULE_TITLES
)


def _organisation(state: InstitutionalState) -> dict[str, Any]:
    """What the home page and the timeline show of the organisation on a day."""
    # Grouped by official status; an admission procedure under way shows on the state's card.
    others = [
        s
        for s in Status
        if s not in (Status.WITHDRAWN, Status.EXPELLED, Status.APPLICANT, *MEMBER_STATUSES)
    ]
    groups = {status.value: queries.members(state, status.value) for status in others}
    last = state.last_meeting("CHS")
    members = queries.members(state, "member")
    return {
        "as_of": state.as_of,
        "members": members,
        "groups": {k: v for k, v in groups.items() if v},
        "last_summit": last,
        # The next regular meeting's host by the Charter's rotation (Art. 5), when the
        # record has no later summit yet.
        "next_chair": rotation_chair(state, "CHS") if members and last else None,
    }


def _page(request: Request, template: str, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, record: RecordDep, as_of: AsOf) -> HTMLResponse:
    """The organisation today (or on ``as_of``)."""
    return _page(request, "home.html", **_organisation(record.state(as_of)))


@router.get("/timeline", response_class=HTMLResponse)
def timeline(
    request: Request,
    record: RecordDep,
    caller: CallerDep,
    as_of: AsOf,
    kind: Annotated[str, Query(description="all or one of the event groups")] = "all",
) -> HTMLResponse:
    """1996 to today: the organisation on any day (a date slider) and the events."""
    today = date.today()
    return _page(
        request,
        "timeline.html",
        start=TIMELINE_START,
        today=today,
        days=(today - TIMELINE_START).days,
        offset=(min(as_of, today) - TIMELINE_START).days,
        kinds=list(EVENT_KINDS),
        kind=kind,
        events=_events(record, kind, caller),
        **_organisation(record.state(as_of)),
    )


def _events(record: Record, kind: str, caller: Caller) -> list[dict[str, Any]]:
    types = EVENT_KINDS.get(kind)
    recorded = current_versions(record.recorded())
    disclosure = Disclosure(record.definition, [r.event for r in recorded])
    rows = queries.history(
        [(r.sequence, r.actor, r.event) for r in recorded],
        withheld=lambda event: disclosure.withheld(event, caller.role),
    )
    return [r for r in rows if types is None or r["type"] in types]


@router.get("/fragments/organisation", response_class=HTMLResponse)
def organisation_fragment(request: Request, record: RecordDep, as_of: AsOf) -> HTMLResponse:
    """The organisation on a day, for htmx to swap into the timeline."""
    return _page(request, "_organisation.html", **_organisation(record.state(as_of)))


@router.get("/fragments/events", response_class=HTMLResponse)
def events_fragment(
    request: Request, record: RecordDep, caller: CallerDep, kind: str = "all"
) -> HTMLResponse:
    return _page(request, "_events.html", events=_events(record, kind, caller))


@router.get("/states/{iso3}", response_class=HTMLResponse)
def state_page(request: Request, iso3: str, record: RecordDep, as_of: AsOf) -> HTMLResponse:
    """A state's status history and the documents that bind it."""
    code = parse_state(iso3)
    state = record.state(as_of)
    documents = [d for d in queries.documents(state) if code in d["parties"]]
    return _page(
        request,
        "state.html",
        report=queries.state_report(state, code),
        documents=documents,
        as_of=as_of,
    )


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, record: RecordDep, as_of: AsOf) -> HTMLResponse:
    """The status matrix: documents x member states, with entry-into-force dates."""
    state = record.state(as_of)
    rows = queries.documents(state)
    states = sorted({s for d in rows for s in d["parties"]} | set(state.members()))
    bound = {d["id"]: state.documents[d["id"]].parties for d in rows if d["id"] in state.documents}
    return _page(request, "documents.html", documents=rows, states=states, bound=bound, as_of=as_of)


router.include_router(localise.router)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """Interactive API documentation (Swagger UI, served from comity's own static files)."""
    return _page(request, "docs.html")


@router.get("/ledger", response_class=HTMLResponse)
def ledger_page(request: Request, record: RecordDep) -> HTMLResponse:
    """Head hash, verification, and the chain to download."""
    sequence, head = record.ledger.head()
    settings: Settings = request.app.state.settings
    origin = settings.origin(request.app.state.database_url)
    return _page(
        request,
        "ledger.html",
        sequence=sequence,
        head=head,
        verification=record.ledger.verify(),
        published=PublishedCheckpoint.beside(settings.published_folder(), origin).read(),
    )


@router.get("/ledger/chain.jsonl")
def ledger_download(record: RecordDep, caller: CallerDep) -> Response:
    """Every stored row as JSON Lines, for outside auditors: a row's confidential content
    (its salt and secret) only where the caller may see it now, its commitment always, so
    that every row verifies either way."""
    disclosure = record.disclosure()

    def disclosed(row: StoredRow) -> bool:
        try:
            event = decode_row(row).event
        except ComityError:  # a row that does not read back: show nothing more of it
            return False
        return not disclosure.withheld(event, caller.role)

    def lines() -> Iterator[str]:
        yield from public_lines(record.ledger.stored_rows(), disclosed)

    private = str(caller.role) != "public"
    return StreamingResponse(
        lines(),
        media_type="application/x-ndjson",
        headers={
            "Content-Disposition": 'attachment; filename="comity-chain.jsonl"',
            "Vary": "Authorization, Cookie",
            "Cache-Control": "private, no-store" if private else "no-cache",
        },
    )
