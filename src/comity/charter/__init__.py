"""The constitution as data: statuses and rights, bodies, decision rules, treaties, reforms.

Pure: no database, web or CLI imports.
"""

from comity.charter.model import (
    Body,
    Charter,
    CharterDefinition,
    Reform,
    Right,
    StatusRules,
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
from comity.charter.treaties import EntryIntoForce, EntryIntoForceCondition

__all__ = [
    "RULES",
    "Body",
    "Charter",
    "CharterDefinition",
    "Consensus",
    "ConsensusMinusOne",
    "DecisionRule",
    "DoubleMajority",
    "EntryIntoForce",
    "EntryIntoForceCondition",
    "Majority",
    "Outcome",
    "Parameter",
    "ParameterNode",
    "Position",
    "QualifiedMajority",
    "Reform",
    "Right",
    "SimpleMajority",
    "StatusRules",
    "Unanimity",
    "WeightedMajority",
    "charter_as_of",
    "load_charter",
    "parse_positions",
    "rule_from_spec",
]
