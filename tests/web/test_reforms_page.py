"""The reforms pages over real HTTP."""

from __future__ import annotations

import httpx


def test_reforms_list_links_each_reform(api: httpx.Client) -> None:
    html = api.get("/reforms").text
    assert 'href="/reforms/cnc-majority"' in html
    assert 'href="/reforms/compliance-system"' in html


def test_reform_page_sets_the_charter_beside_the_reform(api: httpx.Client) -> None:
    html = api.get("/reforms/cnc-majority", params={"as_of": "2027-01-01"}).text
    assert "<code>bodies.CNC.decision_rule</code>" in html
    # The CNC's passage probability with ten members: 1/1024 under consensus, 176/1024 under
    # two thirds (sum of C(10, k) for k >= 7); the English locale prints six decimals.
    assert "0.000977" in html
    assert "0.171875" in html


def test_reform_page_in_russian(api: httpx.Client) -> None:
    html = api.get("/reforms/cnc-majority", headers={"Accept-Language": "ru"}).text
    assert "С реформой" in html  # noqa: RUF001 - Russian text, Cyrillic on purpose


def test_unknown_reform_page_is_a_404_problem(api: httpx.Client) -> None:
    response = api.get("/reforms/abolish-consensus")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_reform"
