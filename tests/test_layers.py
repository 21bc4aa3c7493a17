"""The pure core (events, charter, state) imports no database, web or CLI code."""

from __future__ import annotations

import subprocess
import sys

BLOCKED = ("sqlalchemy", "alembic", "psycopg", "typer", "rich", "fastapi", "starlette")
PURE = ("comity.events", "comity.charter", "comity.state", "comity.reference", "comity.queries")


def test_pure_core_imports_no_infrastructure() -> None:
    # A fresh interpreter, with the infrastructure packages made unimportable.
    program = f"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {BLOCKED!r}:
            raise ImportError('blocked: ' + name)
        return None
sys.meta_path.insert(0, Block())
for module in {PURE!r}:
    __import__(module)
"""
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
