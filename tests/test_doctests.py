"""The examples in docstrings are specifications: run them all."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import comity

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(comity.__path__, "comity.") if ".migrations" not in m.name
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
