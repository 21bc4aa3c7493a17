"""The README is what users follow: its commands must be the ones CI runs and the CLI has."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

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


def _tree(command: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command under ``command``, groups and theirs included, with its path."""
    yield path, command
    for name, sub in (getattr(command, "commands", None) or {}).items():
        yield from _tree(sub, (*path, name))


# Typer builds the Click commands (its own copy of Click: no click.Group to test against).
ROOT_COMMAND = typer.main.get_command(app)
COMMANDS = [(path, command) for path, command in _tree(ROOT_COMMAND, ("comity",)) if len(path) > 1]
LEAVES = [(p, c) for p, c in COMMANDS if not getattr(c, "commands", None)]


def _documentation() -> str:
    """The README and, wherever the docs grow to, every page of docs/ but the generated CLI
    reference (which names every command by construction, so it proves nothing here)."""
    written = [p for p in sorted(ROOT.glob("docs/**/*.md")) if p.name != "cli.md"]
    pages = [README, *(p.read_text(encoding="utf-8") for p in written)]
    return "\n".join(pages)


def test_the_tree_reaches_the_group_commands() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    # Named in the README's own walk-through; a walk that saw only top-level commands fails.
    assert {"comity membership admit", "comity lab power", "comity users add"} <= names
    assert len(LEAVES) > len(app.registered_commands)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_is_documented_and_has_help(path: tuple[str, ...], command: Any) -> None:
    name = " ".join(path)
    assert name in _documentation(), f"{name} is in neither README.md nor docs/"
    assert (command.help or "").strip(), "no help text"


def _example(help_text: str) -> list[str]:
    """The words of the ``comity`` command in the help's example, without pipes or redirects."""
    found = re.search(r"^\s*Example: (.+)$", help_text, flags=re.M)
    assert found is not None, "no 'Example: ' line in the help"
    words = shlex.split(found.group(1))
    while "|" in words:  # e.g. printf ... | comity users add ...: the last stage is comity's
        words = words[words.index("|") + 1 :]
    for redirect in (">", "<"):
        if redirect in words:
            words = words[: words.index(redirect)]
    return words


def _global_options(words: list[str]) -> bool:
    """Whether ``words`` are options of ``comity`` itself, each with its value if it takes one."""
    takes_value = {
        name: not getattr(p, "is_flag", False) for p in ROOT_COMMAND.params for name in p.opts
    }
    i = 0
    while i < len(words):
        if words[i] not in takes_value:
            return False
        i += 2 if takes_value[words[i]] else 1
    return True


@pytest.mark.parametrize(("path", "command"), LEAVES, ids=[" ".join(p) for p, _ in LEAVES])
def test_every_command_has_an_example_the_command_accepts(
    path: tuple[str, ...], command: Any
) -> None:
    words = _example(command.help or "")
    assert words[0] == "comity", words
    # comity [global options] <the command's own path> [its arguments]
    rest = words[1:]
    sub = list(path[1:])
    at = next((i for i in range(len(rest)) if rest[i : i + len(sub)] == sub), None)
    assert at is not None, f"the example runs another command: {words}"
    assert _global_options(rest[:at]), f"not comity's own options: {rest[:at]}"
    # Click parses the example as the shell would hand it over: unknown options, missing
    # arguments and values of the wrong type raise here, nothing runs.
    root = ROOT_COMMAND.make_context("comity", [*rest[:at], sub[0]])
    command.make_context(" ".join(path), rest[at + len(sub) :], parent=root)


@pytest.mark.parametrize(("path", "command"), LEAVES, ids=[" ".join(p) for p, _ in LEAVES])
def test_the_example_is_in_what_help_prints(path: tuple[str, ...], command: Any) -> None:
    result = CliRunner().invoke(app, [*path[1:], "--help"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    example = re.search(r"^\s*(Example: .+)$", command.help or "", flags=re.M)
    assert example is not None
    assert example.group(1) in result.output


def test_the_cli_reference_is_what_the_generator_writes() -> None:
    # As sqlite-utils keeps its CLI reference with cog: regenerate, then compare the bytes.
    from comity.cli.reference import render

    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/cli.md is stale: run python -m comity.cli.reference"


def test_the_cli_reference_has_every_command_and_its_example() -> None:
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for path, _command in COMMANDS:
        assert f"`{' '.join(path)}`" in reference
    for _path, command in LEAVES:
        example = re.search(r"^\s*Example: (.+)$", command.help or "", flags=re.M)
        assert example is not None
        assert f"\n{example.group(1)}\n" in reference


def _named_paths() -> set[str]:
    """Every repository path the README and docs/ name in backticks (src/, tests/, ...)."""
    found = re.findall(r"`((?:src|tests|docs|scripts|bench)/[^`\s*<>{}]+)`", _documentation())
    return {p.rstrip("/.,:") for p in found}


@pytest.mark.parametrize("path", sorted(_named_paths()))
def test_every_path_the_docs_name_exists(path: str) -> None:
    # A guide that points at a moved or renamed file sends the newcomer nowhere.
    assert (ROOT / path).exists(), f"the docs name {path}, which is not in the repository"


def test_every_relative_link_in_the_docs_leads_to_a_file() -> None:
    pages = [ROOT / "README.md", *sorted(ROOT.glob("docs/**/*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            assert (page.parent / target).exists(), f"{page.name} links to {target}"
