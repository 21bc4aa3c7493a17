"""Fuzzing the live server against the OpenAPI document of every route it serves.

Every operation, the JSON API's and the web pages' and forms' (which the published
``/openapi.json`` leaves out), is called over real HTTP with generated requests: well-formed
ones (positive) and ones that break the schema (negative). The caller is logged in as the
secretariat with a session cookie and sends the session's CSRF token, so writes and forms
reach their handlers; the login form gets its own CSRF cookie and token. No answer may be a
server error, and every documented answer must match its schema.

While it runs, :mod:`api.reads` notes what each route reads of the request (query, headers,
cookies, form, body), wherever in the code that happens; every such input must be declared
in the route's operation, or the fuzzer would never vary it, and every route must have been
called.

It runs once per backend: on SQLite every route, on PostgreSQL the JSON API's (the pages and
forms reach the database through the same library calls as the API, and fuzzing them twice
would double the run for no new database path). The run is bounded
(``COMITY_FUZZ_EXAMPLES`` examples per operation and mode, default 6) and derandomised, so CI
sees the same requests each time; raise the number locally for a longer search, e.g.
``COMITY_FUZZ_EXAMPLES=200 pytest tests/api/test_fuzz.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance
from starlette.middleware import Middleware

from api.reads import ReadRecorder, every_route_schema, operations, undeclared, watching
from api.test_procedures import token_for
from api.test_session import PASSWORD, make_account
from comity.api.app import API_PREFIX
from comity.api.auth import SESSION_COOKIE
from comity.web.meetings import LOGIN_CSRF_COOKIE
from conftest import SQL_BACKENDS, Served, running_server, sql_url

EXAMPLES = int(os.environ.get("COMITY_FUZZ_EXAMPLES", "6"))
#: The lab's charts take seconds a call, and take no input but the language ones every route
#: shares (fuzzed on every other route): one example each, per mode.
CHARTS = {
    "GET /lab/charts/passage.svg",
    "GET /lab/charts/shares.svg",
    "GET /lab/charts/unga-enlargement.svg",
}

CHECKS = {
    GenerationMode.POSITIVE: [not_a_server_error, response_schema_conformance],
    # A request outside the schema is refused with a problem: no 5xx, whatever it holds.
    GenerationMode.NEGATIVE: [not_a_server_error],
}

# Logging out would close the session the rest of the run writes with.
LOGGED_OUT = {"DELETE /api/v1/session", "POST /logout"}
LOGIN_FORM = "POST /login"
LOGIN_TOKEN = "fuzz-login-form-token"
MEETING, ITEM = "cmfa-fuzz", "item-one"
#: Path parameters the fuzzer is also given a real value of (the explicit phase), so that it
#: gets past "no such meeting" into the handlers. Not for the event stream: a real meeting's
#: stream stays open for as long as its ``seconds`` say.
REAL = {"slug": MEETING, "meeting": MEETING, "item": ITEM, "iso3": "IND", "reform": "cnc-majority"}


@pytest.fixture(scope="module", params=SQL_BACKENDS)
def watched(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Served, dict[Any, Any]]]:
    with (
        watching() as reads,
        sql_url(request.param, tmp_path_factory.mktemp("fuzz")) as url,
        running_server(url, middleware=Middleware(ReadRecorder, into=reads)) as served,
    ):
        yield request.param, served, reads


def with_real_values(document: dict[str, Any]) -> dict[str, Any]:
    for path, methods in document["paths"].items():
        for operation in methods.values():
            for parameter in operation.get("parameters", []):
                name = parameter["name"]
                if parameter["in"] == "path" and name in REAL and not path.endswith("/stream"):
                    parameter["example"] = REAL[name]
    return document


def a_meeting_with_an_item(served: Served) -> None:
    headers = {"Authorization": f"Bearer {token_for(served, 'secretariat')}"}
    for procedure, command in (
        ("convene_meeting", {"meeting": MEETING, "body": "CMFA", "place": "Bishkek"}),
        ("table_item", {"meeting": MEETING, "item": ITEM, "title": "A decision"}),
    ):
        response = served.client.post(
            f"{API_PREFIX}/procedures/{procedure}",
            json={**command, "on": "2026-05-20"},
            headers=headers,
        )
        assert response.status_code == 201, response.text


def session_of(served: Served, role: str) -> tuple[dict[str, str], dict[str, str]]:
    """The cookies and headers of a logged-in browser session of a new ``role`` account."""
    name = make_account(served, role)
    response = served.client.post("/api/v1/session", json={"name": name, "password": PASSWORD})
    assert response.status_code == 200, response.text
    cookies = {SESSION_COOKIE: response.cookies[SESSION_COOKIE]}
    served.client.cookies.clear()
    return cookies, {"X-CSRF-Token": response.json()["csrf_token"]}


def fuzz(
    operation: Any,
    mode: GenerationMode,
    base_url: str,
    cookies: dict[str, str],
    headers: dict[str, str],
) -> None:
    @hypothesis_settings(
        max_examples=1 if operation.label in CHARTS else EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode))
    def run(case: Any) -> None:
        sent = dict(cookies)
        if operation.label == LOGIN_FORM:
            sent[LOGIN_CSRF_COOKIE] = LOGIN_TOKEN
            if mode is GenerationMode.POSITIVE and isinstance(case.body, dict):
                # The form's double-submit token, so that the handler checks the credentials.
                case.body["csrf_token"] = LOGIN_TOKEN
        case.call_and_validate(
            base_url=base_url,
            cookies=sent,
            headers=headers,
            checks=CHECKS[mode],
            allow_redirects=False,
        )

    run()


def test_no_request_gets_a_server_error_and_every_input_read_is_declared(
    watched: tuple[str, Served, dict[Any, Any]],
) -> None:
    backend, served, reads = watched

    def fuzzed(path: str) -> bool:
        return backend == "sqlite" or path.startswith(API_PREFIX)

    a_meeting_with_an_item(served)
    document = with_real_values(every_route_schema(served.app))
    schema = schemathesis.openapi.from_dict(document)
    cookies, headers = session_of(served, "secretariat")
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if not fuzzed(operation.path):
            continue
        logged_out = operation.label in LOGGED_OUT
        for mode in GenerationMode:
            try:
                fuzz(
                    operation,
                    mode,
                    served.base_url,
                    {} if logged_out else cookies,
                    {} if logged_out else headers,
                )
            except Unsatisfiable:
                continue  # nothing to break: the operation takes no input
            except Exception as e:  # collected, so that one run reports every operation
                failures.append(f"{operation.label} ({mode.value}):\n{e}")
    assert not failures, "\n\n".join(failures)

    every = operations(served.app)
    unreached = {o for o in every.values() if fuzzed(o[1])} - {every[s] for s in reads}
    assert not unreached, f"routes the fuzzer never reached: {sorted(unreached)}"
    missing = undeclared(served.app, document, reads)
    assert not missing, "inputs read but not in the OpenAPI operation: " + "; ".join(
        f"{method} {path}: {sorted(found)}" for (method, path), found in sorted(missing.items())
    )
