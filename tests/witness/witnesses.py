"""Real witness processes (``comity witness serve``) on free loopback ports, for tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from comity.ledger.keys import load_or_create_signing_key
from comity.ledger.note import COSIGNATURE, Verifier

_START = "from comity.cli import main; main()"


@dataclass
class WitnessProcess:
    name: str
    url: str
    verifier: Verifier
    process: subprocess.Popen[str]
    key: Path
    database: Path


def start(folder: Path, name: str, logs: list[str]) -> WitnessProcess:
    """Start a witness named ``name`` trusting ``logs`` (vkeys), its key and database in
    ``folder``; returns once it listens."""
    folder.mkdir(parents=True, exist_ok=True)
    key, database = folder / "witness-key.pem", folder / "witness.sqlite"
    args = [sys.executable, "-c", _START, "witness", "serve", "--name", name]
    args += ["--key", str(key), "--db", str(database)]
    for log in logs:
        args += ["--log", log]
    process = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("listening on "):
        process.kill()
        raise RuntimeError(f"the witness did not start: {line!r}")
    public = load_or_create_signing_key(key).public_key()
    return WitnessProcess(
        name, line.split()[-1], Verifier(name, COSIGNATURE, public), process, key, database
    )


def stop(witness: WitnessProcess, sig: int = signal.SIGTERM) -> None:
    if witness.process.poll() is None:
        witness.process.send_signal(sig)
        try:
            witness.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            witness.process.kill()
            witness.process.wait(timeout=20)
    if witness.process.stdout:
        witness.process.stdout.close()


@contextmanager
def witnesses(folder: Path, names: list[str], logs: list[str]) -> Iterator[list[WitnessProcess]]:
    started: list[WitnessProcess] = []
    try:
        for name in names:
            started.append(start(folder / name.replace("/", "_"), name, logs))
        yield started
    finally:
        for witness in started:
            stop(witness)
