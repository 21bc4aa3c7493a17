"""``comity witness serve``: a C2SP ``tlog-witness`` v1.0.0 witness for comity ledgers.

``POST /add-checkpoint`` takes ``old <size>``, the consistency proof lines (base64), an empty
line and the checkpoint (a signed note), and answers as the specification's table says:

=====  ==============================================================================
200    one ``cosignature/v1`` line (Ed25519, timestamped, type 0x04), after persisting
400    a malformed body, or ``old`` larger than the checkpoint's size
403    no good signature of a log key the witness trusts for the origin, or a bad one
404    an origin the witness does not know
409    ``old`` is not the size the witness holds; the body is that size
       (``Content-Type: text/x.tlog.size``)
422    a consistency proof that does not verify, a non-empty proof from size 0, a size 0
       checkpoint whose root is not the empty tree's, or the same size with another root
=====  ==============================================================================

``GET /<sha256 of the origin, hex>/checkpoint`` returns the last cosigned checkpoint (the
monitoring prefix of the specification), 404 before the first.

The server is the standard library's threaded HTTP server on loopback by default: a witness
handles a few requests a minute, and its state is one SQLite row per log
(:mod:`comity.witness.store`). Reference: https://c2sp.org/tlog-witness.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from comity.errors import CheckpointError
from comity.ledger.checkpoints import TreeHead
from comity.ledger.merkle import verify_consistency
from comity.ledger.note import COSIGNATURE, Verifier, cosign, open_note, parse_note
from comity.witness.store import Held, WitnessStore

__all__ = ["Answer", "Witness", "serve"]

MAX_BODY = 64 * 1024  # 63 proof lines and a checkpoint with a few dozen signatures fit
_OLD = re.compile(r"old (0|[1-9][0-9]{0,18})")
_HASH = re.compile(r"[A-Za-z0-9+/]{43}=")
_EMPTY_ROOT = hashlib.sha256(b"").digest()


@dataclass(frozen=True, slots=True)
class Answer:
    """An HTTP answer: status, content type and body."""

    status: int
    body: str
    content_type: str = "text/plain; charset=utf-8"


class Witness:
    """A witness's logic, apart from HTTP: its name and key, the logs it trusts, its store."""

    def __init__(
        self,
        name: str,
        key: Ed25519PrivateKey,
        logs: Sequence[Verifier],
        store: WitnessStore,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.name = name
        self._key = key
        self._logs: dict[str, list[Verifier]] = {}
        for log in logs:
            self._logs.setdefault(log.name, []).append(log)
        self._store = store
        self._clock = clock
        self.verifier = Verifier(name, COSIGNATURE, key.public_key())

    def add_checkpoint(self, body: bytes) -> Answer:
        """Answer one ``add-checkpoint`` request body."""
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return Answer(400, "the body is not UTF-8\n")
        head_end = text.find("\n\n")
        if head_end < 0:
            return Answer(400, "no empty line between the proof and the checkpoint\n")
        lines = text[:head_end].split("\n")
        old_line = _OLD.fullmatch(lines[0])
        if old_line is None:
            return Answer(400, "the first line is 'old <size>'\n")
        if len(lines) - 1 > 63 or not all(_HASH.fullmatch(h) for h in lines[1:]):
            return Answer(400, "the proof is at most 63 lines of one base64 hash each\n")
        old = int(old_line[1])
        proof = [base64.b64decode(h) for h in lines[1:]]
        message = text[head_end + 2 :]
        try:
            note = parse_note(message)
            head = TreeHead.parse(note.text)
        except (CheckpointError, binascii.Error):
            return Answer(400, "the checkpoint is not a C2SP tlog-checkpoint signed note\n")
        logs = self._logs.get(head.origin)
        if not logs:
            return Answer(404, f"unknown log {head.origin}\n")
        try:
            open_note(message, logs)
        except CheckpointError:
            return Answer(403, "the checkpoint bears no good signature of the log's key\n")
        if old > head.size:
            return Answer(400, f"old {old} is larger than the checkpoint's size {head.size}\n")
        return self._advance(head, note.text, message, old, proof)

    def _advance(
        self, head: TreeHead, text: str, message: str, old: int, proof: list[bytes]
    ) -> Answer:
        held = self._store.held(head.origin)
        held_size = held.size if held else 0
        if old != held_size:
            return _conflict(held_size)
        if head.size == 0 and head.root != _EMPTY_ROOT:
            return Answer(422, "a checkpoint of size 0 has the empty tree's root\n")
        if old == 0:
            if proof:
                return Answer(422, "a proof from size 0 is empty\n")
        elif old == head.size:
            assert held is not None
            if proof or head.root != held.root:
                return Answer(422, f"another root for size {old} than the one cosigned\n")
        else:
            assert held is not None
            if not verify_consistency(old, head.size, held.root, head.root, proof):
                return Answer(422, "the consistency proof does not verify\n")
        cosignature = cosign(text, self.name, self._key, int(self._clock()))
        cosigned = parse_note(message).with_signatures([cosignature]).render()
        lost = self._store.advance(head.origin, held, Held(head.size, head.root, cosigned))
        if lost is not None:
            return _conflict(lost.size)
        return Answer(200, cosignature.line())

    def checkpoint(self, origin_hash: str) -> Answer:
        """The monitoring endpoint: the last checkpoint cosigned for the log."""
        for origin in self._logs:
            if hashlib.sha256(origin.encode()).hexdigest() == origin_hash:
                held = self._store.held(origin)
                if held is not None:
                    return Answer(200, held.checkpoint)
        return Answer(404, "no checkpoint cosigned for that log\n")


def _conflict(size: int) -> Answer:
    return Answer(409, f"{size}\n", "text/x.tlog.size")


def _handler(witness: Witness) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the specification recommends

        def do_POST(self) -> None:
            if self.path.rstrip("/") != "/add-checkpoint":
                self._send(Answer(404, "not found\n"))
                return
            length = self.headers.get("Content-Length", "")
            if not length.isdigit() or int(length) > MAX_BODY:
                self._send(Answer(400 if not length.isdigit() else 413, "bad body length\n"))
                self.close_connection = True
                return
            self._send(witness.add_checkpoint(self.rfile.read(int(length))))

        def do_GET(self) -> None:
            parts = self.path.strip("/").split("/")
            if len(parts) == 2 and parts[1] == "checkpoint":
                self._send(witness.checkpoint(parts[0]))
            else:
                self._send(Answer(404, "not found\n"))

        def _send(self, answer: Answer) -> None:
            data = answer.body.encode("utf-8")
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    return Handler


def serve(witness: Witness, host: str, port: int, ready: Callable[[str], None]) -> None:
    """Serve ``witness`` on ``host:port`` (port 0: any free one) until interrupted; ``ready``
    gets the URL once it listens."""
    server = ThreadingHTTPServer((host, port), _handler(witness))
    server.daemon_threads = True
    ready(f"http://{host}:{server.server_address[1]}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def open_witness(
    name: str, key: Ed25519PrivateKey, logs: Sequence[Verifier], database: Path
) -> Witness:
    """A :class:`Witness` over its SQLite file ``database`` (made on first use)."""
    database.parent.mkdir(parents=True, exist_ok=True)
    return Witness(name, key, logs, WitnessStore(database))
