"""Integrity and backup commands: export and import the ledger as JSON Lines, sign
checkpoints of its head, prove that it extends an earlier checkpoint, show the public key.

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
from datetime import UTC, datetime
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
    check_proof,
    leaves,
    prove,
    sign_checkpoint,
)
from comity.ledger.export import import_jsonl, jsonl_line
from comity.ledger.keys import (
    key_id,
    load_or_create_signing_key,
    load_public_key,
    public_key_pem,
    raw_public_key,
)
from comity.settings import Settings

STDIO = "-"


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


@app.command()
def checkpoint(ctx: typer.Context) -> None:
    """Sign the ledger's current head: its size, the Merkle root over its row hashes and the
    last hash, with the Ed25519 key (made on first use). Keep the JSON it prints: comity
    prove --from it shows later that the history since is an extension of it.

    Example: comity checkpoint > checkpoint.json
    """
    with errors():
        key = _signing_key()
        try:
            signed = with_record(
                ctx,
                lambda r: sign_checkpoint(
                    leaves(r.ledger.stored_rows()), key, signed_at=datetime.now(UTC)
                ),
            )
        except ChainBrokenError as e:
            raise _integrity_failure(
                _("%(problem)s; a broken chain is not signed") % {"problem": detail(e)}
            ) from None
    emit_json(signed.to_json())


@app.command("prove")
def prove_(
    ctx: typer.Context,
    from_: Annotated[
        Path, typer.Option("--from", help="A checkpoint printed by comity checkpoint.")
    ],
) -> None:
    """Prove that the ledger now extends a checkpoint taken earlier: prints the old
    checkpoint, a new signed one and the RFC 9162 consistency proof between them. Exit
    status 1 if no proof exists (rows were rewritten or removed since).

    Example: comity prove --from checkpoint.json > proof.json
    """
    with errors():
        old = Checkpoint.from_json(_read_json(from_))
        key = _signing_key()
        try:
            proof = with_record(
                ctx,
                lambda r: prove(
                    old, leaves(r.ledger.stored_rows()), key, signed_at=datetime.now(UTC)
                ),
            )
        except (ChainBrokenError, CheckpointError) as e:
            raise _integrity_failure(detail(e)) from None
    emit_json(proof.to_json())


@app.command("check-proof")
def check_proof_(
    proof_file: Annotated[Path, typer.Argument(help="A proof printed by comity prove.")],
    kept: Annotated[
        Path, typer.Option("--checkpoint", help="The checkpoint you kept from earlier.")
    ],
    public_key: Annotated[
        Path, typer.Option("--key", help="The public key, as comity key public prints it.")
    ],
    json_: JsonOption = False,
) -> None:
    """Check, as an outside party, that a proof shows the ledger extends the checkpoint you
    kept: needs no database and no private key. Exit status 1 if it does not.

    Example: comity check-proof proof.json --checkpoint checkpoint.json --key comity.pub
    """
    with errors():
        proof = ConsistencyProof.from_json(_read_json(proof_file))
        old = Checkpoint.from_json(_read_json(kept))
        key = load_public_key(_read_text(public_key))
        result = check_proof(old, proof, key)
    if json_:
        emit_json({"ok": result.ok, "reason": result.reason, "new": proof.new.to_json()})
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
def key_public(json_: JsonOption = False) -> None:
    """Print the public key that checks checkpoint signatures, as PEM (made on first use);
    hand it to whoever keeps checkpoints. The private key is never printed.

    Example: comity key public > comity.pub
    """
    with errors():
        public = _signing_key().public_key()
    if json_:
        emit_json(
            {
                "key_id": key_id(public),
                "algorithm": "Ed25519",
                "public_key": base64.b64encode(raw_public_key(public)).decode("ascii"),
                "pem": public_key_pem(public),
            }
        )
    else:
        sys.stdout.write(public_key_pem(public))
