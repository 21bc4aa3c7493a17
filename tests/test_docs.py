"""The README is what users follow: its commands must be the ones CI runs and the CLI has."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from comity.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    section = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, flags=re.S)


def test_readme_has_exactly_two_setup_commands_run_then_test() -> None:
    run, test = _setup_commands()
    assert run.endswith("comity serve")
    assert test == "bash scripts/test"
    script = (ROOT / "scripts" / "test").read_text(encoding="utf-8")
    assert script.rstrip().endswith('exec .venv/bin/python -m pytest "$@"')
    assert "-r requirements.lock" in script


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    test = _setup_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def test_every_command_is_in_the_readme_and_has_an_example() -> None:
    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    assert names
    for command in app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        assert f"comity {name.rstrip('_')}" in README, name
        doc = command.callback.__doc__ or ""  # type: ignore[union-attr]
        assert "Example: comity " in doc, name
    for group in app.registered_groups:
        assert isinstance(group.typer_instance, typer.Typer)
