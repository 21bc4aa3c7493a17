"""Downloading public data for the lab (World Bank indicators, UN votes), one way for both."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable

Opener = Callable[[str, float], bytes]
"""Gets a URL's body within a timeout; raises :class:`OSError` when it cannot."""


def urlopen(url: str, timeout: float) -> bytes:
    """The body at ``url`` (standard library only: the lab needs no HTTP client)."""
    request = urllib.request.Request(url, headers={"User-Agent": "comity"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body: bytes = response.read()
        return body
