"""comity's one settings object, read from the environment (``COMITY_*``)."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    """An SQLite file in the user's data directory (created on first use)."""
    folder = Path(platformdirs.user_data_dir("comity", appauthor=False))
    return f"sqlite:///{folder / 'comity.sqlite'}"


class Settings(BaseSettings):
    """Configuration; ``COMITY_DB`` is an SQLAlchemy URL (``sqlite:///...``,
    ``postgresql+psycopg://user@host/db``)."""

    model_config = SettingsConfigDict(env_prefix="COMITY_", extra="ignore")

    db: str = ""
    organisation: str = "sco"

    def database_url(self) -> str:
        return self.db or default_database_url()
