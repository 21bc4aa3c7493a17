"""Events to record in ledger tests: varied types, real-looking values, with sources."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from comity.events import (
    DocumentSigned,
    Event,
    InstrumentDeposited,
    MeetingConvened,
    Source,
    SourceKind,
    StateAdmitted,
)

MakeEvents = Callable[..., list[Event]]

_STATES = ("CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB", "IND", "PAK", "IRN", "BLR")
_SOURCE = Source(title="Test fixture", kind=SourceKind.SECONDARY, url="https://example.org/é")


def make_events(count: int, *, start: date = date(2001, 6, 15), tag: str = "") -> list[Event]:
    """``count`` distinct events, one day apart from ``start``, cycling through four types."""
    events: list[Event] = []
    for i in range(count):
        day = start + timedelta(days=i)
        state = _STATES[i % len(_STATES)]
        kind = i % 4
        if kind == 0:
            events.append(StateAdmitted(valid_from=day, state=state, note=f"{tag}{i}"))
        elif kind == 1:
            events.append(
                MeetingConvened(
                    valid_from=day,
                    meeting=f"chs-{tag}{i}",
                    body="CHS",
                    place="Астана",
                    sources=(_SOURCE,),
                )
            )
        elif kind == 2:
            events.append(
                DocumentSigned(
                    valid_from=day,
                    document=f"doc-{tag}{i}",
                    title=f'Agreement "{i}"\n',
                    kind="agreement",
                    signatories=("CHN", "RUS"),
                    sources=(_SOURCE,),
                )
            )
        else:
            events.append(
                InstrumentDeposited(valid_from=day, document=f"doc-{tag}{i}", state=state)
            )
    return events


@pytest.fixture(name="make_events")
def make_events_fixture() -> MakeEvents:
    return make_events
