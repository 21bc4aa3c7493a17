"""Positions on an open item reach no one who may not see them (issue 22), by any route.

The SCO's meetings are closed (charter.yaml, procedures.confidentiality): while an item is
open a delegation's position, with its statement, is seen by the secretariat and by that
delegation only. These tests state positions over real HTTP and then read every page and
route of the app as the public, an observer and another delegation, then the chain
download, the CLI's minutes and history; and they check that the public copy of the chain
verifies while the content is withheld and again once the item is closed and it is revealed.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import pytest
from typer.testing import CliRunner

from comity.cli import app as cli
from comity.identity import IdentityStore, Role
from comity.ledger import open_ledger
from comity.ledger.export import check_jsonl
from comity.record import Record
from conftest import Served
from procedures.helpers import all_present_and_heard

PASSWORD = "correct horse battery staple"
runner = CliRunner()


def _secrets(slug: str) -> tuple[str, ...]:
    """What only the positions' content carries, for this test's meeting (tests share a
    server): the statements, and the descriptions of the positions themselves."""
    return (
        f"Pakistan objects {slug}",
        f"India reserves {slug}",
        f"states objection on {slug}",
        f"states reservation on {slug}",
    )


def _account(served: Served, role: str) -> tuple[str, dict[str, str]]:
    name = f"user-{uuid.uuid4().hex[:10]}"
    with open_ledger(served.ledger_url) as ledger:
        store = IdentityStore(ledger.engine)
        store.add_account(name, Role.parse(role), PASSWORD)
        return name, {"Authorization": f"Bearer {store.issue_token(name)}"}


def _run(served: Served, procedure: str, body: dict[str, object], headers: dict[str, str]) -> None:
    response = served.client.post(f"/api/v1/procedures/{procedure}", json=body, headers=headers)
    assert response.status_code == 201, response.text


@pytest.fixture
def open_item(served: Served) -> dict[str, object]:
    """A CMFA meeting today with item ``energy`` open, Pakistan objecting and India
    reserving, each with a statement."""
    _, secretariat = _account(served, "secretariat")
    pakistan, pak = _account(served, "delegation:PAK")
    _, ind = _account(served, "delegation:IND")
    slug = f"cmfa-{uuid.uuid4().hex[:8]}"
    today = date.today().isoformat()
    _run(
        served,
        "convene_meeting",
        {"meeting": slug, "body": "CMFA", "place": "Bishkek", "on": today},
        secretariat,
    )
    _run(
        served,
        "table_item",
        {"meeting": slug, "item": "energy", "title": "Energy", "on": today},
        secretariat,
    )
    common = {"meeting": slug, "item": "energy", "on": today}
    _run(
        served,
        "state_position",
        {**common, "state": "PAK", "position": "objection", "statement": _secrets(slug)[0]},
        pak,
    )
    _run(
        served,
        "state_position",
        {**common, "state": "IND", "position": "reservation", "statement": _secrets(slug)[1]},
        ind,
    )
    return {"slug": slug, "secretariat": secretariat, "pakistan": pakistan, "pak": pak}


def _all_heard(served: Served, slug: str) -> None:
    """The roll call and a position from every other member state, as the charter's quorum
    needs before the item may close (charter.yaml, bodies.*.quorum)."""
    with open_ledger(served.ledger_url) as ledger:
        all_present_and_heard(Record(ledger), slug, "energy", date.today())


def _readers(served: Served) -> dict[str, dict[str, str]]:
    """The public (no credentials), an observer and a delegation other than the two that
    spoke (Kazakhstan, a member)."""
    return {
        "public": {},
        "observer": _account(served, "observer")[1],
        "delegation:KAZ": _account(served, "delegation:KAZ")[1],
    }


def _get_paths(routes: Iterable[Any], prefix: str = "") -> Iterator[str]:
    for route in routes:
        # FastAPI keeps an included router as one entry that knows its prefix.
        context = getattr(route, "include_context", None)
        if context is not None:
            yield from _get_paths(context.included_router.routes, prefix + context.prefix)
        elif "GET" in (getattr(route, "methods", None) or set()):
            yield prefix + route.path


def _get_routes(slug: str) -> list[str]:
    """Every GET route of the app, path parameters filled in (the meeting's slug where a
    meeting is named). Built from the app's own routes, so a new route is read too."""
    from comity.api import create_app

    fill = {"slug": slug, "meeting": slug, "iso3": "PAK", "lang": "en", "reform": "cnc-majority"}
    paths = []
    for path in _get_paths(create_app("sqlite://").routes):
        try:
            paths.append(path.format(**fill))
        except KeyError:
            pytest.fail(f"no value to fill in the path parameters of {path}")
    return paths


def test_no_route_shows_an_open_items_positions_to_those_who_may_not_see_them(
    served: Served, open_item: dict[str, object]
) -> None:
    slug = str(open_item["slug"])
    routes = _get_routes(slug)
    assert "/api/v1/history" in routes
    assert "/ledger/chain.jsonl" in routes
    assert f"/meetings/{slug}/agenda" in routes
    for reader, headers in _readers(served).items():
        for path in routes:
            # The stream briefly; the history whole (it is paginated, 100 by default).
            query = {"seconds": "0.2", "limit": "1000"}
            response = served.client.get(path, headers=headers, params=query)
            assert response.status_code < 500, (reader, path, response.status_code)
            for secret in _secrets(slug):
                assert secret not in response.text, (reader, path, secret)
        csv = served.client.get(
            "/api/v1/history", params={"format": "csv", "limit": "1000"}, headers=headers
        )
        assert _secrets(slug)[0] not in csv.text
        assert f"Pakistan states a position on {slug}" in csv.text  # that it spoke is public


def test_the_secretariat_and_the_delegation_itself_see_the_position(
    served: Served, open_item: dict[str, object]
) -> None:
    slug = str(open_item["slug"])
    params = {"limit": 1000, "from": date.today().isoformat()}
    for headers in (open_item["secretariat"], open_item["pak"]):
        history = served.client.get("/api/v1/history", params=params, headers=headers)
        assert f"Pakistan states objection on {slug}" in history.text
    pak_history = served.client.get("/api/v1/history", params=params, headers=open_item["pak"])
    assert f"India states reservation on {slug}" not in pak_history.text  # not Pakistan's to see


def test_a_readers_etag_is_its_own(served: Served, open_item: dict[str, object]) -> None:
    # A cache must not answer the public with the secretariat's view, nor with a 304 for it.
    whole = {"limit": 1000}
    sec = served.client.get("/api/v1/history", params=whole, headers=open_item["secretariat"])
    public = served.client.get("/api/v1/history", params=whole)
    assert sec.headers["ETag"] != public.headers["ETag"]
    assert "private" in sec.headers["Cache-Control"]
    assert "Authorization" in sec.headers["Vary"]
    stated = f"Pakistan states objection on {open_item['slug']}"
    assert stated in sec.text
    again = served.client.get(
        "/api/v1/history", params=whole, headers={"If-None-Match": sec.headers["ETag"]}
    )
    assert again.status_code == 200
    assert stated not in again.text


def _chain(served: Served, headers: dict[str, str] | None = None) -> list[str]:
    response = served.client.get("/ledger/chain.jsonl", headers=headers or {})
    assert response.status_code == 200
    return response.text.splitlines(keepends=True)


def _position_lines(lines: list[str], slug: str) -> list[dict[str, object]]:
    rows = [json.loads(line) for line in lines]
    return [r for r in rows if r["type"] == "PositionStated" and slug in str(r["payload"])]


def test_the_public_chain_verifies_withheld_and_again_revealed(
    served: Served, open_item: dict[str, object]
) -> None:
    slug = str(open_item["slug"])
    withheld = _chain(served)
    stated = _position_lines(withheld, slug)
    assert len(stated) == 2
    for row in stated:
        assert "secret" not in row
        assert "salt" not in row
        assert "position" not in json.loads(str(row["payload"]))
        assert len(str(row["sealed"])) == 64
    head = served.client.get("/api/v1/verify").json()["head"]
    assert check_jsonl(withheld).head == head  # verifies with the content withheld
    # The secretariat's download carries the content; the commitments check against it.
    full = _position_lines(_chain(served, open_item["secretariat"]), slug)
    assert all("secret" in row for row in full)
    _all_heard(served, slug)
    _run(
        served,
        "close_item",
        {"meeting": slug, "item": "energy", "on": date.today().isoformat()},
        open_item["secretariat"],
    )
    revealed = _chain(served)
    assert check_jsonl(revealed).events == len(revealed)  # and again, revealed
    shown = _position_lines(revealed, slug)
    secrets = {json.loads(str(row["secret"]))["position"] for row in shown}
    # Pakistan's objection, India's reservation, and the support of the eight others heard.
    assert secrets == {"objection", "reservation", "support"}
    assert len(shown) == 10
    for row in shown:
        # The auditor's own check of a reveal: sha256(salt || secret) is the commitment.
        digest = hashlib.sha256(bytes.fromhex(str(row["salt"])) + str(row["secret"]).encode())
        assert digest.hexdigest() == row["sealed"]
    # Once closed, the positions are on the public record everywhere.
    assert _secrets(slug)[0] in served.client.get(f"/api/v1/meetings/{slug}").text
    history = served.client.get("/api/v1/history", params={"limit": 1000})
    assert _secrets(slug)[2] in history.text


def test_the_cli_prints_the_public_record_and_acts_under_its_account(
    served: Served, open_item: dict[str, object]
) -> None:
    slug = str(open_item["slug"])
    db = ["--db", served.ledger_url]
    minutes = runner.invoke(cli, [*db, "minutes", slug, "--format", "json"])
    assert minutes.exit_code == 0, minutes.output
    history = runner.invoke(cli, [*db, "history", "--json"])
    assert history.exit_code == 0, history.output
    for secret in _secrets(slug):
        assert secret not in minutes.output
        assert secret not in history.output
    _all_heard(served, slug)
    close = ["meeting", "close", slug, "--item", "energy", "--actor", "secretariat"]
    closed = runner.invoke(cli, [*db, "--account", "clerk.one", *close])
    assert closed.exit_code == 0, closed.output
    with open_ledger(served.ledger_url) as ledger:
        recorded = ledger.events()
    last = recorded[-1]
    assert last.event.type == "ItemClosed"
    assert last.account == "clerk.one"
    # The API recorded the account behind each token, beside the role it acted in.
    said = [r for r in recorded if r.event.type == "PositionStated" and r.actor == "delegation:PAK"]
    assert said[-1].account == open_item["pakistan"]
    assert _secrets(slug)[0] in runner.invoke(cli, [*db, "minutes", slug]).output
