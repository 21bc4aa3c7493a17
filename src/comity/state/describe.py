"""Where narration was first defined: :mod:`comity.narration` now, re-exported here so that
``from comity.state.describe import ...`` keeps working. New code imports comity.narration."""

from comity.narration import (
    DESCRIBERS,
    LABELS,
    OPTED_OUT,
    Description,
    cite,
    decision_reason,
    describe,
    describes,
    opted_out_clause,
    render,
)

__all__ = [
    "DESCRIBERS",
    "LABELS",
    "OPTED_OUT",
    "Description",
    "cite",
    "decision_reason",
    "describe",
    "describes",
    "opted_out_clause",
    "render",
]
