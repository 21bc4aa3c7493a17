"""What of the record a reader may see now: the charter's ``confidentiality`` applied.

The charter names, per event type, the fields only some readers see for a time and what
reveals them to everyone (for the SCO: a delegation's position on an agenda item, seen by
the secretariat and that delegation until the item is closed). Two uses, one reading of the
rules:

- the ledger seals those fields when the event is appended (:func:`sealed_fields`): they go
  into the row's secret, and the public chain shows only a commitment to them;
- every read of the record (history, timeline, the chain download, minutes) asks
  :meth:`Disclosure.withheld` which fields of an event to leave out for this reader, now.

A reader is anything with a ``kind`` (``secretariat``, ``delegation``, ``observer``,
``public``) and a ``state`` (a delegation's ISO3 code), as :class:`comity.identity.Role`.

>>> from datetime import date
>>> from comity.charter.model import load_charter
>>> from comity.events import ItemClosed, PositionStated
>>> from comity.identity import PUBLIC, Role
>>> said = PositionStated(valid_from=date(2026, 6, 15), meeting="m", item="i", state="PAK",
...                       position="objection")
>>> open_ = Disclosure(load_charter(), [said])
>>> sorted(open_.withheld(said, PUBLIC))
['opt_out', 'position', 'statement']
>>> sorted(open_.withheld(said, Role.parse("delegation:PAK")))
[]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from comity import i18n
from comity.charter.model import CharterDefinition, Confidentiality
from comity.charter.parameters import Parameter
from comity.events import Event, ItemClosed
from comity.i18n import N_
from comity.i18n.names import Name
from comity.state.describe import Description, describe, render
from comity.states import state_name

__all__ = ["Disclosure", "Reader", "describe_for", "sealed_fields"]

_PATH = "procedures.confidentiality"


class Reader(Protocol):
    """Who reads: a role's kind and, for a delegation, its state."""

    @property
    def kind(self) -> Any: ...

    @property
    def state(self) -> str | None: ...


def _rules(definition: CharterDefinition, day: date) -> tuple[Confidentiality, ...]:
    try:
        parameter = definition.parameters.get(_PATH)
    except Exception:  # an organisation whose charter has no such rules
        return ()
    if not isinstance(parameter, Parameter):
        return ()
    entry = parameter.entry_at(day)
    if entry is None or not entry.value:
        return ()
    return _parsed(entry.value)


def _parsed(value: Sequence[Mapping[str, Any]]) -> tuple[Confidentiality, ...]:
    return tuple(Confidentiality.model_validate(rule) for rule in value)


def sealed_fields(definition: CharterDefinition, events: Iterable[Event]) -> dict[str, set[str]]:
    """The fields to seal when appending ``events``, per event type, by the charter in force
    on each event's date (the ledger's ``confidential`` argument)."""
    sealed: dict[str, set[str]] = {}
    cache: dict[date, tuple[Confidentiality, ...]] = {}
    for event in events:
        rules = cache.get(event.valid_from)
        if rules is None:
            rules = cache[event.valid_from] = _rules(definition, event.valid_from)
        for rule in rules:
            if rule.event == event.type:
                sealed.setdefault(event.type, set()).update(rule.fields)
    return sealed


class Disclosure:
    """The charter's confidentiality over the record as it stands now (``events``: the
    events in force, in ledger order)."""

    def __init__(self, definition: CharterDefinition, events: Iterable[Event]) -> None:
        self._definition = definition
        self._closed = {(e.meeting, e.item) for e in events if isinstance(e, ItemClosed)}
        self._cache: dict[date, tuple[Confidentiality, ...]] = {}

    def _rule(self, event: Event) -> Confidentiality | None:
        rules = self._cache.get(event.valid_from)
        if rules is None:
            rules = self._cache[event.valid_from] = _rules(self._definition, event.valid_from)
        return next((r for r in rules if r.event == event.type), None)

    def withheld(self, event: Event, reader: Reader) -> frozenset[str]:
        """The fields of ``event`` that ``reader`` may not see now (empty: all of it)."""
        rule = self._rule(event)
        if rule is None:
            return frozenset()
        if rule.until == "item_closed":
            key = (getattr(event, "meeting", None), getattr(event, "item", None))
            if key in self._closed:
                return frozenset()
        kind = str(reader.kind)
        if kind == "secretariat" and "secretariat" in rule.seen_by:
            return frozenset()
        if (
            kind == "delegation"
            and "own_delegation" in rule.seen_by
            and reader.state is not None
            and reader.state == getattr(event, "state", None)
        ):
            return frozenset()
        return frozenset(rule.fields)


def describe_for(event: Event, withheld: frozenset[str], lang: str | None = None) -> Description:
    """:func:`~comity.state.describe.describe`, or, when fields are withheld, a sentence that
    says what was recorded without them."""
    if not withheld:
        return describe(event, lang)
    language = lang or i18n.active()
    meeting, item = getattr(event, "meeting", ""), getattr(event, "item", "")
    state = getattr(event, "state", None)
    if state is not None:
        return render(
            N_("{state} states a position on {meeting}/{item} (withheld until the item is closed)"),
            language,
            state=Name(state_name(state, language), language),
            meeting=meeting,
            item=item,
        )
    return render(
        N_("{type} on {meeting}/{item} (withheld until the item is closed)"),
        language,
        type=event.type,
        meeting=meeting,
        item=item,
    )
