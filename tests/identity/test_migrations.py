"""The identity tables upgrade in place: accounts made before an account could be disabled
are kept, active, with their passwords."""

from __future__ import annotations

import time

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from argon2 import PasswordHasher

from comity.identity import IdentityStore
from comity.identity.store import HEAD_REVISION
from comity.ledger import open_ledger


def test_an_identity_0001_database_upgrades_and_keeps_its_accounts(ledger_url: str) -> None:
    with open_ledger(ledger_url) as ledger:
        config = Config()
        config.set_main_option("script_location", "comity.identity:migrations")
        with ledger.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "identity_0001")
            connection.execute(
                sa.text(
                    "INSERT INTO accounts (name, role, password_hash, created_at)"
                    " VALUES (:n, :r, :h, :t)"
                ),
                {
                    "n": "old-officer",
                    "r": "secretariat",
                    "h": PasswordHasher().hash("an old long password"),
                    "t": time.time(),
                },
            )
        store = IdentityStore(ledger.engine)
        store.migrate()
        with ledger.engine.connect() as connection:
            version = connection.execute(sa.text("SELECT version_num FROM identity_version"))
            assert version.scalar() == HEAD_REVISION == "identity_0002"
        [account] = store.accounts()
        assert (account.name, account.disabled) == ("old-officer", False)
        assert store.authenticate("old-officer", "an old long password").name == "old-officer"
