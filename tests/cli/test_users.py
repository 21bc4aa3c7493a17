"""``comity users`` on a real database: passwords from standard input, tokens shown once."""

from __future__ import annotations

import hashlib
import json
import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from comity.cli import app
from comity.errors import AccountDisabledError, AuthenticationError
from comity.identity import IdentityStore
from comity.ledger import open_ledger

runner = CliRunner()
PASSWORD = "a long enough password"
#: The ``comity`` script installed beside this interpreter (the virtual environment's).
COMITY = str(Path(sys.executable).with_name("comity"))


def test_add_list_and_token(ledger_url: str) -> None:
    added = runner.invoke(
        app,
        ["--db", ledger_url, "users", "add", "ind-delegate", "--role", "delegation:ind", "--json"],
        input="a long enough password\n",
    )
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout) == {"name": "ind-delegate", "role": "delegation:IND"}
    listed = runner.invoke(app, ["--db", ledger_url, "users", "list", "--json"])
    assert json.loads(listed.stdout) == [
        {"name": "ind-delegate", "role": "delegation:IND", "disabled": False}
    ]
    token = runner.invoke(
        app, ["--db", ledger_url, "users", "token", "ind-delegate"]
    ).stdout.strip()
    with open_ledger(ledger_url) as ledger:
        store = IdentityStore(ledger.engine)
        assert store.account_for_token(token).name == "ind-delegate"  # type: ignore[union-attr]
        assert store.authenticate("ind-delegate", "a long enough password").name == "ind-delegate"


def test_refusals_exit_2_and_create_nothing(ledger_url: str) -> None:
    for args, stdin, code in [
        (
            ["users", "add", "x", "--role", "secretariat"],
            "a long enough password\n",
            "invalid_input",
        ),
        (
            ["users", "add", "ok-name", "--role", "king"],
            "a long enough password\n",
            "invalid_input",
        ),
        (
            ["users", "add", "ok-name", "--role", "public"],
            "a long enough password\n",
            "invalid_input",
        ),
        (["users", "add", "ok-name", "--role", "observer"], "short\n", "invalid_input"),
        (["users", "token", "nobody"], "", "invalid_input"),
    ]:
        result = runner.invoke(app, ["--db", ledger_url, *args], input=stdin)
        assert result.exit_code == 2, (args, result.output)
        assert f"({code})" in result.stderr
    listed = runner.invoke(app, ["--db", ledger_url, "users", "list", "--json"])
    assert json.loads(listed.stdout) == []
    runner.invoke(
        app,
        ["--db", ledger_url, "users", "add", "dup", "--role", "observer"],
        input="a long enough password\n",
    )
    again = runner.invoke(
        app,
        ["--db", ledger_url, "users", "add", "dup", "--role", "observer"],
        input="a long enough password\n",
    )
    assert again.exit_code == 2
    assert "(account_exists)" in again.stderr


def users(url: str, *args: str, stdin: str = "") -> Result:
    result = runner.invoke(app, ["--db", url, "users", *args], input=stdin)
    assert result.exit_code == 0, result.output
    return result


def test_disable_refuses_password_tokens_and_sessions_and_enable_restores(ledger_url: str) -> None:
    users(ledger_url, "add", "kaz-delegate", "--role", "delegation:KAZ", stdin=PASSWORD + "\n")
    token = users(ledger_url, "token", "kaz-delegate").stdout.strip()
    with open_ledger(ledger_url) as ledger:
        store = IdentityStore(ledger.engine)
        session_id, _ = store.open_session(store.authenticate("kaz-delegate", PASSWORD))
    users(ledger_url, "disable", "kaz-delegate")
    listed = json.loads(users(ledger_url, "list", "--json").stdout)
    assert listed == [{"name": "kaz-delegate", "role": "delegation:KAZ", "disabled": True}]
    with open_ledger(ledger_url) as ledger:
        store = IdentityStore(ledger.engine)
        with pytest.raises(AccountDisabledError):
            store.authenticate("kaz-delegate", PASSWORD)
        with pytest.raises(AuthenticationError):  # a wrong password still says only that
            store.authenticate("kaz-delegate", "not the password at all")
        assert store.account_for_token(token) is None
        assert store.session(session_id) is None
    users(ledger_url, "enable", "kaz-delegate")
    with open_ledger(ledger_url) as ledger:
        store = IdentityStore(ledger.engine)
        assert store.authenticate("kaz-delegate", PASSWORD).name == "kaz-delegate"
        assert store.account_for_token(token) is not None
        # The session ended when the account was disabled; enabling does not revive it.
        assert store.session(session_id) is None


def test_passwd_changes_the_password_and_ends_sessions(ledger_url: str) -> None:
    users(ledger_url, "add", "rus-delegate", "--role", "delegation:RUS", stdin=PASSWORD + "\n")
    with open_ledger(ledger_url) as ledger:
        store = IdentityStore(ledger.engine)
        session_id, _ = store.open_session(store.authenticate("rus-delegate", PASSWORD))
    users(ledger_url, "passwd", "rus-delegate", stdin="another long password\n")
    with open_ledger(ledger_url) as ledger:
        store = IdentityStore(ledger.engine)
        with pytest.raises(AuthenticationError):
            store.authenticate("rus-delegate", PASSWORD)
        assert store.authenticate("rus-delegate", "another long password").name == "rus-delegate"
        assert store.session(session_id) is None
    short = runner.invoke(app, ["--db", ledger_url, "users", "passwd", "rus-delegate"], input="x\n")
    assert short.exit_code == 2
    assert "(invalid_input)" in short.stderr
    nobody = runner.invoke(
        app, ["--db", ledger_url, "users", "passwd", "nobody"], input=PASSWORD + "\n"
    )
    assert nobody.exit_code == 2
    assert "(invalid_input)" in nobody.stderr


def test_tokens_are_listed_by_id_and_revoked_one_at_a_time(ledger_url: str) -> None:
    users(ledger_url, "add", "chn-delegate", "--role", "delegation:CHN", stdin=PASSWORD + "\n")
    laptop = users(ledger_url, "token", "chn-delegate", "--label", "laptop").stdout.strip()
    script = users(ledger_url, "token", "chn-delegate", "--label", "script").stdout.strip()
    listed = json.loads(users(ledger_url, "tokens", "chn-delegate", "--json").stdout)
    assert sorted(t["label"] for t in listed) == ["laptop", "script"]
    # The id is the start of the token's SHA-256 digest: it names the token, and gives no
    # way to use it.
    by_label = {t["label"]: t["id"] for t in listed}
    assert by_label["laptop"] == hashlib.sha256(laptop.encode()).hexdigest()[:12]
    assert laptop not in users(ledger_url, "tokens", "chn-delegate").stdout
    users(ledger_url, "revoke-token", "chn-delegate", by_label["laptop"])
    with open_ledger(ledger_url) as ledger:
        store = IdentityStore(ledger.engine)
        assert store.account_for_token(laptop) is None
        assert store.account_for_token(script) is not None
    left = json.loads(users(ledger_url, "tokens", "chn-delegate", "--json").stdout)
    assert [t["label"] for t in left] == ["script"]
    again = runner.invoke(
        app, ["--db", ledger_url, "users", "revoke-token", "chn-delegate", by_label["laptop"]]
    )
    assert again.exit_code == 2
    assert "(invalid_input)" in again.stderr


def _run_on_a_terminal(args: list[str], typed: list[str]) -> tuple[int, str]:
    """Run the installed ``comity`` on a pseudo-terminal, typing each of ``typed`` after a
    prompt; what the terminal showed, and the exit status."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execv(COMITY, [COMITY, *args])
    shown = b""
    since_answer = b""  # output since the last answer: a prompt counts once
    answers = list(typed)
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(fd, 1024)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
            since_answer += chunk
            # getpass turns echo off, then writes its prompt ("...: "): answer only then, or
            # the answer can come before the next prompt and be flushed with its echo setting.
            if answers and since_answer.endswith(b": "):
                os.write(fd, answers.pop(0).encode() + b"\r")
                since_answer = b""
    finally:
        deadline = time.monotonic() + 30
        done, status = os.waitpid(pid, os.WNOHANG)
        while done == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
            done, status = os.waitpid(pid, os.WNOHANG)
        if done == 0:  # still waiting for input: stop it, and the test fails below
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode("utf-8", "replace")


def test_on_a_terminal_the_password_is_asked_twice_without_echo(ledger_url: str) -> None:
    code, shown = _run_on_a_terminal(
        ["--db", ledger_url, "--lang", "en", "users", "add", "tjk-delegate", "--role",
         "delegation:TJK"],
        [PASSWORD, PASSWORD],
    )  # fmt: skip
    assert code == 0, shown
    assert "New password:" in shown
    assert "The same password again:" in shown
    assert PASSWORD not in shown  # the terminal did not echo it
    assert "account tjk-delegate" in shown
    with open_ledger(ledger_url) as ledger:
        assert IdentityStore(ledger.engine).authenticate("tjk-delegate", PASSWORD)

    code, shown = _run_on_a_terminal(
        ["--db", ledger_url, "--lang", "en", "users", "passwd", "tjk-delegate"],
        ["first new password", "second new password"],
    )
    assert code == 2
    assert "(invalid_input)" in shown
    with open_ledger(ledger_url) as ledger:  # nothing changed
        assert IdentityStore(ledger.engine).authenticate("tjk-delegate", PASSWORD)
