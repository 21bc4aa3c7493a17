"""Witnessing's cost, measured next to the same appends without it in the same process.

- durable single-event appends per second on SQLite (WAL, ``synchronous=FULL``): plain
  ``Ledger.append``, and ``Ledger.append`` followed by witnessing (sign the checkpoint, send it
  with its consistency proof to three ``comity witness serve`` processes on loopback at once,
  check their cosignatures, publish the cosigned checkpoint once the majority cosigned);
- the cosigning round trip: one ``add-checkpoint`` request to one witness (HTTP, the
  witness's checks, its durable compare-and-swap, the cosignature), and one whole publish to
  three witnesses, as medians and 95th percentiles.

Run with ``.venv/bin/python bench/bench_witness.py [--appends 200] [--initial 1000]``. The
witnesses listen on 127.0.0.1 only and are stopped at the end. Markdown tables are printed.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from comity.events import StateAdmitted
from comity.ledger import open_ledger
from comity.ledger.checkpoints import leaves, log_verifier, sign_tree_head, tree_head
from comity.ledger.keys import load_or_create_signing_key
from comity.ledger.merkle import consistency_proof
from comity.witness.policy import load_policy, member_state_policy
from comity.witness.publish import PublishedCheckpoint, Witnessing, add_checkpoint

ORIGIN = "bench.example/ledger"
STATES = ("KAZ", "KGZ", "TJK")


def _event(i: int) -> StateAdmitted:
    return StateAdmitted(valid_from=date(2001, 6, 15) + timedelta(days=i), state="KAZ", note=str(i))


def _start(folder: Path, name: str, log_vkey: str) -> tuple[subprocess.Popen[str], str]:
    args = [sys.executable, "-c", "from comity.cli import main; main()", "witness", "serve"]
    args += ["--name", name, "--key", str(folder / f"{name}.pem")]
    args += ["--db", str(folder / f"{name}.sqlite"), "--log", log_vkey]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("listening on "), line
    return process, line.split()[-1]


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}"


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"{statistics.median(ordered) * 1000:.2f} / {p95 * 1000:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appends", type=int, default=200)
    parser.add_argument("--initial", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        key = load_or_create_signing_key(folder / "log.pem")
        log = log_verifier(ORIGIN, key.public_key())
        started = [_start(folder, f"{s.lower()}.example/w", log.vkey()) for s in STATES]
        try:
            from comity.ledger.keys import load_or_create_signing_key as load
            from comity.ledger.note import COSIGNATURE, Verifier

            entries = {
                s: (
                    Verifier(
                        f"{s.lower()}.example/w",
                        COSIGNATURE,
                        load(folder / f"{s.lower()}.example/w.pem").public_key(),
                    ).vkey(),
                    url,
                )
                for s, (_, url) in zip(STATES, started, strict=True)
            }
            policy = load_policy(member_state_policy(log, entries, date(2026, 12, 4)))
            rows: dict[str, str] = {}
            for mode in ("off", "on"):
                url = f"sqlite:///{folder / f'{mode}.sqlite'}"
                with open_ledger(url) as ledger:
                    ledger.append([_event(i) for i in range(args.initial)], actor="secretariat")
                    witnessing = Witnessing(
                        key, ORIGIN, policy, PublishedCheckpoint(folder / f"{mode}.txt")
                    )
                    if mode == "on":
                        witnessing(ledger)  # the witnesses' first checkpoint of this ledger
                    begin = time.perf_counter()
                    for i in range(args.appends):
                        ledger.append([_event(args.initial + i)], actor="secretariat")
                        if mode == "on":
                            assert witnessing(ledger) is not None, witnessing.last_error
                    rows[mode] = _rate(args.appends, time.perf_counter() - begin)

            # The round trips, on a ledger of its own.
            with open_ledger(f"sqlite:///{folder / 'trip.sqlite'}") as ledger:
                ledger.append([_event(i) for i in range(args.initial)], actor="secretariat")
                all_leaves = leaves(ledger.stored_rows())
            # A witness of its own, so that it starts from nothing for this ledger.
            trip = _start(folder, "trip.example/w", log.vkey())
            started.append(trip)
            single: list[float] = []
            size = 0
            for n in range(args.initial - 100, args.initial):
                note = sign_tree_head(tree_head(all_leaves[:n], ORIGIN), key)
                proof = consistency_proof(all_leaves[:n], size) if size else []
                begin = time.perf_counter()
                status, body = add_checkpoint(trip[1], size, proof, note)
                single.append(time.perf_counter() - begin)
                assert status == 200, (status, body)
                size = n
            whole: list[float] = []
            with open_ledger(f"sqlite:///{folder / 'on.sqlite'}") as ledger:
                witnessing = Witnessing(key, ORIGIN, policy, PublishedCheckpoint(folder / "on.txt"))
                witnessing(ledger)
                for i in range(50):
                    ledger.append([_event(10**6 + i)], actor="secretariat")
                    begin = time.perf_counter()
                    witnessing(ledger)
                    whole.append(time.perf_counter() - begin)
        finally:
            for process, _ in started:
                process.terminate()
                process.wait(timeout=20)
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; ledger of {args.initial:,} events, "
        f"{args.appends} single-event appends each way.\n"
    )
    print("| appends/s (SQLite, durable) | witnessing off | witnessing on (3 witnesses) |")
    print("|---|---:|---:|")
    print(f"| one event per append | {rows['off']} | {rows['on']} |\n")
    print("| round trip | median / p95, ms |")
    print("|---|---:|")
    print(f"| add-checkpoint to one witness: proof checked, stored, cosigned | {_ms(single)} |")
    print(f"| publish: sign, 3 witnesses at once, quorum, write | {_ms(whole)} |")


if __name__ == "__main__":
    main()
