"""The charter in force on a date: statuses and their rights, bodies and their rules.

``CharterDefinition`` holds the whole time-versioned charter of an organisation and its
named reforms; ``charter_as_of(day)`` takes one snapshot of it, optionally with reforms
applied, and validates it into a :class:`Charter`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from fractions import Fraction
from functools import cache
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from comity.charter.parameters import ParameterNode
from comity.charter.rules import DecisionRule, rule_from_spec
from comity.charter.treaties import EntryIntoForceCondition, FinalClauses
from comity.charters import DEFAULT_ORGANISATION, charter_dir, read_yaml
from comity.errors import (
    CharterError,
    NoCharterInForceError,
    UnknownBodyError,
    UnknownReformError,
    UnknownRuleError,
)
from comity.events import Event, Status
from comity.i18n import N_, Phrase


class Right(StrEnum):
    """What a status entitles a state to do in the organisation."""

    TAKE_PART_IN_DECISIONS = "take_part_in_decisions"
    ATTEND_MEETINGS = "attend_meetings"
    ATTEND_OPEN_MEETINGS = "attend_open_meetings"
    ATTEND_AREA_MEETINGS = "attend_area_meetings"
    SPEAK_AT_MEETINGS = "speak_at_meetings"
    RECEIVE_DOCUMENTS = "receive_documents"
    SIGN_DOCUMENTS = "sign_documents"
    CHAIR_BODIES = "chair_bodies"
    HOST_MEETINGS = "host_meetings"
    NOMINATE_OFFICIALS = "nominate_officials"
    COOPERATE_IN_AREAS = "cooperate_in_areas"
    APPLY_FOR_MEMBERSHIP = "apply_for_membership"
    WITHDRAW = "withdraw"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StatusRules(_Frozen):
    """A status as the charter defines it on a date."""

    status: Status
    title: str
    rights: frozenset[Right]
    runs_from: Literal["decision", "memorandum"] = "decision"
    reference: str


class ChairRule(_Frozen):
    """Who chairs a body's meetings.

    ``rotation``: the next member state, in the charter's rotation order, after the chair of
    the body's own last meeting. ``presidency``: the state hosting the next meeting of the body
    ``of`` (SCO Charter Arts. 7 and 9: the Council of Ministers of Foreign Affairs and the
    Council of National Coordinators are chaired by the state on whose territory the next
    meeting of the Council of Heads of State is held, the presiding state).
    """

    by: Literal["rotation", "presidency"]
    of: str | None = None


class Quorum(_Frozen):
    """What must hold before an item of a body's meeting closes.

    ``present``: the share of the member states taking part in the body's decisions that must
    be recorded present (``"1"``: all of them). ``heard``: every member state present must have
    stated a position (an abstention is an explicit pass) before the rule is applied.
    """

    present: str = Field(default="1", pattern=r"^\d+(/\d+)?$")
    heard: bool = True

    @property
    def share(self) -> Fraction:
        return Fraction(self.present)


class Body(_Frozen):
    """A body of the organisation on a date."""

    code: str
    name: str
    kind: Literal["council", "meeting", "permanent"]
    composition: str
    decision_rule: dict[str, Any] | None = None
    chair: str | None = None
    seat: str | None = None
    reference: str
    rule_reference: str | None = None
    chair_rule: ChairRule = ChairRule(by="rotation")
    chair_reference: str | None = None
    quorum: Quorum | None = None
    quorum_reference: str | None = None

    def rule(self, *, weights: Mapping[str, Fraction] | None = None) -> DecisionRule:
        """The body's decision rule (weights apply to weighted and double majority)."""
        if self.decision_rule is None:
            raise UnknownRuleError(
                N_("{name} ({code}) takes no decisions by the positions of states"),
                value=self.code,
                params={"name": self.name, "code": self.code},
            )
        return rule_from_spec(self.decision_rule, weights=weights)


class StatusGrantRules(_Frozen):
    """Who decides to grant observer, dialogue-partner or partner status."""

    decided_by: str


class AdmissionRules(_Frozen):
    """The admission procedure: the deciding body, whether a memorandum of obligations is
    signed, and the documents an applicant must accede to before the final decision."""

    decided_by: str
    memorandum: bool = True
    documents: tuple[str, ...] = ()
    # Further documents a named state's memorandum of obligations lists, where the sources
    # name them (every memorandum lists ``documents``).
    memoranda: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    def required_of(self, state: str) -> tuple[str, ...]:
        """The documents ``state`` must accede to before the final decision on its admission.

        >>> rules = AdmissionRules(decided_by="CHS", documents=("a",), memoranda={"X": ("b",)})
        >>> rules.required_of("X"), rules.required_of("Y")
        (('a', 'b'), ('a',))
        """
        extra = self.memoranda.get(state, ())
        return (*self.documents, *(d for d in extra if d not in self.documents))

    # Reform compliance-system: no open dispute with the applicant before the final decision.
    no_open_dispute: bool = False


class MembershipMeasureRules(_Frozen):
    """Suspension or expulsion: the deciding body, on whose representation, by which rule."""

    decided_by: str
    on_representation_of: str | None = None
    rule: str
    requires_suspension: bool = False


class WithdrawalRules(_Frozen):
    """Withdrawal: the notice period (months before the date of withdrawal), the depositary."""

    notice_months: int = Field(ge=0)
    depositary: str
    # Reform compliance-system: no notice while the state has obligations overdue.
    settle_obligations: bool = False


class CharterReservationRules(_Frozen):
    """Reservations to the constitution void when at least ``void_share`` of the member
    states object (SCO Charter Art. 24: two thirds)."""

    document: str
    void_share: str = Field(pattern=r"^\d+/\d+$")

    @property
    def share(self) -> Fraction:
        return Fraction(self.void_share)


class ImplementationRules(_Frozen):
    """Obligations and implementation reports (none in the SCO Charter; a reform's)."""

    reminder_days: int = Field(default=30, ge=0)
    # Deadline of an obligation given no date: months after entry into force (or adoption).
    default_months: int = Field(default=12, ge=0)
    statuses: tuple[str, ...] = ("implemented", "partly", "not_yet", "not_applicable")


class SupervisionRules(_Frozen):
    """The body that reviews reports and records findings, by its own decision rule."""

    body: str


class PanelRules(_Frozen):
    """A dispute panel: its deadline for the report, and the Council that may reject the
    report within ``decision_days`` by ``reject_rule`` (reverse consensus)."""

    report_days: int = Field(ge=1)
    decided_by: str
    decision_days: int = Field(ge=1)
    reject_rule: str = "unanimity"


class DisputeRules(_Frozen):
    """Means of settling disputes in order, with deadlines in days (None: no deadline)."""

    means: tuple[str, ...]
    consultation_days: int | None = None
    negotiation_days: int | None = None
    panel: PanelRules | None = None


class PenaltyMeasureRules(_Frozen):
    """One graduated measure: who decides, by which rule (``body``: the body's own), which
    rights it may suspend, and the measure it requires first."""

    decided_by: str
    rule: str = "body"
    rights: tuple[Right, ...] = ()
    requires: str | None = None


class PenaltyRules(_Frozen):
    measures: dict[str, PenaltyMeasureRules]


# Event classes by type name, from the Event union (Annotated[A | B | ..., discriminator]).
_EVENT_TYPES: dict[str, type[BaseModel]] = {
    model.model_fields["type"].default: model for model in get_args(get_args(Event)[0])
}


class Confidentiality(_Frozen):
    """Fields of an event type that only some readers see until a later event reveals them.

    ``seen_by`` names who sees them meanwhile: ``secretariat`` (which services the
    meetings) and ``own_delegation`` (the delegation of the state in the event's ``state``
    field). ``until`` names what reveals them to everyone: ``item_closed``, the closing of
    the agenda item named by the event's ``meeting`` and ``item`` fields.
    """

    event: str
    fields: tuple[str, ...] = Field(min_length=1)
    seen_by: tuple[Literal["secretariat", "own_delegation"], ...] = ()
    until: Literal["item_closed"]

    @model_validator(mode="after")
    def _known(self) -> Confidentiality:
        model = _EVENT_TYPES.get(self.event)
        if model is None:
            raise ValueError(Phrase(N_("no event type {event!r}"), {"event": self.event}))
        unknown = set(self.fields) - set(model.model_fields)
        needed = {"meeting", "item"} | ({"state"} if "own_delegation" in self.seen_by else set())
        if unknown:
            raise ValueError(
                Phrase(
                    N_("{event} has no fields {fields}"),
                    {"event": self.event, "fields": ", ".join(sorted(unknown))},
                )
            )
        if missing := needed - set(model.model_fields):
            raise ValueError(
                Phrase(
                    N_("{event} lacks the fields {fields}, which the rule reads"),
                    {"event": self.event, "fields": ", ".join(sorted(missing))},
                )
            )
        return self


class ProcedureRules(_Frozen):
    """What the procedures need from the charter on a date; ``None``: no such procedure yet."""

    status_grant: StatusGrantRules | None = None
    admission: AdmissionRules | None = None
    suspension: MembershipMeasureRules | None = None
    expulsion: MembershipMeasureRules | None = None
    withdrawal: WithdrawalRules | None = None
    charter_reservations: CharterReservationRules | None = None
    implementation: ImplementationRules | None = None
    supervision: SupervisionRules | None = None
    disputes: DisputeRules | None = None
    penalties: PenaltyRules | None = None
    chair_rotation: tuple[str, ...] = ()
    confidentiality: tuple[Confidentiality, ...] = ()
    references: dict[str, str] = Field(default_factory=dict)


class Charter(_Frozen):
    """The organisation's constitution as in force on ``as_of``."""

    organisation: str
    name: str
    as_of: date
    reforms: tuple[str, ...] = ()
    statuses: dict[Status, StatusRules]
    bodies: dict[str, Body]
    treaties: dict[str, EntryIntoForceCondition] = Field(default_factory=dict)
    # Who may join each document, from its own final clauses (none recorded: not known).
    final_clauses: dict[str, FinalClauses] = Field(default_factory=dict)
    constitution: str | None = None
    procedures: ProcedureRules = Field(default_factory=ProcedureRules)

    def body(self, code: str) -> Body:
        found = self.bodies.get(code.strip().upper())
        if found is None:
            raise UnknownBodyError(
                N_("no body {code!r} on {day}: the bodies then were {bodies}"),
                value=code,
                params={
                    "code": code.strip(),
                    "day": self.as_of,
                    "bodies": ", ".join(self.bodies) or "—",
                },
            )
        return found

    def rights(self, status: Status) -> frozenset[Right]:
        """Rights of a status on this date (none for a status the charter does not have)."""
        rules = self.statuses.get(status)
        return rules.rights if rules else frozenset()

    def deciding_statuses(self) -> frozenset[Status]:
        """Statuses whose holders take part in the bodies' decisions."""
        return frozenset(
            s for s, r in self.statuses.items() if Right.TAKE_PART_IN_DECISIONS in r.rights
        )


class Reform(_Frozen):
    """A named overlay of parameter changes from an effective date."""

    id: str
    title: str
    effective: date
    description: str
    reference: str
    changes: dict[str, Any]


class CharterDefinition:
    """An organisation's whole charter over time, with its available reforms."""

    def __init__(
        self, organisation: str, name: str, parameters: ParameterNode, reforms: Iterable[Reform]
    ) -> None:
        self.organisation = organisation
        self.name = name
        self.parameters = parameters
        self.reforms = {r.id: r for r in reforms}
        first = parameters.first_date()
        if first is None:
            raise CharterError(
                N_("the charter of {organisation} has no parameters"),
                params={"organisation": organisation},
            )
        self.first_date = first

    def reform(self, reform_id: str) -> Reform:
        """The reform overlay named ``reform_id``; the one place a reform's name is resolved,
        so every caller (API, web, CLI, lab) refuses a misspelt name as ``unknown_reform``."""
        found = self.reforms.get(reform_id)
        if found is not None:
            return found
        if not self.reforms:
            raise UnknownReformError(
                N_("unknown reform {reform!r}: available are none"),
                value=reform_id,
                params={"reform": reform_id},
            )
        raise UnknownReformError(
            N_("unknown reform {reform!r}: available are {available}"),
            value=reform_id,
            params={"reform": reform_id, "available": ", ".join(sorted(self.reforms))},
        )

    def with_reforms(self, reform_ids: Iterable[str]) -> ParameterNode:
        tree = self.parameters
        for reform_id in reform_ids:
            reform = self.reform(reform_id)
            for path, value in reform.changes.items():
                updated = tree.get(path).with_value(
                    reform.effective, value, f"reform {reform.id}: {reform.reference}"
                )
                tree = tree.replaced(path, updated)
        return tree

    def as_of(self, day: date, reforms: Iterable[str] = ()) -> Charter:
        if day < self.first_date:
            raise NoCharterInForceError(
                N_("the {name} had no charter before {first} (asked for {day})"),
                value=day.isoformat(),
                params={"name": self.name, "first": self.first_date, "day": day},
            )
        reform_ids = tuple(reforms)
        tree = self.with_reforms(reform_ids)
        snapshot = tree.at(day)

        def reference(path: str) -> str:
            entry = tree.get(path).entry_at(day)
            assert entry is not None  # the snapshot holds only parameters in force
            return entry.reference

        statuses = {
            status: {"status": status, **value, "reference": reference(f"statuses.{status}")}
            for status, value in snapshot.get("statuses", {}).items()
        }
        bodies: dict[str, dict[str, Any]] = {}
        for code, parts in snapshot.get("bodies", {}).items():
            if "definition" not in parts:
                continue
            bodies[code] = {
                "code": code,
                **parts["definition"],
                "reference": reference(f"bodies.{code}.definition"),
            }
            if "decision_rule" in parts:
                bodies[code]["decision_rule"] = (
                    {"rule": parts["decision_rule"]}
                    if isinstance(parts["decision_rule"], str)
                    else parts["decision_rule"]
                )
                bodies[code]["rule_reference"] = reference(f"bodies.{code}.decision_rule")
            for part in ("chair_rule", "quorum"):
                if part in parts:
                    bodies[code][part] = parts[part]
                    short = part.partition("_")[0]
                    bodies[code][f"{short}_reference"] = reference(f"bodies.{code}.{part}")
        procedures: dict[str, Any] = dict(snapshot.get("procedures", {}))
        procedures["references"] = {
            name: reference(f"procedures.{name}") for name in snapshot.get("procedures", {})
        }
        try:
            return Charter.model_validate(
                {
                    "organisation": self.organisation,
                    "name": self.name,
                    "as_of": day,
                    "reforms": tuple(r for r in reform_ids if self.reforms[r].effective <= day),
                    "statuses": statuses,
                    "bodies": bodies,
                    "treaties": snapshot.get("treaties", {}),
                    "final_clauses": snapshot.get("final_clauses", {}),
                    "constitution": snapshot.get("constitution"),
                    "procedures": procedures,
                }
            )
        except ValidationError as e:
            raise CharterError(
                N_("the charter as of {day} is not valid: {problem}"),
                params={"day": day, "problem": e},
            ) from e


@cache
def load_charter(organisation: str = DEFAULT_ORGANISATION) -> CharterDefinition:
    """Read ``charter.yaml`` and ``reforms/*.yaml`` of an organisation's reference data."""
    folder = charter_dir(organisation)
    data = read_yaml(folder.joinpath("charter.yaml"))
    if not isinstance(data, dict) or "parameters" not in data:
        raise CharterError(
            N_("{organisation}/charter.yaml: expected 'name' and 'parameters'"),
            params={"organisation": organisation},
        )
    parameters = ParameterNode.load("", data["parameters"])
    reforms: list[Reform] = []
    reform_folder = folder.joinpath("reforms")
    if reform_folder.is_dir():
        for file in sorted(reform_folder.iterdir(), key=lambda f: f.name):
            if file.name.endswith(".yaml"):
                try:
                    reforms.append(Reform.model_validate(read_yaml(file)))
                except ValidationError as e:
                    raise CharterError(
                        N_("{organisation}/reforms/{file}: {problem}"),
                        params={"organisation": organisation, "file": file.name, "problem": e},
                    ) from e
    definition = CharterDefinition(
        organisation, str(data.get("name", organisation)), parameters, reforms
    )
    for reform in reforms:
        for path in reform.changes:
            definition.parameters.get(path)  # fail at load, not at first use
    return definition


def charter_as_of(
    day: date, reforms: Iterable[str] = (), organisation: str = DEFAULT_ORGANISATION
) -> Charter:
    """The charter in force on ``day``, with the named reforms applied from their dates."""
    return load_charter(organisation).as_of(day, reforms)
