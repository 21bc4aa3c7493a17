"""The HTTP side of :mod:`comity.limits`: a bound on the size of request bodies.

A body is refused with a 413 problem (code ``request_too_large``) before the application
reads it when its ``Content-Length`` says it is too large, and as soon as it grows past the
bound when it is streamed without one; either way nothing is parsed or written.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from comity.api import problems

CODE = "request_too_large"


def _detail(limit: int) -> str:
    return f"request bodies are at most {limit} bytes; send less (e.g. one command at a time)"


class BodySizeLimit:
    """ASGI middleware refusing request bodies of more than ``max_bytes`` bytes."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            response = problems.problem(
                413, CODE, _detail(self.max_bytes), instance=scope["path"], value=self.max_bytes
            )
            await response(scope, receive, send)
            return
        received = 0

        async def bounded() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Handled by the problems' HTTP error handler, as a 413 of the same code.
                    raise HTTPException(413, _detail(self.max_bytes))
            return message

        await self.app(scope, bounded, send)
