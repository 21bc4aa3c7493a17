"""What each route reads of a request, watched while it runs, and what its OpenAPI operation
declares: every input a caller can send must be in the schema the fuzz test explores.

:class:`ReadRecorder` wraps the application; while it is installed (:func:`watching`), every
lookup of a request's query parameters, headers, cookies, form fields or raw body is noted
against the route that served the request, however deep in the code it happens (a
middleware, a dependency, a template's context processor). :func:`undeclared` then names the
lookups that the route's OpenAPI operation does not declare.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from starlette.datastructures import FormData, Headers, ImmutableMultiDict, QueryParams
from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Receive, Scope, Send

Read = tuple[str, str]  # (where: query, header, cookie, form, body; name)
Operation = tuple[str, str]  # (METHOD, path as in the OpenAPI document)
Served = tuple[str, int]  # (METHOD, id() of the route as declared: routes are unhashable)

#: Headers of the transport, not parameters: HTTP itself sets them (OpenAPI ignores
#: Content-Type as a parameter; cookies are read one by one as cookies).
TRANSPORT = {"host", "content-type", "content-length", "transfer-encoding", "cookie"}

_reads: ContextVar[set[Read] | None] = ContextVar("reads", default=None)


def _note(where: str, name: Any) -> None:
    seen = _reads.get()
    if seen is not None and isinstance(name, str):
        seen.add((where, name.lower() if where == "header" else name))


class ReadRecorder:
    """ASGI middleware: the reads of each request, by the operation that served it."""

    def __init__(self, app: ASGIApp, into: dict[Served, set[Read]]) -> None:
        self.app = app
        self.into = into

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        seen: set[Read] = set()
        token = _reads.set(seen)
        try:
            await self.app(scope, receive, send)
        finally:
            _reads.reset(token)
            route = scope.get("route")  # the route as declared, before its router's prefix
            if isinstance(route, APIRoute) and scope["method"] in route.methods:
                self.into[(scope["method"], id(route))] |= seen


class _Cookies(dict[str, str]):
    def __getitem__(self, key: str) -> str:
        _note("cookie", key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        _note("cookie", key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        _note("cookie", key)
        return super().__contains__(key)


@contextmanager
def watching() -> Iterator[dict[Served, set[Read]]]:
    """Note every read of a request (in this process) while the block runs."""
    found: dict[Served, set[Read]] = defaultdict(set)
    saved = {
        (Headers, "__getitem__"): Headers.__getitem__,
        (Headers, "getlist"): Headers.getlist,
        (Headers, "__contains__"): Headers.__contains__,
        (ImmutableMultiDict, "__getitem__"): ImmutableMultiDict.__getitem__,
        (ImmutableMultiDict, "getlist"): ImmutableMultiDict.getlist,
        (ImmutableMultiDict, "__contains__"): ImmutableMultiDict.__contains__,
        (HTTPConnection, "cookies"): HTTPConnection.__dict__["cookies"],
        (Request, "body"): Request.body,
        (Request, "form"): Request.form,
    }
    kinds = {QueryParams: "query", FormData: "form"}

    def on_headers(name: str) -> Any:
        original = saved[(Headers, name)]

        def read(self: Headers, key: Any) -> Any:
            if type(self) is Headers:  # a request's; a response's headers are MutableHeaders
                _note("header", key)
            return original(self, key)

        return read

    def on_multidict(name: str) -> Any:
        original = saved[(ImmutableMultiDict, name)]

        def read(self: ImmutableMultiDict[Any, Any], key: Any) -> Any:
            if type(self) in kinds:
                _note(kinds[type(self)], key)
            return original(self, key)

        return read

    original_cookies = saved[(HTTPConnection, "cookies")]

    def cookies(self: HTTPConnection) -> dict[str, str]:
        return _Cookies(original_cookies.fget(self))

    original_body, original_form = saved[(Request, "body")], saved[(Request, "form")]

    async def body(self: Request) -> bytes:
        _note("body", "")
        return await original_body(self)

    def form(self: Request, **kwargs: Any) -> Any:
        _note("body", "")
        return original_form(self, **kwargs)

    for name in ("__getitem__", "getlist", "__contains__"):
        setattr(Headers, name, on_headers(name))
        setattr(ImmutableMultiDict, name, on_multidict(name))
    HTTPConnection.cookies = property(cookies)  # type: ignore[method-assign,assignment]
    Request.body = body  # type: ignore[method-assign]
    Request.form = form  # type: ignore[method-assign,assignment]
    try:
        yield found
    finally:
        for (owner, name), value in saved.items():
            setattr(owner, name, value)


class _Shown(RouteContext):
    """A route in the OpenAPI document, whether or not the application publishes it."""

    @property
    def include_in_schema(self) -> bool:
        return True


def _contexts(app: FastAPI) -> list[RouteContext]:
    return [c for c in iter_route_contexts(app.routes) if isinstance(c.original_route, APIRoute)]


def every_route_schema(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document of every route, the web pages' (not published) included."""
    shown = [_Shown(*(getattr(c, f.name) for f in dataclasses.fields(c))) for c in _contexts(app)]
    return get_openapi(title=app.title, version=app.version, routes=shown)


def operations(app: FastAPI) -> dict[Served, Operation]:
    """Every route and method of ``app``, with its operation in the OpenAPI document."""
    return {
        (method, id(context.original_route)): (method, str(context.path_format))
        for context in _contexts(app)
        for method in context.methods or ()
    }


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    found: dict[str, Any] = document
    for part in ref.removeprefix("#/").split("/"):
        found = found[part]
    return found


def declared(document: dict[str, Any], method: str, path: str) -> set[Read]:
    """What the operation declares a caller may send."""
    operation = document["paths"][path][method.lower()]
    inputs: set[Read] = {
        (p["in"], p["name"].lower() if p["in"] == "header" else p["name"])
        for p in operation.get("parameters", [])
    }
    schemes = document.get("components", {}).get("securitySchemes", {})
    for requirement in operation.get("security", document.get("security", [])):
        for name in requirement:
            scheme = schemes[name]
            if scheme["type"] == "apiKey":
                key = scheme["name"].lower() if scheme["in"] == "header" else scheme["name"]
                inputs.add((scheme["in"], key))
            elif scheme["type"] == "http":
                inputs.add(("header", "authorization"))
    body = operation.get("requestBody")
    if body is not None:
        inputs.add(("body", ""))
        for content in body["content"].values():
            fields = _resolve(content.get("schema", {}), document).get("properties", {})
            inputs |= {("form", field) for field in fields}
    # Content negotiation is declared by the answers' media types (OpenAPI ignores an
    # Accept parameter): a route that reads Accept must offer more than JSON.
    offered = {
        media
        for status, response in operation.get("responses", {}).items()
        if str(status).startswith("2")
        for media in response.get("content", {})
    }
    if offered - {"application/json"}:
        inputs.add(("header", "accept"))
    return inputs


def undeclared(
    app: FastAPI, document: dict[str, Any], reads: dict[Served, set[Read]]
) -> dict[Operation, set[Read]]:
    """Per operation, the reads its OpenAPI operation does not declare."""
    named = operations(app)
    missing = {}
    for served, seen in reads.items():
        method, path = named[served]
        extra = {r for r in seen if not (r[0] == "header" and r[1] in TRANSPORT)} - declared(
            document, method, path
        )
        if extra:
            missing[(method, path)] = extra
    return missing
