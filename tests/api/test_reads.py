"""The fuzz test's watch on what routes read (:mod:`api.reads`) finds an undeclared input."""

from __future__ import annotations

import asyncio
from typing import Annotated

import httpx
from fastapi import FastAPI, Header, Request
from starlette.middleware import Middleware

from api.reads import ReadRecorder, every_route_schema, undeclared, watching


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
