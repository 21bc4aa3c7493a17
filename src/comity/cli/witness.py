"""Witnessing commands: run a member state's witness, write the witness policy, publish a
cosigned checkpoint, and audit the ledger from outside (C2SP tlog-witness, tlog-policy)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from comity.cli.common import JsonOption, app, day_option, emit_json, err, errors, out, with_record
from comity.cli.ledger import _origin, _read_text, _signing_key
from comity.errors import InputError, WitnessError
from comity.i18n import N_, _
from comity.i18n.errors import detail
from comity.ledger.checkpoints import leaves, log_verifier
from comity.ledger.keys import load_or_create_signing_key
from comity.ledger.note import COSIGNATURE, ED25519, Verifier, parse_vkey
from comity.settings import Settings
from comity.witness.audit import audit as run_audit
from comity.witness.policy import load_policy, member_state_policy
from comity.witness.publish import PublishedCheckpoint
from comity.witness.publish import publish as run_publish
from comity.witness.server import open_witness
from comity.witness.server import serve as run_server

witness_app = typer.Typer(
    name="witness",
    help="Witnesses that cosign the ledger's checkpoints (C2SP tlog-witness).",
    no_args_is_help=True,
)
app.add_typer(witness_app)

KeyFile = Annotated[
    Path, typer.Option("--key", help="The witness's Ed25519 key (PEM, made on first use, 0600).")
]
NameOption = Annotated[
    str, typer.Option("--name", help="The witness's name in its cosignatures, e.g. kaz.example/w1.")
]


@witness_app.command("serve")
def witness_serve(
    name: NameOption,
    key: KeyFile,
    database: Annotated[Path, typer.Option("--db", help="The witness's own SQLite file.")],
    log: Annotated[
        list[str], typer.Option("--log", help="A log's verifier key (repeat for more logs).")
    ],
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0: any free port).")] = 0,
) -> None:
    """Run a witness: POST /add-checkpoint cosigns a log's checkpoint only with a consistency
    proof from the one it cosigned last. Prints the URL it listens on.

    Example: comity witness serve --name kaz.example/w1 --key w1.pem --db w1.db --log @log.vkey
    """
    with errors():
        logs = [parse_vkey(_read_vkey(v)) for v in log]
        if any(v.kind != ED25519 for v in logs):
            raise InputError(N_("--log takes a log's verifier key (type 0x01)"), params={})
        witness = open_witness(name, load_or_create_signing_key(key), logs, database)

    def ready(url: str) -> None:
        sys.stdout.write(f"listening on {url}\n")
        sys.stdout.flush()

    run_server(witness, host, port, ready)


def _read_vkey(value: str) -> str:
    """A vkey given as itself or as ``@file``."""
    return _read_text(Path(value[1:])) if value.startswith("@") else value


@witness_app.command("key")
def witness_key(name: NameOption, key: KeyFile) -> None:
    """Print the witness's verifier key (type 0x04, cosignatures), for the witness policy.

    Example: comity witness key --name kaz.example/w1 --key w1.pem
    """
    with errors():
        verifier = Verifier(name, COSIGNATURE, load_or_create_signing_key(key).public_key())
    sys.stdout.write(verifier.vkey() + "\n")


@witness_app.command("policy")
def witness_policy(
    ctx: typer.Context,
    witness: Annotated[
        list[str],
        typer.Option("--witness", help="A member state's witness: ISO3=VKEY or ISO3=VKEY@URL."),
    ],
    as_of: Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD.")] = None,
) -> None:
    """Write the witness policy (C2SP tlog-policy) of this ledger: the member states'
    witnesses and the quorum that the organisation's rule in force asks (a majority).

    Example: comity witness policy --witness KAZ="$(cat kaz.vkey)"@http://127.0.0.1:8101
    > policy.txt
    """
    with errors():
        log = log_verifier(_origin(ctx), _signing_key().public_key())
        entries: dict[str, tuple[str, str | None]] = {}
        for item in witness:
            state, _eq, rest = item.partition("=")
            vkey, _at, url = rest.partition("@")
            if not state or not vkey:
                raise InputError(
                    N_("--witness is ISO3=VKEY or ISO3=VKEY@URL; got {found!r}"),
                    value=item,
                    params={"found": item},
                )
            parse_vkey(vkey)
            entries[state] = (vkey, url or None)
        text = member_state_policy(log, entries, day_option(as_of))
        load_policy(text)  # what is written must parse
    sys.stdout.write(text)


def _policy(path: Path | None) -> Path:
    if path is not None:
        return path
    configured = Settings().witness_policy
    if not configured:
        raise InputError(
            N_("give the witness policy with --policy or COMITY_WITNESS_POLICY"), params={}
        )
    return Path(configured)


@witness_app.command("publish")
def witness_publish(
    ctx: typer.Context,
    policy: Annotated[
        Path | None,
        typer.Option("--policy", help="The witness policy (default: $COMITY_WITNESS_POLICY)."),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Send the ledger's checkpoint and consistency proof to the witnesses and publish it once
    the policy's quorum has cosigned; exit status 1, publishing nothing, if it has not.

    Example: comity witness publish --policy policy.txt
    """
    with errors():
        rules = load_policy(_read_text(_policy(policy)))
        key = _signing_key()
        settings = Settings()
        origin = _origin(ctx)
        store = PublishedCheckpoint.beside(settings.published_folder(), origin)
        try:
            outcome = with_record(
                ctx,
                lambda r: run_publish(leaves(r.ledger.stored_rows()), key, origin, rules, store),
            )
        except WitnessError as e:
            label = _("not published")
            err.print(f"[bold red]{escape(label)}[/]: {detail(e)}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None
    if json_:
        emit_json(
            {
                "size": outcome.head.size,
                "cosigners": outcome.cosigners,
                "refusals": outcome.refusals,
                "checkpoint": outcome.checkpoint,
            }
        )
    else:
        sys.stdout.write(outcome.checkpoint)


@app.command("audit")
def audit_(
    url: Annotated[str, typer.Option("--url", help="The ledger's API, e.g. http://host/api/v1.")],
    key: Annotated[Path, typer.Option("--key", help="The log's verifier key file.")],
    policy: Annotated[Path, typer.Option("--policy", help="The witness policy (tlog-policy).")],
    state: Annotated[
        Path | None,
        typer.Option("--state", help="Where the audit keeps the last checkpoint it accepted."),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Audit the ledger from outside: fetch its published checkpoint and the witnesses'
    latest, check the log's signature, the quorum and that the ledger still extends every
    checkpoint seen before. A fork is reported with both signed checkpoints; exit status 1.

    Example: comity audit --url http://127.0.0.1:8000/api/v1 --key log.vkey --policy policy.txt
    """
    with errors():
        log = parse_vkey(_read_text(key))
        rules = load_policy(_read_text(policy))
        kept = state.read_text(encoding="utf-8") if state is not None and state.exists() else None
        found = run_audit(url, log, rules, kept)
        if found.ok and state is not None and found.checkpoint is not None:
            state.write_text(found.checkpoint, encoding="utf-8")
    if json_:
        emit_json(found.to_json())
    else:
        if found.ok:
            line = _("%(n)s events, cosigned by %(who)s") % {
                "n": found.size,
                "who": ", ".join(found.cosigners),
            }
            out.print(
                f"[green]{escape(_('ok'))}[/]: {escape(line)}", highlight=False, soft_wrap=True
            )
        for fork in found.forks:
            label = escape(_("fork"))
            err.print(
                f"[bold red]{label}[/]: {escape(fork.reason)}", highlight=False, soft_wrap=True
            )
            holds = _("%(where)s holds:") % {"where": fork.where}
            err.print(f"{escape(holds)}\n{escape(fork.seen)}", highlight=False, soft_wrap=True)
            serves = _("the ledger serves:")
            err.print(f"{escape(serves)}\n{escape(fork.served)}", highlight=False, soft_wrap=True)
        for problem in found.problems:
            label = escape(_("problem"))
            err.print(f"[bold red]{label}[/]: {escape(problem)}", highlight=False, soft_wrap=True)
    if not found.ok:
        raise typer.Exit(1)
