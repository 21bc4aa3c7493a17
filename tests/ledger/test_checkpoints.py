"""Signed checkpoints: an outside party holding an old checkpoint, a proof and the public key
can tell that today's ledger extends what they saw, and a rewritten old row, even with
every later hash recomputed so that the chain verifies, makes that check fail. The signing
key is made on first use, kept 0600, and never printed."""

from __future__ import annotations

import base64
import json
import os
import stat
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from comity.cli import app
from comity.errors import CheckpointError, SigningKeyError
from comity.events import Event
from comity.ledger import MemoryLedger, open_ledger, stored_row_hash
from comity.ledger.checkpoints import (
    Checkpoint,
    ConsistencyProof,
    check_proof,
    leaves,
    prove,
    sign_checkpoint,
)
from comity.ledger.hashing import StoredRow
from comity.ledger.keys import load_or_create_signing_key, load_public_key, public_key_pem
from comity.ledger.merkle import consistency_proof
from comity.settings import Settings

MakeEvents = Callable[..., list[Event]]
NOW = datetime(2025, 7, 4, 12, 0, tzinfo=UTC)
runner = CliRunner()


def _rewritten(rows: list[StoredRow], at: int, **values: object) -> list[StoredRow]:
    """``rows`` with row ``at`` changed and every later hash recomputed: a chain that
    verifies, as an operator with the database could make."""
    out: list[StoredRow] = []
    prev = rows[0].prev_hash
    for row in rows:
        if row.sequence == at:
            row = row._replace(**values)
        row = row._replace(prev_hash=prev)
        row = row._replace(hash=stored_row_hash(prev, row))
        out.append(row)
        prev = row.hash
    return out


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def test_a_proof_from_an_old_checkpoint_verifies_with_only_the_public_key(
    key: Ed25519PrivateKey, make_events: MakeEvents
) -> None:
    ledger = MemoryLedger()
    ledger.append(make_events(5), actor="secretariat")
    kept = sign_checkpoint(leaves(ledger.stored_rows()), key, signed_at=NOW)
    assert (kept.size, kept.head_hash) == ledger.head()
    assert kept.signed_by(key.public_key())
    ledger.append(make_events(6, tag="later"), actor="delegation:IND")

    proof = prove(kept, leaves(ledger.stored_rows()), key, signed_at=NOW)
    assert (proof.new.size, proof.new.head_hash) == ledger.head()
    # What the outside party receives is JSON; they check it with the public key alone.
    received = ConsistencyProof.from_json(json.loads(json.dumps(proof.to_json())))
    public = load_public_key(public_key_pem(key.public_key()))
    result = check_proof(Checkpoint.from_json(kept.to_json()), received, public)
    assert result.ok, result.reason


def test_a_rewritten_old_row_makes_the_proof_fail_though_the_chain_verifies(
    key: Ed25519PrivateKey, make_events: MakeEvents
) -> None:
    honest = MemoryLedger()
    honest.append(make_events(8), actor="secretariat")
    kept = sign_checkpoint(leaves(honest.stored_rows()), key, signed_at=NOW)
    honest.append(make_events(3, tag="later"), actor="secretariat")

    forged = MemoryLedger()
    forged.restore(_rewritten(list(honest.stored_rows()), 3, actor="delegation:PAK"))
    assert forged.verify().ok  # the chain alone cannot tell
    forged_leaves = leaves(forged.stored_rows())

    with pytest.raises(CheckpointError, match="rewritten"):
        prove(kept, forged_leaves, key, signed_at=NOW)
    # An operator who signs the forged ledger anyway and sends a proof computed over it
    # (or the honest proof) is caught by the outside party's check.
    new = sign_checkpoint(forged_leaves, key, signed_at=NOW)
    for hashes in (
        consistency_proof(forged_leaves, kept.size),
        consistency_proof(leaves(honest.stored_rows()), kept.size),
    ):
        attempt = ConsistencyProof(old=kept, new=new, hashes=tuple(h.hex() for h in hashes))
        result = check_proof(kept, attempt, key.public_key())
        assert not result.ok
        assert "does not begin with" in result.reason


def test_a_cut_tail_has_no_proof(key: Ed25519PrivateKey, make_events: MakeEvents) -> None:
    ledger = MemoryLedger()
    ledger.append(make_events(6), actor="secretariat")
    rows = leaves(ledger.stored_rows())
    kept = sign_checkpoint(rows, key, signed_at=NOW)
    with pytest.raises(CheckpointError, match="fewer than the 6"):
        prove(kept, rows[:4], key, signed_at=NOW)


def test_a_changed_or_foreign_checkpoint_fails_the_signature(
    key: Ed25519PrivateKey, make_events: MakeEvents
) -> None:
    ledger = MemoryLedger()
    ledger.append(make_events(4), actor="secretariat")
    kept = sign_checkpoint(leaves(ledger.stored_rows()), key, signed_at=NOW)
    ledger.append(make_events(2, tag="b"), actor="secretariat")
    proof = prove(kept, leaves(ledger.stored_rows()), key, signed_at=NOW)
    data = kept.to_json()
    for field, value in (
        ("size", 3),
        ("root", "0" * 64),
        ("signed_at", "2030-01-01T00:00:00.000000Z"),
    ):
        changed = Checkpoint.from_json({**data, field: value})
        assert not changed.signed_by(key.public_key())
        assert not check_proof(
            changed, ConsistencyProof(changed, proof.new, proof.hashes), key.public_key()
        ).ok
    other = Ed25519PrivateKey.generate()
    assert not check_proof(kept, proof, other.public_key()).ok
    assert "not signed by this key" in check_proof(kept, proof, other.public_key()).reason
    elsewhere = prove(kept, leaves(ledger.stored_rows()), other, signed_at=NOW)
    assert not check_proof(kept, elsewhere, key.public_key()).ok


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"size": 1},
        {
            "size": -1,
            "root": "0" * 64,
            "head_hash": "0" * 64,
            "signed_at": "x",
            "signature": "",
            "key_id": "0" * 16,
        },
    ],
)
def test_a_malformed_checkpoint_is_refused(data: object) -> None:
    with pytest.raises(CheckpointError):
        Checkpoint.from_json(data)


# The key file.


def test_the_key_is_made_once_with_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "new" / "checkpoint-key.pem"
    made: list[bytes] = []

    def make() -> None:
        key = load_or_create_signing_key(path)
        made.append(key.public_key().public_bytes_raw())

    threads = [threading.Thread(target=make) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(made)) == 1  # racing first uses agree on one key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["checkpoint-key.pem"]


def test_a_key_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "checkpoint-key.pem"
    load_or_create_signing_key(path)
    path.chmod(0o644)
    with pytest.raises(SigningKeyError, match="chmod 600"):
        load_or_create_signing_key(path)


def test_a_file_that_is_not_a_key_is_refused_without_quoting_it(tmp_path: Path) -> None:
    path = tmp_path / "checkpoint-key.pem"
    path.write_text("-----BEGIN PRIVATE KEY-----\nc2VjcmV0IHN0dWZm\n-----END PRIVATE KEY-----\n")
    path.chmod(0o600)
    with pytest.raises(SigningKeyError) as caught:
        load_or_create_signing_key(path)
    assert "c2VjcmV0" not in str(caught.value)


# The commands.


def _cli(url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", url, *args])
    return result.exit_code, result.stdout, result.stderr


def _secrets(path: Path) -> list[str]:
    """Every form the private key could be printed in."""
    key = load_or_create_signing_key(path)
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    pem_body = "".join(path.read_text().splitlines()[1:-1])
    return [raw.hex(), base64.b64encode(raw).decode(), pem_body, pem_body[20:40]]


def _rewrite_sqlite_row(url: str, at: int) -> None:
    """Change row ``at`` and recompute every later hash, with the database's guards off."""
    with open_ledger(url) as ledger:
        rows = _rewritten(list(ledger.stored_rows()), at, actor="delegation:PAK")
        with ledger.engine.begin() as connection:
            for trigger in ("events_refuse_update", "events_extend_chain"):
                connection.exec_driver_sql(f"DROP TRIGGER {trigger}")
            for row in rows[at - 1 :]:
                connection.execute(
                    sa.text(
                        "UPDATE events SET actor = :actor, prev_hash = :prev_hash, hash = :hash "
                        "WHERE sequence = :sequence"
                    ),
                    row._asdict(),
                )
        assert ledger.verify().ok


def test_checkpoint_prove_and_check_proof_end_to_end(
    sqlite_url: str, tmp_path: Path, make_events: MakeEvents, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "keys" / "checkpoint-key.pem"
    monkeypatch.setenv("COMITY_KEY_FILE", str(key_file))
    with open_ledger(sqlite_url) as ledger:
        ledger.append(make_events(3), actor="secretariat")
    outputs: list[str] = []

    def run(*args: str, url: str = sqlite_url, expect: int = 0) -> str:
        code, stdout, stderr = _cli(url, *args)
        outputs.extend([stdout, stderr])
        assert code == expect, stdout + stderr
        return stdout

    kept_file = tmp_path / "checkpoint.txt"
    kept_file.write_text(run("checkpoint"))
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    kept = kept_file.read_text()
    origin = Settings().origin(sqlite_url)
    assert kept.startswith(f"{origin}\n3\n")  # C2SP tlog-checkpoint: origin, size, root
    public_file = tmp_path / "comity.vkey"
    public_file.write_text(run("key", "public"))
    vkey = public_file.read_text().strip()
    assert vkey.startswith(f"{origin}+")
    assert run("key", "public", "--pem").startswith("-----BEGIN PUBLIC KEY-----")
    assert json.loads(run("key", "public", "--json"))["vkey"] == vkey

    with open_ledger(sqlite_url) as ledger:
        ledger.append(make_events(2, tag="later"), actor="secretariat")
    proof_file = tmp_path / "proof.json"
    proof_file.write_text(run("prove", "--from", str(kept_file)))
    proof = json.loads(proof_file.read_text())
    assert proof["old"] == kept
    assert proof["new"].startswith(f"{origin}\n5\n")
    check = ("check-proof", str(proof_file), "--checkpoint", str(kept_file), "--key")
    assert "ok: the ledger of 5 events extends the kept 3" in run(*check, str(public_file))
    assert json.loads(run(*check, str(public_file), "--json"))["ok"] is True

    _rewrite_sqlite_row(sqlite_url, 2)
    run("prove", "--from", str(kept_file), expect=1)
    assert "rewritten" in outputs[-1]
    # A proof from a checkpoint of the rewritten ledger does not start from the kept one.
    forged_file = tmp_path / "forged-checkpoint.txt"
    forged_file.write_text(run("checkpoint"))
    forged_proof = tmp_path / "forged-proof.json"
    forged_proof.write_text(run("prove", "--from", str(forged_file)))
    run(
        "check-proof",
        str(forged_proof),
        "--checkpoint",
        str(kept_file),
        "--key",
        str(public_file),
        expect=1,
    )

    run("prove", "--from", str(tmp_path / "missing.json"), expect=2)
    (tmp_path / "bad.json").write_text('{"size": 1}')
    run("prove", "--from", str(tmp_path / "bad.json"), expect=2)
    (tmp_path / "bad.txt").write_text("not a note\n")
    run("prove", "--from", str(tmp_path / "bad.txt"), expect=2)

    secrets = _secrets(key_file)
    for output in outputs:
        for secret in secrets:
            assert secret not in output


def test_key_public_makes_the_key_on_first_use_and_refuses_an_open_one(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "checkpoint-key.pem"
    monkeypatch.setenv("COMITY_KEY_FILE", str(key_file))
    code, stdout, _ = _cli(sqlite_url, "key", "public")
    assert code == 0
    assert key_file.exists()
    assert "PRIVATE" not in stdout
    os.chmod(key_file, 0o640)
    code, stdout, stderr = _cli(sqlite_url, "key", "public")
    assert code == 2
    assert "signing_key_unusable" in stderr
    for secret in _secrets_unchecked(key_file):
        assert secret not in stdout + stderr


def _secrets_unchecked(path: Path) -> list[str]:
    pem_body = "".join(path.read_text().splitlines()[1:-1])
    return [pem_body, pem_body[20:40]]


def test_an_old_v1_checkpoint_file_is_still_read_proved_and_checked(
    sqlite_url: str, tmp_path: Path, make_events: MakeEvents, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "checkpoint-key.pem"
    monkeypatch.setenv("COMITY_KEY_FILE", str(key_file))
    key = load_or_create_signing_key(key_file)
    with open_ledger(sqlite_url) as ledger:
        ledger.append(make_events(3), actor="secretariat")
        v1 = sign_checkpoint(leaves(ledger.stored_rows()), key, signed_at=NOW)
        ledger.append(make_events(2, tag="later"), actor="secretariat")
    kept_file = tmp_path / "checkpoint.json"
    kept_file.write_text(json.dumps(v1.to_json()))
    code, proof, stderr = _cli(sqlite_url, "prove", "--from", str(kept_file))
    assert code == 0, stderr
    assert json.loads(proof)["old"] == v1.to_json()
    (tmp_path / "proof.json").write_text(proof)
    # The old PEM key file and the verifier key both check it.
    (tmp_path / "comity.pub").write_text(public_key_pem(key.public_key()))
    code, vkey, _ = _cli(sqlite_url, "key", "public")
    (tmp_path / "comity.vkey").write_text(vkey)
    for key_path in ("comity.pub", "comity.vkey"):
        code, stdout, stderr = _cli(
            sqlite_url,
            "check-proof",
            str(tmp_path / "proof.json"),
            "--checkpoint",
            str(kept_file),
            "--key",
            str(tmp_path / key_path),
        )
        assert code == 0, stdout + stderr
        assert "extends the kept 3 events" in stdout
    # A proof of the old format (v1 to v1, as comity prove wrote before) still checks.
    legacy = prove(v1, leaves(open_ledger(sqlite_url).stored_rows()), key, signed_at=NOW)
    (tmp_path / "legacy.json").write_text(json.dumps(legacy.to_json()))
    code, stdout, _ = _cli(
        sqlite_url,
        "check-proof",
        str(tmp_path / "legacy.json"),
        "--checkpoint",
        str(kept_file),
        "--key",
        str(tmp_path / "comity.pub"),
    )
    assert code == 0
    assert "extends the kept 3 events" in stdout
