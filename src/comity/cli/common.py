"""What every ``comity`` command shares: the Typer app, options, output, error handling."""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from comity import i18n
from comity.dates import parse_date
from comity.errors import ComityError, InputError
from comity.i18n import N_, _
from comity.i18n.errors import detail
from comity.record import Record

app = typer.Typer(
    name="comity",
    help="The SCO's constitution as running code, and its record as a verifiable ledger.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

T = TypeVar("T")
#: Where the root ``--user`` option is kept for the commands below it (``ctx.meta``).
USER_KEY = "comity.user"

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLAlchemy URL of the ledger (default: $COMITY_DB or a file "
        "in the user data directory).",
    ),
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="The date to look at, YYYY-MM-DD (default: today).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of messages and names: en, ru or zh_Hans (default: from LC_ALL, "
        "LC_MESSAGES or LANG, else English).",
    ),
]


def language_from_env(lang: str | None = None) -> str:
    """``--lang`` if given, else the POSIX locale variables in their order of precedence."""
    return i18n.negotiate(lang, *(os.environ.get(v) for v in ("LC_ALL", "LC_MESSAGES", "LANG")))


UserOption = Annotated[
    str | None,
    typer.Option(
        "--user",
        envvar="COMITY_USER",
        help="The account acting, needed to act as a delegation (password from "
        "$COMITY_PASSWORD, else asked for; or a token in $COMITY_TOKEN instead).",
    ),
]


AccountOption = Annotated[
    str | None,
    typer.Option(
        "--account",
        envvar="COMITY_ACCOUNT",
        help="Who runs procedures, recorded with each act beside the role of --actor "
        "(default: $COMITY_ACCOUNT, else os:<your login name>).",
    ),
]
_ACCOUNT_KEY = "comity.account"


def operator_account(ctx: typer.Context) -> str:
    """The account the CLI records acts under: ``--account``, else ``os:<login name>``."""
    chosen = ctx.meta.get(_ACCOUNT_KEY)
    if chosen:
        return str(chosen)
    try:
        return f"os:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name for this process's user
        return ""


@app.callback()
def _main(
    ctx: typer.Context,
    db: DbOption = None,
    lang: LangOption = None,
    user: UserOption = None,
    account: AccountOption = None,
) -> None:
    """comity: who was a member on a date, which rule applies, and is the record intact."""
    ctx.obj = db
    ctx.meta[USER_KEY] = user
    ctx.meta[_ACCOUNT_KEY] = account
    # Restored when the command ends, so a caller running commands in-process keeps its own.
    ctx.with_resource(i18n.using(language_from_env(lang)))


@contextmanager
def errors() -> Iterator[None]:
    """Turn comity's own errors into a message and exit status 2 (nothing was written)."""
    try:
        yield
    except ComityError as e:
        prefix = _("error")
        err.print(
            f"[bold red]{escape(prefix)}[/] ({e.code}): {escape(detail(e))}",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(2) from None


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def progress_bar(what: str) -> Progress:
    """A progress bar on standard error that disappears when done."""
    return Progress(
        TextColumn(f"[bold]{what}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    )


def load_with_progress(record: Record, *, force_reload: bool = False) -> int:
    """Load the reference history with a progress bar on standard error.

    Without ``force_reload`` only an empty ledger is loaded, and the bar is not even drawn
    otherwise (a transient bar still leaves a blank line behind).
    """
    if not force_reload and record.ledger.count() > 0:
        return 0
    with progress_bar(_("loading the SCO's history")) as bar:
        task = bar.add_task("load", total=None)

        def report(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        if force_reload:
            return record.load_reference(report)
        return record.ensure_initialised(report)


def with_record(ctx: typer.Context, use: Callable[[Record], T]) -> T:
    """Open the ledger (initialising it on first use) and run ``use`` on it."""
    record = Record.open(ctx.obj)
    try:
        load_with_progress(record)
        return use(record)
    finally:
        record.close()


#: The day the CLI takes as today, YYYY-MM-DD, for tests and demonstrations: the documented
#: transcripts (tests/test_transcripts.py) run with it fixed, so that acts after it need
#: ``--scheduled`` and defaults to "today" answer the same whenever they are run.
TODAY_ENV = "COMITY_TODAY"


def today() -> date:
    """``$COMITY_TODAY`` if set, else the calendar's today."""
    fixed = os.environ.get(TODAY_ENV, "").strip()
    return parse_date(fixed, what=f"${TODAY_ENV} dates") if fixed else date.today()


def day_option(text: str | None, what: str = "--as-of") -> date:
    return parse_date(text, what=f"{what} dates") if text else today()


# -- shared by the lab's commands (cli/lab.py, cli/lab_unga.py) and ``comity data`` --------------

lab_app = typer.Typer(
    name="lab",
    help="Research: voting power, the cost of consensus, reforms, economic weight.",
    no_args_is_help=True,
)
app.add_typer(lab_app, name="lab")

PlotOption = Annotated[
    Path | None, typer.Option("--plot", help="Also draw the chart into FILE (.png or .svg).")
]


def check_plot(path: Path | None) -> Path | None:
    """Refuse a plot file of another format before any work is done."""
    if path is not None and path.suffix.lower() not in (".png", ".svg"):
        raise InputError(
            N_("plots are written as .png or .svg, got {name!r}"),
            value=str(path),
            params={"name": path.name},
        )
    return path


def plot_written(plot: Path | None) -> None:
    """Say where the chart went, when one was asked for."""
    if plot is not None:
        out.print(_("plot written to %(path)s") % {"path": plot}, highlight=False)
