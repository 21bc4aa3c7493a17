"""Known vulnerabilities in ``requirements.lock``: which pins could be audited, and what was found.

Shared by ``tests/test_audit.py`` (CI) and ``scripts/audit`` (a person, with the network).

A pin is audited in one of two ways:

1. pip-audit asks PyPI's JSON API about the pinned version (``/pypi/NAME/VERSION/json``).
2. Where that per-version answer is missing (some PyPI mirrors serve only the per-project
   document, ``/pypi/NAME/json``), the per-project document is read instead. Its
   ``vulnerabilities`` are those of the project's newest release (PyPI's JSON API reference,
   https://docs.pypi.org/api/json/: the project endpoint "returns metadata about an individual
   project at the latest version"), so it audits a pin only while the pin is that release.

Any other pin cannot be audited here: it is listed, with its newest release, and counted
neither as clean nor as a failure. A new upstream release thus moves a pin from the audited
to the unaudited list; it never turns CI red. Upgrading the lock (``scripts/upgrade-lock``)
is the deliberate act that brings pins back to the newest releases.

Run as a script (``scripts/audit``) it prints the report and exits 1 when an audited pin has a
known vulnerability, 2 when the registry could not be reached, 0 otherwise.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
PYPI = "https://pypi.org/pypi"

Document = Mapping[str, Any]


class RegistryUnreachableError(Exception):
    """The registry could not be asked at all: the audit cannot decide anything."""


@dataclass(frozen=True)
class Vulnerability:
    id: str
    fixed_in: tuple[str, ...]

    def __str__(self) -> str:
        fix = f" (fixed in {', '.join(self.fixed_in)})" if self.fixed_in else " (no fix yet)"
        return self.id + fix


@dataclass(frozen=True)
class Unaudited:
    name: str
    version: str
    reason: str
    #: Open vulnerabilities of the newest release, which the pin may share: shown, not judged.
    newest_open: tuple[Vulnerability, ...] = ()


@dataclass
class Audit:
    pins: dict[str, str]
    vulnerable: dict[str, list[Vulnerability]] = field(default_factory=dict)
    unaudited: list[Unaudited] = field(default_factory=list)

    @property
    def audited(self) -> int:
        return len(self.pins) - len(self.unaudited)

    def lines(self) -> list[str]:
        """The report a person reads: the count, each vulnerable pin, each unaudited pin."""
        out = [f"{self.audited} of {len(self.pins)} pins in requirements.lock audited"]
        for pin, found in sorted(self.vulnerable.items()):
            out.append(f"VULNERABLE {pin}: {'; '.join(map(str, found))}")
        if self.unaudited:
            out.append(
                f"not audited ({len(self.unaudited)}; "
                "scripts/upgrade-lock moves pins to the newest releases):"
            )
        for u in sorted(self.unaudited, key=lambda u: u.name):
            note = f"; the newest release has {', '.join(map(str, u.newest_open))}"
            out.append(f"  {u.name}=={u.version}: {u.reason}{note if u.newest_open else ''}")
        return out


def canonical(name: str) -> str:
    """PEP 503's normalised project name: ``PyYAML`` and ``pyyaml`` are one project."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(text: str) -> dict[str, str]:
    """``name==version`` lines of a compiled requirements file, by canonical name."""
    return {
        canonical(name): version
        for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)", text, re.M)
    }


def _same_version(a: str, b: str) -> bool:
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b


def _open(entries: Iterable[Mapping[str, Any]] | None) -> list[Vulnerability]:
    """The vulnerabilities of a PyPI document that are not withdrawn."""
    return [
        Vulnerability(str(v["id"]), tuple(v.get("fixed_in") or ()))
        for v in entries or []
        if not v.get("withdrawn")
    ]


def classify(
    pins: Mapping[str, str],
    pip_audit: Mapping[str, Any],
    projects: Mapping[str, Document | None],
) -> Audit:
    """Sort each pin into vulnerable, clean or unaudited.

    ``pip_audit`` is pip-audit's JSON report over the lock; ``projects`` holds the per-project
    document (``None`` when it could not be had) of each pin pip-audit could not look up.
    """
    audit = Audit(pins=dict(pins))
    looked_up = set()
    for dependency in pip_audit.get("dependencies", []):
        if "skip_reason" in dependency:
            continue
        name = canonical(dependency["name"])
        looked_up.add(name)
        found = [
            Vulnerability(str(v["id"]), tuple(v.get("fix_versions") or ()))
            for v in dependency.get("vulns") or []
        ]
        if found:
            audit.vulnerable[f"{name}=={pins[name]}"] = found
    for name, version in pins.items():
        if name in looked_up:
            continue
        project = projects.get(name)
        if project is None:
            audit.unaudited.append(Unaudited(name, version, "no answer from the registry"))
            continue
        newest = str(project["info"]["version"])
        vulnerabilities = _open(project.get("vulnerabilities"))
        if _same_version(newest, version):
            if vulnerabilities:
                audit.vulnerable[f"{name}=={version}"] = vulnerabilities
            continue
        audit.unaudited.append(
            Unaudited(
                name,
                version,
                f"not the newest release ({newest}) and no per-version answer",
                tuple(vulnerabilities),
            )
        )
    return audit


def run_pip_audit(lock: Path = LOCK) -> dict[str, Any]:
    """pip-audit's JSON report over the lock, each pin as written (no resolution)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--requirement",
            str(lock),
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
        report: dict[str, Any] = json.loads(result.stdout)
    except ValueError:
        last = result.stderr.strip().splitlines()[-1:] or ["no output"]
        raise RegistryUnreachableError(f"pip-audit gave no report: {last[0]}") from None
    return report


def project_document(name: str) -> Document | None:
    """PyPI's per-project JSON document, or ``None`` if it cannot be had."""
    try:
        with urllib.request.urlopen(f"{PYPI}/{name}/json", timeout=30) as response:
            data: dict[str, Any] = json.load(response)
            return data
    except (urllib.error.URLError, TimeoutError, ValueError):
        return None


def audit_lock(
    lock: Path = LOCK, fetch: Callable[[str], Document | None] = project_document
) -> Audit:
    """The whole audit, over the network; :class:`RegistryUnreachableError` if nothing answered."""
    pins = read_pins(lock.read_text(encoding="utf-8"))
    report = run_pip_audit(lock)
    reported = {canonical(d["name"]) for d in report.get("dependencies", [])}
    if reported != set(pins):
        # pip-audit read the lock differently from read_pins: the audit would miss pins.
        raise AssertionError(f"pip-audit and read_pins disagree on {reported ^ set(pins)}")
    skipped = [canonical(d["name"]) for d in report["dependencies"] if "skip_reason" in d]
    with ThreadPoolExecutor(8) as pool:
        projects = dict(zip(skipped, pool.map(fetch, skipped), strict=True))
    if skipped and all(p is None for p in projects.values()):
        raise RegistryUnreachableError(f"neither pip-audit nor {PYPI}/NAME/json answered")
    return classify(pins, report, projects)


def main() -> int:
    try:
        audit = audit_lock()
    except RegistryUnreachableError as e:
        print(f"the vulnerability audit could not reach the registry: {e}", file=sys.stderr)
        return 2
    print("\n".join(audit.lines()))
    return 1 if audit.vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
