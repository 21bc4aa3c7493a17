"""The constitution as data: statuses and rights, bodies, decision rules, treaties, reforms.

Pure: no database, web or CLI imports.
"""

from comity.charter.model import (
    AdmissionRules,
    Body,
    Charter,
    CharterDefinition,
    CharterReservationRules,
    MembershipMeasureRules,
    ProcedureRules,
    Reform,
    Right,
    StatusGrantRules,
    StatusRules,
    WithdrawalRules,
    charter_as_of,
    load_charter,
)
from comity.charter.parameters import Parameter, ParameterNode
from comity.charter.rules import (
    RULES,
    Consensus,
    ConsensusMinusOne,
    DecisionRule,
    DoubleMajority,
    Majority,
    Outcome,
    Position,
    QualifiedMajority,
    SimpleMajority,
    Unanimity,
    WeightedMajority,
    parse_positions,
    rule_from_spec,
)
from comity.charter.treaties import EntryIntoForce, EntryIntoForceCondition, FinalClauses

__all__ = [
    "RULES",
    "AdmissionRules",
    "Body",
    "Charter",
    "CharterDefinition",
    "CharterReservationRules",
    "Consensus",
    "ConsensusMinusOne",
    "DecisionRule",
    "DoubleMajority",
    "EntryIntoForce",
    "EntryIntoForceCondition",
    "Majority",
    "MembershipMeasureRules",
    "Outcome",
    "Parameter",
    "ParameterNode",
    "Position",
    "ProcedureRules",
    "QualifiedMajority",
    "Reform",
    "Right",
    "SimpleMajority",
    "StatusGrantRules",
    "StatusRules",
    "Unanimity",
    "WeightedMajority",
    "WithdrawalRules",
    "charter_as_of",
    "load_charter",
    "parse_positions",
    "rule_from_spec",
]
