"""Integrity and backup commands: export and import the ledger as JSON Lines, sign C2SP
checkpoints of its head, prove that it extends an earlier checkpoint or that an event is on
the record (a C2SP tlog-proof), check such proofs offline, show the verifier key.

Export and import read and write the ledger as it is: unlike the queries, they never load
the reference history into an empty ledger first. A broken chain or a ledger that does not
extend a checkpoint exits with status 1, as ``comity verify`` does; bad input with 2.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from rich.markup import escape

from comity.cli.common import JsonOption, app, emit_json, err, errors, out, with_record
from comity.errors import ChainBrokenError, CheckpointError, InputError
from comity.i18n import N_, _, ngettext
from comity.i18n.errors import detail
from comity.ledger import GENESIS, SqlLedger, open_ledger
from comity.ledger.checkpoints import (
    Checkpoint,
    ConsistencyProof,
    TreeProof,
    check_proof,
    check_tree_proof,
    leaves,
    log_verifier,
    open_checkpoint,
    prove_tree,
    sign_tree_head,
    tree_head,
)
from comity.ledger.export import import_jsonl, jsonl_line
from comity.ledger.keys import (
    key_id,
    load_or_create_signing_key,
    load_public_key,
    public_key_pem,
    raw_public_key,
)
from comity.ledger.note import Verifier, parse_vkey
from comity.record import Record
from comity.settings import Settings

STDIO = "-"
BUNDLE_HEADER = "c2sp.org/tlog-proof@v1\n"


def _open(ctx: typer.Context) -> SqlLedger:
    return open_ledger(ctx.obj or Settings().database_url())


@contextmanager
def _written(target: str) -> Iterator[IO[bytes]]:
    """Standard output, or a file that appears complete or not at all (a temporary file in
    the same folder, renamed into place once written)."""
    if target == STDIO:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    path = Path(target)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    except OSError as e:
        raise InputError(
            N_("cannot write {target} ({reason})"),
            value=target,
            params={"target": target, "reason": e.strerror},
        ) from e
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@app.command()
def export(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(help="Where to write the JSON Lines; - for standard output.")
    ] = STDIO,
    json_: JsonOption = False,
) -> None:
    """Write every ledger row, exactly as stored and hashed, as JSON Lines: a backup that
    comity import restores byte for byte, and what an auditor needs to recompute the chain.
    It holds the confidential content too (positions on open items, with their salts): keep
    it as the database is kept. The public's copy is the web's /ledger/chain.jsonl.

    Example: comity export comity-backup.jsonl
    """
    events, head = 0, GENESIS
    with errors(), _open(ctx) as ledger, _written(file) as stream:
        for row in ledger.stored_rows():
            stream.write(jsonl_line(row).encode("utf-8"))
            events, head = row.sequence, row.hash
    if file == STDIO:
        return
    if json_:
        emit_json({"file": file, "events": events, "head": head})
    else:
        out.print(
            ngettext(
                "%(n)s event written to %(file)s; head %(head)s",
                "%(n)s events written to %(file)s; head %(head)s",
                events,
            )
            % {"n": events, "file": file, "head": head},
            highlight=False,
            soft_wrap=True,
        )


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(help="JSON Lines written by comity export; - for standard input.")
    ],
    json_: JsonOption = False,
) -> None:
    """Restore a backup into an empty ledger, row for row. The file's whole chain is verified
    before anything is written; a broken one is refused (exit status 2) naming its first bad
    line.

    Example: comity --db sqlite:///restored.sqlite import comity-backup.jsonl
    """
    with errors(), _lines(file) as open_lines, _open(ctx) as ledger:
        result = import_jsonl(ledger, open_lines)
    if json_:
        emit_json({"file": file, "events": result.events, "head": result.head})
    else:
        out.print(
            ngettext(
                "%(n)s event imported from %(file)s; the chain verifies, head %(head)s",
                "%(n)s events imported from %(file)s; the chain verifies, head %(head)s",
                result.events,
            )
            % {"n": result.events, "file": file, "head": result.head},
            highlight=False,
            soft_wrap=True,
        )


@contextmanager
def _lines(source: str) -> Iterator[Callable[[], Iterable[str]]]:
    """Something to read ``source`` from twice (once to verify, once to write): the file
    itself, or standard input kept in a temporary file."""
    if source == STDIO:
        with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
            for line in sys.stdin:
                spool.write(line)

            def replay() -> Iterable[str]:
                spool.seek(0)
                return spool

            yield replay
        return
    path = Path(source)
    if not path.is_file():
        raise InputError(
            N_("no backup file at {source}; give a file comity export wrote"),
            value=source,
            params={"source": source},
        )

    def read() -> Iterator[str]:
        try:
            with path.open(encoding="utf-8", newline="") as stream:
                yield from stream
        except UnicodeDecodeError as e:
            raise InputError(
                N_("{source} is not UTF-8 text ({reason})"),
                value=source,
                params={"source": source, "reason": e.reason},
            ) from e

    yield read


key_app = typer.Typer(
    name="key",
    help="The Ed25519 key that signs checkpoints (made on first use, mode 0600).",
    no_args_is_help=True,
)
app.add_typer(key_app)


def _signing_key() -> Ed25519PrivateKey:
    return load_or_create_signing_key(Settings().signing_key_path())


def _integrity_failure(message: str) -> typer.Exit:
    label = _("broken")
    err.print(f"[bold red]{escape(label)}[/]: {message}", highlight=False, soft_wrap=True)
    return typer.Exit(1)


def _origin(ctx: typer.Context | None = None) -> str:
    """The ledger's origin: COMITY_LOG_ORIGIN, or one derived from the database URL."""
    url = ctx.obj if ctx is not None and isinstance(ctx.obj, str) else None
    return Settings().origin(url)


def _log_verifier(key_text: str, origin: str) -> Verifier:
    """The log's verifier from a vkey, or from a PEM or base64 key under ``origin``."""
    if _looks_like_vkey(key_text):
        return parse_vkey(key_text)
    return log_verifier(origin, load_public_key(key_text))


def _looks_like_vkey(text: str) -> bool:
    parts = text.strip().split("+", 2)
    return len(parts) == 3 and len(parts[1]) == 8 and not text.lstrip().startswith("-----")


def _read_checkpoint(path: Path) -> str | Checkpoint:
    """A kept checkpoint: a signed note (C2SP), or a ``comity checkpoint v1`` JSON file."""
    text = _read_text(path)
    if text.lstrip().startswith("{"):
        return Checkpoint.from_json(_read_json(path))
    return text


@app.command()
def checkpoint(ctx: typer.Context) -> None:
    """Sign the ledger's current head as a C2SP checkpoint (origin, size and the Merkle root
    over its row hashes, in a signed note) with the Ed25519 key (made on first use). Keep what
    it prints: comity prove --from it shows later that the history since is an extension of
    it; transparency-log tools and witnesses read it as it is.

    Example: comity checkpoint > checkpoint.txt
    """
    with errors():
        key = _signing_key()
        origin = _origin(ctx)
        try:
            signed = with_record(
                ctx,
                lambda r: sign_tree_head(tree_head(leaves(r.ledger.stored_rows()), origin), key),
            )
        except ChainBrokenError as e:
            raise _integrity_failure(
                _("%(problem)s; a broken chain is not signed") % {"problem": detail(e)}
            ) from None
    sys.stdout.write(signed)


@app.command("prove")
def prove_(
    ctx: typer.Context,
    from_: Annotated[
        Path | None,
        typer.Option("--from", help="A checkpoint printed by comity checkpoint (or a v1 file)."),
    ] = None,
    event: Annotated[
        int | None,
        typer.Option("--event", help="Prove that this event (its sequence number) is recorded."),
    ] = None,
    cosigned: Annotated[
        Path | None,
        typer.Option("--checkpoint", help="With --event: the cosigned checkpoint to prove it in."),
    ] = None,
) -> None:
    """Prove that the ledger now extends a checkpoint taken earlier (--from: prints the old
    checkpoint, a new signed one and the RFC 6962 consistency proof between them), or that an
    event is on the record (--event: a C2SP tlog-proof that comity check-proof verifies
    offline). Exit status 1 if no proof exists (rows were rewritten or removed since).

    Example: comity prove --from checkpoint.txt > proof.json
    """
    with errors():
        if (from_ is None) == (event is None):
            raise InputError(N_("give either --from CHECKPOINT or --event N"), params={})
        key = _signing_key()
        log = log_verifier(_origin(ctx), key.public_key())
        if event is not None:
            bundle = _event_proof(ctx, event, log, cosigned)
            sys.stdout.write(bundle)
            return
        assert from_ is not None
        old = _read_checkpoint(from_)
        if isinstance(old, str):
            open_checkpoint(old, log)  # a malformed or foreign checkpoint is bad input
        try:
            proof = with_record(
                ctx, lambda r: prove_tree(old, log, leaves(r.ledger.stored_rows()), key)
            )
        except (ChainBrokenError, CheckpointError) as e:
            raise _integrity_failure(detail(e)) from None
    emit_json(proof.to_json())


def _event_proof(ctx: typer.Context, event: int, log: Verifier, cosigned: Path | None) -> str:
    from comity.witness.bundle import event_proof, latest_published

    def make(record: Record) -> str:
        rows = leaves(record.ledger.stored_rows())
        checkpoint = _read_text(cosigned) if cosigned is not None else latest_published(log.name)
        return event_proof(rows, event, checkpoint, log)

    try:
        return with_record(ctx, make)
    except (ChainBrokenError, CheckpointError) as e:
        raise _integrity_failure(detail(e)) from None


@app.command("check-proof")
def check_proof_(
    proof_file: Annotated[Path, typer.Argument(help="A proof printed by comity prove.")],
    public_key: Annotated[
        Path, typer.Option("--key", help="The log's verifier key, as comity key public prints it.")
    ],
    kept: Annotated[
        Path | None,
        typer.Option("--checkpoint", help="The checkpoint you kept from earlier (--from proofs)."),
    ] = None,
    policy: Annotated[
        Path | None,
        typer.Option("--policy", help="A witness policy (C2SP tlog-policy) for event proofs."),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Check, as an outside party, a proof that the ledger extends the checkpoint you kept,
    or an event proof (C2SP tlog-proof) against the log's key and the witness policy: needs
    no database and no private key. Exit status 1 if it does not hold.

    Example: comity check-proof proof.json --checkpoint checkpoint.txt --key comity.vkey
    """
    with errors():
        text = _read_text(proof_file)
        key_text = _read_text(public_key)
        if text.startswith(BUNDLE_HEADER):
            from comity.witness.bundle import check_event_proof
            from comity.witness.policy import load_policy

            log = _log_verifier(key_text, _origin())
            rules = load_policy(_read_text(policy)) if policy is not None else None
            result = check_event_proof(text, log, rules)
            new: Any = None
        else:
            if kept is None:
                raise InputError(
                    N_("a consistency proof is checked against --checkpoint, the one you kept"),
                    params={},
                )
            data = _read_json(proof_file)
            old = _read_checkpoint(kept)
            if isinstance(data, dict) and "hashes" in data:
                legacy = ConsistencyProof.from_json(data)
                assert isinstance(old, Checkpoint)
                result = check_proof(old, legacy, load_public_key(key_text))
                new = legacy.new.to_json()
            else:
                proof = TreeProof.from_json(data)
                # A PEM key names no log: the checkpoints name it, and its signature decides.
                origin = proof.new.split("\n", 1)[0]
                result = check_tree_proof(old, proof, _log_verifier(key_text, origin))
                new = proof.new
    if json_:
        emit_json({"ok": result.ok, "reason": result.reason, "new": new})
    elif result.ok:
        label = _("ok")
        out.print(f"[green]{escape(label)}[/]: {result.reason}", highlight=False, soft_wrap=True)
    if not result.ok:
        if not json_:
            label = _("not proved")
            err.print(
                f"[bold red]{escape(label)}[/]: {result.reason}",
                highlight=False,
                soft_wrap=True,
            )
        raise typer.Exit(1)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(
            N_("cannot read {path} ({error})"), value=str(path), params={"path": path, "error": e}
        ) from e


def _read_json(path: Path) -> Any:
    text = _read_text(path)
    try:
        return json.loads(text)
    except ValueError as e:
        raise CheckpointError(
            N_("{path} is not JSON ({error})"), value=str(path), params={"path": path, "error": e}
        ) from e


@key_app.command("public")
def key_public(
    ctx: typer.Context,
    pem: Annotated[bool, typer.Option("--pem", help="Print the key as PEM instead.")] = False,
    json_: JsonOption = False,
) -> None:
    """Print the log's verifier key in the signed-note form <origin>+<key id>+<base64> (the
    key is made on first use); hand it to whoever keeps checkpoints, to the witnesses and to
    auditors. The private key is never printed.

    Example: comity key public > comity.vkey
    """
    with errors():
        public = _signing_key().public_key()
        verifier = log_verifier(_origin(ctx), public)
    if json_:
        emit_json(
            {
                "vkey": verifier.vkey(),
                "origin": verifier.name,
                "key_id": key_id(public),
                "algorithm": "Ed25519",
                "public_key": base64.b64encode(raw_public_key(public)).decode("ascii"),
                "pem": public_key_pem(public),
            }
        )
    elif pem:
        sys.stdout.write(public_key_pem(public))
    else:
        sys.stdout.write(verifier.vkey() + "\n")
