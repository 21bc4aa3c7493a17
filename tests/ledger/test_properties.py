"""Properties over arbitrary events: whatever is appended reads back equal and verifies."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comity.events import (
    DocumentKind,
    DocumentSigned,
    Event,
    InstrumentDeposited,
    MeetingConvened,
    Source,
    SourceKind,
    StateAdmitted,
    StatusGranted,
)
from comity.ledger import Ledger

STATES = ("CHN", "RUS", "KAZ", "KGZ", "TJK", "UZB", "IND", "PAK", "IRN", "BLR", "MNG")

# Any Unicode a user could type, including control characters and NUL (which PostgreSQL
# cannot hold in TEXT, so it must stay escaped inside the JSON payload).
text = st.text(max_size=30)
days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
states = st.sampled_from(STATES)
sources = st.lists(
    st.builds(
        Source,
        title=st.text(min_size=1, max_size=30),
        kind=st.sampled_from(SourceKind),
        url=st.none() | text,
        published=st.none() | days,
        note=st.none() | text,
    ),
    max_size=2,
).map(tuple)

events: st.SearchStrategy[Event] = st.one_of(
    st.builds(
        StateAdmitted,
        valid_from=days,
        state=states,
        place=st.none() | text,
        founding=st.booleans(),
        note=st.none() | text,
        sources=sources,
    ),
    st.builds(
        StatusGranted,
        valid_from=days,
        state=states,
        status=st.sampled_from(["observer", "dialogue_partner", "partner"]),
        sources=sources,
    ),
    st.builds(
        MeetingConvened,
        valid_from=days,
        meeting=st.text(min_size=1, max_size=20),
        body=text,
        place=text,
        ends_on=st.none() | days,
    ),
    st.builds(
        DocumentSigned,
        valid_from=days,
        document=st.text(min_size=1, max_size=20),
        title=text,
        kind=st.sampled_from(DocumentKind),
        signatories=st.lists(states, min_size=1, max_size=4).map(tuple),
        sources=sources,
    ),
    st.builds(InstrumentDeposited, valid_from=days, document=text, state=states),
)
actors = st.sampled_from(["secretariat", "reference:sco", "delegation:IND", "observer:ÉTAT"])


batches_of_events = st.lists(st.lists(events, min_size=1, max_size=4), min_size=1, max_size=3)


@settings(
    max_examples=25,
    deadline=None,
    # One ledger serves every example: it only grows, and each example checks what it added.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(batches=batches_of_events, actor=actors)
def test_any_appended_events_read_back_equal_and_verify(
    ledger: Ledger, batches: list[list[Event]], actor: str
) -> None:
    start, _ = ledger.head()
    appended = [r for batch in batches for r in ledger.append(batch, actor=actor)]
    assert [r.event for r in appended] == [e for batch in batches for e in batch]
    assert [r.sequence for r in appended] == list(range(start + 1, start + len(appended) + 1))
    read = ledger.events()[start:]
    assert read == appended
    verification = ledger.verify()
    assert verification.ok
    assert (verification.events, verification.head) == (ledger.head()[0], appended[-1].hash)
