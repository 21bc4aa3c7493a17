"""The read API over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from comity.reference import load_history

V1 = "/api/v1"


def test_members_on_the_day_india_and_pakistan_joined(api: httpx.Client) -> None:
    # Astana Declaration, 9 June 2017.
    before = api.get(f"{V1}/members", params={"as_of": "2017-06-08"}).json()
    on = api.get(f"{V1}/members", params={"as_of": "2017-06-09"})
    assert on.status_code == 200
    assert {m["state"] for m in on.json()} - {m["state"] for m in before} == {"IND", "PAK"}
    india = {"state": "IND", "name": "India", "status": "member", "since": "2017-06-09"}
    assert {**india, "admission_since": None} in on.json()


def test_members_as_csv(api: httpx.Client) -> None:
    response = api.get(f"{V1}/members", params={"as_of": "2024-07-04", "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 10
    belarus = {"state": "BLR", "name": "Belarus", "status": "member", "since": "2024-07-04"}
    assert {**belarus, "admission_since": ""} in rows
    by_accept = api.get(
        f"{V1}/members", params={"as_of": "2024-07-04"}, headers={"Accept": "text/csv"}
    )
    assert by_accept.text == response.text


def test_state_report(api: httpx.Client) -> None:
    report = api.get(f"{V1}/states/irn", params={"as_of": "2023-07-04"}).json()
    assert report["status"] == "member"
    assert report["since"] == "2023-07-04"
    # Observer from Astana (5 July 2005) to its admission (New Delhi, 4 July 2023); the
    # admission procedure (Dushanbe, 17 September 2021) ran beside the status.
    assert [h["status"] for h in report["history"]] == ["observer", "member"]
    assert [(a["from"], a["to"]) for a in report["admissions"]] == [("2021-09-17", "2023-07-04")]
    assert report["history"][0]["from"] == "2005-07-05"
    assert "take_part_in_decisions" in report["rights"]


def test_unknown_state_is_a_404_problem(api: httpx.Client) -> None:
    response = api.get(f"{V1}/states/XYZ")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "unknown_state"
    assert problem["status"] == 404
    assert problem["value"] == "XYZ"
    assert problem["instance"] == f"{V1}/states/XYZ"
    assert "ISO 3166-1 alpha-3" in problem["detail"]


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("/members", {"as_of": "2017-13-01"}, 400, "invalid_date"),
        ("/members", {"status": "emperor"}, 400, "unknown_status"),
        ("/members", {"known_at": "last week"}, 400, "invalid_input"),
        ("/members", {"known_at": "2024-01-01T00:00:00"}, 400, "invalid_input"),
        # Found by the fuzz test (issue #15): these have no UTC form and were a 500.
        ("/members", {"known_at": "0001-01-01T00:00:00+14:00"}, 400, "invalid_date"),
        ("/members", {"known_at": "9999-12-31T23:59:59-14:00"}, 400, "invalid_date"),
        ("/bodies", {"as_of": "1999-01-01"}, 422, "no_charter_in_force"),
        ("/decisions/evaluate", {"positions": "CHN"}, 400, "malformed_positions"),
        (
            "/decisions/evaluate",
            {"positions": "MNG=object", "as_of": "2010-01-01"},
            422,
            "not_eligible",
        ),
        ("/decisions/evaluate", {"positions": "CHN=yes", "body": "UNSC"}, 400, "unknown_body"),
        ("/decisions/evaluate", {}, 400, "invalid_request"),
        ("/history", {"limit": "0"}, 400, "invalid_request"),
        ("/nowhere", {}, 404, "not_found"),
    ],
)
def test_bad_requests_are_problems_with_codes(
    api: httpx.Client, path: str, params: dict[str, str], status: int, code: str
) -> None:
    response = api.get(f"{V1}{path}", params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code


def test_decision_evaluated_with_the_members_of_the_day(api: httpx.Client) -> None:
    outcome = api.get(
        f"{V1}/decisions/evaluate",
        params={"positions": "CHN=yes,IND=reserve,PAK=object", "as_of": "2024-07-04"},
    ).json()
    assert outcome["adopted"] is False
    assert outcome["objections"] == ["PAK"]
    assert outcome["reservations"] == ["IND"]
    assert len(outcome["eligible"]) == 10


def test_documents_and_bodies(api: httpx.Client) -> None:
    documents = {
        d["id"]: d for d in api.get(f"{V1}/documents", params={"as_of": "2025-01-01"}).json()
    }
    assert documents["sco-charter"]["in_force"] == "2003-09-19"
    # The stage and who may join, as the matrix and the web show them (charter: final_clauses).
    assert documents["rats-agreement-2002"]["stage"] == "in force"
    assert documents["rats-agreement-2002"]["participation"] == (
        "open to accession after entry into force"
    )
    assert documents["s5-cbm-agreement-1996"]["stage"] == "in force: unknown"
    assert documents["s5-cbm-agreement-1996"]["participation"] == "closed"
    assert documents["sco-declaration-2001"]["stage"] == "not a treaty"
    bodies = {b["code"]: b for b in api.get(f"{V1}/bodies").json()}
    assert bodies["CHS"]["decision_rule"] == "consensus"


def test_history_pages_cover_every_event_once(api: httpx.Client) -> None:
    seen: list[int] = []
    url: str | None = f"{V1}/history?limit=40"
    pages = 0
    while url:
        page = api.get(url).json()
        seen.extend(item["sequence"] for item in page["items"])
        url = page["next"]
        pages += 1
    total = len(load_history())
    assert sorted(seen) == list(range(1, total + 1))
    assert pages == -(-total // 40)


def test_history_between_dates(api: httpx.Client) -> None:
    page = api.get(f"{V1}/history", params={"from": "2017-06-09", "to": "2017-06-09"}).json()
    assert page["total"] == len(page["items"]) >= 2
    assert all(item["date"] == "2017-06-09" for item in page["items"])


def test_etag_gives_304_until_the_ledger_changes(api: httpx.Client) -> None:
    first = api.get(f"{V1}/members", params={"as_of": "2020-01-01"})
    etag = first.headers["etag"]
    again = api.get(
        f"{V1}/members", params={"as_of": "2020-01-01"}, headers={"If-None-Match": etag}
    )
    assert again.status_code == 304
    assert again.content == b""
    other = api.get(
        f"{V1}/members", params={"as_of": "2021-01-01"}, headers={"If-None-Match": etag}
    )
    assert other.status_code == 200


def test_known_at_before_the_history_was_loaded_shows_nothing(api: httpx.Client) -> None:
    response = api.get(
        f"{V1}/members", params={"as_of": "2024-07-04", "known_at": "2000-01-01T00:00:00Z"}
    )
    assert response.json() == []


def test_verify(api: httpx.Client) -> None:
    result = api.get(f"{V1}/verify").json()
    assert result["ok"] is True
    assert result["events"] == len(load_history())
    assert result["first_bad"] is None


def test_openapi_schema_lists_every_endpoint(api: httpx.Client) -> None:
    schema = api.get("/openapi.json").json()
    assert set(schema["paths"]) >= {
        f"{V1}/members",
        f"{V1}/states/{{iso3}}",
        f"{V1}/bodies",
        f"{V1}/documents",
        f"{V1}/history",
        f"{V1}/decisions/evaluate",
        f"{V1}/verify",
    }
    assert api.get("/docs").status_code == 200


def test_observers_in_their_admission_procedure_stay_observers(api: httpx.Client) -> None:
    # Issue #15: Iran an observer until its admission on 4 July 2023 (New Delhi Declaration,
    # Sputnik), its procedure under way from Dushanbe, 17 September 2021.
    for day, admission in (("2021-09-16", None), ("2021-09-17", "2021-09-17")):
        rows = api.get(f"{V1}/members", params={"as_of": day, "status": "observer"}).json()
        iran = next(r for r in rows if r["state"] == "IRN")
        assert (iran["status"], iran["admission_since"]) == ("observer", admission), day
    on_admission = api.get(f"{V1}/members", params={"as_of": "2023-07-04", "status": "observer"})
    assert "IRN" not in {r["state"] for r in on_admission.json()}
    csv_rows = list(
        csv.DictReader(
            io.StringIO(
                api.get(
                    f"{V1}/members",
                    params={"as_of": "2022-06-01", "status": "observer", "format": "csv"},
                ).text
            )
        )
    )
    assert [(r["state"], r["admission_since"]) for r in csv_rows] == [
        ("AFG", ""),
        ("BLR", ""),
        ("IRN", "2021-09-17"),
        ("MNG", ""),
    ]
    # India on 1 January 2016: observer (Astana 2005), admission procedure from Ufa 2015.
    india = api.get(f"{V1}/states/IND", params={"as_of": "2016-01-01"}).json()
    assert (india["status"], india["since"]) == ("observer", "2005-07-05")
    assert india["admission"]["since"] == "2015-07-10"
    assert india["admissions"] == [
        {
            "from": "2015-07-10",
            "to": None,
            "ended_by": None,
            "event": "sco.accession.ind.procedure",
            "source": india["admission"]["source"],
        }
    ]
    applicants = api.get(f"{V1}/members", params={"as_of": "2016-01-01", "status": "applicant"})
    assert [(r["state"], r["status"]) for r in applicants.json()] == [
        ("IND", "observer"),
        ("PAK", "observer"),
    ]
