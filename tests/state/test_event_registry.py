"""Every event type is read, folded and described: adding one without the others fails here.

An event class is written in :mod:`comity.events` and listed in its ``Event`` union (the
discriminated union the ledger reads events back through); the folder gives it one step
(:func:`comity.state.fold.folds`) and narration one describer
(:func:`comity.narration.describes`). Forgetting any of the four leaves the event unread,
silently ignored by the state, or without a sentence: this test names what is missing.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import get_args

from comity import events
from comity.events import Event, EventBase
from comity.narration import DESCRIBERS
from comity.state.fold import FOLDERS, STATUS_EVENTS


def _names(classes: Iterable[type]) -> set[str]:
    return {c.__name__ for c in classes}


# The classes of the discriminated union: Annotated[A | B | ..., Field(discriminator="type")].
UNION = set(get_args(get_args(Event)[0]))
# Every event class defined in comity.events (EventBase's subclasses, however deep).
CLASSES = {
    cls
    for _, cls in inspect.getmembers(events, inspect.isclass)
    if issubclass(cls, EventBase) and cls is not EventBase
}


def test_every_event_class_is_in_the_union() -> None:
    assert _names(CLASSES - UNION) == set(), "add it to comity.events.Event"
    assert _names(UNION - CLASSES) == set()


def test_every_event_class_has_a_folding_step() -> None:
    assert _names(UNION - set(FOLDERS)) == set(), "register a step with @folds in state/fold.py"
    assert _names(set(FOLDERS) - UNION) == set(), "a step for a class not in the Event union"


def test_every_event_class_has_a_describer() -> None:
    assert _names(UNION - set(DESCRIBERS)) == set(), "register one with @describes in narration"
    assert _names(set(DESCRIBERS) - UNION) == set(), "a describer for a class not in the union"


def test_each_type_names_its_class() -> None:
    # The ``type`` discriminator is what the ledger stores and reads back by: each class's
    # is its own name, so no two classes of one module share one.
    types = {cls.__name__: cls.model_fields["type"].default for cls in UNION}
    assert {name for name, kind in types.items() if name != kind} == set()


def test_status_events_are_event_types() -> None:
    assert STATUS_EVENTS - _names(UNION) == set()
