"""What the charter data imply about pooled authority, decision area by decision area, set
beside the Measure of International Authority (MIA-Authority, May 2021: Hooghe, Marks, Lenz,
Bezuijen, Ceka & Derderyan 2017, *Measuring International Authority*, OUP).

MIA scores six decision areas of an IO (accession, suspension, constitutional reform, budget,
financial non-compliance, policy making) for *pooling*: authority shared by the member states
in collective decisions, higher with majority voting, with less need for ratification and with
binding decisions. comity's charter data say, for each area, which body decides and by which
rule; from that :func:`charter_pooling` says whether every member keeps a veto (consensus,
unanimity), every member but the one concerned does (consensus minus one), or the body decides
by a majority that can outvote a member, and where the charter has no procedure at all.

The areas are tied to the charter data by :data:`AREA_SOURCES`, one table per organisation:
``sco`` now; another organisation (ASEAN) is added by giving its table, once its charter
data are in ``comity/charters/<organisation>/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from comity.charter.model import charter_as_of
from comity.errors import InputError
from comity.i18n import N_

__all__ = ["AREA_SOURCES", "MIA_AREAS", "AreaRule", "Pooling", "charter_pooling"]

#: MIA's decision areas and the column of its pooling score for each.
MIA_AREAS: dict[str, str] = {
    "accession": "poolaccess",
    "suspension": "poolsuspens",
    "constitution": "poolconstit",
    "budget": "poolbudget",
    "compliance": "poolcompliance",
    "policy": "poolpolicy",
}

Pooling = Literal["veto", "veto_but_concerned", "majority", "no_procedure"]
#: Rules under which every member taking part can block, or all but the state concerned.
VETO_RULES = {"consensus": "veto", "unanimity": "veto", "consensus_minus_one": "veto_but_concerned"}


@dataclass(frozen=True)
class AreaSource:
    """Where an area's decision is in the charter data: a procedure (its ``decided_by`` and
    ``rule``), or a body whose decision rule applies; ``reference`` cites the text."""

    reference: str
    procedure: str | None = None
    body: str | None = None


#: Per organisation, the charter data that decide each MIA area.
AREA_SOURCES: dict[str, dict[str, AreaSource]] = {
    "sco": {
        "accession": AreaSource(
            "Regulation on the Procedure for Admission of New Members (2010): the Council of "
            "Heads of State decides; Charter Art. 16 (consensus)",
            procedure="admission",
        ),
        "suspension": AreaSource(
            "Charter Art. 13 and Art. 16: the Council of Heads of State, on a representation "
            "of the Council of Ministers of Foreign Affairs, by consensus minus one vote of the "
            "member state concerned",
            procedure="suspension",
        ),
        "constitution": AreaSource(
            "Charter Art. 16 (the Council of Heads of State by consensus) and the Protocol "
            "amending the Charter of 5 September 2003, Art. 2 (ratification by the "
            "signatories)",
            body="CHS",
        ),
        "budget": AreaSource(
            "Charter Art. 6: the Council of Heads of Government approves the budget "
            "(http://eng.sectsco.org/); Art. 16 (consensus)",
            body="CHG",
        ),
        "compliance": AreaSource(
            "Charter Art. 13 has suspension and expulsion only, for a breach of the Charter's "
            "provisions; no measure for financial non-compliance (procedures.penalties: none)",
            procedure="penalties",
        ),
        "policy": AreaSource(
            "Charter Art. 5 (the Council of Heads of State determines priorities and main "
            "areas of activity) and Art. 16 (consensus)",
            body="CHS",
        ),
    },
}


@dataclass(frozen=True)
class AreaRule:
    """One decision area as the charter data have it on a day."""

    area: str
    body: str | None
    rule: str | None
    pooling: Pooling
    reference: str

    @property
    def pools_by_majority(self) -> bool:
        return self.pooling == "majority"

    def to_json(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "body": self.body,
            "rule": self.rule,
            "pooling": self.pooling,
            "reference": self.reference,
        }


def _rule_name(rule: Any) -> str | None:
    if rule is None:
        return None
    name = rule.get("rule") if isinstance(rule, Mapping) else getattr(rule, "rule", rule)
    return str(name) if name is not None else None


def charter_pooling(organisation: str, day: date) -> dict[str, AreaRule]:
    """Each MIA decision area of ``organisation`` on ``day``: who decides, by which rule, and
    whether that keeps a veto (:data:`Pooling`).

    >>> found = charter_pooling("sco", date(2019, 1, 1))
    >>> found["suspension"].rule, found["suspension"].pooling
    ('consensus_minus_one', 'veto_but_concerned')
    """
    sources: Mapping[str, AreaSource] | None = AREA_SOURCES.get(organisation)
    if sources is None:
        raise InputError(
            N_("no decision areas are mapped to the charter data of {organisation}; known: "
               "{known}"),
            value=organisation,
            params={"organisation": organisation, "known": ", ".join(AREA_SOURCES)},
        )  # fmt: skip
    charter = charter_as_of(day, organisation=organisation)
    found: dict[str, AreaRule] = {}
    for area, source in sources.items():
        body, rule = source.body, None
        if source.procedure is not None:
            value = getattr(charter.procedures, source.procedure, None)
            if value is None:
                found[area] = AreaRule(area, None, None, "no_procedure", source.reference)
                continue
            body = getattr(value, "decided_by", None)
            rule = getattr(value, "rule", None)
        if rule is None and body is not None:
            rule = charter.body(body).decision_rule
        name = _rule_name(rule)
        pooling: Pooling = VETO_RULES.get(str(name), "majority")  # type: ignore[assignment]
        found[area] = AreaRule(area, body, name, pooling, source.reference)
    return found
