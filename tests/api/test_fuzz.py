"""Fuzzing the live server against its own OpenAPI document (schemathesis).

Every operation the server publishes at ``/openapi.json`` is called over real HTTP with
generated requests: well-formed ones (positive) and ones that break the schema (negative),
the write endpoints with a secretariat's bearer token. No answer may be a server error, and
every documented answer must match its schema.

It runs once per backend (SQLite, PostgreSQL). The run is bounded
(``COMITY_FUZZ_EXAMPLES`` examples per operation and mode, default 6) and derandomised, so CI
sees the same requests each time; raise the number locally for a longer search, e.g.
``COMITY_FUZZ_EXAMPLES=200 pytest tests/api/test_fuzz.py``.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance

from api.test_procedures import token_for
from conftest import Served

EXAMPLES = int(os.environ.get("COMITY_FUZZ_EXAMPLES", "6"))

CHECKS = {
    GenerationMode.POSITIVE: [not_a_server_error, response_schema_conformance],
    # A request outside the schema is refused with a problem: no 5xx, whatever it holds.
    GenerationMode.NEGATIVE: [not_a_server_error],
}

# Logging out would revoke the token the rest of the run writes with.
UNAUTHENTICATED = {"DELETE /api/v1/session"}


def fuzz(operation: Any, mode: GenerationMode, base_url: str, headers: dict[str, str]) -> None:
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode))
    def run(case: Any) -> None:
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS[mode])

    run()


def test_no_operation_answers_with_a_server_error_or_off_schema(served: Served) -> None:
    schema = schemathesis.openapi.from_url(f"{served.base_url}/openapi.json")
    token = {"Authorization": f"Bearer {token_for(served, 'secretariat')}"}
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        headers = {} if operation.label in UNAUTHENTICATED else token
        for mode in GenerationMode:
            try:
                fuzz(operation, mode, served.base_url, headers)
            except Unsatisfiable:
                continue  # nothing to break: the operation takes no input
            except Exception as e:  # collected, so that one run reports every operation
                failures.append(f"{operation.label} ({mode.value}):\n{e}")
    assert operations > 40
    assert not failures, "\n\n".join(failures)
