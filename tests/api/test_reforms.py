"""Reforms and the compliance view over real HTTP."""

from __future__ import annotations

import csv
import io

import httpx

V1 = "/api/v1"


def test_reforms_list_show_compare(api: httpx.Client) -> None:
    assert "cnc-majority" in {r["id"] for r in api.get(f"{V1}/reforms").json()}
    shown = api.get(f"{V1}/reforms/cnc-majority").json()
    assert shown["changes"][0]["before"] == "consensus"
    compared = api.get(f"{V1}/reforms/cnc-majority/compare", params={"as_of": "2027-01-01"})
    assert compared.status_code == 200
    cnc = next(b for b in compared.json()["bodies"] if b["body"] == "CNC")
    assert cnc["rule_after"]["rule"] == "qualified_majority"


def test_unknown_reform_is_a_404_problem(api: httpx.Client) -> None:
    response = api.get(f"{V1}/reforms/abolish-consensus")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_reform"


def test_compliance_view_is_json_and_csv(api: httpx.Client) -> None:
    # The reference history creates no obligations: the view is empty but well formed.
    assert api.get(f"{V1}/compliance", params={"as_of": "2025-01-01"}).json() == []
    table = api.get(f"{V1}/compliance", params={"as_of": "2025-01-01", "format": "csv"})
    assert table.headers["content-type"].startswith("text/csv")
    header = next(csv.reader(io.StringIO(table.text)))
    assert header[:4] == ["obligation", "document", "category", "state"]
