"""A delegation can carry proof that a decision is on the record: ``comity prove --event N``
writes a C2SP tlog-proof (index, inclusion proof, cosigned checkpoint) that ``comity
check-proof`` verifies offline, with the log's key and the witness policy and no database."""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from comity.cli import app
from comity.ledger import open_ledger
from comity.ledger.checkpoints import leaves, log_verifier, sign_tree_head, tree_head
from comity.ledger.keys import load_or_create_signing_key
from comity.ledger.note import COSIGNATURE, Verifier, cosign, parse_note
from comity.witness.bundle import check_event_proof, parse_bundle
from comity.witness.policy import load_policy, member_state_policy
from comity.witness.publish import PublishedCheckpoint
from ledger.conftest import make_events

ORIGIN = "sco.example/bundle-ledger"
runner = CliRunner()


def _cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def setup(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, Path, str]:
    """A ledger of 12 events, its checkpoint cosigned by two of three witnesses (the
    published one), the policy and the log's vkey in files."""
    monkeypatch.setenv("COMITY_KEY_FILE", str(tmp_path / "log-key.pem"))
    monkeypatch.setenv("COMITY_LOG_ORIGIN", ORIGIN)
    monkeypatch.setenv("COMITY_PUBLISHED_DIR", str(tmp_path / "published"))
    key = load_or_create_signing_key(tmp_path / "log-key.pem")
    log = log_verifier(ORIGIN, key.public_key())
    witness_keys = {s: Ed25519PrivateKey.generate() for s in ("KAZ", "KGZ", "TJK")}
    verifiers = {
        s: Verifier(f"{s.lower()}.example/w", COSIGNATURE, k.public_key())
        for s, k in witness_keys.items()
    }
    policy = member_state_policy(
        log, {s: (v.vkey(), None) for s, v in verifiers.items()}, date(2026, 12, 4)
    )
    with open_ledger(sqlite_url) as ledger:
        ledger.append(make_events(12), actor="secretariat")
        head = tree_head(leaves(ledger.stored_rows()), ORIGIN)
    note = parse_note(sign_tree_head(head, key))
    cosigned = note.with_signatures(
        cosign(head.text(), verifiers[s].name, witness_keys[s], 1_780_000_000)
        for s in ("KAZ", "TJK")
    ).render()
    PublishedCheckpoint.beside(tmp_path / "published", ORIGIN).write(cosigned)
    (tmp_path / "policy.txt").write_text(policy)
    (tmp_path / "comity.vkey").write_text(log.vkey() + "\n")
    return sqlite_url, tmp_path, cosigned


def test_an_event_proof_checks_offline_with_the_key_and_the_policy(
    setup: tuple[str, Path, str],
) -> None:
    url, folder, cosigned = setup
    code, bundle, stderr = _cli("--db", url, "prove", "--event", "5")
    assert code == 0, stderr
    assert bundle.startswith("c2sp.org/tlog-proof@v1\nextra ")
    assert "\nindex 4\n" in bundle  # the leaf index counts from 0
    assert bundle.endswith("\n\n" + cosigned)
    with open_ledger(url) as ledger:
        row = next(r for r in ledger.stored_rows() if r.sequence == 5)
    assert parse_bundle(bundle).leaf == bytes.fromhex(row.hash)
    (folder / "event-5.tlog-proof").write_text(bundle)
    # Offline: no --db, and the database could be gone.
    check = [
        "check-proof",
        str(folder / "event-5.tlog-proof"),
        "--key",
        str(folder / "comity.vkey"),
    ]
    code, stdout, stderr = _cli(*check, "--policy", str(folder / "policy.txt"))
    assert code == 0, stdout + stderr
    assert f"event 5 (row hash {row.hash}) is in the ledger's checkpoint of 12 events" in stdout
    assert "cosigned by KAZ, TJK" in stdout


def test_a_changed_proof_or_a_missing_quorum_does_not_check(
    setup: tuple[str, Path, str],
) -> None:
    url, folder, cosigned = setup
    _, bundle, _ = _cli("--db", url, "prove", "--event", "7")
    key = (folder / "comity.vkey").read_text()
    policy = load_policy((folder / "policy.txt").read_text())
    from comity.ledger.note import parse_vkey

    log = parse_vkey(key)
    assert check_event_proof(bundle, log, policy).ok
    # Another index, another leaf, or a path hash changed: the inclusion fails.
    assert not check_event_proof(bundle.replace("\nindex 6\n", "\nindex 5\n"), log, policy).ok
    assert not check_event_proof(bundle, log, policy, leaf=b"\x01" * 32).ok
    lines = bundle.split("\n")
    lines[3] = base64.b64encode(b"\x00" * 32).decode()
    assert not check_event_proof("\n".join(lines), log, policy).ok
    # One cosignature only: below the majority of three.
    one = bundle.split("\n\n")[0] + "\n\n" + "\n".join(cosigned.splitlines()[:-1]) + "\n"
    result = check_event_proof(one, log, policy)
    assert not result.ok
    assert "quorum" in result.reason
    # Another log's key: refused.
    other = log_verifier(ORIGIN, Ed25519PrivateKey.generate().public_key())
    assert not check_event_proof(bundle, other, policy).ok
    (folder / "bad.tlog-proof").write_text(one)
    code, _, stderr = _cli(
        "check-proof",
        str(folder / "bad.tlog-proof"),
        "--key",
        str(folder / "comity.vkey"),
        "--policy",
        str(folder / "policy.txt"),
    )
    assert code == 1
    assert "quorum" in stderr


def test_an_event_beyond_the_published_checkpoint_has_no_proof(
    setup: tuple[str, Path, str],
) -> None:
    url, _, _ = setup
    code, _, stderr = _cli("--db", url, "prove", "--event", "13")
    assert code == 1
    assert "holds events 1 to 12" in stderr
    assert _cli("--db", url, "prove")[0] == 2
