"""No pinned dependency has a known vulnerability: ``pip-audit`` over ``requirements.lock``.

pip-audit asks PyPI's JSON API about each pinned version. Where that per-version answer is
missing (some PyPI mirrors serve only the per-project document), the test falls back to the
per-project document, whose ``vulnerabilities`` are those of the newest release: that
audits every pin that is the newest release. Pins that cannot be the newest one must be
named in ``OLDER_PINS`` with the reason, so that a pin nobody audited fails the test rather
than passing quietly.

The audit needs the network. If PyPI cannot be reached the test fails in CI (``CI=true``)
with the reason, and is skipped elsewhere.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
PYPI = "https://pypi.org/pypi"

OLDER_PINS = {
    "numpy": "numpy 2.5 requires Python >= 3.12; the lock targets 3.11",
    "contourpy": "contourpy 1.4 requires Python >= 3.12; the lock targets 3.11",
}


def _unreachable(reason: str) -> None:
    message = f"the vulnerability audit could not reach PyPI: {reason}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _project(name: str) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(f"{PYPI}/{name}/json", timeout=30) as response:
            data: dict[str, Any] = json.load(response)
            return data
    except (urllib.error.URLError, TimeoutError, ValueError):
        return None


def test_no_locked_dependency_has_a_known_vulnerability() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--requirement",
            str(LOCK),
            "--no-deps",
            "--disable-pip",
            "--vulnerability-service",
            "pypi",
            "--progress-spinner",
            "off",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except ValueError:
        _unreachable(result.stderr.strip().splitlines()[-1] if result.stderr else "no output")
        return
    vulnerable = {
        f"{d['name']}=={d['version']}": [(v["id"], v.get("fix_versions")) for v in d["vulns"]]
        for d in report["dependencies"]
        if d.get("vulns")
    }
    pins = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", LOCK.read_text(), re.M))
    pins = {name.lower(): version for name, version in pins.items()}
    unaudited = {
        d["name"]: pins[d["name"].lower()] for d in report["dependencies"] if "skip_reason" in d
    }

    # The fallback: the per-project document, for the pins pip-audit could not look up.
    with ThreadPoolExecutor(8) as pool:
        projects = dict(zip(unaudited, pool.map(_project, unaudited), strict=True))
    if unaudited and all(p is None for p in projects.values()):
        _unreachable(f"neither pip-audit nor {PYPI}/NAME/json answered")
    not_audited = []
    for name, version in unaudited.items():
        project = projects[name]
        if project is None or project["info"]["version"] != version:
            not_audited.append(name)
            continue
        for vulnerability in project.get("vulnerabilities") or []:
            vulnerable.setdefault(f"{name}=={version}", []).append(
                (vulnerability["id"], vulnerability.get("fixed_in"))
            )
    assert not vulnerable, f"known vulnerabilities in requirements.lock: {vulnerable}"
    unexplained = sorted(set(not_audited) - set(OLDER_PINS))
    assert not unexplained, (
        f"{unexplained} could not be audited (not the newest release and no per-version "
        "answer from PyPI): upgrade the pin, or name it in OLDER_PINS with the reason"
    )
    assert len(pins) == len(report["dependencies"])
