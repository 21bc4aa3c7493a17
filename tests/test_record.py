"""The record: reference history loaded once, corrections appended, never rewritten."""

from __future__ import annotations

from datetime import UTC, date, datetime

from comity.events import StateAdmitted
from comity.ledger import MemoryLedger
from comity.record import Record, current_versions
from comity.reference import load_history


def _record() -> Record:
    return Record(MemoryLedger())


def test_loading_the_reference_history_twice_appends_nothing() -> None:
    record = _record()
    assert record.ensure_initialised() == len(load_history())
    head = record.ledger.head()
    assert record.load_reference() == 0
    assert record.ledger.head() == head


def test_a_corrected_reference_event_is_appended_and_supersedes_the_old_one() -> None:
    record = _record()
    history = load_history()
    admission = next(e for e in history if e.id == "sco.admission.ind")
    # Suppose an earlier release had recorded India's admission a year early.
    wrong = admission.model_copy(update={"valid_from": date(2016, 6, 9)})
    record.ledger.append([wrong], actor="reference:sco")
    before_fix = datetime.now(UTC)
    assert record.state(date(2016, 12, 31)).current("IND").status.value == "member"

    appended = record.load_reference()

    assert appended == len(history)  # everything else was missing; IND's differed
    assert record.ledger.count() == len(history) + 1  # the wrong row is kept
    # The correction is in force: India was not a member in 2016 (an observer in its admission
    # procedure), and is from 9 June 2017.
    assert record.state(date(2016, 12, 31)).current("IND").status.value == "observer"
    assert record.state(date(2017, 6, 9)).current("IND").start == date(2017, 6, 9)
    # What the record said before the correction is still there to be seen.
    then = record.state(date(2016, 12, 31), known_at=before_fix)
    assert then.current("IND").status.value == "member"
    assert record.ledger.verify().ok


def test_current_versions_keep_the_first_place_and_the_latest_content() -> None:
    ledger = MemoryLedger()
    first = StateAdmitted(id="x.admission.kaz", valid_from=date(2001, 6, 15), state="KAZ")
    other = StateAdmitted(valid_from=date(2001, 6, 15), state="CHN")
    fixed = first.model_copy(update={"place": "Shanghai"})
    ledger.append([first, other], actor="reference:x")
    ledger.append([fixed], actor="reference:x")
    current = current_versions(ledger.events())
    assert [r.event for r in current] == [fixed, other]
    assert current[0].sequence == 3
