"""No pin of ``requirements.lock`` that can be audited has a known vulnerability.

How pins are audited, and why some cannot be, is in ``tests/lock_audit.py``. The live audit
asks the registry about advisories, and an advisory published after a commit is the outside
world moving, not this repository changing: so the suite runs it only when asked
(``COMITY_AUDIT=1``, or ``bash scripts/audit``, exit status 1 on a known vulnerability), and
otherwise skips it saying so (pytest's ``-ra`` prints the reason, in CI too). When it runs, it
fails for a known vulnerability of an audited pin; a pin that a new upstream release made
unauditable is listed in pytest's terminal summary ("requirements.lock audit"), and a registry
that cannot be reached makes it skip with the reason.

The ``classify`` tests below check the sorting itself on documents shaped like PyPI's
(https://docs.pypi.org/api/json/), so the audit's honesty is checked without the network.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from lock_audit import (
    LOCK,
    Audit,
    RegistryUnreachableError,
    Unaudited,
    Vulnerability,
    audit_lock,
    classify,
    read_pins,
)

_SUMMARY = "comity-lock-audit"


class _Summary:
    """A pytest plugin that prints the audit's report after the run (no warning: those fail)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        terminalreporter.write_sep("-", "requirements.lock audit")
        for line in self.lines:
            terminalreporter.write_line(line)


def test_no_locked_dependency_has_a_known_vulnerability(request: pytest.FixtureRequest) -> None:
    if os.environ.get("COMITY_AUDIT") != "1":
        pytest.skip(
            "the live vulnerability audit reads advisories published after this commit, so it"
            " runs only when asked: COMITY_AUDIT=1, or bash scripts/audit"
        )
    try:
        audit = audit_lock()
    except RegistryUnreachableError as e:
        pytest.skip(f"the vulnerability audit could not reach the registry: {e}")
    plugins = request.config.pluginmanager
    if not plugins.has_plugin(_SUMMARY):
        plugins.register(_Summary(audit.lines()), _SUMMARY)
    assert not audit.vulnerable, "\n".join(audit.lines())


def _project(newest: str, *vulnerabilities: dict[str, Any]) -> dict[str, Any]:
    """The fields of PyPI's per-project document that the audit reads."""
    return {"info": {"version": newest}, "vulnerabilities": list(vulnerabilities)}


def _vulnerability(id_: str, fixed_in: list[str], withdrawn: str | None = None) -> dict[str, Any]:
    return {"id": id_, "aliases": [], "fixed_in": fixed_in, "withdrawn": withdrawn}


def _skipped(*names: str) -> dict[str, Any]:
    """pip-audit's report when the per-version endpoint answered for none of ``names``."""
    return {
        "dependencies": [
            {"name": n, "skip_reason": f"Dependency not found on PyPI: {n}"} for n in names
        ]
    }


def test_a_pin_that_is_the_newest_release_is_audited_and_its_vulnerability_fails() -> None:
    pins = {"babel": "2.18.0", "certifi": "2026.10.18"}
    audit = classify(
        pins,
        _skipped("babel", "certifi"),
        {
            "babel": _project("2.18.0", _vulnerability("PYSEC-0000-1", ["2.18.1"])),
            "certifi": _project("2026.10.18"),
        },
    )
    assert audit.vulnerable == {"babel==2.18.0": [Vulnerability("PYSEC-0000-1", ("2.18.1",))]}
    assert audit.unaudited == []
    assert audit.audited == 2


def test_an_older_pin_is_listed_not_passed_and_not_failed() -> None:
    # The newest release's open vulnerability may or may not be the pin's: it is shown only.
    audit = classify(
        {"httpx": "0.28.1"},
        _skipped("httpx"),
        {"httpx": _project("0.29.0", _vulnerability("GHSA-xxxx", []))},
    )
    assert audit.vulnerable == {}
    assert audit.audited == 0
    (listed,) = audit.unaudited
    assert (listed.name, listed.version) == ("httpx", "0.28.1")
    assert "0.29.0" in listed.reason
    assert "httpx==0.28.1" in "\n".join(audit.lines())
    assert "GHSA-xxxx (no fix yet)" in "\n".join(audit.lines())


def test_a_withdrawn_vulnerability_does_not_count() -> None:
    withdrawn = _vulnerability("PYSEC-0000-2", ["1.1"], withdrawn="2025-01-01T00:00:00Z")
    audit = classify(
        {"pyyaml": "6.0.3"}, _skipped("pyyaml"), {"pyyaml": _project("6.0.3", withdrawn)}
    )
    assert audit.vulnerable == {}
    assert audit.audited == 1


def test_versions_compare_as_versions() -> None:
    # PEP 440: 2.0 and 2.0.0 are one release.
    audit = classify({"x": "2.0"}, _skipped("x"), {"x": _project("2.0.0", _vulnerability("V", []))})
    assert audit.vulnerable == {"x==2.0": [Vulnerability("V", ())]}


def test_a_per_version_answer_from_pip_audit_counts_whatever_the_newest_release() -> None:
    report = {
        "dependencies": [
            {
                "name": "Jinja2",
                "version": "3.1.4",
                "vulns": [{"id": "GHSA-q2x7", "fix_versions": ["3.1.5"]}],
            },
            {"name": "rich", "version": "13.7.0", "vulns": []},
        ]
    }
    audit = classify({"jinja2": "3.1.4", "rich": "13.7.0"}, report, {})
    assert audit.vulnerable == {"jinja2==3.1.4": [Vulnerability("GHSA-q2x7", ("3.1.5",))]}
    assert audit.audited == 2


def test_a_project_without_an_answer_is_listed() -> None:
    audit = classify({"uvicorn": "0.54.0"}, _skipped("uvicorn"), {"uvicorn": None})
    assert audit.unaudited == [Unaudited("uvicorn", "0.54.0", "no answer from the registry")]
    assert not audit.vulnerable


def test_every_pin_of_the_lock_is_read() -> None:
    # The lock is uv's output: one "name==version" line per pin, then "# via" comments.
    text = LOCK.read_text(encoding="utf-8")
    pins = read_pins(text)
    lines = [line for line in text.splitlines() if line and not line[0].isspace()]
    assert len(pins) == len([line for line in lines if not line.startswith("#")])
    assert {"pyyaml", "pydantic-core"} <= set(pins)


def test_the_report_names_what_a_person_must_act_on() -> None:
    audit = Audit(
        pins={"a": "1", "b": "2"},
        vulnerable={"a==1": [Vulnerability("CVE-1", ("1.1",))]},
        unaudited=[Unaudited("b", "2", "not the newest release (3) and no per-version answer")],
    )
    assert audit.lines() == [
        "1 of 2 pins in requirements.lock audited",
        "VULNERABLE a==1: CVE-1 (fixed in 1.1)",
        "not audited (1; scripts/upgrade-lock moves pins to the newest releases):",
        "  b==2: not the newest release (3) and no per-version answer",
    ]
