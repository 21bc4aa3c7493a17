"""``comity reform``, ``documents``, ``serve``, ``users list`` and ``i18n missing`` print
their headings, columns and messages in the CLI's language; JSON stays English."""

# ruff: noqa: RUF001 (Chinese punctuation is the translation itself)

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from comity.cli import app
from comity.i18n import check

runner = CliRunner()


def flat(text: str) -> str:
    """Text with every run of whitespace as one space (Rich wraps; CLDR puts U+202F in dates)."""
    return " ".join(text.split())


def test_reform_show_in_russian() -> None:
    result = runner.invoke(app, ["--lang", "ru", "reform", "show", "cnc-majority"])
    assert result.exit_code == 0, result.output
    assert "(cnc-majority), с 1 января 2027 г." in flat(result.stdout)
    for column in ("параметр", "действующая редакция", "после реформы"):
        assert column in result.stdout
    assert "as reformed" not in result.stdout


def test_reform_list_in_chinese_and_json_in_english() -> None:
    result = runner.invoke(app, ["--lang", "zh_Hans", "reform", "list"])
    assert result.exit_code == 0, result.output
    assert "生效日期" in result.stdout
    assert "标题" in result.stdout
    data = json.loads(runner.invoke(app, ["--lang", "zh_Hans", "reform", "list", "--json"]).stdout)
    assert {"id", "effective", "title"} <= set(data[0])


def test_reform_compare_in_chinese(ledger_url: str) -> None:
    args = ["--db", ledger_url, "--lang", "zh_Hans", "reform", "compare", "cnc-majority"]
    result = runner.invoke(app, [*args, "--as-of", "2027-01-01"])
    assert result.exit_code == 0, result.output
    for column in ("参数", "现行规定", "改革后", "现行规则", "改革前通过概率"):
        assert column in result.stdout


def test_documents_by_party_and_matrix_in_russian(ledger_url: str) -> None:
    base = ["--db", ledger_url, "--lang", "ru", "documents", "--as-of", "2003-09-19"]
    parties = runner.invoke(app, [*base, "--parties"])
    assert parties.exit_code == 0, parties.output
    assert "Документы ШОС по участникам на 19 сентября 2003 г." in flat(parties.stdout)
    assert "стадия" in parties.stdout
    matrix = runner.invoke(app, [*base, "--matrix"])
    assert matrix.exit_code == 0, matrix.output
    assert "Участие в документах на 19 сентября 2003 г." in flat(matrix.stdout)
    assert "документ" in matrix.stdout


def test_users_list_in_russian(ledger_url: str) -> None:
    added = runner.invoke(
        app,
        ["--db", ledger_url, "users", "add", "sec-one", "--role", "secretariat"],
        input="correct horse battery staple\n",
    )
    assert added.exit_code == 0, added.output
    result = runner.invoke(app, ["--db", ledger_url, "--lang", "ru", "users", "list"])
    assert result.exit_code == 0, result.output
    assert "роль" in result.stdout
    assert "sec-one" in result.stdout


def test_serve_announces_itself_in_the_cli_language(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from comity.cli import serve

    monkeypatch.setattr(serve, "prepare", lambda url: None)
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)
    result = runner.invoke(app, ["--lang", "zh_Hans", "serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "comity 正在 http://127.0.0.1:8123 提供服务（API 文档见 /docs）" in result.stderr


def test_i18n_missing_summary_in_russian() -> None:
    result = runner.invoke(app, ["--lang", "ru", "i18n", "missing"])
    assert result.exit_code == 0, result.output
    left = len(check.english_details())
    assert (
        f"недостающих переводов: 0; сообщений об ошибках только на английском: {left}"
        in result.stdout
    )
