"""The organisations' reference data (``<org>/*.yaml``) and its loader: data only, each fact
with its source.

The loader lives with the data rather than with the models that read it, so every layer
(the charter, the history, the names in :mod:`comity.i18n.names`) reads YAML the same way
without importing another's models.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml

try:  # libyaml parses the reference data about ten times faster than pure Python
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from comity.errors import ReferenceDataError
from comity.i18n import N_

DEFAULT_ORGANISATION = "sco"


def charter_dir(organisation: str = DEFAULT_ORGANISATION) -> Traversable:
    """The package folder that holds an organisation's reference data."""
    folder = resources.files(__name__).joinpath(organisation)
    if not folder.is_dir():
        raise ReferenceDataError(
            N_("no reference data for organisation {organisation!r}"),
            params={"organisation": organisation},
        )
    return folder


def read_yaml(file: Traversable) -> Any:
    """Parse one YAML file of reference data, naming the file on error."""
    try:
        return yaml.load(file.read_text(encoding="utf-8"), Loader=_Loader)  # a safe loader
    except yaml.YAMLError as e:
        raise ReferenceDataError(
            N_("{file}: not valid YAML: {problem}"), params={"file": file.name, "problem": e}
        ) from e
