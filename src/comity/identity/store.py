"""Accounts and their credentials in the database.

Passwords are kept as argon2id hashes (``argon2-cffi``); API tokens and session ids only as
SHA-256 digests, so a copy of the database gives no one a way in. A new session id is
issued at every login (no session fixation), and after ``MAX_FAILURES`` failed logins in
``FAILURE_WINDOW`` seconds an account refuses further attempts until the window passes.

An account is never deleted (the record may name it); it is *disabled*: it can then neither
log in nor use its tokens or open sessions. A token is known after it is issued only by its
``id``, the first characters of its digest, by which it is listed and revoked.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine

from comity.errors import (
    AccountDisabledError,
    AccountExistsError,
    AuthenticationError,
    InputError,
    TooManyAttemptsError,
)
from comity.i18n import N_
from comity.identity.roles import Role
from comity.identity.schema import accounts, api_tokens, login_failures, web_sessions

HEAD_REVISION = "identity_0002"
SESSION_SECONDS = 12 * 3600
MAX_FAILURES = 5
FAILURE_WINDOW = 15 * 60
MIN_PASSWORD = 10
TOKEN_ID_LENGTH = 12

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    """A hash to check unknown accounts against, so they take as long as known ones."""
    return _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Account:
    name: str
    role: Role
    disabled: bool = False


@dataclass(frozen=True)
class TokenInfo:
    """What is kept of a token: its id (a prefix of its digest), label and issue time."""

    id: str
    label: str
    created_at: float


@dataclass(frozen=True)
class Session:
    account: Account
    csrf_token: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(N_("a password has at least {n} characters"), params={"n": MIN_PASSWORD})


class IdentityStore:
    """Accounts, tokens and sessions in the ledger's database (their own tables)."""

    def __init__(self, engine: Engine, *, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.clock = clock

    def migrate(self) -> None:
        """Create or upgrade the identity tables (Alembic, version table
        ``identity_version``); imports Alembic only when an upgrade is due."""
        with self.engine.connect() as connection:
            if sa.inspect(connection).has_table("identity_version"):
                current = connection.execute(
                    sa.text("SELECT version_num FROM identity_version")
                ).scalar()
                if current == HEAD_REVISION:
                    return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", "comity.identity:migrations")
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def add_account(self, name: str, role: Role, password: str) -> Account:
        """Create an account; the name is lower-case letters, digits, ``.``, ``_``, ``-``."""
        if not _NAME.match(name):
            raise InputError(
                N_(
                    "account names are 2 to 64 lower-case letters, digits, '.', '_' or '-', "
                    "starting with a letter or digit; got {name!r}"
                ),
                value=name,
                params={"name": name},
            )
        _check_password(password)
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    accounts.insert().values(
                        name=name,
                        role=str(role),
                        password_hash=_hasher.hash(password),
                        created_at=self.clock(),
                    )
                )
        except sa.exc.IntegrityError as e:
            raise AccountExistsError(
                N_("an account {name!r} exists already"), value=name, params={"name": name}
            ) from e
        return Account(name, role)

    def accounts(self) -> list[Account]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(accounts.c.name, accounts.c.role, accounts.c.disabled_at).order_by(
                    accounts.c.name
                )
            )
            return [
                Account(name, Role.parse(role), disabled is not None)
                for name, role, disabled in rows
            ]

    def _account(self, connection: sa.Connection, name: str) -> tuple[Account, str] | None:
        row = connection.execute(
            sa.select(accounts.c.role, accounts.c.password_hash, accounts.c.disabled_at).where(
                accounts.c.name == name
            )
        ).first()
        return (Account(name, Role.parse(row[0]), row[2] is not None), row[1]) if row else None

    def _existing(self, connection: sa.Connection, name: str) -> Account:
        found = self._account(connection, name)
        if found is None:
            raise InputError(N_("no account {name!r}"), value=name, params={"name": name})
        return found[0]

    def account(self, name: str) -> Account:
        """The account ``name`` (refused if there is none)."""
        with self.engine.connect() as connection:
            return self._existing(connection, name)

    def _set_disabled(self, name: str, disabled_at: float | None) -> Account:
        with self.engine.begin() as connection:
            account = self._existing(connection, name)
            connection.execute(
                accounts.update().where(accounts.c.name == name).values(disabled_at=disabled_at)
            )
            if disabled_at is not None:
                connection.execute(web_sessions.delete().where(web_sessions.c.account == name))
        return Account(account.name, account.role, disabled_at is not None)

    def disable(self, name: str) -> Account:
        """Disable an account: its sessions end, its tokens and password stop working."""
        return self._set_disabled(name, self.clock())

    def enable(self, name: str) -> Account:
        """Enable a disabled account again (its tokens work again unless revoked)."""
        return self._set_disabled(name, None)

    def set_password(self, name: str, password: str) -> None:
        """Change an account's password; its open sessions end (its tokens do not)."""
        _check_password(password)
        with self.engine.begin() as connection:
            self._existing(connection, name)
            connection.execute(
                accounts.update()
                .where(accounts.c.name == name)
                .values(password_hash=_hasher.hash(password))
            )
            connection.execute(web_sessions.delete().where(web_sessions.c.account == name))

    def tokens(self, name: str) -> list[TokenInfo]:
        """The tokens issued to an account, oldest first (never the tokens themselves)."""
        with self.engine.connect() as connection:
            self._existing(connection, name)
            rows = connection.execute(
                sa.select(api_tokens.c.token_hash, api_tokens.c.label, api_tokens.c.created_at)
                .where(api_tokens.c.account == name)
                .order_by(api_tokens.c.created_at, api_tokens.c.token_hash)
            )
            return [TokenInfo(h[:TOKEN_ID_LENGTH], label, at) for h, label, at in rows]

    def revoke_token(self, name: str, token_id: str) -> TokenInfo:
        """Revoke the account's token whose id (as :meth:`tokens` lists it) is ``token_id``."""
        wanted = token_id.strip().lower()
        with self.engine.begin() as connection:
            self._existing(connection, name)
            found = [
                t
                for t in connection.execute(
                    sa.select(
                        api_tokens.c.token_hash, api_tokens.c.label, api_tokens.c.created_at
                    ).where(api_tokens.c.account == name)
                )
                if len(wanted) == TOKEN_ID_LENGTH and t[0].startswith(wanted)
            ]
            if not found:
                raise InputError(
                    N_(
                        "{name!r} has no token {id!r}; 'comity users tokens {name}' lists its"
                        " tokens' ids"
                    ),
                    value=token_id,
                    params={"name": name, "id": token_id},
                )
            connection.execute(api_tokens.delete().where(api_tokens.c.token_hash == found[0][0]))
        return TokenInfo(found[0][0][:TOKEN_ID_LENGTH], found[0][1], found[0][2])

    def authenticate(self, name: str, password: str) -> Account:
        """The account if the password is right; every failure counts towards throttling."""
        if not _NAME.match(name):
            # No account has such a name, and it may hold what the database cannot store
            # (PostgreSQL refuses a NUL in text); refused as an unknown account, as slowly.
            with contextlib.suppress(VerificationError, InvalidHashError):
                _hasher.verify(_decoy_hash(), password)
            raise AuthenticationError(N_("unknown account or wrong password"), params={})
        now = self.clock()
        with self.engine.begin() as connection:
            recent = connection.execute(
                sa.select(sa.func.count())
                .select_from(login_failures)
                .where(login_failures.c.account == name)
                .where(login_failures.c.at > now - FAILURE_WINDOW)
            ).scalar_one()
            if recent >= MAX_FAILURES:
                raise TooManyAttemptsError(
                    N_("too many failed logins for {name!r}; try again in {minutes} minutes"),
                    value=name,
                    params={"name": name, "minutes": FAILURE_WINDOW // 60},
                )
            found = self._account(connection, name)
            try:
                _hasher.verify(found[1] if found else _decoy_hash(), password)
            except (VerificationError, InvalidHashError):
                found = None
            if found is None:
                connection.execute(login_failures.insert().values(account=name, at=now))
        if found is None:
            raise AuthenticationError(N_("unknown account or wrong password"), params={})
        if found[0].disabled:
            # Said only to whoever knows the password: a guesser learns nothing from it.
            raise AccountDisabledError(
                N_("the account {name!r} is disabled"), value=name, params={"name": name}
            )
        return found[0]

    def issue_token(self, name: str, label: str = "api") -> str:
        """A new bearer token for the account; shown once, stored only as a digest."""
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as connection:
            self._existing(connection, name)
            connection.execute(
                api_tokens.insert().values(
                    token_hash=_digest(token), account=name, label=label, created_at=self.clock()
                )
            )
        return token

    def account_for_token(self, token: str) -> Account | None:
        with self.engine.connect() as connection:
            name = connection.execute(
                sa.select(api_tokens.c.account).where(api_tokens.c.token_hash == _digest(token))
            ).scalar()
            found = self._account(connection, name) if name else None
        return found[0] if found and not found[0].disabled else None

    def open_session(self, account: Account) -> tuple[str, Session]:
        """A new session (id to put in the cookie, and the session with its CSRF token)."""
        session_id = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = self.clock()
        with self.engine.begin() as connection:
            connection.execute(
                web_sessions.insert().values(
                    session_hash=_digest(session_id),
                    account=account.name,
                    csrf_token=csrf,
                    created_at=now,
                    expires_at=now + SESSION_SECONDS,
                )
            )
        return session_id, Session(account, csrf)

    def session(self, session_id: str) -> Session | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(web_sessions.c.account, web_sessions.c.csrf_token)
                .where(web_sessions.c.session_hash == _digest(session_id))
                .where(web_sessions.c.expires_at > self.clock())
            ).first()
            found = self._account(connection, row[0]) if row else None
        return Session(found[0], row[1]) if found and row and not found[0].disabled else None

    def close_session(self, session_id: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                web_sessions.delete().where(web_sessions.c.session_hash == _digest(session_id))
            )
