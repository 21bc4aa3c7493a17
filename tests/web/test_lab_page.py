"""The lab page and its charts over real HTTP."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import httpx
import pytest


def test_power_table_under_consensus_gives_every_member_a_veto(api: httpx.Client) -> None:
    html = api.get("/lab", params={"as_of": "2024-07-04", "body": "CHS"}).text
    # Ten members, unanimity-like consensus: Banzhaf 1/10 each, passage 1/2^10.
    assert html.count("<td>0.1000</td><td>0.1000</td><td>yes</td>") == 10
    assert "0.000977" in html


def test_two_thirds_majority_removes_the_vetoes(api: httpx.Client) -> None:
    html = api.get(
        "/lab", params={"as_of": "2024-07-04", "body": "CHS", "rule": "qualified_majority"}
    ).text
    assert "<td>yes</td>" not in html
    # Seven of ten needed: passage = sum_{k>=7} C(10,k) / 2^10 = 176/1024.
    assert f"{176 / 1024:.6f}" in html


@pytest.mark.parametrize(
    "path",
    [
        "/lab/charts/power.svg?as_of=2017-06-09&body=CHS",
        "/lab/charts/passage.svg",
        "/lab/charts/shares.svg",
        "/lab/charts/unga-enlargement.svg",
    ],
)
def test_charts_are_svg(api: httpx.Client, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert ET.fromstring(response.content).tag == "{http://www.w3.org/2000/svg}svg"


def test_lab_refuses_an_unknown_body(api: httpx.Client) -> None:
    response = api.get("/lab", params={"body": "UNSC"})
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_body"
