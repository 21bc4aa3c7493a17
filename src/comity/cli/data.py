"""``comity data fetch``: the outside data the lab uses (World Bank indicators, UN General
Assembly votes), downloaded again into the user data directory, where the lab then prefers
them to the extracts shipped with comity. One command for every source."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from comity.cli.common import JsonOption, app, emit_json, errors, out, progress_bar
from comity.errors import InputError
from comity.i18n import N_, _
from comity.lab import dgacm_fetch, unga_fetch
from comity.lab.worldbank import INDICATORS, fetch_indicator, indicator, save_fetched
from comity.settings import Settings

data_app = typer.Typer(
    name="data",
    help="Outside data the lab uses: refresh the World Bank indicators and the UN votes.",
    no_args_is_help=True,
)
app.add_typer(data_app, name="data")

SOURCES = ("worldbank", "unga", "all")


def worldbank_folder() -> Path:
    """Where ``comity data fetch`` puts the World Bank indicators (and the lab looks first)."""
    return Settings().data_folder() / "worldbank"


def unga_folder() -> Path:
    """Where ``comity data fetch`` puts the UN votes (and the lab looks for them first)."""
    return Settings().data_folder() / "unga"


def refresh_worldbank(key: str, now: datetime) -> dict[str, Any]:
    """Fetch one World Bank indicator into the user data directory, with a progress bar;
    what was written."""
    item = indicator(key)
    with progress_bar(_("fetching %(code)s") % {"code": item.code}) as bar:
        task = bar.add_task("fetch", total=None)
        fetched = fetch_indicator(
            item.key,
            last_year=now.year,
            base=Settings().worldbank_api,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    path = save_fetched(fetched, worldbank_folder(), retrieved=now)
    return {
        "indicator": item.key,
        "code": item.code,
        "rows": len(fetched.rows),
        "last_updated": fetched.last_updated,
        "retrieved": now.isoformat(timespec="seconds"),
        "path": str(path),
    }


def refresh_unga(
    *, commit: str = unga_fetch.UNVOTES_COMMIT, source: str = unga_fetch.UNVOTES_RAW
) -> dict[str, Any]:
    """Fetch the UN votes into the user data directory, with a progress bar; what was
    written."""
    with progress_bar(_("fetching the UN votes")) as bar:
        task = bar.add_task("fetch", total=None)
        fetched = unga_fetch.fetch_unvotes(
            commit=commit,
            base=source.rstrip("/"),
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    return unga_fetch.save_fetched(fetched, unga_folder(), retrieved=datetime.now(UTC))


def refresh_dgacm(
    *, commit: str = dgacm_fetch.DGACM_COMMIT, source: str = dgacm_fetch.DGACM_ARCHIVE
) -> dict[str, Any]:
    """Rebuild the DGACM recorded votes into the user data directory; what was written."""
    with progress_bar(_("fetching the UN DGACM resolutions")) as bar:
        task = bar.add_task("fetch", total=None)
        fetched = dgacm_fetch.fetch_dgacm(commit=commit, base=source)
        bar.update(task, completed=1, total=1)
    return dgacm_fetch.save_dgacm(fetched, unga_folder(), retrieved=datetime.now(UTC))


def fetch_data(
    source: str,
    indicator_: str,
    *,
    commit: str,
    unvotes: str,
    dgacm_commit: str = dgacm_fetch.DGACM_COMMIT,
    dgacm: str = dgacm_fetch.DGACM_ARCHIVE,
) -> list[dict[str, Any]]:
    """What ``comity data fetch`` does: every dataset of ``source``, in order."""
    chosen = source.strip().lower()
    if chosen not in SOURCES:
        raise InputError(
            N_("--source is worldbank, unga or all, got {source!r}"),
            value=source,
            params={"source": source},
        )
    keys: list[str] = []
    if chosen != "unga":
        keys = list(INDICATORS) if indicator_.strip().lower() == "all" else [indicator_]
    for key in keys:
        indicator(key)  # an unknown indicator fails before any download
    now = datetime.now(UTC)
    written = [refresh_worldbank(key, now) for key in keys]
    if chosen in ("unga", "all"):
        written.append({"dataset": "unga", **refresh_unga(commit=commit, source=unvotes)})
        written.append({"dataset": "dgacm", **refresh_dgacm(commit=dgacm_commit, source=dgacm)})
    return written


@data_app.command()
def fetch(
    indicator_: Annotated[str, typer.Option("--indicator", help="gdp, population or all.")] = "all",
    source: Annotated[
        str, typer.Option(help="worldbank (GDP, population), unga (UN votes) or all.")
    ] = "all",
    commit: Annotated[
        str, typer.Option(help="UN votes: commit (or branch) of the unvotes repository to read.")
    ] = unga_fetch.UNVOTES_COMMIT,
    unvotes: Annotated[
        str, typer.Option(help="UN votes: base URL of the unvotes repository's raw files.")
    ] = unga_fetch.UNVOTES_RAW,
    dgacm_commit: Annotated[
        str, typer.Option(help="UN votes from 2019: commit of UNxml/GAresolutions to read.")
    ] = dgacm_fetch.DGACM_COMMIT,
    dgacm: Annotated[
        str, typer.Option(help="UN votes from 2019: base URL of the repository's zip archives.")
    ] = dgacm_fetch.DGACM_ARCHIVE,
    json_: JsonOption = False,
) -> None:
    """Download the World Bank indicators and the UN General Assembly votes into the user
    data directory (needs a network); the UN votes (unvotes' release to January 2020, the
    DGACM resolutions' XML from November 2019) are rebuilt as the shipped extracts'
    PROVENANCE.md say.

    The lab then uses them instead of the extracts shipped with comity. Without a network
    the command fails with exit status 2 and the shipped data stay in use.

    Example: comity data fetch --source worldbank --indicator gdp
    """
    with errors():
        written = fetch_data(
            source, indicator_, commit=commit, unvotes=unvotes, dgacm_commit=dgacm_commit,
            dgacm=dgacm,
        )  # fmt: skip
    if json_:
        emit_json(written)
        return
    for row in written:
        if row.get("dataset") == "dgacm":
            out.print(
                _("UN DGACM resolutions: %(votes)s recorded votes (UNxml/GAresolutions %(commit)s)")
                % {"votes": row["recorded_votes"], "commit": row["commit"]}
            )
            continue
        if row.get("dataset") == "unga":
            out.print(
                _(
                    "UN General Assembly votes: %(roll_calls)s roll calls, %(votes)s votes "
                    "(unvotes %(commit)s)"
                )
                % {"roll_calls": row["roll_calls"], "votes": row["votes"], "commit": row["commit"]}
            )
            continue
        out.print(
            _("%(code)s: %(rows)s values (World Bank update %(updated)s) written to %(path)s")
            % {
                "code": row["code"],
                "rows": row["rows"],
                "updated": row["last_updated"],
                "path": row["path"],
            }
        )
