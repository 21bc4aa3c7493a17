"""comity's one settings object, read from the environment (``COMITY_*``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from comity.limits import MAX_BODY_BYTES


def user_data_folder() -> Path:
    """The user's data directory for comity, e.g. ``~/.local/share/comity``."""
    return Path(platformdirs.user_data_dir("comity", appauthor=False))


def default_database_url() -> str:
    """An SQLite file in the user's data directory (created on first use)."""
    return f"sqlite:///{user_data_folder() / 'comity.sqlite'}"


class Settings(BaseSettings):
    """Configuration; ``COMITY_DB`` is an SQLAlchemy URL (``sqlite:///...``,
    ``postgresql+psycopg://user@host/db``); ``COMITY_DATA_DIR`` is where downloaded data go
    (default: the user data directory); ``COMITY_WORLDBANK_API`` the World Bank API's base."""

    model_config = SettingsConfigDict(env_prefix="COMITY_", extra="ignore")

    db: str = ""
    organisation: str = "sco"
    data_dir: str = ""
    worldbank_api: str = "https://api.worldbank.org/v2"
    # The Ed25519 key that signs ledger checkpoints (COMITY_KEY_FILE); made on first use.
    key_file: str = ""
    # The ledger's name in its checkpoints (COMITY_LOG_ORIGIN), e.g. sco.example/ledger: a
    # test ledger and a production ledger must never share one, since witnesses keep one
    # history per origin. Without it, a name derived from the database URL is used.
    log_origin: str = ""
    # Where the last published, witnessed checkpoint of each ledger is kept
    # (COMITY_PUBLISHED_DIR; default: the user data directory), and the witness policy that
    # publishing follows (COMITY_WITNESS_POLICY, a C2SP tlog-policy file; none: no witnessing).
    published_dir: str = ""
    witness_policy: str = ""

    # Session cookies are Secure (HTTPS only) unless a deployment on plain HTTP, such as a
    # test server on loopback, turns this off with COMITY_COOKIE_SECURE=false.
    cookie_secure: bool = True

    # The largest HTTP request body accepted, in bytes (COMITY_MAX_BODY_BYTES); see limits.
    max_body_bytes: int = Field(default=MAX_BODY_BYTES, ge=1)

    def database_url(self) -> str:
        return self.db or default_database_url()

    def signing_key_path(self) -> Path:
        """The checkpoint signing key: ``COMITY_KEY_FILE``, or ``checkpoint-key.pem`` in the
        user data directory, next to the default ledger."""
        return Path(self.key_file) if self.key_file else user_data_folder() / "checkpoint-key.pem"

    def origin(self, url: str | None = None) -> str:
        """``COMITY_LOG_ORIGIN``, or ``comity.invalid/<organisation>/<16 hex digits of the
        database URL's SHA-256>`` (of ``url`` if given): another database never shares it
        by accident."""
        if self.log_origin:
            return self.log_origin
        digest = hashlib.sha256((url or self.database_url()).encode()).hexdigest()[:16]
        return f"comity.invalid/{self.organisation}/{digest}"

    def published_folder(self) -> Path:
        return Path(self.published_dir) if self.published_dir else user_data_folder()

    def data_folder(self) -> Path:
        """Where downloaded data (e.g. World Bank indicators) are kept."""
        return Path(self.data_dir) if self.data_dir else user_data_folder()
