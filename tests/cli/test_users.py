"""``comity users`` on a real database: passwords from standard input, tokens shown once."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from comity.cli import app
from comity.identity import IdentityStore
from comity.ledger import open_ledger

runner = CliRunner()


def test_add_list_and_token(ledger_url: str) -> None:
    added = runner.invoke(
        app,
        ["--db", ledger_url, "users", "add", "ind-delegate", "--role", "delegation:ind", "--json"],
        input="a long enough password\n",
    )
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout) == {"name": "ind-delegate", "role": "delegation:IND"}
    listed = runner.invoke(app, ["--db", ledger_url, "users", "list", "--json"])
    assert json.loads(listed.stdout) == [{"name": "ind-delegate", "role": "delegation:IND"}]
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
