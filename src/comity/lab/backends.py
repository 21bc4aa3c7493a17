"""Where a sweep's tasks run: here one by one, or on Dask or Ray when one is installed.

Each task is a pure function of its arguments (its random stream travels with it), so the
results do not depend on the back end; :func:`run` answers them in the order of the tasks.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

from comity.errors import InputError
from comity.i18n import N_

__all__ = ["BACKENDS", "Backend", "available_backends", "choose_backend", "run"]

Backend = Literal["auto", "local", "dask", "ray"]
BACKENDS: tuple[str, ...] = ("auto", "local", "dask", "ray")

Shared = TypeVar("Shared")
Task = TypeVar("Task")
Result = TypeVar("Result")
Progress = Callable[[int, int], None]


def available_backends() -> tuple[str, ...]:
    """``local`` always, and ``dask`` (with ``distributed``) or ``ray`` if installed."""
    found = ["local"]
    if importlib.util.find_spec("dask") is not None:
        found.append("dask")
    if importlib.util.find_spec("ray") is not None:
        found.append("ray")
    return tuple(found)


def choose_backend(backend: str) -> str:
    """``auto`` is Dask if installed, else Ray if installed, else ``local``; a back end asked
    for by name must be installed.

    >>> choose_backend("local")
    'local'
    """
    available = available_backends()
    if backend == "auto":
        return next((b for b in ("dask", "ray") if b in available), "local")
    if backend not in ("local", "dask", "ray"):
        raise InputError(
            N_("a backend is auto, local, dask or ray, got {backend!r}"),
            value=backend,
            params={"backend": backend},
        )
    if backend not in available:
        raise InputError(
            N_("{backend} is not installed (pip install {backend}); available: {available}"),
            value=backend,
            params={"backend": backend, "available": ", ".join(available)},
        )
    return backend


def run(
    function: Callable[[Shared, Task], Result],
    shared: Shared,
    tasks: Sequence[Task],
    backend: str = "auto",
    progress: Progress | None = None,
) -> list[Result]:
    """``[function(shared, task) for task in tasks]`` on ``backend``, calling
    ``progress(done, total)`` as tasks finish.

    >>> run(lambda base, x: base + x, 10, [1, 2, 3], "local")
    [11, 12, 13]
    """
    chosen = choose_backend(backend)
    if chosen == "dask":
        return _run_dask(function, shared, tasks, progress)
    if chosen == "ray":
        return _run_ray(function, shared, tasks, progress)
    results: list[Result] = []
    for task in tasks:
        results.append(function(shared, task))
        if progress:
            progress(len(results), len(tasks))
    return results


def _run_dask(
    function: Callable[[Shared, Task], Result],
    shared: Shared,
    tasks: Sequence[Task],
    progress: Progress | None,
) -> list[Result]:
    dask: Any = importlib.import_module("dask")
    delayed = [dask.delayed(function)(shared, task) for task in tasks]
    results: list[Result] = list(dask.compute(*delayed))
    if progress:
        progress(len(tasks), len(tasks))
    return results


def _run_ray(
    function: Callable[[Shared, Task], Result],
    shared: Shared,
    tasks: Sequence[Task],
    progress: Progress | None,
) -> list[Result]:
    ray: Any = importlib.import_module("ray")
    if not ray.is_initialized():
        ray.init(ignore_reinit_error=True, log_to_driver=False)
    remote = ray.remote(function)
    stored = ray.put(shared)
    pending = [remote.remote(stored, task) for task in tasks]
    results: list[Result] = []
    for i, ref in enumerate(pending):
        results.append(ray.get(ref))
        if progress:
            progress(i + 1, len(tasks))
    return results
