"""The crash-safety test of ``tests/ledger/test_crash.py`` at soak length: hundreds of
SIGKILLs per backend instead of CI's ten.

Run with ``.venv/bin/python bench/crash_soak.py --kills 300 [--seed N] [--sqlite-only]``.
PostgreSQL is the server named by ``COMITY_TEST_PG``, as for the tests. Each seed gives a
different, reproducible series of kill moments; the exit status is pytest's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=300, help="kills per backend")
    parser.add_argument("--seed", type=int, default=1, help="seed of the kill moments")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    args = parser.parse_args()
    environment = {
        **os.environ,
        "COMITY_CRASH_KILLS": str(args.kills),
        "COMITY_CRASH_SEED": str(args.seed),
    }
    command = [sys.executable, "-m", "pytest", "-q", "tests/ledger/test_crash.py"]
    if args.sqlite_only:
        command += ["-k", "sqlite"]
    return subprocess.run(command, cwd=ROOT, env=environment, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
