"""The ledger's errors, and the validation of a command's input, read in Russian and Chinese:
the catalogue's sentence with its params, a reason caught on the way (a bad line, a broken
link, pydantic's error) said in the same language; English stays word for word."""

# ruff: noqa: RUF001 (Chinese punctuation is the translation itself)

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import httpx
import pytest

from comity.errors import (
    BackupFileError,
    CheckpointError,
    ComityError,
    InvalidActorError,
    LedgerNotEmptyError,
    MalformedCommandError,
    SigningKeyError,
)
from comity.i18n import check
from comity.i18n.errors import detail
from comity.ledger import MemoryLedger, open_ledger
from comity.ledger.checkpoints import Checkpoint
from comity.ledger.codec import check_actor
from comity.ledger.export import check_jsonl, jsonl_lines
from comity.ledger.keys import load_or_create_signing_key
from comity.procedures import StatePosition, TableItem
from comity.procedures.base import parse_command
from comity.record import Record
from i18n.helpers import assert_translated


def said(error: ComityError, english: str, russian: str, chinese: str) -> None:
    assert error.message == english
    assert_translated(error, russian, chinese)


@pytest.fixture(scope="module")
def lines() -> list[str]:
    ledger = MemoryLedger()
    Record(ledger).load_reference()
    return list(jsonl_lines(ledger.stored_rows()))


def test_an_actor_in_the_wrong_form() -> None:
    with pytest.raises(InvalidActorError) as caught:
        check_actor("Delegation IND")
    said(
        caught.value,
        "actor must be 'role' or 'role:id' in lowercase role letters, at most 200 characters, "
        "e.g. 'secretariat' or 'delegation:IND'; got 'Delegation IND'",
        "участник указывается как 'role' или 'role:id' строчными латинскими буквами, длина не "
        "более 200 знаков, например 'secretariat' или 'delegation:IND'; получено 'Delegation IND'",
        "行为主体须写作 'role' 或 'role:id'，角色用小写字母，最多 200 个字符，"
        "例如 'secretariat' 或 'delegation:IND'；收到的是 'Delegation IND'",
    )


def test_a_checkpoint_field_in_the_wrong_form() -> None:
    data = {
        "size": -1,
        "root": "0" * 64,
        "head_hash": "0" * 64,
        "signed_at": "x",
        "signature": "",
        "key_id": "k",
    }
    with pytest.raises(CheckpointError) as caught:
        Checkpoint.from_json(data)
    said(
        caught.value,
        "the checkpoint's size is not in the form comity checkpoint writes: -1",
        "поле size контрольной точки записано не так, как его записывает comity checkpoint: -1",
        "检查点的 size 不符合 comity checkpoint 写出的格式：-1",
    )


def test_a_backup_line_that_is_not_a_row_says_why_in_the_same_language(lines: list[str]) -> None:
    bad = [lines[0], json.dumps({"sequence": 2}) + "\n", *lines[2:]]
    with pytest.raises(BackupFileError) as caught:
        check_jsonl(bad)
    said(
        caught.value,
        "line 2 of the backup is not a ledger row (not an object with exactly the columns "
        "of a ledger row); lines 1 to 1 verify; nothing was imported",
        "строка 2 резервной копии не является строкой реестра (это не объект ровно со "
        "столбцами строки реестра); строки с 1 по 1 проверены; ничего не импортировано",
        "备份第 2 行不是账本行（不是恰好包含账本行各列的对象）；"
        "第 1 至 1 行验证通过；未导入任何内容",
    )


def test_a_backup_whose_chain_breaks_says_where_in_the_same_language(lines: list[str]) -> None:
    row = json.loads(lines[2])
    row["hash"] = "0" * 64
    bad = [*lines[:2], json.dumps(row) + "\n", *lines[3:]]
    with pytest.raises(BackupFileError) as caught:
        check_jsonl(bad)
    said(
        caught.value,
        "line 3 does not continue the chain: its hash does not recompute from its columns; "
        "lines 1 to 2 verify; nothing was imported",
        "строка 3 не продолжает цепочку: её хеш не совпадает с вычисленным по её столбцам; "
        "строки с 1 по 2 проверены; ничего не импортировано",
        "第 3 行未接续哈希链：其哈希值与按其各列重新计算的结果不符；"
        "第 1 至 2 行验证通过；未导入任何内容",
    )


def test_a_restore_into_a_ledger_that_holds_events(lines: list[str]) -> None:
    ledger = MemoryLedger()
    Record(ledger).load_reference()
    held = ledger.count()
    with pytest.raises(LedgerNotEmptyError) as caught:
        ledger.restore([])
    said(
        caught.value,
        f"a backup is restored into an empty ledger only; this one holds {held} events",
        f"резервная копия восстанавливается только в пустой реестр; событий в этом реестре: {held}",
        f"备份只能恢复到空账本；此账本已有事件 {held} 个",
    )


def test_a_signing_key_others_can_read(tmp_path: Path) -> None:
    path = tmp_path / "checkpoint-key.pem"
    load_or_create_signing_key(path)
    path.chmod(0o644)
    with pytest.raises(SigningKeyError) as caught:
        load_or_create_signing_key(path)
    said(
        caught.value,
        f"the checkpoint signing key {path} can be read or written by others (mode 0644); make "
        f"it private with: chmod 600 {path}",
        f"ключ подписи контрольных точек {path} доступен другим пользователям для чтения или "
        f"записи (режим 0644); закройте доступ командой: chmod 600 {path}",
        f"检查点签名密钥 {path} 可被他人读取或写入（权限 0644）；"
        f"请用以下命令设为私有：chmod 600 {path}",
    )


# A command's input: comity's own sentences, and pydantic's common errors by their type.

COMMANDS = [
    (
        StatePosition,
        {
            "on": "2026-03-01",
            "meeting": "m",
            "item": "a",
            "state": "IND",
            "position": "reservation",
        },
        "state position: state_position: Value error, a reservation states a viewpoint: give "
        "its statement",
        "state position: state_position: оговорка излагает позицию: приведите её текст",
        "state position：state_position：保留意见须陈述观点：请给出其陈述",
    ),
    (
        StatePosition,
        {"on": "2026-03-01", "meeting": "m", "item": "a", "state": "XYZ", "position": "support"},
        "state position: state: Value error, unknown state code 'XYZ': use an ISO 3166-1 "
        "alpha-3 code such as CHN, IND or RUS",
        "state position: state: неизвестный код государства 'XYZ': укажите трёхбуквенный код "
        "ISO 3166-1 alpha-3, например CHN, IND или RUS",
        "state position：state：未知国家代码 'XYZ'："
        "请使用 ISO 3166-1 三字母代码，例如 CHN、IND 或 RUS",
    ),
    (
        TableItem,
        {"on": "2026-03-01", "meeting": "m", "item": "a"},
        "table item: title: Field required",
        "table item: title: значение обязательно",
        "table item：title：必须提供值",
    ),
    (
        TableItem,
        {"on": "2026-13-01", "meeting": "m", "item": "a", "title": "A"},
        "table item: on: Input should be a valid date or datetime, month value is outside "
        "expected range of 1-12",
        "table item: on: ожидается дата в виде ГГГГ-ММ-ДД (month value is outside expected "
        "range of 1-12)",
        "table item：on：应为 YYYY-MM-DD 格式的日期"
        "（month value is outside expected range of 1-12）",
    ),
    (
        TableItem,
        {"on": "1800-01-01", "meeting": "m", "item": "a", "title": "A"},
        "table item: table_item: Value error, on: dates lie between 1900-01-01 and 2200-12-31, "
        "got 1800-01-01",
        "table item: table_item: on: допустимы даты с 1900-01-01 по 2200-12-31, получено "
        "1800-01-01",
        "table item：table_item：on：日期应在 1900-01-01 至 2200-12-31 之间，收到的是 1800-01-01",
    ),
]


@pytest.mark.parametrize(("command", "data", "english", "russian", "chinese"), COMMANDS)
def test_a_malformed_command_reads_in_each_language(
    command: type[StatePosition | TableItem],
    data: dict[str, str],
    english: str,
    russian: str,
    chinese: str,
) -> None:
    with pytest.raises(MalformedCommandError) as caught:
        parse_command(command, data)
    said(caught.value, english, russian, chinese)


def test_a_malformed_body_over_http_reads_in_the_readers_language(
    api: httpx.Client, secretariat: dict[str, str]
) -> None:
    url = "/api/v1/procedures/table_item"
    command = {"on": "2026-06-16", "meeting": "m", "item": "a", "colour": "red"}

    def refuse(lang: str | None) -> str:
        headers = secretariat | ({"Accept-Language": lang} if lang else {})
        response = api.post(url, json=command, headers=headers)
        assert response.status_code == 400, response.text
        problem = response.json()
        assert problem["code"] == "malformed_command"
        # Scripts keep pydantic's English, whatever the reader's language.
        assert problem["errors"][0]["message"] == "Field required"
        detail: str = problem["detail"]
        return detail

    assert refuse(None) == "body.title: Field required"
    assert refuse("ru") == "body.title: значение обязательно"
    assert refuse("zh-CN") == "body.title：必须提供值"


# The list of English details: only what is left, and it may only shrink.

#: Raise sites whose detail is still English, by module and class (line numbers move): none.
ALLOWED: dict[str, int] = {}


def test_the_english_details_do_not_grow_beyond_the_allowlist() -> None:
    found: dict[str, int] = {}
    for line in check.english_details():
        key = re.sub(r":\d+:", ":", line)
        found[key] = found.get(key, 0) + 1
    grown = {k: n for k, n in found.items() if n > ALLOWED.get(k, 0)}
    assert grown == {}


def test_a_plain_english_error_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "comity"
    package.mkdir()
    (package / "mod.py").write_text(
        "from comity.errors import CheckpointError\n"
        "from comity.i18n import N_, Phrase\n"
        "def f(x):\n"
        "    if x:\n"
        "        raise CheckpointError(f'bad {x}')\n"
        "    raise CheckpointError(N_('bad {x}'), params={'x': x})\n"
        "def g(x):\n"
        "    raise ValueError(f'bad {x}')\n"
        "def h(x):\n"
        "    raise ValueError(Phrase(N_('bad {x}'), {'x': x}))\n"
    )
    monkeypatch.setattr(check.catalogues, "source_root", lambda: package)
    assert check.english_details() == [
        "comity/mod.py:5: CheckpointError",
        "comity/mod.py:8: ValueError",
    ]


def test_a_refused_restore_says_why_in_every_language(ledger_url: str) -> None:
    from comity.errors import LedgerNotEmptyError
    from comity.events import StateAdmitted

    with open_ledger(ledger_url) as ledger:
        ledger.append(
            [StateAdmitted(valid_from=date(2001, 6, 15), state="KAZ")], actor="secretariat"
        )
        rows = list(ledger.stored_rows())
        with pytest.raises(LedgerNotEmptyError) as caught:
            ledger.restore(rows)
    assert caught.value.message == (
        "a backup is restored into an empty ledger only; this one holds 1 events"
    )
    assert detail(caught.value, "ru") == (
        "резервная копия восстанавливается только в пустой реестр; событий в этом реестре: 1"
    )
    assert detail(caught.value, "zh_Hans") == "备份只能恢复到空账本中；此账本已有 1 个事件"
