"""The lab is application code: numpy and the pure core, no database, web or CLI imports."""

from __future__ import annotations

import subprocess
import sys

BLOCKED = ("sqlalchemy", "alembic", "psycopg", "typer", "rich", "fastapi", "starlette")
LAB = (
    "comity.lab.power",
    "comity.lab.games",
    "comity.lab.simulate",
    "comity.lab.reform",
    "comity.lab.share",
    "comity.lab.worldbank",
)


def test_lab_imports_no_infrastructure() -> None:
    program = f"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {BLOCKED!r}:
            raise ImportError('blocked: ' + name)
        return None
sys.meta_path.insert(0, Block())
for module in {LAB!r}:
    __import__(module)
"""
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
