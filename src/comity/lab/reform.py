"""What a reform would change, on the real record.

A reform is a named overlay of charter parameters with an effective date
(:class:`comity.charter.Reform`). :func:`compare_reform` folds the same events twice, under the
charter as it is and with the reform applied, and reports

* per body that decides by the positions of states: its rule, and every voting-power index
  of its members (Banzhaf, Shapley-Shubik, Coleman; :func:`comity.lab.power.power_report`)
  before and after;
* per recorded decision with positions (an item closed at a meeting, a suspension or an
  expulsion, up to the date): the outcome on record and the outcome the reformed rule would
  have given on the same positions.

``since`` applies the reform from another date than its own, so that a reform planned for
the future can be replayed on the past record.

>>> from datetime import date
>>> from comity.charter import load_charter
>>> from comity.reference import load_history
>>> report = compare_reform(load_charter(), load_history(), "cnc-majority", date(2027, 1, 1))
>>> [(b.body, b.rule_before, b.rule_after) for b in report.bodies if b.changed]
[('CNC', 'consensus', 'qualified_majority')]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from comity.charter.model import Charter, CharterDefinition, Reform
from comity.charter.rules import DecisionRule, Position
from comity.errors import ComityError, InputError
from comity.events import DecisionRecord, Event
from comity.i18n import N_
from comity.lab._plotting import new_figure, save_figure
from comity.lab.games import game_for_rule
from comity.lab.power import PowerReport, power_report, to_floats
from comity.state import fold

__all__ = ["BodyComparison", "DecisionReplay", "ReformReport", "compare_reform", "plot_reform"]


@dataclass(frozen=True)
class BodyComparison:
    """One body's rule and its members' voting power without and with the reform."""

    body: str
    name: str
    rule_before: str
    rule_after: str
    spec_before: dict[str, Any]
    spec_after: dict[str, Any]
    before: PowerReport | None
    after: PowerReport | None
    note: str | None = None

    @property
    def changed(self) -> bool:
        return self.spec_before != self.spec_after

    def to_json(self) -> dict[str, Any]:
        return {
            "body": self.body,
            "name": self.name,
            "changed": self.changed,
            "rule_before": self.spec_before,
            "rule_after": self.spec_after,
            "before": self.before.to_json() if self.before else None,
            "after": self.after.to_json() if self.after else None,
            "note": self.note,
        }


@dataclass(frozen=True)
class DecisionReplay:
    """A recorded decision and what the reformed rule makes of the same positions."""

    day: date
    body: str
    what: str
    rule: str
    adopted: bool
    rule_after: str
    adopted_after: bool | None
    reason_after: str

    @property
    def differs(self) -> bool:
        return self.adopted_after is not None and self.adopted_after != self.adopted

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "body": self.body,
            "decision": self.what,
            "rule": self.rule,
            "adopted": self.adopted,
            "rule_after": self.rule_after,
            "adopted_after": self.adopted_after,
            "differs": self.differs,
            "reason_after": self.reason_after,
        }


@dataclass(frozen=True)
class ReformReport:
    """Everything :func:`compare_reform` found."""

    reform: Reform
    as_of: date
    effective: date
    members: tuple[str, ...]
    bodies: tuple[BodyComparison, ...]
    decisions: tuple[DecisionReplay, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "reform": self.reform.id,
            "title": self.reform.title,
            "as_of": self.as_of.isoformat(),
            "effective": self.effective.isoformat(),
            "in_force": self.effective <= self.as_of,
            "members": list(self.members),
            "bodies": [b.to_json() for b in self.bodies],
            "decisions": [d.to_json() for d in self.decisions],
            "decisions_recorded": len(self.decisions),
            "decisions_differing": sum(d.differs for d in self.decisions),
        }


def _reformed(definition: CharterDefinition, reform: Reform, effective: date) -> CharterDefinition:
    """The charter with this one reform, taking effect on ``effective``."""
    moved = reform.model_copy(update={"effective": effective})
    return CharterDefinition(
        definition.organisation, definition.name, definition.parameters, [moved]
    )


def _power(
    rule: DecisionRule | None, eligible: Sequence[str]
) -> tuple[PowerReport | None, str | None]:
    if rule is None:
        return None, "takes no decisions by the positions of states"
    if rule.needs_concerned:
        return None, f"{rule.name} depends on the state concerned"
    if not eligible:
        return None, "no eligible members on this date"
    try:
        return power_report(game_for_rule(rule, eligible)), None
    except ComityError as e:
        return None, e.message


def _rule_of(charter: Charter, body: str) -> DecisionRule | None:
    found = charter.bodies.get(body)
    if found is None or found.decision_rule is None:
        return None
    try:
        return found.rule()
    except ComityError:
        return None


def _positions(record: DecisionRecord) -> dict[str, Position]:
    positions = {s: Position.ABSENCE for s in record.eligible}
    for states, position in (
        (record.supporters, Position.SUPPORT),
        (record.objections, Position.OBJECTION),
        (record.reservations, Position.RESERVATION),
        (record.abstentions, Position.ABSTENTION),
        (record.absences, Position.ABSENCE),
    ):
        positions.update(dict.fromkeys(states, position))
    return positions


def _describe(event: Event) -> str:
    parts: list[str] = [event.type]
    for name in ("meeting", "item", "state"):
        value = getattr(event, name, None)
        if value:
            parts.append(str(value))
    return " ".join(parts)


def _replay(
    event: Event, record: DecisionRecord, plain: CharterDefinition, reformed: CharterDefinition
) -> DecisionReplay:
    day = event.valid_from
    body = str(getattr(event, "body", ""))
    before = _rule_of(plain.as_of(day), body)
    after = _rule_of(reformed.as_of(day, list(reformed.reforms)), body)
    # A decision taken under a special rule (consensus minus one for a suspension) keeps it;
    # one taken under the body's general rule is retaken under the body's reformed rule.
    rule = after if before is not None and record.rule == before.name else None
    name = rule.name if rule is not None else record.rule
    if rule is None:
        return DecisionReplay(
            day, body, _describe(event), record.rule, record.adopted, name, None, "rule unchanged"
        )
    eligible = [s for s in record.eligible if s != record.concerned]
    positions = {s: p for s, p in _positions(record).items() if s in eligible}
    try:
        outcome = rule.evaluate(eligible, positions)
    except ComityError as e:
        return DecisionReplay(
            day, body, _describe(event), record.rule, record.adopted, name, None, e.message
        )
    return DecisionReplay(
        day, body, _describe(event), record.rule, record.adopted, name, outcome.adopted,
        outcome.reason,
    )  # fmt: skip


def compare_reform(
    definition: CharterDefinition,
    events: Sequence[Event],
    reform_id: str,
    as_of: date | None = None,
    *,
    since: date | None = None,
    today: date | None = None,
) -> ReformReport:
    """Compare the organisation on ``as_of`` without and with a reform.

    Parameters
    ----------
    definition
        The charter over time, with its reforms.
    events
        The record (current versions, in ledger order).
    reform_id
        The reform to apply, e.g. ``"cnc-majority"``.
    as_of
        The date whose members and bodies are compared (default: the later of today and
        the day the reform takes effect).
    since
        Apply the reform from this date instead of its own effective date.
    today
        The caller's today, for the default of ``as_of`` (default: the calendar's).
    """
    reform = definition.reform(reform_id)
    effective = since or reform.effective
    if as_of is None:
        as_of = max(today or date.today(), effective)
    reformed = _reformed(definition, reform, effective)
    plain_state = fold(definition, events, as_of)
    reformed_state = fold(reformed, events, as_of, reforms=[reform_id])
    bodies: list[BodyComparison] = []
    for code, body in plain_state.charter.bodies.items():
        after_body = reformed_state.charter.bodies.get(code)
        eligible = plain_state.eligible(code)
        rule_before = _rule_of(plain_state.charter, code)
        rule_after = _rule_of(reformed_state.charter, code)
        before, note_before = _power(rule_before, eligible)
        after, note_after = _power(rule_after, eligible)
        bodies.append(
            BodyComparison(
                body=code,
                name=body.name,
                rule_before=rule_before.name if rule_before else "-",
                rule_after=rule_after.name if rule_after else "-",
                spec_before=rule_before.spec() if rule_before else {},
                spec_after=rule_after.spec() if rule_after else {},
                before=before,
                after=after,
                note=(note_before or note_after) if after_body else "abolished by the reform",
            )
        )
    decisions = tuple(
        _replay(event, record, definition, reformed)
        for event in plain_state.events
        if isinstance(record := getattr(event, "outcome", None), DecisionRecord)
        and event.valid_from >= effective
    )
    return ReformReport(
        reform=reform,
        as_of=as_of,
        effective=effective,
        members=tuple(plain_state.members()),
        bodies=tuple(bodies),
        decisions=decisions,
    )


def plot_reform(report: ReformReport, path: str | Path) -> Path:
    """Draw, per body, the passage probability and the members' mean absolute Banzhaf
    index (probability of being decisive) before and after the reform."""
    compared = [b for b in report.bodies if b.before is not None and b.after is not None]
    if not compared:
        raise InputError(N_("no body decides by the positions of states on this date"), params={})
    figure, target = new_figure(path, (max(6.0, 1.1 * len(compared) + 3.0), 4.0))
    left, right = figure.subplots(1, 2)
    positions = np.arange(len(compared))
    width = 0.4

    def passage(report: PowerReport) -> float:
        return float(report.passage_probability)

    def decisive(report: PowerReport) -> float:
        return float(np.mean(to_floats(report.banzhaf_absolute)))

    measures: list[tuple[Any, str, Callable[[PowerReport], float]]] = [
        (left, "passage probability", passage),
        (right, "mean absolute Banzhaf index", decisive),
    ]
    for axes, title, value in measures:
        before = [value(b.before) for b in compared if b.before is not None]
        after = [value(b.after) for b in compared if b.after is not None]
        axes.bar(positions - width / 2, before, width, label="as is")
        axes.bar(positions + width / 2, after, width, label=f"with {report.reform.id}")
        axes.set_xticks(positions, [b.body for b in compared])
        axes.set_yscale("log")
        axes.set_title(title)
    left.legend(fontsize=8)
    figure.suptitle(f"{report.reform.title} ({len(report.members)} members, {report.as_of})")
    return save_figure(figure, target)
