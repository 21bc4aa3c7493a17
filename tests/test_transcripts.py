"""The console transcripts of README.md and docs/*.md are run, so that they cannot drift.

Every ```console block is part of a session: each ``$ `` line is a command, the lines up to the
next ``$ `` line are what it prints (standard output, then standard error, as a terminal shows
them). A file's blocks run in order, in one fresh temporary directory, on one fresh SQLite
ledger holding the reference history, with today fixed (``COMITY_TODAY=2026-12-04``), output
200 columns wide, in English, under the log origin ``sco.example/ledger``, with the checkpoint
key made in that directory. Blocks that cannot run here (a server, curl) are ```text, with the
reason next to them.

The commands this runner knows (any other line fails the test):

- ``comity ARGS``: run in-process through Typer's CliRunner; ``NAME=value comity ARGS`` sets
  NAME for that command only.
- ``export NAME=value``: NAME is set for the file's later commands.
- ``printf '%s\\n' "$NAME" | comity ARGS``: NAME's value, as one line, on standard input.
- ``COMMAND > FILE``: the standard output into FILE; ``COMMAND | head -N``: its first N lines.
- ``cat FILE``; ``echo WORDS``. In any word, ``$?`` is the last exit status, ``$NAME`` a
  variable and ``"$(cat FILE)"`` the file's text without its final newline;
  ``cmp A B && echo TEXT`` (TEXT when the two files are identical, else cmp's complaint).
- ``# TEXT``: a comment, nothing runs, unless TEXT is a key of ``HOOKS`` below: an act done
  outside comity (tampering with a file or a row behind its back), done by that Python.

Placeholders in the expected output, and only these:

- a line starting with ``...``: any number of lines, none included (the rest of the line is
  a comment);
- ``<hex>``: a run of hexadecimal digits (hashes, key ids, which change with the recording
  time and with each new key);
- ``<base64>``: a run of base64 (signatures, verifier keys, Merkle roots).

Everything else must match exactly; spaces at the ends of lines are ignored.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shlex
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from comity.cli import app
from comity.ledger import open_ledger, stored_row_hash
from ledger.attacker import Attacker

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TODAY = "2026-12-04"

#: The environment every command sees (besides the paths of the session's directory).
ENV = {
    "COMITY_TODAY": TODAY,
    "COMITY_LOG_ORIGIN": "sco.example/ledger",
    "COLUMNS": "200",
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": None,
    "COMITY_USER": None,
    "COMITY_PASSWORD": None,
    "COMITY_TOKEN": None,
    "COMITY_WITNESS_POLICY": None,
    "FORCE_COLOR": None,
    "NO_COLOR": "1",
    "TTY_COMPATIBLE": None,
}


def _clean() -> dict[str, str | None]:
    """ENV, with the caller's own settings (a ledger, a witness policy) taken away."""
    return {**{name: None for name in os.environ if name.startswith("COMITY_")}, **ENV}


@dataclass
class Block:
    page: str
    line: int
    steps: list[tuple[str, list[str]]] = field(default_factory=list)  # (command, expected)


def blocks(page: Path) -> list[Block]:
    """The page's ```console blocks, each as its commands and the lines each prints."""
    found: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```console":
            i += 1
            continue
        block = Block(page.name, i + 1)
        i += 1
        while lines[i].strip() != "```":
            if lines[i].startswith("$ "):
                block.steps.append((lines[i][2:], []))
            else:
                assert block.steps, f"{page.name}:{i + 1}: output before any command"
                block.steps[-1][1].append(lines[i])
            i += 1
        found.append(block)
        i += 1
    return found


def _pattern(expected: list[str]) -> re.Pattern[str]:
    parts = []
    for line in expected:
        if line.startswith("..."):
            parts.append(r"(?:[^\n]*\n)*?")
            continue
        text = re.escape(line.rstrip())
        text = text.replace(re.escape("<hex>"), "[0-9a-f]+")
        text = text.replace(re.escape("<base64>"), "[A-Za-z0-9+/]+=*")
        parts.append(text + r"\n")
    return re.compile("".join(parts))


def matches(expected: list[str], actual: str) -> bool:
    text = "".join(line.rstrip() + "\n" for line in actual.splitlines())
    return _pattern(expected).fullmatch(text) is not None


# -- acts outside comity, named by the comment that stands for them in the transcript ----------


def _tamper_backup(session: Session) -> None:
    """Line 5 of the backup gets another actor, its hash left as it was."""
    lines = (session.cwd / "backup.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    row = json.loads(lines[4])
    row["actor"] = "delegation:PAK"
    lines[4] = json.dumps(row, ensure_ascii=False) + "\n"
    (session.cwd / "tampered.jsonl").write_text("".join(lines), encoding="utf-8")


def _rewrite_row_5(session: Session) -> None:
    """Row 5 gets another actor and every later hash is recomputed, as the operator could."""
    with open_ledger(session.env["COMITY_DB"] or "") as ledger:
        attacker = Attacker(ledger)
        prev = attacker.row(5).prev_hash
        for row in attacker.rows()[4:]:
            if row.sequence == 5:
                row = row._replace(actor="delegation:PAK")
            new_hash = stored_row_hash(prev, row._replace(prev_hash=prev))
            attacker.set(row.sequence, actor=row.actor, prev_hash=prev, hash=new_hash)
            prev = new_hash


HOOKS: dict[str, Callable[[Session], None]] = {
    "tampered.jsonl is backup.jsonl with row 5's actor changed by hand": _tamper_backup,
    "someone with the database rewrites row 5 and recomputes every later hash": _rewrite_row_5,
}


class Session:
    """One page's commands: one directory, one ledger, one environment."""

    def __init__(self, cwd: Path, ledger: Path) -> None:
        self.cwd = cwd
        self.env: dict[str, str | None] = {
            **_clean(),
            "COMITY_DB": f"sqlite:///{ledger}",
            "COMITY_KEY_FILE": str(cwd / "checkpoint-key.pem"),
            "COMITY_DATA_DIR": str(cwd / "data"),
            "XDG_DATA_HOME": str(cwd / "xdg"),
        }
        self.status = 0
        self.runner = CliRunner()

    def _expand(self, word: str) -> str:
        word = re.sub(
            r"\$\(cat (\S+)\)",
            lambda m: (self.cwd / m.group(1)).read_text(encoding="utf-8").strip(),
            word,
        )
        word = word.replace("$?", str(self.status))
        return re.sub(r"\$(\w+)", lambda m: self.env.get(m.group(1)) or "", word)

    def _comity(self, words: list[str], stdin: str | None) -> tuple[str, str]:
        env = dict(self.env)
        while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
            name, value = words.pop(0).split("=", 1)
            env[name] = value
        assert words[0] == "comity", f"not a command this runner knows: {words}"
        result = self.runner.invoke(app, words[1:], env=env, input=stdin, catch_exceptions=True)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        self.status = result.exit_code
        return result.stdout, result.stderr

    def run(self, line: str) -> str:
        """What ``line`` prints (standard output, then standard error)."""
        if line.startswith("#"):
            hook = HOOKS.get(line.lstrip("# ").strip())
            if hook is not None:
                hook(self)
            return ""
        out, err = "", ""
        for part in line.split(" && "):
            o, e = self._one(part)
            out, err = out + o, err + e
            if self.status != 0:
                break
        return out + err

    def _one(self, part: str) -> tuple[str, str]:
        stdin = None
        if " | comity " in part:
            feed, part = part.split(" | ", 1)
            printf = shlex.split(feed)
            assert printf[:2] == ["printf", "%s\\n"], f"unknown pipe: {feed}"
            stdin = "".join(self._expand(w) + "\n" for w in printf[2:])
        head = None
        if found := re.search(r" \| head -(?:n )?(\d+)$", part):
            head, part = int(found.group(1)), part[: found.start()]
        target = None
        if found := re.search(r" > (\S+)$", part):
            target, part = found.group(1), part[: found.start()]
        words = shlex.split(part)
        if words[0] == "export":
            name, value = words[1].split("=", 1)
            self.env[name] = value
            self.status = 0
            out, err = "", ""
        elif words[0] == "cat":
            out, err = (self.cwd / words[1]).read_text(encoding="utf-8"), ""
            self.status = 0
        elif words[0] == "echo":
            out, err = " ".join(self._expand(w) for w in words[1:]) + "\n", ""
            self.status = 0
        elif words[0] == "cmp":
            same = filecmp.cmp(self.cwd / words[1], self.cwd / words[2], shallow=False)
            self.status = 0 if same else 1
            out, err = "", "" if same else f"{words[1]} {words[2]} differ\n"
        else:
            out, err = self._comity([self._expand(w) for w in words], stdin)
        if head is not None:
            out = "".join(out.splitlines(keepends=True)[:head])
        if target is not None:
            (self.cwd / target).write_text(out, encoding="utf-8")
            out = ""
        return out, err


@pytest.fixture(scope="session")
def reference_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite ledger with the reference history, copied for each page."""
    path = tmp_path_factory.mktemp("reference") / "ledger.sqlite"
    result = CliRunner().invoke(app, ["--db", f"sqlite:///{path}", "init"], env=_clean())
    assert result.exit_code == 0, result.output
    return path


def _pages_with_transcripts() -> Iterator[Path]:
    for page in PAGES:
        if blocks(page):
            yield page


@pytest.mark.parametrize("page", list(_pages_with_transcripts()), ids=lambda p: p.name)
def test_the_transcripts_are_what_the_commands_print(
    page: Path, reference_ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = tmp_path / "ledger.sqlite"
    shutil.copy(reference_ledger, ledger)
    monkeypatch.chdir(tmp_path)
    session = Session(tmp_path, ledger)
    for block in blocks(page):
        for command, expected in block.steps:
            actual = session.run(command)
            assert matches(expected, actual), (
                f"{block.page} (block at line {block.line}): $ {command}\n"
                f"--- expected\n" + "\n".join(expected) + "\n--- got\n" + actual
            )


def test_the_placeholders_match_only_what_they_say() -> None:
    assert matches(["ok: <hex>"], "ok: 0a1b\n")
    assert not matches(["ok: <hex>"], "ok: 0a1z\n")
    assert matches(["a", "...", "z"], "a\nb\nc\nz\n")
    assert matches(["a", "...", "z"], "a\nz\n")
    assert not matches(["a", "z"], "a\nb\nz\n")
    assert matches(["k <base64>"], "k AbC+/9==\n")
    assert not matches(["k <base64>"], "k Ab C\n")


def test_the_runner_knows_every_line_in_every_block() -> None:
    known = re.compile(r"^(#|export |cat |echo |cmp |printf |([A-Z_]+=\S+ )*comity )")
    for page in PAGES:
        for block in blocks(page):
            for command, _ in block.steps:
                assert known.match(command), f"{page.name}:{block.line}: {command}"


@pytest.mark.parametrize(("today", "exit_code"), [("2026-12-04", 2), ("2027-01-01", 0)])
def test_comity_today_is_the_day_after_which_an_act_must_be_scheduled(
    today: str, exit_code: int, reference_ledger: Path, tmp_path: Path
) -> None:
    # Procedures refuse an act dated after today unless --scheduled (future_date); the
    # transcripts rely on COMITY_TODAY moving that day, and nothing else.
    ledger = tmp_path / "ledger.sqlite"
    shutil.copy(reference_ledger, ledger)
    args = ["meeting", "convene", "cnc-2027", "--body", "CNC", "--place", "Beijing"]
    args += ["--on", "2027-01-01", "--actor", "secretariat"]
    env = {**_clean(), "COMITY_DB": f"sqlite:///{ledger}", "COMITY_TODAY": today}
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == exit_code, result.output
    if exit_code:
        assert "error (future_date)" in result.output
    bad = CliRunner().invoke(app, args, env={**env, "COMITY_TODAY": "2027-13-01"})
    assert bad.exit_code == 2
    assert "COMITY_TODAY" in bad.output
