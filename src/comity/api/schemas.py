"""The API's response shapes, separate from stored rows and from the domain objects."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Schema(BaseModel):
    # Answers may gain fields before their schema names them; they pass through rather
    # than fail the response (JSON Schema's additionalProperties stays open).
    model_config = ConfigDict(extra="allow")


class Member(_Schema):
    """A state and its official status on the date; ``admission_since`` is the start of its
    admission procedure while one is under way (beside the status, never instead of it).
    ``status`` and ``since`` are null only under the ``applicant`` filter, for a state in the
    procedure with no status."""

    state: str
    name: str
    status: str | None
    since: date | None
    admission_since: date | None = None


class StatusPeriod(_Schema):
    """A period in one status; ``to`` is the day it ended (exclusive), null while it lasts."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    status: str
    from_: date = Field(alias="from")
    to: date | None
    event: str | None
    source: str | None


class PendingStatus(_Schema):
    status: str
    decided: date
    awaiting: str


class Withdrawal(_Schema):
    notified: date
    effective: date
    surviving_obligations: list[str]


class Admission(_Schema):
    """An admission procedure under way: the Council's decision that started it, the
    memorandum of obligations and what is still outstanding before the final decision;
    ``applied`` is the application's day, if recorded (the reference history records none)."""

    applied: date | None
    since: date
    body: str
    decision: str | None
    place: str | None
    event: str | None
    source: str | None
    memorandum_signed: date | None
    outstanding_obligations: list[str]


class AdmissionPeriod(_Schema):
    """An admission procedure, ``to`` the day it ended (null while under way)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    from_: date = Field(alias="from")
    to: date | None
    ended_by: str | None
    event: str | None
    source: str | None


class StateReport(_Schema):
    state: str
    name: str
    as_of: date
    status: str | None
    since: date | None
    member_since: date | None
    rights: list[str]
    pending: PendingStatus | None
    admission: Admission | None
    outstanding_obligations: list[str]
    withdrawal: Withdrawal | None
    history: list[StatusPeriod]
    admissions: list[AdmissionPeriod]


class Body(_Schema):
    code: str
    name: str
    kind: str
    composition: str
    chair: str | None
    seat: str | None
    decision_rule: str | None
    decision_rule_spec: dict[str, Any] | None
    rule_reference: str | None
    reference: str
    started_work: date | None
    head: dict[str, Any] | None
    last_meeting: dict[str, Any] | None


class Document(_Schema):
    id: str
    title: str
    kind: str
    signed: date | None
    adopted: date | None
    place: str | None
    in_force: date | None
    in_force_basis: str | None
    computed_in_force: date | None
    signatories: list[str]
    parties: list[str]
    deposits: dict[str, dict[str, str]]


class HistoryEntry(_Schema):
    date: date
    sequence: int
    type: str
    id: str | None
    description: str
    actor: str
    source: str | None
    note: str | None


class HistoryPage(_Schema):
    items: list[HistoryEntry]
    total: int
    limit: int
    offset: int
    next: str | None


class Decision(_Schema):
    body: str
    as_of: date
    adopted: bool
    rule: str
    eligible: list[str]
    counted: list[str]
    concerned: str | None
    supporters: list[str]
    objections: list[str]
    reservations: list[str]
    abstentions: list[str]
    absences: list[str]
    counts: dict[str, int]
    threshold: str | None
    reason: str


class Verification(_Schema):
    ok: bool
    events: int
    head: str
    first_bad: int | None
