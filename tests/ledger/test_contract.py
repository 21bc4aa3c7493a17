"""The ledger contract: every backend (memory, SQLite, PostgreSQL) behaves exactly alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from itertools import pairwise

import pytest

from comity.errors import InvalidActorError, InvalidDateError, UnencodableEventError
from comity.events import Event, StateAdmitted
from comity.ledger import GENESIS, Ledger, MemoryLedger
from comity.ledger.hashing import format_recorded_at

MakeEvents = Callable[..., list[Event]]


def test_an_empty_ledger_has_the_genesis_head_and_verifies(ledger: Ledger) -> None:
    assert ledger.head() == (0, GENESIS)
    assert ledger.count() == 0
    assert ledger.events() == []
    verification = ledger.verify()
    assert (verification.ok, verification.events, verification.head) == (True, 0, GENESIS)
    assert verification.first_bad is None


def test_appended_events_read_back_equal_and_in_order(
    ledger: Ledger, make_events: MakeEvents
) -> None:
    events = make_events(8)
    appended = ledger.append(events, actor="reference:sco")
    read = ledger.events()
    assert [r.event for r in read] == events
    assert read == appended
    assert all(r.actor == "reference:sco" for r in read)


def test_sequence_numbers_are_contiguous_across_batches(
    ledger: Ledger, make_events: MakeEvents
) -> None:
    for size in (1, 3, 2):
        ledger.append(make_events(size), actor="secretariat")
    assert [r.sequence for r in ledger.events()] == [1, 2, 3, 4, 5, 6]
    assert ledger.count() == 6
    assert ledger.head()[0] == 6


def test_each_hash_chains_to_the_previous_one(ledger: Ledger, make_events: MakeEvents) -> None:
    ledger.append(make_events(3), actor="secretariat")
    ledger.append(make_events(2, tag="b"), actor="delegation:IND")
    read = ledger.events()
    assert read[0].prev_hash == GENESIS
    for before, after in pairwise(read):
        assert after.prev_hash == before.hash
    assert len({r.hash for r in read}) == len(read)
    assert ledger.head() == (5, read[-1].hash)
    verification = ledger.verify()
    assert (verification.ok, verification.events, verification.head) == (True, 5, read[-1].hash)


def test_a_batch_shares_one_recording_time_and_later_batches_are_later(
    ledger: Ledger, make_events: MakeEvents
) -> None:
    first = ledger.append(make_events(3), actor="secretariat")
    second = ledger.append(make_events(2, tag="b"), actor="secretariat")
    assert len({r.recorded_at for r in first}) == 1
    assert second[0].recorded_at > first[0].recorded_at
    assert first[0].recorded_at.tzinfo is not None
    assert first[0].recorded_at.utcoffset() == timedelta(0)


def test_recording_times_rise_even_when_the_clock_goes_back(make_events: MakeEvents) -> None:
    moment = datetime(2030, 1, 1, tzinfo=UTC)
    ledger = MemoryLedger(clock=lambda: moment)
    first = ledger.append(make_events(1), actor="secretariat")[0]
    second = ledger.append(make_events(1, tag="b"), actor="secretariat")[0]
    assert second.recorded_at == first.recorded_at + timedelta(microseconds=1)


def test_valid_until_keeps_events_that_happened_by_that_day(ledger: Ledger) -> None:
    days = [date(2001, 6, 15), date(2017, 6, 9), date(2023, 7, 4)]
    ledger.append([StateAdmitted(valid_from=d, state="IND") for d in days], actor="secretariat")
    assert [r.event.valid_from for r in ledger.events(valid_until=date(2017, 6, 8))] == days[:1]
    assert [r.event.valid_from for r in ledger.events(valid_until=date(2017, 6, 9))] == days[:2]
    assert ledger.events(valid_until=date(2000, 1, 1)) == []


def test_known_at_shows_the_record_as_it_stood_then(
    ledger: Ledger, make_events: MakeEvents
) -> None:
    first = ledger.append(make_events(2), actor="secretariat")
    second = ledger.append(make_events(2, tag="b"), actor="secretariat")
    as_of_first = ledger.events(known_at=first[0].recorded_at)
    assert as_of_first == first
    assert ledger.events(known_at=second[0].recorded_at) == first + second
    before = first[0].recorded_at - timedelta(microseconds=1)
    assert ledger.events(known_at=before) == []


def test_known_at_in_another_time_zone_means_the_same_instant(
    ledger: Ledger, make_events: MakeEvents
) -> None:
    first = ledger.append(make_events(1), actor="secretariat")
    ledger.append(make_events(1, tag="b"), actor="secretariat")
    tashkent = timezone(timedelta(hours=5))
    assert ledger.events(known_at=first[0].recorded_at.astimezone(tashkent)) == first


def test_valid_time_and_recording_time_filter_together(ledger: Ledger) -> None:
    early = ledger.append([StateAdmitted(valid_from=date(2017, 6, 9), state="IND")], actor="x")
    ledger.append([StateAdmitted(valid_from=date(2001, 6, 15), state="CHN")], actor="x")
    # Known later but valid earlier: only the bitemporal combination tells them apart.
    assert ledger.events(valid_until=date(2010, 1, 1), known_at=early[0].recorded_at) == []
    assert len(ledger.events(valid_until=date(2010, 1, 1))) == 1


def test_types_selects_events_by_class_name(ledger: Ledger, make_events: MakeEvents) -> None:
    ledger.append(make_events(8), actor="secretariat")
    read = ledger.events(types={"StateAdmitted", "InstrumentDeposited"})
    assert [r.sequence for r in read] == [1, 4, 5, 8]
    assert ledger.events(types=[]) == []
    assert ledger.events(types=["NoSuchEvent"]) == []


def test_appending_nothing_writes_nothing(ledger: Ledger) -> None:
    assert ledger.append([], actor="secretariat") == []
    assert ledger.head() == (0, GENESIS)


def test_a_failing_batch_writes_nothing(ledger: Ledger, make_events: MakeEvents) -> None:
    ledger.append(make_events(2), actor="secretariat")
    before = (ledger.count(), ledger.head())
    # A lone surrogate has no UTF-8 form, so the third event cannot be canonicalised.
    bad = StateAdmitted(valid_from=date(2020, 1, 1), state="IND", note="\ud800")
    with pytest.raises(UnencodableEventError):
        ledger.append([*make_events(2, tag="b"), bad], actor="secretariat")
    assert (ledger.count(), ledger.head()) == before
    assert ledger.verify().ok


@pytest.mark.parametrize("actor", ["", "Secretariat", "delegation IND", "a:b:c", "x" * 201])
def test_malformed_actors_are_refused(ledger: Ledger, make_events: MakeEvents, actor: str) -> None:
    with pytest.raises(InvalidActorError, match="role"):
        ledger.append(make_events(1), actor=actor)
    assert ledger.count() == 0


def test_known_at_must_be_timezone_aware(ledger: Ledger) -> None:
    with pytest.raises(InvalidDateError, match="timezone-aware"):
        ledger.events(known_at=datetime(2024, 1, 1))


def test_valid_until_must_be_a_date(ledger: Ledger) -> None:
    with pytest.raises(InvalidDateError, match="YYYY-MM-DD"):
        ledger.events(valid_until=datetime(2024, 1, 1, tzinfo=UTC))


def test_recorded_at_round_trips_to_the_microsecond(
    ledger: Ledger, make_events: MakeEvents
) -> None:
    appended = ledger.append(make_events(1), actor="secretariat")[0]
    read = ledger.events()[0]
    assert read.recorded_at == appended.recorded_at
    assert format_recorded_at(read.recorded_at) == format_recorded_at(appended.recorded_at)


def test_stored_rows_export_lets_an_auditor_recompute_every_hash(
    ledger: Ledger, make_events: MakeEvents
) -> None:
    # The auditor's side: only hashlib and rfc8785 over the exported lines.
    import hashlib
    import json

    import rfc8785

    from comity.ledger.export import jsonl_lines

    ledger.append(make_events(5), actor="secretariat", account="os:root")
    ledger.append(
        make_events(3, tag="b"),
        actor="delegation:IND",
        account="ind.delegate",
        confidential={"StateAdmitted": ["note"]},
    )
    previous = "0" * 64
    lines = list(jsonl_lines(ledger.stored_rows()))
    assert len(lines) == 8
    sealed = 0
    for line in lines:
        row = json.loads(line)
        assert row["prev_hash"] == previous
        assert row["recipe"] == 2
        if row["sealed"]:
            sealed += 1
            salt, secret = bytes.fromhex(row["salt"]), row["secret"].encode()
            assert hashlib.sha256(salt + secret).hexdigest() == row["sealed"]
        canonical = rfc8785.dumps(
            {
                "sequence": row["sequence"],
                "type": row["type"],
                "payload": row["payload"],
                "valid_from": row["valid_from"],
                "recorded_at": row["recorded_at"],
                "actor": row["actor"],
                "source": row["source"],
                "recipe": 2,
                "account": row["account"],
                "sealed": row["sealed"],
            }
        )
        digest = hashlib.sha256(previous.encode("ascii") + canonical).hexdigest()
        assert digest == row["hash"]
        previous = digest
    assert previous == ledger.head()[1]
    assert sealed == 1  # make_events(3) has one StateAdmitted


def test_a_sealed_event_reads_back_whole_with_the_account_that_recorded_it(
    ledger: Ledger, make_events: MakeEvents
) -> None:
    events = make_events(2)  # a StateAdmitted and a MeetingConvened
    recorded = ledger.append(
        events,
        actor="delegation:IND",
        account="ind.delegate",
        confidential={"StateAdmitted": ["note"]},
    )
    assert [r.account for r in recorded] == ["ind.delegate"] * 2
    read = ledger.events()
    assert [r.event for r in read] == events  # the sealed note comes back from the secret
    assert [r.account for r in read] == ["ind.delegate"] * 2
    sealed, plain = ledger.stored_rows()
    assert '"note"' not in sealed.payload
    assert sealed.secret == '{"note":"0"}'
    assert sealed.sealed
    assert (plain.sealed, plain.salt, plain.secret) == ("", "", "")
    assert ledger.verify().ok


def test_an_account_with_spaces_is_refused_and_nothing_is_written(
    ledger: Ledger, make_events: MakeEvents
) -> None:
    with pytest.raises(InvalidActorError, match="account"):
        ledger.append(make_events(1), actor="secretariat", account="two words")
    assert ledger.count() == 0
