"""Fixtures of the language tests that go over HTTP."""

from __future__ import annotations

import uuid

import httpx
import pytest

from comity.identity import IdentityStore, Role
from comity.ledger import open_ledger
from conftest import Served


@pytest.fixture
def secretariat(served: Served, api: httpx.Client) -> dict[str, str]:
    """Headers of a secretariat officer with a bearer token, on the served ledger."""
    name = f"sec-{uuid.uuid4().hex[:10]}"
    with open_ledger(served.ledger_url) as ledger:
        store = IdentityStore(ledger.engine)
        store.add_account(name, Role.parse("secretariat"), "correct horse battery staple")
        token = store.issue_token(name)
    api.cookies.clear()
    return {"Authorization": f"Bearer {token}"}
