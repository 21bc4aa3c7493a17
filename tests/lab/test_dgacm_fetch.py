"""Rebuilding the DGACM extract from the repository's archive (a hand-made one here: the
tests never use the network), as ``unga-dgacm/PROVENANCE.md`` and its ``build.py`` describe.

Checked once against the real archive of github.com/UNxml/GAresolutions at commit 42a69b67
(150,803,491 bytes as ``git archive --format=zip``; 2,245 English XML files): the rebuild is
byte for byte the shipped extract (both sha256 as in PROVENANCE.md).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from comity.errors import DataSourceError
from comity.lab.dgacm_fetch import build_dgacm, english_files, fetch_dgacm, save_dgacm
from comity.lab.votes import ABSENT, NO, YES, load_votes

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def resolution(symbol: str, day: str, counts: dict[str, list[str]], lang: str = "eng") -> bytes:
    """A minimal AKN4UN file: cover page, FRBR dates, preface title, workflow, voting."""
    lists = "".join(
        f'<count value="{len(names)}" refersTo="{key}"><voters>'
        + "".join(f'<organization refersTo="memberState">{n}</organization>' for n in names)
        + "</voters></count>"
        for key, names in counts.items()
    )
    outcome = "adoptedRecordedVote" if counts else "adoptedWithoutVote"
    session = symbol.split("/")[2].removeprefix("ES-")
    return f"""<akomaNtoso xmlns="{NS}"><doc><meta><identification source="#DGACM">
<FRBRWork><FRBRdate date="{day}" name="adoption"/></FRBRWork>
<FRBRExpression><FRBRlanguage language="{lang}"/></FRBRExpression></identification>
<workflow source="#DGACM"><step outcome="draftResolution" as="A/80/L.1"/>
<step outcome="adopted" date="{day}" as="A/80/PV.9"/></workflow>
<analysis source="#DGACM"><parliamentary><voting outcome="{outcome}">{lists}</voting>
</parliamentary></analysis></meta>
<coverPage><docNumber>{symbol}</docNumber><session value="{session}">Session</session>
</coverPage><preface><docTitle>Title of {symbol}<authorialNote>note</authorialNote>
</docTitle></preface></doc></akomaNtoso>""".encode()


def archive(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for path, data in files.items():
            z.writestr(f"GAresolutions-abc/{path}", data)
    return buffer.getvalue()


def inner_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for path, data in files.items():
            z.writestr(path, data)
    return buffer.getvalue()


VOTED = {"inFavour": ["CHINA", "FRANCE", "TÜRKİYE"], "against": ["UNITED STATES"],
         "abstaining": ["INDIA"]}  # fmt: skip
FILES = {
    "80session/English/80_5.xml": resolution("A/RES/80/5", "2025-10-01", VOTED),
    "80session/English/80_6.xml": resolution("A/RES/80/6", "2025-10-02", {}),
    "80session/French/80_5.xml": resolution("A/RES/80/5", "2025-10-01", VOTED, "fra"),
    "74session/GA resolutions_74session_English.zip": inner_zip(
        {
            "English/74_7.xml": resolution(
                "A/RES/74/7", "2019-11-07", {"inFavour": ["RUSSIAN FEDERATION"]}
            )
        }
    ),
}


def test_a_rebuild_keeps_recorded_votes_and_derives_non_voting(tmp_path: Path) -> None:
    asked: list[str] = []

    def repository(url: str, timeout: float) -> bytes:
        asked.append(url)
        return archive(FILES)

    fetched = fetch_dgacm(commit="abc", base="https://example.org/zip", opener=repository)
    assert asked == ["https://example.org/zip/abc"]
    assert (fetched.recorded_votes, fetched.files_read) == (2, 3)  # the French file unread
    lines = fetched.resolutions_csv.splitlines()
    assert lines[1].startswith("74/7,2019-11-07,74,A/RES/74/7,A/80/L.1,,A/80/PV.9,Title of")
    assert ",3,1,1,3,1,1,adoptedRecordedVote,80session/English/80_5.xml" in lines[2]
    assert "note" not in lines[2]  # the footnote is left out of the title
    votes = fetched.votes_csv.splitlines()
    assert len(votes) == 1 + 2 * 37
    assert "80/5,TUR,yes,TÜRKİYE" in votes
    assert "80/5,AFG,non_voting," in votes  # listed nowhere: derived, not coded
    note = save_dgacm(fetched, tmp_path, retrieved=datetime(2026, 12, 4, tzinfo=UTC))
    assert json.loads((tmp_path / "dgacm" / "fetched.json").read_text())["commit"] == "abc"
    assert note["recorded_votes"] == 2
    loaded = load_votes(tmp_path, source="dgacm")
    assert "fetched into" in loaded.source
    assert loaded.roll_calls.count == 2
    row = loaded.roll_calls.unres.index("A/RES/80/5")
    code = dict(zip(loaded.states, loaded.matrix[row], strict=True))
    assert (code["CHN"], code["USA"], code["AFG"]) == (YES, NO, ABSENT)


def test_an_unknown_voter_name_stops_the_rebuild() -> None:
    # A new spelling of one of the 37 must not become "non_voting" unnoticed.
    bad = {"x/English/1.xml": resolution("A/RES/80/1", "2025-10-01", {"inFavour": ["CHINE"]})}
    with pytest.raises(DataSourceError, match="unknown voter name 'CHINE'"):
        build_dgacm(english_files(archive(bad)))


def test_without_a_network_the_installed_votes_stay(tmp_path: Path) -> None:
    def offline(url: str, timeout: float) -> bytes:
        raise OSError("Network is unreachable")

    with pytest.raises(DataSourceError, match="stay in use"):
        fetch_dgacm(opener=offline)
    assert load_votes(tmp_path, source="dgacm").roll_calls.count == 737


def test_data_fetch_rebuilds_both_series_from_a_local_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> None:
    """``comity data fetch --source unga`` over real HTTP (a server on 127.0.0.1 holding the
    unvotes files of tests/lab/test_unga_fetch.py and the hand-made archive above)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from typer.testing import CliRunner

    from comity.cli import app
    from lab.test_unga_fetch import _unvotes_files

    served = {f"/unvotes/abc/data/{k}.rda": v for k, v in _unvotes_files().items()}
    served["/zip/def"] = archive(FILES)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = served.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    monkeypatch.setenv("COMITY_DATA_DIR", str(tmp_path / "data"))
    try:
        result = CliRunner().invoke(app, [
            "--db", sqlite_url, "data", "fetch", "--source", "unga", "--commit", "abc",
            "--unvotes", f"{base}/unvotes", "--dgacm-commit", "def", "--dgacm", f"{base}/zip",
            "--json"])  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 0, result.output
    written = {row["dataset"]: row for row in json.loads(result.stdout)}
    assert written["dgacm"]["recorded_votes"] == 2
    assert written["unga"]["roll_calls"] == 3
    folder = tmp_path / "data" / "unga"
    assert load_votes(folder, source="dgacm").roll_calls.count == 2
    assert load_votes(folder, source="joined").roll_calls.count == 3 + 1  # 80/5 after 2019
