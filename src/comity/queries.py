"""Answers to the questions users ask, as JSON-ready data.

Each function takes an :class:`~comity.state.InstitutionalState` (or the recorded events) and
returns plain dicts and lists with ISO dates, so the CLI, the API and the web UI give the same
answer in the same shape.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import Any

from comity.charter.rules import Outcome, Position, rule_from_spec
from comity.csvtext import csv_table
from comity.errors import InputError, UnknownStatusError
from comity.events import DocumentKind, Event, Status
from comity.i18n import N_
from comity.state import (
    MEMBER_STATUSES,
    DocumentRecord,
    InstitutionalState,
    StatusSpell,
    cite,
)
from comity.state.disclosure import describe_for
from comity.states import parse_state, state_name

STATUS_FILTERS = ("member", "observer", "dialogue_partner", "partner", "applicant", "all")

#: Not a status but kept as a filter (it was one in comity before 2026): the states with an
#: admission procedure under way, each with the status it holds meanwhile.
ADMISSION_FILTER = "applicant"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _source_of(event: Event) -> str | None:
    return cite(event.sources[0]) if event.sources else None


def statuses_for(filter_name: str) -> frozenset[Status]:
    """The statuses a ``--status`` filter selects; ``member`` includes suspended members and
    members whose withdrawal is notified, who remain member states in law."""
    name = filter_name.strip().lower().replace("-", "_")
    if name == ADMISSION_FILTER:
        return frozenset()  # no status: see members()
    if name == "all":
        return frozenset(Status)
    if name == "member":
        return MEMBER_STATUSES
    try:
        return frozenset({Status(name)})
    except ValueError as e:
        raise UnknownStatusError(
            N_("unknown status {name!r}: use one of {filters}, or any of {statuses}"),
            value=filter_name,
            params={
                "name": filter_name,
                "filters": ", ".join(STATUS_FILTERS),
                "statuses": ", ".join(s.value for s in Status),
            },
        ) from e


def _row(state: InstitutionalState, code: str, spell: StatusSpell | None) -> dict[str, Any]:
    admission = state.admission(code)
    return {
        "state": code,
        "name": state_name(code),
        "status": spell.status.value if spell else None,
        "since": spell.start.isoformat() if spell else None,
        "admission_since": _iso(admission.start) if admission else None,
    }


def _is_admission_filter(filter_name: str) -> bool:
    return filter_name.strip().lower() == ADMISSION_FILTER


def members(state: InstitutionalState, status: str = "member") -> list[dict[str, Any]]:
    """States holding a status on the state's date:
    ``[{"state","name","status","since","admission_since"}]``.

    ``admission_since`` is the start of the state's admission procedure, if one is under way
    (the status is still the official one: an observer in the procedure is an observer).
    The filter ``applicant`` lists those states, whatever status each holds meanwhile.
    """
    if _is_admission_filter(status):
        return [_row(state, s, state.current(s)) for s in state.in_admission()]
    return [_row(state, s, spell) for s, spell in state.with_status(statuses_for(status)).items()]


def admission_report(state: InstitutionalState, code: str) -> dict[str, Any] | None:
    """The state's admission procedure under way on the date: the application (if recorded),
    when and by which decision the procedure started, the memorandum of obligations, what is
    outstanding before the final decision (None if no procedure is under way)."""
    procedure = state.admission(code)
    if procedure is None:
        return None
    memorandum = state.obligations_memoranda.get(code)
    applied = state.applications.get(code)
    return {
        "applied": _iso(applied.valid_from) if applied else None,
        "since": procedure.start.isoformat(),
        "body": procedure.started.body,
        "decision": procedure.started.decision,
        "place": procedure.started.place,
        "event": procedure.started.id,
        "source": _source_of(procedure.started),
        "memorandum_signed": _iso(memorandum.valid_from) if memorandum else None,
        "outstanding_obligations": state.outstanding_obligations(code),
    }


def admissions_history(state: InstitutionalState, code: str) -> list[dict[str, Any]]:
    """Every admission procedure of the state up to the date, ended or not."""
    return [
        {
            "from": procedure.start.isoformat(),
            "to": _iso(procedure.end),
            "ended_by": procedure.ended_by,
            "event": procedure.started.id,
            "source": _source_of(procedure.started),
        }
        for procedure in state.admissions.get(code, [])
    ]


def state_report(state: InstitutionalState, code: str) -> dict[str, Any]:
    """One state's status on the date and its whole status history up to then, with its
    admission procedure (``admission``: the one under way; ``admissions``: all of them), which
    runs beside the status and never replaces it."""
    iso3 = parse_state(code)
    current = state.current(iso3)
    pending = state.pending_grants.get(iso3)
    admission = admission_report(state, iso3)
    return {
        "state": iso3,
        "name": state_name(iso3),
        "as_of": state.as_of.isoformat(),
        "status": current.status.value if current else None,
        "since": _iso(current.start) if current else None,
        "member_since": _iso(state.member_since(iso3)),
        "rights": sorted(r.value for r in state.charter.rights(current.status)) if current else [],
        "admission": admission,
        "outstanding_obligations": admission["outstanding_obligations"] if admission else [],
        "withdrawal": {
            "notified": state.withdrawals[iso3].notified.isoformat(),
            "effective": state.withdrawals[iso3].effective.isoformat(),
            "surviving_obligations": list(state.withdrawals[iso3].surviving),
        }
        if iso3 in state.withdrawals
        else None,
        "pending": {
            "status": pending.status.value,
            "decided": pending.valid_from.isoformat(),
            "awaiting": "memorandum",
        }
        if pending
        else None,
        "history": [
            {
                "status": spell.status.value,
                "from": spell.start.isoformat(),
                "to": _iso(spell.end),
                "event": spell.event.id,
                "source": _source_of(spell.event),
            }
            for spell in state.spells.get(iso3, [])
        ],
        "admissions": admissions_history(state, iso3),
    }


def bodies(state: InstitutionalState) -> list[dict[str, Any]]:
    """The bodies in the charter on the date, with their rules and the texts that set them."""
    heads = {"SEC": "secretary_general", "RATS": "rats_director"}
    rows: list[dict[str, Any]] = []
    for code, body in state.charter.bodies.items():
        established = state.bodies_established.get(code)
        head_office = heads.get(code)
        head = state.office_holder(head_office) if head_office else None
        last = state.last_meeting(code)
        rows.append(
            {
                "code": code,
                "name": body.name,
                "kind": body.kind,
                "composition": body.composition,
                "chair": body.chair,
                "seat": body.seat,
                "decision_rule": body.decision_rule["rule"] if body.decision_rule else None,
                "decision_rule_spec": body.decision_rule,
                "rule_reference": body.rule_reference,
                "reference": body.reference,
                "started_work": _iso(established.valid_from) if established else None,
                "head": {
                    "person": head.person,
                    "state": head.state,
                    "since": head.valid_from.isoformat(),
                    "until": _iso(head.term_ends),
                }
                if head
                else None,
                "last_meeting": {
                    "date": last.valid_from.isoformat(),
                    "place": last.place,
                    "chair": last.chair,
                }
                if last
                else None,
            }
        )
    return rows


#: Kinds of document that are not treaties: nothing to sign, ratify or accede to.
NOT_TREATIES = frozenset(
    {
        DocumentKind.DECLARATION,
        DocumentKind.STRATEGY,
        DocumentKind.REGULATION,
        DocumentKind.DECISION,
        DocumentKind.MEMORANDUM,
    }
)


def document_stage(state: InstitutionalState, record: DocumentRecord) -> str:
    """Where a document stands on the state's date, from its record and its own clauses.

    ``in force``; for a treaty not in force, ``open for signature`` (opened by comity's
    procedure, which records every deposit, so the clause decides) or ``in force: unknown``
    (signed, with no entry into force on record by the date: the reference history does not
    hold every deposit, so comity does not claim the treaty is not in force); ``not a treaty``
    (a declaration, strategy, decision or memorandum, which nobody ratifies or accedes to),
    ``adopted`` or ``draft`` for the rest. Who may join it is :func:`participation`.
    """
    if record.in_force is not None:
        return "in force"
    if record.kind in NOT_TREATIES:
        if record.adopted is not None:
            return "adopted"
        return "not a treaty" if record.signed is not None else "draft"
    if record.opened_for_signature is not None:
        return "open for signature"
    if record.signed is not None:
        return "in force: unknown"
    return "adopted" if record.adopted is not None else "draft"


def participation(state: InstitutionalState, record: DocumentRecord) -> str:
    """Who may join the document, as its final clauses say: ``closed``, ``open to accession
    after entry into force``, ``open to accession``; ``not a treaty``; or ``not recorded``
    where comity has not seen the clauses."""
    if record.kind in NOT_TREATIES:
        return "not a treaty"
    clauses = state.charter.final_clauses.get(record.id)
    if clauses is None:
        return "not recorded"
    return _PARTICIPATION[clauses.participation]


#: The words of stages and participation, marked for the catalogues (shown translated by the
#: CLI and the web; the JSON keeps the English words as stable values).
STAGE_WORDS = (
    N_("in force"),
    N_("in force: unknown"),
    N_("open for signature"),
    N_("not a treaty"),
    N_("adopted"),
    N_("draft"),
    N_("closed"),
    N_("open to accession after entry into force"),
    N_("open to accession"),
    N_("not recorded"),
)

_PARTICIPATION = {
    "closed": "closed",
    "accession_after_entry_into_force": "open to accession after entry into force",
    "open_to_accession": "open to accession",
}


def documents(state: InstitutionalState) -> list[dict[str, Any]]:
    """Documents signed or adopted by the date: ``{"id","title","signed","in_force","parties"}``
    plus how the entry into force is known (recorded event, or computed from deposits)."""
    rows: list[dict[str, Any]] = []
    for record in sorted(
        state.documents.values(),
        key=lambda r: (r.signed or r.adopted or date.max, r.id),
    ):
        if record.signed is None and record.adopted is None:
            continue
        rows.append(
            {
                "id": record.id,
                "title": record.title,
                "kind": record.kind.value,
                "signed": _iso(record.signed),
                "adopted": _iso(record.adopted),
                "place": record.place,
                "in_force": _iso(record.in_force),
                "stage": document_stage(state, record),
                "participation": participation(state, record),
                "in_force_basis": "recorded"
                if record.recorded_in_force
                else ("computed" if record.computed_in_force else None),
                "computed_in_force": _iso(record.computed_in_force),
                "signatories": list(record.signatories),
                "parties": list(record.parties),
                "deposits": {
                    s: {"date": d.isoformat(), "instrument": i.value}
                    for s, (d, i) in sorted(record.deposits.items())
                },
            }
        )
    return rows


def history(
    recorded: Sequence[tuple[int, str, Event]],
    *,
    start: date | None = None,
    end: date | None = None,
    lang: str | None = None,
    withheld: Callable[[Event], frozenset[str]] | None = None,
) -> list[dict[str, Any]]:
    """Recorded events with valid dates in [start, end], by date then sequence.

    ``recorded`` holds ``(sequence, actor, event)`` triples from the ledger; descriptions are
    in ``lang`` (default: the active language). ``withheld`` names the fields of an event
    the reader may not see (:meth:`comity.state.disclosure.Disclosure.withheld`); such an
    event is described without them.
    """
    if start and end and start > end:
        raise InputError(
            N_("--from ({start}) is after --to ({end})"),
            value=start.isoformat(),
            params={"start": start, "end": end},
        )
    rows = [
        {
            "date": event.valid_from.isoformat(),
            "sequence": sequence,
            "type": event.type,
            "id": event.id,
            "description": describe_for(event, withheld(event) if withheld else frozenset(), lang),
            "actor": actor,
            "source": _source_of(event),
            "note": event.note,
        }
        for sequence, actor, event in recorded
        if (start is None or event.valid_from >= start) and (end is None or event.valid_from <= end)
    ]
    return sorted(rows, key=lambda r: (r["date"], r["sequence"]))


def decide(
    state: InstitutionalState,
    positions: Mapping[str, Position],
    *,
    body: str = "CHS",
    rule: str | None = None,
    concerned: str | None = None,
    weights: Mapping[str, Fraction] | None = None,
) -> Outcome:
    """Evaluate a hypothetical decision of ``body`` on the state's date.

    The members of the body on that date are eligible; the body's own rule applies unless
    another is named (to compare rules on the same positions).
    """
    target = state.charter.body(body)
    eligible = state.eligible(target.code)
    chosen = rule_from_spec(rule, weights=weights) if rule else target.rule(weights=weights)
    return chosen.evaluate(
        eligible, positions, concerned=parse_state(concerned) if concerned else None
    )


def decision_json(
    outcome: Outcome, *, body: str, as_of: date, lang: str | None = None
) -> dict[str, Any]:
    """The outcome in the CLI's JSON shape (``adopted, rule, eligible, objections, ...``),
    its ``reason`` in ``lang`` (default: English)."""
    return {"body": body, "as_of": as_of.isoformat(), **outcome.to_json(lang)}


def party_statuses(state: InstitutionalState) -> list[dict[str, Any]]:
    """Each document on record by the date with every concerned state's status towards it
    (``party``, ``denouncing``, ``denounced``, ``withdrawn``, ``deposited``, ``signed``),
    its reservations (with objections, and whether void) and its life so far."""
    rows: list[dict[str, Any]] = []
    for record in sorted(state.documents.values(), key=lambda r: r.id):
        concerned = sorted(
            {
                *record.signatories,
                *record.deposits,
                *record.parties,
                *record.ended,
                *record.denunciations,
            }
        )
        statuses = {s: state.party_status(record, s) for s in concerned}
        rows.append(
            {
                "id": record.id,
                "title": record.title,
                "stage": document_stage(state, record),
                "participation": participation(state, record),
                "tabled": _iso(record.tabled),
                "adopted": _iso(record.adopted),
                "adopted_by": record.adopted_by,
                "adopted_in": "/".join(record.adopted_in) if record.adopted_in else None,
                "opened_for_signature": _iso(record.opened_for_signature),
                "in_force": _iso(record.in_force),
                "parties": {s: d.isoformat() for s, d in record.parties.items()},
                "status": {s: v for s, v in statuses.items() if v},
                "reservations": [
                    {
                        "id": r.id,
                        "state": r.state,
                        "text": r.text,
                        "made": r.made.isoformat(),
                        "objections": sorted(r.objections),
                        "void": state.reservation_void(record, r),
                    }
                    for r in record.reservations.values()
                ],
                "denunciations": {
                    s: d.effective.isoformat() for s, d in sorted(record.denunciations.items())
                },
            }
        )
    return rows


def status_matrix(state: InstitutionalState) -> dict[str, Any]:
    """Documents x states: each cell the state's status towards the document (or null)."""
    rows = party_statuses(state)
    states = sorted({s for row in rows for s in row["status"]} | set(state.members()))
    return {
        "as_of": state.as_of.isoformat(),
        "states": states,
        "documents": [row["id"] for row in rows],
        "stage": {row["id"]: row["stage"] for row in rows},
        "participation": {row["id"]: row["participation"] for row in rows},
        "matrix": {row["id"]: {s: row["status"].get(s) for s in states} for row in rows},
    }


def status_matrix_csv(matrix: Mapping[str, Any]) -> str:
    """The status matrix as CSV: ``document``, ``stage`` and ``participation`` columns, then
    one column per state."""
    rows = (
        {
            **matrix["matrix"][doc_id],
            "document": doc_id,
            "stage": matrix["stage"][doc_id],
            "participation": matrix["participation"][doc_id],
        }
        for doc_id in matrix["documents"]
    )
    return csv_table(rows, ["document", "stage", "participation", *matrix["states"]])


#: Columns of the compliance view, in order (for CSV).
COMPLIANCE_COLUMNS = (
    "obligation",
    "document",
    "category",
    "state",
    "due",
    "status",
    "reported",
    "report_status",
    "reminder",
    "finding",
    "measures",
)


def compliance(
    state: InstitutionalState,
    *,
    reminder_days: int | None = None,
    states: Sequence[str] = (),
    obligation: str | None = None,
) -> list[dict[str, Any]]:
    """The Secretariat's compliance view on the state's date, per obligation and state.

    ``status`` is ``reported`` (the last report says implemented or not applicable),
    ``overdue`` (past due without such a report) or ``due``; ``reminder`` marks what is due
    within ``reminder_days`` (default: the charter's, else 30) and not reported.
    """
    rules = state.charter.procedures.implementation
    days = reminder_days if reminder_days is not None else (rules.reminder_days if rules else 30)
    wanted = {parse_state(s) for s in states}
    rows: list[dict[str, Any]] = []
    for record in state.obligations.values():
        created = record.created
        if obligation is not None and created.obligation != obligation:
            continue
        for code in created.states:
            if wanted and code not in wanted:
                continue
            last = record.last_report(code)
            met = last is not None and last.status in ("implemented", "not_applicable")
            status = "reported" if met else ("overdue" if created.due < state.as_of else "due")
            finding = record.findings.get(code)
            rows.append(
                {
                    "obligation": created.obligation,
                    "document": created.document,
                    "category": created.category,
                    "state": code,
                    "due": created.due.isoformat(),
                    "status": status,
                    "reported": _iso(last.valid_from) if last else None,
                    "report_status": last.status if last else None,
                    "reminder": status == "due" and (created.due - state.as_of).days <= days,
                    "finding": (
                        None
                        if finding is None
                        else ("compliant" if finding.compliant else "non_compliant")
                    ),
                    "measures": [p.imposed.penalty for p in state.measures_on(code)],
                }
            )
    return rows


def disputes(state: InstitutionalState) -> list[dict[str, Any]]:
    """Disputes on record with their stage and its deadline on the state's date."""
    return [
        {
            "dispute": d.raised.dispute,
            "complainant": d.raised.state,
            "respondent": d.raised.respondent,
            "subject": d.raised.subject,
            "document": d.raised.document,
            "stage": d.stage,
            "deadline": _iso(d.deadline),
            "stages": [
                {"stage": s, "opened": o.isoformat(), "deadline": _iso(dl)} for s, o, dl in d.stages
            ],
        }
        for d in state.disputes.values()
    ]


def rights_in_force(state: InstitutionalState, code: str) -> dict[str, Any]:
    """A state's rights on the date, and the measures in force against it."""
    code = parse_state(code)
    status = state.status_of(code)
    return {
        "state": code,
        "as_of": state.as_of.isoformat(),
        "status": status.value if status else None,
        "rights": sorted(r.value for r in state.rights_of(code)),
        "measures": [
            {
                "penalty": p.imposed.penalty,
                "measure": p.imposed.measure,
                "rights": list(p.imposed.rights),
                "from": p.imposed.valid_from.isoformat(),
                "until": _iso(p.imposed.until),
                "basis": p.imposed.basis,
            }
            for p in state.measures_on(code)
        ],
    }


def compliance_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """The compliance view as CSV (measures joined by spaces)."""
    return csv_table(rows, COMPLIANCE_COLUMNS)
