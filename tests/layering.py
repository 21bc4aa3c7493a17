"""Running code with the infrastructure packages made unimportable, to check the layers."""

from __future__ import annotations

import subprocess
import sys

#: What the pure core and the lab must never import.
INFRASTRUCTURE = ("sqlalchemy", "alembic", "psycopg", "typer", "rich", "fastapi", "starlette")


def run_without_infrastructure(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter in which importing any of INFRASTRUCTURE fails."""
    program = f"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {INFRASTRUCTURE!r}:
            raise ImportError('blocked: ' + name)
        return None
sys.meta_path.insert(0, Block())
{code}
"""
    return subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
