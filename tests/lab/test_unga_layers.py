"""The UN-votes lab modules import no database, web or CLI code, even when they run."""

from __future__ import annotations

import subprocess
import sys

BLOCKED = ("sqlalchemy", "alembic", "psycopg", "typer", "rich", "fastapi", "starlette")


def test_unga_analyses_run_without_infrastructure() -> None:
    # The decision rules are imported on first use, so the analyses are run, not just imported.
    program = f"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {BLOCKED!r}:
            raise ImportError('blocked: ' + name)
        return None
sys.meta_path.insert(0, Block())
from comity.lab import ideal_points, positions, unga_fetch, _rdata
votes = positions.load_votes()
positions.feasibility(votes, ["CHN", "RUS"], start=2019, weights={{"CHN": 2, "RUS": 1}})
ideal_points.ideal_points(votes, spans=[(2019, 2019)])
"""
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
