"""The ``comity`` command: thin commands over the library, Rich for people, ``--json`` for
machines. Any :class:`~comity.errors.ComityError` becomes a one-line message on standard
error and exit status 2; a broken hash chain makes ``comity verify`` exit with 1.

Commands live in one module per area, each registering on the one Typer ``app`` of
:mod:`comity.cli.common` (what they all share) when imported below: ``queries`` (statuses,
bodies, documents, history, decisions, ``verify``), ``procedures`` (membership, withdrawal,
meetings, documents, minutes), ``compliance`` (obligations, disputes, penalties, rights),
``reforms``, ``ledger`` (export, import, checkpoints and proofs), ``witness``, ``users``,
``serve``, ``languages`` (``comity i18n``), ``data`` (``comity data fetch``) and the research
lab (``lab``, ``lab_unga``). :mod:`comity.cli.credentials` says who is at the keyboard when a
command writes to the record.
"""

from comity.cli import compliance as compliance
from comity.cli import data as data
from comity.cli import lab as lab
from comity.cli import lab_unga as lab_unga
from comity.cli import languages as languages
from comity.cli import ledger as ledger
from comity.cli import procedures as procedures
from comity.cli import queries as queries
from comity.cli import reforms as reforms
from comity.cli import serve as serve
from comity.cli import users as users
from comity.cli import witness as witness
from comity.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``comity`` script."""
    app()
