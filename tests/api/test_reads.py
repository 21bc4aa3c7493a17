"""Inputs no route declares: the fuzz test's watch on what routes read (:mod:`api.reads`)
finds them, and only a few known functions read a request's inputs directly."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path
from typing import Annotated

import httpx
from fastapi import FastAPI, Header, Request
from starlette.middleware import Middleware

import comity
from api.reads import ReadRecorder, every_route_schema, undeclared, watching

SRC = Path(comity.__file__).parent


def test_a_header_read_from_the_request_is_undeclared_and_a_parameter_is_not() -> None:
    with watching() as reads:
        app = FastAPI(middleware=[Middleware(ReadRecorder, into=reads)])

        @app.get("/raw", include_in_schema=False)  # a page: left out of the published schema
        def raw(request: Request) -> str:
            return request.headers.get("x-token", "") + request.cookies.get("seen", "")

        @app.get("/declared")
        def declared(x_token: Annotated[str, Header()] = "") -> str:
            return x_token

        async def call() -> None:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                for path in ("/raw", "/declared"):
                    response = await client.get(path, headers={"X-Token": "a"})
                    assert response.status_code == 200

        asyncio.run(call())
        document = every_route_schema(app)
        assert set(document["paths"]) == {"/raw", "/declared"}
        assert undeclared(app, document, reads) == {
            ("GET", "/raw"): {("header", "x-token"), ("cookie", "seen")}
        }


#: The functions that read a request's inputs directly, each with what declares those inputs
#: on the routes it serves. Every other input is a route's own parameter, declared by FastAPI.
DIRECT_READS = {
    ("api/app.py", "language"): "LANGUAGE_INPUTS, on every route",
    ("api/auth.py", "current_caller"): "the BEARER and SESSION security schemes",
    ("api/auth.py", "check_csrf"): "CSRF_INPUT, where check_csrf is called",
    ("api/deps.py", "not_modified"): "CONDITIONAL, on the routers that call answer()",
    ("api/tables.py", "wants_csv"): "CSV_TABLE, the CSV answer of the table routes",
    ("web/meetings.py", "login"): "CALLER_INPUTS, on the meeting room's router",
    ("web/errors.py", "wants_page"): "ERROR_PAGE_INPUTS, on every route",
    ("web/errors.py", "error_page"): "ERROR_PAGE_INPUTS, on every route",
}
_INPUTS = {"headers", "cookies", "query_params", "form", "json", "body", "stream"}


class _Reads(ast.NodeVisitor):
    """The innermost function around each ``request.<input>``."""

    def __init__(self, module: str) -> None:
        self.module = module
        self.functions: list[str] = []
        self.found: set[tuple[str, str]] = set()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self.visit_FunctionDef(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in _INPUTS and isinstance(node.value, ast.Name) and node.value.id == "request":
            self.found.add((self.module, self.functions[-1] if self.functions else ""))
        self.generic_visit(node)


def direct_reads() -> set[tuple[str, str]]:
    """(module, function) of every ``request.<input>`` in the API and the web packages."""
    found: set[tuple[str, str]] = set()
    for package in ("api", "web"):
        for path in sorted((SRC / package).rglob("*.py")):
            reads = _Reads(str(path.relative_to(SRC)))
            reads.visit(ast.parse(path.read_text()))
            found |= reads.found
    return found


def test_only_the_listed_functions_read_a_requests_inputs_directly() -> None:
    # Any other function reading request.headers, .cookies, .query_params or the body reads
    # an input no route declares: declare it as a parameter (or a dependency) instead.
    assert direct_reads() == set(DIRECT_READS)
