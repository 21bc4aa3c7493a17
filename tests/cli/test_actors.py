"""A delegation's act from the CLI needs that delegation's credentials (issue #22, part 3).

The CLI is the operator's tool; ``--actor delegation:ISO3`` is no longer a claim anyone with
the database can make: the account named by ``--user`` (password from ``COMITY_PASSWORD``)
or the token in ``COMITY_TOKEN`` must be of that delegation. Each refusal writes nothing.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from comity.cli import app
from comity.identity import IdentityStore, Role
from comity.ledger import open_ledger

runner = CliRunner()
PASSWORD = "uzbek delegation password"
# Uzbekistan, a member, gives notice of withdrawal: the delegation of the state concerned
# acts (Charter Art. 13); the date is a hypothetical one in the past of any test run.
NOTICE = ["withdrawal", "notify", "UZB", "--on", "2026-03-01", "--actor", "delegation:UZB"]


@pytest.fixture
def url(ledger_url: str) -> str:
    assert runner.invoke(app, ["--db", ledger_url, "init"]).exit_code == 0
    with open_ledger(ledger_url) as ledger:
        store = IdentityStore(ledger.engine)
        store.migrate()
        store.add_account("uzb-delegate", Role.parse("delegation:UZB"), PASSWORD)
        store.add_account("kaz-delegate", Role.parse("delegation:KAZ"), PASSWORD)
        store.add_account("observer-1", Role.parse("observer"), PASSWORD)
        store.add_account("sec-officer", Role.parse("secretariat"), PASSWORD)
    return ledger_url


def head(url: str) -> tuple[int, str]:
    with open_ledger(url) as ledger:
        return ledger.head()


def refused(url: str, args: list[str], code: str, env: dict[str, str] | None = None) -> str:
    before = head(url)
    result = runner.invoke(app, ["--db", url, *args], env=env or {})
    assert result.exit_code == 2, result.output
    assert f"({code})" in result.stderr, result.stderr
    assert head(url) == before
    return result.stderr


def test_a_delegation_act_without_credentials_is_refused(url: str) -> None:
    stderr = refused(url, NOTICE, "authentication_failed")
    assert "--user" in stderr


def test_wrong_password_and_unknown_token_are_refused(url: str) -> None:
    refused(
        url,
        ["--user", "uzb-delegate", *NOTICE],
        "authentication_failed",
        env={"COMITY_PASSWORD": "not the password"},
    )
    refused(url, NOTICE, "authentication_failed", env={"COMITY_TOKEN": "no-such-token"})


def test_another_delegations_or_an_observers_account_may_not_act(url: str) -> None:
    env = {"COMITY_PASSWORD": PASSWORD}
    stderr = refused(url, ["--user", "kaz-delegate", *NOTICE], "forbidden", env=env)
    assert "may not act as delegation:UZB" in stderr
    refused(url, ["--user", "observer-1", *NOTICE], "forbidden", env=env)
    refused(url, ["--user", "sec-officer", *NOTICE], "forbidden", env=env)


def test_a_disabled_account_may_not_act(url: str) -> None:
    with open_ledger(url) as ledger:
        IdentityStore(ledger.engine).disable("uzb-delegate")
    env = {"COMITY_PASSWORD": PASSWORD}
    refused(url, ["--user", "uzb-delegate", *NOTICE], "account_disabled", env=env)


def test_the_delegations_password_or_token_lets_it_act(url: str) -> None:
    by_password = runner.invoke(
        app,
        ["--db", url, "--user", "uzb-delegate", *NOTICE, "--json"],
        env={"COMITY_PASSWORD": PASSWORD},
    )
    assert by_password.exit_code == 0, by_password.output
    assert json.loads(by_password.stdout)["actor"] == "delegation:UZB"

    with open_ledger(url) as ledger:
        token = IdentityStore(ledger.engine).issue_token("kaz-delegate", "script")
    kaz = ["withdrawal", "notify", "KAZ", "--on", "2026-03-02", "--actor", "delegation:KAZ"]
    by_token = runner.invoke(app, ["--db", url, *kaz, "--json"], env={"COMITY_TOKEN": token})
    assert by_token.exit_code == 0, by_token.output
    assert json.loads(by_token.stdout)["events"][0]["type"] == "WithdrawalNotified"


def test_the_password_is_read_from_standard_input_in_a_script(url: str) -> None:
    result = runner.invoke(
        app, ["--db", url, "--user", "uzb-delegate", *NOTICE], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output


def test_the_secretariat_acts_as_the_operator_and_its_credentials_are_checked(url: str) -> None:
    convene = [
        "meeting", "convene", "cmfa-2026", "--body", "CMFA", "--place", "Bishkek",
        "--on", "2026-05-20", "--actor", "secretariat",
    ]  # fmt: skip
    operator = runner.invoke(app, ["--db", url, *convene])
    assert operator.exit_code == 0, operator.output
    as_chair = ["meeting", "table", "cmfa-2026", "--item", "water", "--title", "Water"]
    as_chair += ["--on", "2026-05-20", "--actor", "chair:CMFA"]
    env = {"COMITY_PASSWORD": PASSWORD}
    refused(url, ["--user", "uzb-delegate", *as_chair], "forbidden", env=env)
    officer = runner.invoke(app, ["--db", url, "--user", "sec-officer", *as_chair], env=env)
    assert officer.exit_code == 0, officer.output
