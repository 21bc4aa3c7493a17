"""Random, mostly malformed commands never raise anything but comity's own errors, and a
refused command never writes."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comity.errors import ComityError
from comity.ledger import MemoryLedger
from comity.procedures import commands, execute, parse_actor, parse_command
from comity.record import Record
from strategies import STATES

BASE = Record(MemoryLedger())
BASE.load_reference()
REFERENCE = [r.event for r in BASE.ledger.events()]

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.sampled_from([*STATES, "XYZ", "", "2026-06-15", "2026-13-01", "sco-charter", "chs"]),
    st.sampled_from(["observer", "partner", "member", "suspension", "support", "reservation"]),
    st.dates(date(1990, 1, 1), date(2030, 12, 31)).map(date.isoformat),
    st.text(max_size=8),
    st.dictionaries(st.sampled_from(STATES), st.sampled_from(["support", "objection", "x"])),
)
FIELDS = sorted({name for c in commands().values() for name in c.model_fields} | {"junk"})
ACTORS = ["secretariat", "chair:CHS", "chair:CMFA", *(f"delegation:{s}" for s in STATES), "x"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(commands())),
    data=st.dictionaries(st.sampled_from(FIELDS), values, max_size=6),
    on=st.dates(date(1999, 1, 1), date(2030, 12, 31)),
    actor=st.sampled_from(ACTORS),
)
def test_random_commands_are_run_or_refused_cleanly(
    name: str, data: dict[str, Any], on: date, actor: str
) -> None:
    record = Record(MemoryLedger())
    record.ledger.append(REFERENCE, actor="reference:sco")
    before = (record.ledger.count(), record.ledger.head())
    try:
        command = parse_command(commands()[name], {**data, "on": on.isoformat()})
        execute(record, command, parse_actor(actor))
    except ComityError:
        assert (record.ledger.count(), record.ledger.head()) == before
    else:
        assert record.ledger.count() > before[0]
