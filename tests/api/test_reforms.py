"""Reforms and the compliance view over real HTTP."""

from __future__ import annotations

import csv
import io

import httpx

from api.test_procedures import sample, token_for
from conftest import Served

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


def test_a_misspelt_reform_on_a_procedure_is_unknown_reform_and_writes_nothing(
    served: Served, api: httpx.Client
) -> None:
    # Issue #15: this was a 500 charter_invalid while `comity reform` said unknown_reform.
    headers = {"Authorization": f"Bearer {token_for(served, 'secretariat')}"}
    before = api.get(f"{V1}/verify").json()
    response = api.post(
        f"{V1}/procedures/create_obligation",
        json=sample("create_obligation", "IND"),
        params={"reforms": "compliance-sytem"},
        headers=headers,
    )
    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["code"] == "unknown_reform"
    assert problem["value"] == "compliance-sytem"
    assert "compliance-system" in problem["detail"]
    assert api.get(f"{V1}/verify").json() == before
