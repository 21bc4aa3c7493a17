"""The scenario that matters: an operator with the database edits a row, recomputes every hash
after it and signs a fresh checkpoint with the log's own key. The chain verifies, the
signature is good, and yet the member states' witnesses refuse to cosign it (they hold the
old checkpoint), nothing is published, and ``comity audit`` reports the fork with both signed
checkpoints as evidence. On SQLite and PostgreSQL, with three witness processes, the ledger's
real API and the real CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from comity.cli import app
from comity.errors import WitnessError
from comity.ledger import open_ledger, stored_row_hash
from comity.ledger.checkpoints import (
    leaves,
    log_verifier,
    open_checkpoint,
    sign_tree_head,
    tree_head,
)
from comity.ledger.keys import load_or_create_signing_key
from comity.settings import Settings
from comity.witness.audit import audit
from comity.witness.policy import load_policy, member_state_policy
from comity.witness.publish import PublishedCheckpoint, publish
from conftest import running_server
from ledger.attacker import Attacker
from ledger.conftest import make_events
from witness.witnesses import WitnessProcess, witnesses

ORIGIN = "sco.example/scenario-ledger"
STATES = ("KAZ", "KGZ", "TJK")
runner = CliRunner()


@pytest.fixture
def setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("COMITY_KEY_FILE", str(tmp_path / "log-key.pem"))
    monkeypatch.setenv("COMITY_LOG_ORIGIN", ORIGIN)
    monkeypatch.setenv("COMITY_PUBLISHED_DIR", str(tmp_path / "published"))
    return Settings(cookie_secure=False)


@pytest.fixture
def three(tmp_path: Path, setting: Settings) -> Iterator[list[WitnessProcess]]:
    key = load_or_create_signing_key(setting.signing_key_path())
    log = log_verifier(ORIGIN, key.public_key()).vkey()
    names = [f"{state.lower()}.example/witness" for state in STATES]
    with witnesses(tmp_path / "witnesses", names, [log]) as running:
        yield running


def _policy_text(key: Ed25519PrivateKey, three: list[WitnessProcess]) -> str:
    entries = {s: (w.verifier.vkey(), w.url) for s, w in zip(STATES, three, strict=True)}
    return member_state_policy(log_verifier(ORIGIN, key.public_key()), entries, date(2026, 12, 4))


def _rewrite(url: str, at: int) -> None:
    """Change row ``at`` and recompute every hash after it, as the operator could."""
    with open_ledger(url) as ledger:
        attacker = Attacker(ledger)
        prev = attacker.row(at).prev_hash
        for row in attacker.rows()[at - 1 :]:
            if row.sequence == at:
                row = row._replace(actor="delegation:PAK")
            new_hash = stored_row_hash(prev, row._replace(prev_hash=prev))
            attacker.set(row.sequence, actor=row.actor, prev_hash=prev, hash=new_hash)
            prev = new_hash
        assert ledger.verify().ok  # the chain alone cannot tell


def test_a_rewritten_history_is_refused_by_the_witnesses_and_reported_by_the_audit(
    ledger_url: str, setting: Settings, three: list[WitnessProcess], tmp_path: Path
) -> None:
    key = load_or_create_signing_key(setting.signing_key_path())
    log = log_verifier(ORIGIN, key.public_key())
    policy_text = _policy_text(key, three)
    policy = load_policy(policy_text)
    # comity's rule: a majority of the member states' witnesses, here 2 of 3.
    assert policy.groups["member-states"] == (2, STATES)
    store = PublishedCheckpoint.beside(setting.published_folder(), ORIGIN)
    with open_ledger(ledger_url) as ledger:
        ledger.append(make_events(6), actor="secretariat")
        first = publish(leaves(ledger.stored_rows()), key, ORIGIN, policy, store)
        assert sorted(first.cosigners) == list(STATES)
        assert first.refusals == {}
        ledger.append(make_events(3, tag="later"), actor="secretariat")
        second = publish(leaves(ledger.stored_rows()), key, ORIGIN, policy, store)
        assert second.head.size == 9
        assert len(second.cosigners) == 3
    published = store.read()
    assert published == second.checkpoint
    head, _, good = open_checkpoint(published, log, policy.verifiers())
    assert head.size == 9
    assert len(good) == 3

    (tmp_path / "policy.txt").write_text(policy_text)
    (tmp_path / "comity.vkey").write_text(log.vkey() + "\n")
    state = tmp_path / "audit-state.txt"
    with running_server(ledger_url, setting) as served:
        api = f"{served.base_url}/api/v1"
        assert served.client.get("/api/v1/ledger/checkpoint").text == published
        page = served.client.get("/ledger").text
        assert f'<pre class="checkpoint">{published}</pre>' in page
        honest = audit(api, log, policy)
        assert honest.ok, honest.to_json()
        assert sorted(honest.cosigners) == list(STATES)
        cli = ("audit", "--url", api, "--key", str(tmp_path / "comity.vkey"))
        cli += ("--policy", str(tmp_path / "policy.txt"), "--state", str(state))
        result = runner.invoke(app, list(cli))
        assert result.exit_code == 0, result.stdout + result.stderr
        assert "ok: 9 events, cosigned by KAZ, KGZ, TJK" in result.stdout
        assert state.read_text() == published

        # The operator rewrites row 2 and signs the rewritten ledger with the log's key.
        _rewrite(ledger_url, 2)
        with open_ledger(ledger_url) as ledger:
            forged_leaves = leaves(ledger.stored_rows())
        forged = sign_tree_head(tree_head(forged_leaves, ORIGIN), key)
        assert open_checkpoint(forged, log)[0].size == 9  # a good signature of the log's key
        with pytest.raises(WitnessError) as refused:
            publish(forged_leaves, key, ORIGIN, policy, store)
        assert "not published" in str(refused.value)
        assert store.read() == published  # nothing was published
        # Adding events on top does not help: no proof joins them to what the witnesses hold.
        with open_ledger(ledger_url) as ledger:
            ledger.append(make_events(2, tag="cover"), actor="secretariat")
            with pytest.raises(WitnessError):
                publish(leaves(ledger.stored_rows()), key, ORIGIN, policy, store)
        assert store.read() == published
        assert served.client.get("/api/v1/ledger/checkpoint").text == published

        found = audit(api, log, policy, kept=state.read_text())
        assert not found.ok
        assert {f.where for f in found.forks} == {"kept", *(f"witness {s}" for s in STATES)}
        for fork in found.forks:
            seen, _, _ = open_checkpoint(fork.seen, log)
            served_head, _, _ = open_checkpoint(fork.served, log)  # both signed by the log
            assert (seen.size, seen.root) == (9, head.root)
            assert served_head.size == 11
            assert served_head.root != head.root
            assert "history was rewritten" in fork.reason
        result = runner.invoke(app, [*cli, "--json"])
        assert result.exit_code == 1
        report = json.loads(result.stdout)
        assert report["ok"] is False
        assert len(report["forks"]) == 4
        assert report["forks"][0]["seen"] == published


def test_with_a_policy_configured_appends_are_followed_by_publishing(
    sqlite_url: str, setting: Settings, three: list[WitnessProcess], tmp_path: Path
) -> None:
    from comity.record import Record

    key = load_or_create_signing_key(setting.signing_key_path())
    (tmp_path / "policy.txt").write_text(_policy_text(key, three))
    configured = setting.model_copy(update={"witness_policy": str(tmp_path / "policy.txt")})
    store = PublishedCheckpoint.beside(setting.published_folder(), ORIGIN)
    record = Record.open(sqlite_url, configured)
    try:
        for round_, count in enumerate((4, 1, 3)):
            record.ledger.append(make_events(count, tag=f"r{round_}"), actor="secretariat")
            record.appended()
            published = store.read()
            assert published is not None
            head, _, good = open_checkpoint(
                published, log_verifier(ORIGIN, key.public_key()), tuple(w.verifier for w in three)
            )
            assert head.size == record.ledger.count()
            assert len(good) == 3
        # One witness down: two of three are still a majority, and publishing goes on.
        three[0].process.kill()
        three[0].process.wait()
        record.ledger.append(make_events(2, tag="late"), actor="secretariat")
        record.appended()
        head, _, good = open_checkpoint(
            store.read() or "",
            log_verifier(ORIGIN, key.public_key()),
            tuple(w.verifier for w in three),
        )
        assert head.size == 10
        assert len(good) == 2
        # Two down: no majority, nothing new is published, and the events stay recorded.
        three[1].process.kill()
        three[1].process.wait()
        record.ledger.append(make_events(1, tag="later"), actor="secretariat")
        record.appended()
        assert (
            open_checkpoint(store.read() or "", log_verifier(ORIGIN, key.public_key()))[0].size
            == 10
        )
        assert record.ledger.count() == 11
    finally:
        record.close()
