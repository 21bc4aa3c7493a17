"""Reference data shipped with comity: an organisation's charter and its real history.

The history of an organisation lives in ``comity/charters/<org>/history/*.yaml``, one list of
events per file (``events: [...]``). Every event there must carry a stable ``id`` and at least
one source; the loader refuses anything else, so an unsourced fact cannot enter the record.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from importlib.resources.abc import Traversable

from comity.charters import DEFAULT_ORGANISATION, charter_dir, read_yaml
from comity.errors import ReferenceDataError
from comity.events import Event, parse_event
from comity.i18n import N_


def _history_files(organisation: str) -> Iterator[Traversable]:
    folder = charter_dir(organisation).joinpath("history")
    yield from sorted(
        (f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name
    )


def load_history(organisation: str = DEFAULT_ORGANISATION) -> list[Event]:
    """All reference events of an organisation, in the order they happened.

    Events of one day keep the order of the files (sorted by name) and of the lists in them,
    so a file can rely on an earlier file's events of the same day.
    """
    keyed: list[tuple[date, int, Event]] = []
    seen: dict[str, str] = {}
    for file in _history_files(organisation):
        data = read_yaml(file)
        if not isinstance(data, dict) or not isinstance(data.get("events"), list):
            raise ReferenceDataError(
                N_("{file}: expected a mapping with a list 'events'"), params={"file": file.name}
            )
        for raw in data["events"]:
            if not isinstance(raw, dict):
                raise ReferenceDataError(
                    N_("{file}: every event must be a mapping"), params={"file": file.name}
                )
            try:
                event = parse_event(raw)
            except ReferenceDataError as e:
                raise ReferenceDataError(
                    N_("{file}: {problem}"),
                    value=e.value,
                    params={"file": file.name, "problem": e.message},
                ) from e
            if event.id is None:
                raise ReferenceDataError(
                    N_("{file}: a reference event needs an 'id'"), params={"file": file.name}
                )
            if not event.sources:
                raise ReferenceDataError(
                    N_("{file}: event {event} has no source"),
                    value=event.id,
                    params={"file": file.name, "event": event.id},
                )
            if event.id in seen:
                raise ReferenceDataError(
                    N_("{file}: id {event} is used twice (also in {other})"),
                    value=event.id,
                    params={"file": file.name, "event": event.id, "other": seen[event.id]},
                )
            seen[event.id] = file.name
            keyed.append((event.valid_from, len(keyed), event))
    keyed.sort(key=lambda k: (k[0], k[1]))
    return [e for _, _, e in keyed]
