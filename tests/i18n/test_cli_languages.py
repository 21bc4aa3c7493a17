"""The CLI speaks the language of ``--lang``, or of the POSIX locale (``LANG``)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from comity import i18n
from comity.cli import app
from comity.cli.common import language_from_env

runner = CliRunner()


def test_lang_option_translates_headings_names_and_dates(ledger_url: str) -> None:
    result = runner.invoke(
        app, ["--db", ledger_url, "--lang", "ru", "members", "--as-of", "2024-07-04"]
    )
    assert result.exit_code == 0, result.output
    assert "Беларусь" in result.stdout
    assert "государство-член" in result.stdout
    assert "4 июля" in result.stdout
    assert "10 государств" in result.stdout  # plural forms: 1 государство, 2 государства
    assert i18n.active() == "en"  # the command's language does not leak to its caller


def test_lang_environment_variable_is_followed(ledger_url: str) -> None:
    result = runner.invoke(
        app, ["--db", ledger_url, "bodies", "--as-of", "2024-07-04"], env={"LANG": "zh_CN.UTF-8"}
    )
    assert result.exit_code == 0, result.output
    assert "成员国元首理事会" in result.stdout


def test_errors_keep_their_code_in_every_language(ledger_url: str) -> None:
    result = runner.invoke(app, ["--db", ledger_url, "--lang", "zh_Hans", "state", "XYZ"])
    assert result.exit_code == 2
    assert "错误 (unknown_state)" in result.stderr
    assert "未知国家代码 'XYZ'" in result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [({"LANG": "ru_RU.UTF-8"}, "ru"), ({"LC_ALL": "C", "LANG": "ru_RU"}, "ru"), ({}, "en")],
)
def test_posix_locale_variables_choose_the_language(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert language_from_env() == expected
    assert language_from_env("zh_Hans") == "zh_Hans"
