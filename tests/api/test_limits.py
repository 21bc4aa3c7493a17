"""The bounds of :mod:`comity.limits` over real HTTP: each refused with a clear problem and
nothing written."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from api.test_procedures import token_for
from comity.limits import MAX_BODY_BYTES, MAX_ITEMS, MAX_TEXT
from comity.settings import Settings
from conftest import Served, running_server

V1 = "/api/v1"


@pytest.fixture
def secretariat(served: Served) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(served, 'secretariat')}"}


def events(api: httpx.Client) -> int:
    count: int = api.get(f"{V1}/verify").json()["events"]
    return count


def convene(**fields: object) -> dict[str, object]:
    return {"meeting": "cmfa-limits", "body": "CMFA", "place": "Bishkek", "on": "2026-05-20"} | (
        fields
    )


def test_a_body_over_the_bound_is_refused_before_it_is_read(
    api: httpx.Client, secretariat: dict[str, str]
) -> None:
    before = events(api)
    response = api.post(
        f"{V1}/procedures/convene_meeting",
        content=b"{" + b" " * MAX_BODY_BYTES + b"}",
        headers=secretariat | {"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "request_too_large"
    assert str(MAX_BODY_BYTES) in problem["detail"]
    assert events(api) == before


def test_a_streamed_body_over_the_bound_is_refused(
    api: httpx.Client, secretariat: dict[str, str]
) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: sent chunked
        yield b"{"
        for _ in range(MAX_BODY_BYTES // 65536 + 1):
            yield b" " * 65536
        yield b"}"

    before = events(api)
    response = api.post(
        f"{V1}/procedures/convene_meeting",
        content=chunks(),
        headers=secretariat | {"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert events(api) == before


def test_the_body_bound_is_a_setting(served: Served) -> None:
    with running_server(served.ledger_url, Settings(cookie_secure=False, max_body_bytes=64)) as s:
        response = s.client.post(f"{V1}/procedures/convene_meeting", json=convene(place="x" * 100))
        assert response.status_code == 413
        assert s.client.get("/healthz").status_code == 200


def test_a_text_over_the_bound_is_a_malformed_command(
    api: httpx.Client, secretariat: dict[str, str]
) -> None:
    before = events(api)
    response = api.post(
        f"{V1}/procedures/convene_meeting",
        json=convene(place="B" * (MAX_TEXT + 1)),
        headers=secretariat,
    )
    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "malformed_command"
    assert problem["detail"].startswith("body.place:")
    assert str(MAX_TEXT) in problem["detail"]
    assert events(api) == before


def test_a_list_over_the_bound_is_a_malformed_command(
    api: httpx.Client, secretariat: dict[str, str]
) -> None:
    response = api.post(
        f"{V1}/procedures/create_obligation",
        json={
            "obligation": "too-many",
            "document": "charter",
            "text": "Report",
            "category": "reporting",
            "states": ["KAZ"] * (MAX_ITEMS + 1),
            "on": "2026-05-20",
        },
        headers=secretariat,
    )
    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "malformed_command"
    assert f"at most {MAX_ITEMS} entries" in problem["detail"]


@pytest.mark.parametrize("day", ["1899-12-31", "2201-01-01", "9999-12-31", "0001-01-01"])
def test_a_command_date_out_of_range_is_refused(
    api: httpx.Client, secretariat: dict[str, str], day: str
) -> None:
    before = events(api)
    response = api.post(
        f"{V1}/procedures/convene_meeting", json=convene(on=day), headers=secretariat
    )
    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["code"] == "malformed_command"
    assert "between 1900-01-01 and 2200-12-31" in problem["detail"]
    assert events(api) == before


@pytest.mark.parametrize("day", ["1899-12-31", "2201-01-01", "9999-12-31"])
def test_a_query_date_out_of_range_is_an_invalid_date(api: httpx.Client, day: str) -> None:
    response = api.get(f"{V1}/members", params={"as_of": day})
    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "invalid_date"
    assert "between 1900-01-01 and 2200-12-31" in problem["detail"]


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 1001}, {"offset": -1}])
def test_history_pages_are_bounded(api: httpx.Client, query: dict[str, int]) -> None:
    response = api.get(f"{V1}/history", params=query)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_request"


def test_the_bounds_appear_in_the_schema(api: httpx.Client) -> None:
    schemas = api.get("/openapi.json").json()["components"]["schemas"]
    assert schemas["ConveneMeeting"]["properties"]["place"]["maxLength"] == MAX_TEXT
    assert schemas["CreateObligation"]["properties"]["states"]["maxItems"] == MAX_ITEMS


def test_a_huge_exponent_in_a_weight_is_refused_at_once(api: httpx.Client) -> None:
    # Fraction("1e99999999") would compute 10**99999999 exactly: minutes of one worker's CPU.
    response = api.get(
        f"{V1}/decisions/evaluate",
        params={"positions": "CHN=yes", "rule": "weighted_majority", "weights": "CHN=1e99999999"},
        timeout=10,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert "exponents up to" in response.json()["detail"]
