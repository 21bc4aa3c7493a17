"""The HTTP API (FastAPI): read endpoints over the record, problem-details errors."""

from comity.api.app import API_PREFIX, app_from_env, create_app

__all__ = ["API_PREFIX", "app_from_env", "create_app"]
