"""comity's checkpoints, notes and proofs are the transparency-log standards' own (C2SP
signed-note, tlog-checkpoint, tlog-cosignature; RFC 6962 proofs), checked by independent
implementations: Go's golang.org/x/mod/sumdb/note and sumdb/tlog (Debian's
golang-golang-x-mod-dev, which scripts/test installs), the signed-note example of Go's own
documentation, the C2SP example vector and the proof vectors of transparency-dev/merkle."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from comity.cli import app
from comity.errors import CheckpointError
from comity.events import Event
from comity.ledger import MemoryLedger, open_ledger
from comity.ledger.checkpoints import (
    TreeHead,
    leaves,
    log_verifier,
    open_checkpoint,
    sign_tree_head,
    tree_head,
)
from comity.ledger.merkle import (
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    tree_root,
    verify_consistency,
    verify_inclusion,
    verify_inclusion_hash,
)
from comity.ledger.note import COSIGNATURE, cosign, open_note, parse_note, parse_vkey, sign_note

MakeEvents = Callable[..., list[Event]]
HERE = Path(__file__).parent
GOPATH = Path("/usr/share/gocode")
GO_NOTE = GOPATH / "src/golang.org/x/mod/sumdb/note"
runner = CliRunner()


DATA = HERE / "data"


def _vector_folder(name: str) -> Path:
    """Third-party test vectors, copied into tests/ledger/data/ with their PROVENANCE.md."""
    folder = DATA / name
    assert (folder / "PROVENANCE.md").is_file(), f"{folder} has lost its vectors"
    return folder


@pytest.fixture(scope="module")
def go_verify(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/ledger/go/verify built with Debian's Go and x/mod (no module download)."""
    if shutil.which("go") is None or not GO_NOTE.is_dir():
        pytest.skip("Go and golang-golang-x-mod-dev are not installed (scripts/test installs them)")
    out = tmp_path_factory.mktemp("go") / "verify"
    env = {
        **os.environ,
        "GO111MODULE": "off",
        "GOPATH": str(GOPATH),
        "GOCACHE": str(out.parent / "cache"),
        "GOFLAGS": "",
    }
    subprocess.run(
        ["go", "build", "-o", str(out), "."],
        cwd=HERE / "go" / "verify",
        env=env,
        check=True,
        capture_output=True,
    )
    return out


def _go(binary: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(binary), *map(str, args)], capture_output=True, text=True, timeout=60
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _proof_file(tmp_path: Path, name: str, hashes: list[bytes]) -> Path:
    path = tmp_path / name
    path.write_text("".join(_b64(h) + "\n" for h in hashes))
    return path


# Signed notes.


def test_a_note_signed_by_comity_is_byte_for_byte_the_one_go_documents() -> None:
    # Go's x/mod documents note.Sign with a private key and its exact output (ExampleSign in
    # example_test.go, as installed by Debian): Ed25519 is deterministic, so comity signing
    # the same text with the same key must give the same bytes.
    if not (GO_NOTE / "example_test.go").is_file():
        pytest.skip("golang-golang-x-mod-dev is not installed")
    source = (GO_NOTE / "example_test.go").read_text()
    example = source[source.index("func ExampleSign()") : source.index("func ExampleOpen()")]
    skey = re.search(r'skey := "PRIVATE\+KEY\+([^"]+)"', example)
    assert skey
    name, _, material = skey[1].split("+", 2)
    text = "".join(
        json.loads(part)
        for part in re.findall(
            r'("(?:[^"\\]|\\.)*")', example.split("text :=")[1].split("signer")[0]
        )
    )
    expected = (
        "\n".join(
            line.removeprefix("\t// ") if line != "\t//" else ""
            for line in example.split("// Output:\n")[1].splitlines()
            if line.startswith("\t//")
        )
        + "\n"
    )
    seed = base64.b64decode(material)
    assert seed[0] == 1
    assert len(seed) == 33
    key = Ed25519PrivateKey.from_private_bytes(seed[1:])
    assert sign_note(text, name, key) == expected
    vkey = re.search(r'vkey := "([^"]+)"', source)
    assert vkey
    opened, good = open_note(expected, [parse_vkey(vkey[1])])
    assert opened.text == text
    assert [v.name for v in good] == ["PeterNeumann"]


def test_the_c2sp_signed_note_example_verifies() -> None:
    folder = _vector_folder("c2sp-signed-note")
    verifier = parse_vkey((folder / "example.vkey").read_text())
    note, good = open_note((folder / "example.note").read_text(), [verifier])
    assert note.text == "This is an example message.\n"
    assert good == [verifier]
    assert verifier.vkey() == (folder / "example.vkey").read_text().strip()


def test_unknown_keys_are_ignored_and_a_bad_known_signature_refuses_the_note() -> None:
    # signed-note, Signatures: ignore unknown keys, reject a failing known one, reject a note
    # no known key signed.
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    head = TreeHead("sco.example/ledger", 2, b"\x07" * 32)
    log = log_verifier(head.origin, key.public_key())
    signed = sign_tree_head(head, key)
    impostor = sign_note(head.text(), head.origin, other).split("\n\n")[1]
    both = signed + impostor  # same name, other key id: ignored
    assert open_checkpoint(both, log)[0] == head
    tampered = signed.replace("\n2\n", "\n3\n")
    with pytest.raises(CheckpointError, match="does not verify"):
        open_checkpoint(tampered, log)
    with pytest.raises(CheckpointError, match="no signature of the keys"):
        open_checkpoint(sign_note(head.text(), head.origin, other), log)
    for malformed in ("", "a\n", "a\n\n", "a\n\n- x y\n", "a\x01\n\n\u2014 a AAAAAAA=\n"):
        with pytest.raises(CheckpointError):
            parse_note(malformed)


def test_a_cosignature_is_the_timestamped_ed25519_of_the_c2sp_message() -> None:
    # tlog-cosignature: key id SHA-256(name || "\n" || 0x04 || key)[:4]; the signature is
    # u64 big-endian time || Ed25519("cosignature/v1\ntime <t>\n" || checkpoint text).
    witness = Ed25519PrivateKey.generate()
    text = "sco.example/ledger\n5\n" + _b64(b"\x01" * 32) + "\n"
    line = cosign(text, "kaz.example/witness", witness, 1_700_000_000)
    public = witness.public_key().public_bytes_raw()
    assert line.key_id == hashlib.sha256(b"kaz.example/witness\n\x04" + public).digest()[:4]
    assert line.signature[:8] == (1_700_000_000).to_bytes(8, "big")
    witness.public_key().verify(
        line.signature[8:], b"cosignature/v1\ntime 1700000000\n" + text.encode()
    )
    verifier = parse_vkey(
        f"kaz.example/witness+{line.key_id.hex()}+{_b64(bytes([COSIGNATURE]) + public)}"
    )
    assert verifier.verifies(text, line)
    assert not verifier.verifies(text.replace("5", "6"), line)


# Go's sumdb/note opens comity's checkpoints.


def test_go_opens_the_checkpoint_comity_checkpoint_prints_with_comity_key_public(
    go_verify: Path,
    sqlite_url: str,
    tmp_path: Path,
    make_events: MakeEvents,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COMITY_KEY_FILE", str(tmp_path / "key.pem"))
    monkeypatch.setenv("COMITY_LOG_ORIGIN", "sco.example/test-ledger")
    with open_ledger(sqlite_url) as ledger:
        ledger.append(make_events(7), actor="secretariat")
        expected_root = tree_root(leaves(ledger.stored_rows()))
    checkpoint = runner.invoke(app, ["--db", sqlite_url, "checkpoint"])
    vkey = runner.invoke(app, ["--db", sqlite_url, "key", "public"])
    assert checkpoint.exit_code == vkey.exit_code == 0, checkpoint.stderr + vkey.stderr
    (tmp_path / "checkpoint").write_text(checkpoint.stdout)
    (tmp_path / "vkey").write_text(vkey.stdout)
    # A witness's cosignature added to it is ignored by a verifier that does not know it.
    witness = cosign(
        checkpoint.stdout.split("\n\n")[0] + "\n", "w.example", Ed25519PrivateKey.generate(), 9
    )
    (tmp_path / "cosigned").write_text(checkpoint.stdout + witness.line())
    for name, unverified in (("checkpoint", 0), ("cosigned", 1)):
        result = _go(go_verify, "note", tmp_path / "vkey", tmp_path / name)
        assert result.returncode == 0, result.stdout
        first, text = result.stdout.split("\n", 1)
        assert first.startswith("ok sco.example/test-ledger ")
        assert first.endswith(f" {unverified} unverified")
        assert text == f"sco.example/test-ledger\n7\n{_b64(expected_root)}\n"
    (tmp_path / "forged").write_text(checkpoint.stdout.replace("\n7\n", "\n8\n"))
    assert _go(go_verify, "note", tmp_path / "vkey", tmp_path / "forged").returncode == 1


# Go's sumdb/tlog accepts comity's proofs.


def test_go_tlog_accepts_every_consistency_and_inclusion_proof_of_a_small_ledger(
    go_verify: Path, tmp_path: Path, make_events: MakeEvents
) -> None:
    ledger = MemoryLedger()
    ledger.append(make_events(13), actor="secretariat")
    rows = leaves(ledger.stored_rows())
    # Go's RecordHash(row hash) must be comity's leaf hash: both are SHA-256(0x00 || data).
    roots = {n: _b64(tree_root(rows[:n])) for n in range(1, len(rows) + 1)}
    checked = 0
    for new in (5, 8, 13):
        for old in range(1, new):
            path = _proof_file(tmp_path, f"c{old}-{new}", consistency_proof(rows[:new], old))
            result = _go(go_verify, "tree", old, roots[old], new, roots[new], path)
            assert result.returncode == 0, (old, new, result.stdout)
            checked += 1
        for index in range(new):
            path = _proof_file(tmp_path, f"i{index}-{new}", inclusion_proof(rows[:new], index))
            result = _go(go_verify, "record", new, roots[new], index, rows[index].hex(), path)
            assert result.returncode == 0, (index, new, result.stdout)
            checked += 1
    assert checked == 4 + 7 + 12 + 5 + 8 + 13
    # And refuses a proof with one hash changed, or from a rewritten old tree.
    bad = consistency_proof(rows, 6)
    bad[1] = bytes(32)
    path = _proof_file(tmp_path, "bad", bad)
    assert _go(go_verify, "tree", 6, roots[6], 13, roots[13], path).returncode == 1
    forged = _b64(tree_root([*rows[:5], b"\x00" * 32]))
    path = _proof_file(tmp_path, "good", consistency_proof(rows, 6))
    assert _go(go_verify, "tree", 6, forged, 13, roots[13], path).returncode == 1
    path = _proof_file(tmp_path, "incl", inclusion_proof(rows, 3))
    assert _go(go_verify, "record", 13, roots[13], 3, rows[4].hex(), path).returncode == 1


def test_comity_leaves_are_rfc_6962_leaf_hashes_of_the_row_hashes() -> None:
    row = bytes.fromhex("43ac0133452ef347e104052d67cec234d8d1c01698ee65a365aef088e8585897")
    assert leaf_hash(row) == hashlib.sha256(b"\x00" + row).digest()
    assert tree_head([row], "o.example").root == leaf_hash(row)


# The proof vectors of transparency-dev/merkle.


def _vectors(kind: str) -> list[tuple[str, dict[str, object]]]:
    folder = _vector_folder("transparency-dev-merkle")
    return [
        (str(path.relative_to(folder)), json.loads(path.read_text()))
        for path in sorted((folder / "testdata" / kind).rglob("*.json"))
    ]


def _hashes(values: object) -> list[bytes]:
    assert isinstance(values, list) or values is None
    return [base64.b64decode(v) for v in values or []]


def _root(value: object) -> bytes:
    assert isinstance(value, str) or value is None
    return base64.b64decode(value or "")


@pytest.mark.parametrize(("name", "vector"), _vectors("consistency") or [("absent", {})])
def test_transparency_dev_consistency_vectors(name: str, vector: dict[str, object]) -> None:
    if not vector:
        pytest.skip("no transparency-dev/merkle vectors in tests/ledger/data")
    size1, size2 = vector["size1"], vector["size2"]
    assert isinstance(size1, int)
    assert isinstance(size2, int)
    ok = verify_consistency(
        size1, size2, _root(vector["root1"]), _root(vector["root2"]), _hashes(vector["proof"])
    )
    assert ok is not vector["wantErr"], vector["desc"]


@pytest.mark.parametrize(("name", "vector"), _vectors("inclusion") or [("absent", {})])
def test_transparency_dev_inclusion_vectors(name: str, vector: dict[str, object]) -> None:
    if not vector:
        pytest.skip("no transparency-dev/merkle vectors in tests/ledger/data")
    index, size = vector["leafIdx"], vector["treeSize"]
    assert isinstance(index, int)
    assert isinstance(size, int)
    ok = verify_inclusion_hash(
        index, size, _root(vector["leafHash"]), _hashes(vector["proof"]), _root(vector["root"])
    )
    assert ok is not vector["wantErr"], vector["desc"]


def test_inclusion_proofs_verify_for_every_leaf_and_fail_for_another() -> None:
    rows = [bytes([i]) * 32 for i in range(21)]
    for n in range(1, len(rows) + 1):
        root = tree_root(rows[:n])
        for i in range(n):
            proof = inclusion_proof(rows[:n], i)
            assert verify_inclusion(i, n, rows[i], proof, root)
            assert n == 1 or not verify_inclusion(i, n, rows[(i + 1) % n], proof, root)
            if n < len(rows):
                assert not verify_inclusion(i, n, rows[i], proof, tree_root(rows[: n + 1]))
