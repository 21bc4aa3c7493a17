"""A witness answers the whole status table of C2SP tlog-witness v1.0.0 (add-checkpoint:
200, 400, 403, 404, 409 with text/x.tlog.size, 422), persists before answering with a
compare-and-swap (of two concurrent pushes one wins, the other gets 409), and comes back from
SIGKILL holding what it cosigned. Each test runs real witness processes on loopback."""

from __future__ import annotations

import base64
import hashlib
import http.client
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from comity.ledger.checkpoints import TreeHead, log_verifier, sign_tree_head, tree_head
from comity.ledger.merkle import consistency_proof
from comity.ledger.note import open_note, parse_signature_line
from witness.witnesses import WitnessProcess, start, stop

ORIGIN = "sco.example/test-ledger"
LEAVES = [hashlib.sha256(i.to_bytes(2, "big")).digest() for i in range(200)]


@pytest.fixture(scope="module")
def log_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def witness(tmp_path: Path, log_key: Ed25519PrivateKey) -> Iterator[WitnessProcess]:
    running = start(
        tmp_path / "w", "kaz.example/witness", [log_verifier(ORIGIN, log_key.public_key()).vkey()]
    )
    try:
        yield running
    finally:
        stop(running)


def _post(url: str, body: str) -> tuple[int, str, str]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        connection.request("POST", "/add-checkpoint", body.encode("utf-8"))
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read().decode()
    finally:
        connection.close()


def _body(old: int, proof: list[bytes], checkpoint: str) -> str:
    lines = "".join(base64.b64encode(h).decode() + "\n" for h in proof)
    return f"old {old}\n{lines}\n{checkpoint}"


def _checkpoint(key: Ed25519PrivateKey, size: int, origin: str = ORIGIN) -> str:
    return sign_tree_head(tree_head(LEAVES[:size], origin), key)


def _push(w: WitnessProcess, key: Ed25519PrivateKey, old: int, new: int) -> tuple[int, str, str]:
    proof = consistency_proof(LEAVES[:new], old) if 0 < old < new else []
    return _post(w.url, _body(old, proof, _checkpoint(key, new)))


def test_200_a_timestamped_cosignature_of_the_checkpoint(
    witness: WitnessProcess, log_key: Ed25519PrivateKey
) -> None:
    status, _, body = _push(witness, log_key, 0, 5)
    assert status == 200, body
    lines = body.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("\u2014 kaz.example/witness ")
    signature = parse_signature_line(lines[0])
    assert signature.timestamp
    assert signature.timestamp > 1_600_000_000
    # The response appended to the checkpoint opens with the witness's cosignature key.
    note, good = open_note(_checkpoint(log_key, 5) + body, [witness.verifier])
    assert good == [witness.verifier]
    assert TreeHead.parse(note.text).size == 5
    # Then from 5 to 12 with a consistency proof.
    status, _, body = _push(witness, log_key, 5, 12)
    assert status == 200, body


def test_404_for_an_origin_the_witness_does_not_know(
    witness: WitnessProcess, log_key: Ed25519PrivateKey
) -> None:
    other = sign_tree_head(tree_head(LEAVES[:3], "other.example/log"), log_key)
    assert _post(witness.url, _body(0, [], other))[0] == 404


def test_403_for_a_checkpoint_without_a_good_log_signature(
    witness: WitnessProcess, log_key: Ed25519PrivateKey
) -> None:
    # Signed under the right origin by another key: no signature of a trusted key.
    assert _post(witness.url, _body(0, [], _checkpoint(Ed25519PrivateKey.generate(), 3)))[0] == 403
    # The trusted key's signature over another text: it fails to verify.
    forged = _checkpoint(log_key, 3).replace("\n3\n", "\n4\n")
    assert _post(witness.url, _body(0, [], forged))[0] == 403


def test_400_when_old_is_larger_than_the_checkpoint(
    witness: WitnessProcess, log_key: Ed25519PrivateKey
) -> None:
    assert _post(witness.url, _body(7, [], _checkpoint(log_key, 5)))[0] == 400
    assert _post(witness.url, "old x\n\n" + _checkpoint(log_key, 5))[0] == 400
    assert _post(witness.url, "nonsense")[0] == 400


def test_409_names_the_size_held_as_text_x_tlog_size(
    witness: WitnessProcess, log_key: Ed25519PrivateKey
) -> None:
    assert _push(witness, log_key, 0, 8)[0] == 200
    status, content_type, body = _push(witness, log_key, 4, 10)
    assert (status, content_type, body) == (409, "text/x.tlog.size", "8\n")
    status, content_type, body = _push(witness, log_key, 0, 10)
    assert (status, body) == (409, "8\n")


def test_422_for_a_bad_proof_or_the_same_size_with_another_root(
    witness: WitnessProcess, log_key: Ed25519PrivateKey
) -> None:
    assert _post(witness.url, _body(0, [LEAVES[0]], _checkpoint(log_key, 4)))[0] == 422
    assert _push(witness, log_key, 0, 6)[0] == 200
    bad = consistency_proof(LEAVES[:9], 6)
    bad[0] = bytes(32)
    assert _post(witness.url, _body(6, bad, _checkpoint(log_key, 9)))[0] == 422
    # The same size with another root: a rewritten ledger of 6 events.
    rewritten = [*LEAVES[:2], b"\x99" * 32, *LEAVES[3:6]]
    other = sign_tree_head(tree_head(rewritten, ORIGIN), log_key)
    assert _post(witness.url, _body(6, [], other))[0] == 422
    # A longer rewritten ledger has no proof from the 6 cosigned.
    longer = [*rewritten, *LEAVES[6:9]]
    forged = sign_tree_head(tree_head(longer, ORIGIN), log_key)
    assert _post(witness.url, _body(6, consistency_proof(longer, 6), forged))[0] == 422
    # A checkpoint of size 0 must have the empty tree's root.
    empty = sign_tree_head(TreeHead(ORIGIN, 0, b"\x01" * 32), log_key)
    fresh_witness_status = _post(witness.url, _body(0, [], empty))[0]
    assert fresh_witness_status in (409, 422)  # it holds 6 already: 409 comes first


def test_the_witness_keeps_the_checkpoint_it_cosigned_for_monitors(
    witness: WitnessProcess, log_key: Ed25519PrivateKey
) -> None:
    origin_hash = hashlib.sha256(ORIGIN.encode()).hexdigest()
    parts = urlsplit(witness.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    connection.request("GET", f"/{origin_hash}/checkpoint")
    assert connection.getresponse().status == 404
    connection.close()
    status, _, cosignature = _push(witness, log_key, 0, 3)
    assert status == 200
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    connection.request("GET", f"/{origin_hash}/checkpoint")
    response = connection.getresponse()
    assert response.status == 200
    assert response.read().decode() == _checkpoint(log_key, 3) + cosignature
    connection.close()


def test_two_concurrent_pushes_from_the_same_size_one_wins_the_other_gets_409(
    witness: WitnessProcess, log_key: Ed25519PrivateKey
) -> None:
    assert _push(witness, log_key, 0, 2)[0] == 200
    size = 2
    for round_ in range(8):
        barrier = threading.Barrier(2)
        answers: dict[int, tuple[int, str, str]] = {}

        def push(
            new: int,
            old: int,
            barrier: threading.Barrier,
            answers: dict[int, tuple[int, str, str]],
        ) -> None:
            barrier.wait()
            answers[new] = _push(witness, log_key, old, new)

        threads = [
            threading.Thread(target=push, args=(n, size, barrier, answers))
            for n in (size + 1, size + 2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        statuses = sorted(a[0] for a in answers.values())
        assert statuses == [200, 409], (round_, answers)
        winner = next(n for n, a in answers.items() if a[0] == 200)
        loser = next(a for a in answers.values() if a[0] == 409)
        assert loser[2] == f"{winner}\n"  # the loser is told the size that won
        size = winner


def test_after_sigkill_the_witness_holds_what_it_cosigned(
    tmp_path: Path, log_key: Ed25519PrivateKey
) -> None:
    logs = [log_verifier(ORIGIN, log_key.public_key()).vkey()]
    first = start(tmp_path / "w", "kaz.example/witness", logs)
    try:
        for old, new in ((0, 4), (4, 9), (9, 15)):
            assert _push(first, log_key, old, new)[0] == 200
    finally:
        stop(first, signal.SIGKILL)
    assert first.process.returncode == -signal.SIGKILL
    again = start(tmp_path / "w", "kaz.example/witness", logs)
    try:
        # Not rolled back: it still holds 15, and refuses to go back to 9.
        assert _push(again, log_key, 9, 20)[:3:2] == (409, "15\n")
        assert _push(again, log_key, 15, 20)[0] == 200
    finally:
        stop(again)


def test_a_witness_killed_mid_traffic_holds_at_least_what_it_acknowledged(
    tmp_path: Path, log_key: Ed25519PrivateKey
) -> None:
    # SIGKILL while pushes are in flight: whatever the witness answered 200 for was on disk
    # first, so after restarting it holds that size or the one in flight, never less.
    logs = [log_verifier(ORIGIN, log_key.public_key()).vkey()]
    first = start(tmp_path / "w", "kaz.example/witness", logs)
    acknowledged = [0]
    stop_pushing = threading.Event()

    def pushing() -> None:
        old = 0
        for new in range(1, len(LEAVES) + 1):
            if stop_pushing.is_set():
                return
            try:
                status, _, _ = _push(first, log_key, old, new)
            except OSError:
                return  # killed mid-request
            if status != 200:
                return
            acknowledged.append(new)
            old = new

    thread = threading.Thread(target=pushing)
    thread.start()
    while len(acknowledged) < 12 and thread.is_alive():
        threading.Event().wait(0.01)
    stop(first, signal.SIGKILL)
    stop_pushing.set()
    thread.join(timeout=60)
    last = acknowledged[-1]
    assert last >= 11
    again = start(tmp_path / "w", "kaz.example/witness", logs)
    try:
        status, content_type, body = _push(again, log_key, 0, len(LEAVES))
        assert (status, content_type) == (409, "text/x.tlog.size")
        assert int(body) in (last, last + 1)
    finally:
        stop(again)
