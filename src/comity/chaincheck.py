"""The hash chain checked in bulk, inside the database, a stretch of rows at a time.

:mod:`comity.ledger.verify` is the reference check: row by row, in Python, naming the first
bad row; on this project's machine it reads about 300,000 rows a second on one core. The
check here answers only "does this stretch of rows verify?", and does it faster:

- **PostgreSQL** computes the recipe of :mod:`comity.ledger.hashing` and its SHA-256 itself,
  in a parallel scan (``to_json`` writes a JSON string exactly as RFC 8785 does: the same
  short escapes, other controls as lowercase ``\\u00xx``, nothing else escaped) and hashes
  its UTF-8 bytes (on a server that keeps text in another encoding it does not vouch), while
  a second query checks the links and the numbering with window functions;
- **SQLite** has no SHA-256, so it builds each stretch's recipe texts in SQL as one string,
  with a placeholder byte for the quotes of the recipe itself; Python escapes the whole
  string at once, splits it into rows and hashes them. Stretches of a long ledger go to
  worker processes (``python -m comity.chaincheck``), one per core.

Both recipes are computed (a row's ``recipe`` column picks one; a row of recipe 1 with
anything in the columns recipe 1 does not hash, or of an unknown recipe, gets no text and so
does not verify here). A row of recipe 2 with confidential content is checked here like any
other, and its commitment too: 64 hex digits, and where the content is stored,
``sha256(salt || secret)`` equal to it (in SQL on PostgreSQL, in Python on SQLite, which
reads only the few such rows).

Never the last word: a stretch that does not verify here is handed to the reference check,
which decides and names the first bad row. Saying "verifies" is safe because every row's text
here is valid JSON of the recipe's shape whose SHA-256, prefixed with the previous row's
hash, equals the stored hash: a collision aside, the text is then the very text that was
chained, and a JSON text has one reading, so the columns are the ones that were chained.
Text with control characters (escaped differently here) does not verify here, nor does
anything else whose text is not the recipe's; the reference check then decides.

This module imports only the standard library, so a worker process starts in a few
milliseconds rather than importing SQLAlchemy.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import sys
from contextlib import closing
from operator import methodcaller
from pathlib import Path
from typing import Any

__all__ = [
    "POSTGRESQL_HASHES",
    "POSTGRESQL_LINKS",
    "POSTGRESQL_SETTINGS",
    "open_read_only",
    "sqlite_stretch_verifies",
]

GENESIS = "0" * 64  # as comity.ledger.hashing.GENESIS, which this module must not import
STRETCH = 5_000
"""Rows SQLite renders into one string; large enough to make the per-query cost vanish."""

_HEX64 = re.compile(rb"[0-9a-f]{64}")
_ROW_BREAK = b"\x01"
_QUOTE = b"\x02"  # stands for the recipe's own quotes until the columns are escaped
_QUOTES_V1 = 26  # the recipe's own quotes in a row's text, by recipe
_QUOTES_V2 = 36
# Recipe 1 hashes none of the columns of migration 0004, so its rows have them empty.
_PLAIN_V1 = "recipe = 1 AND account = '' AND sealed = '' AND salt = '' AND secret = ''"


def _sqlite_recipe() -> str:
    q = _QUOTE.decode()
    # One printf, not a chain of ||: SQLite copies the growing text at every ||, and this
    # expression runs for every row (printf made the SQL side about 45 % faster).
    v1 = (
        "%s{{Q}actor{Q}:{Q}%s{Q},{Q}payload{Q}:{Q}%s{Q},{Q}recorded_at{Q}:{Q}%s"
        "{Q},{Q}sequence{Q}:%s,{Q}source{Q}:{Q}%s{Q},{Q}type{Q}:{Q}%s"
        "{Q},{Q}valid_from{Q}:{Q}%s{Q}}"
    ).replace("{Q}", q)
    v2 = (
        "%s{{Q}account{Q}:{Q}%s{Q},{Q}actor{Q}:{Q}%s{Q},{Q}payload{Q}:{Q}%s{Q},"
        "{Q}recipe{Q}:2,{Q}recorded_at{Q}:{Q}%s{Q},{Q}sealed{Q}:{Q}%s{Q},"
        "{Q}sequence{Q}:%s,{Q}source{Q}:{Q}%s{Q},{Q}type{Q}:{Q}%s"
        "{Q},{Q}valid_from{Q}:{Q}%s{Q}}"
    ).replace("{Q}", q)
    # Every column goes in raw, dates and times too: Python escapes the whole text, so a
    # stray quote anywhere reads as content, never as the recipe's structure. (A NULL column
    # reads as empty text, which no chained row has: its hash does not match. A row of
    # neither recipe has no text, and its stretch then fails the count of texts.)
    # Recipe 2 first: every row written since migration 0004 is one.
    return (
        f"CASE WHEN recipe = 2 THEN printf('{v2}', prev_hash, account, actor, payload,"
        " recorded_at, sealed, sequence, source, type, valid_from)"
        f" WHEN {_PLAIN_V1} THEN printf('{v1}', prev_hash, actor, payload, recorded_at,"
        " sequence, source, type, valid_from) END"
    )


_SQLITE_STRETCH = (
    "SELECT group_concat(sequence, ','), group_concat(recipe, char(1)),"
    " group_concat(prev_hash, ''), group_concat(hash, ''), sum(quotes), sum(sealed)"
    f" FROM (SELECT sequence, prev_hash, hash, {_sqlite_recipe()} AS recipe,"
    f" CASE recipe WHEN 1 THEN {_QUOTES_V1} ELSE {_QUOTES_V2} END AS quotes,"
    " sealed <> '' OR salt <> '' OR secret <> '' AS sealed"
    " FROM events WHERE sequence BETWEEN ? AND ? ORDER BY sequence)"
)
_SQLITE_SEALED = (
    "SELECT sealed, salt, secret FROM events WHERE sequence BETWEEN ? AND ?"
    " AND (sealed <> '' OR salt <> '' OR secret <> '')"
)


def _json_string(column: str) -> str:
    return f"to_json({column})::text"


_POSTGRESQL_RECIPE_1 = (
    "prev_hash || '{\"actor\":' || "
    + _json_string("actor")
    + " || ',\"payload\":' || "
    + _json_string("payload")
    + " || ',\"recorded_at\":\"' || to_char(recorded_at AT TIME ZONE 'UTC', "
    '\'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\') || \'","sequence":\' || sequence || '
    "',\"source\":' || "
    + _json_string("source")
    + " || ',\"type\":' || "
    + _json_string("type")
    # valid_from::text is YYYY-MM-DD under DateStyle ISO, which the caller sets.
    + " || ',\"valid_from\":\"' || valid_from::text || '\"}'"
)

_POSTGRESQL_RECIPE_2 = (
    "prev_hash || '{\"account\":' || "
    + _json_string("account")
    + " || ',\"actor\":' || "
    + _json_string("actor")
    + " || ',\"payload\":' || "
    + _json_string("payload")
    + ' || \',"recipe":2,"recorded_at":"\' || to_char(recorded_at AT TIME ZONE \'UTC\', '
    '\'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\') || \'","sealed":\' || '
    + _json_string("sealed")
    + " || ',\"sequence\":' || sequence || ',\"source\":' || "
    + _json_string("source")
    + " || ',\"type\":' || "
    + _json_string("type")
    + " || ',\"valid_from\":\"' || valid_from::text || '\"}'"
)

# NULL (no recipe: its hash is then distinct) for a row of neither recipe.
_POSTGRESQL_RECIPE = (
    f"CASE WHEN {_PLAIN_V1} THEN {_POSTGRESQL_RECIPE_1}"
    f" WHEN recipe = 2 THEN {_POSTGRESQL_RECIPE_2} END"
)

# A commitment that is not 64 hex digits, or revealed content that does not match it. The
# salt is read as hex only where it is 64 hex digits (CASE evaluates in order).
_POSTGRESQL_BAD_COMMITMENT = (
    "(sealed <> '' OR salt <> '' OR secret <> '') AND CASE"
    " WHEN sealed !~ '^[0-9a-f]{64}$' THEN true"
    " WHEN salt = '' AND secret = '' THEN false"
    " WHEN salt !~ '^[0-9a-f]{64}$' THEN true"
    " ELSE encode(sha256(decode(salt, 'hex') || textsend(secret)), 'hex') <> sealed END"
)

POSTGRESQL_HASHES = (
    "SELECT count(*), count(*) FILTER (WHERE encode(sha256(textsend("
    + _POSTGRESQL_RECIPE
    + ")), 'hex') IS DISTINCT FROM hash OR "
    + _POSTGRESQL_BAD_COMMITMENT
    + "), current_setting('server_encoding') = 'UTF8'"
    " FROM events WHERE sequence <= %(last)s"
)
"""Rows up to ``last``, how many of them do not hash to their stored hash, and whether the
server keeps text as UTF-8 (only then are the hashed bytes the recipe's).

``textsend`` gives a text's bytes in the client encoding, which the caller sets to UTF8
(with DateStyle ISO) for the query's transaction; on a UTF-8 server it copies them as they
are, where ``convert_to(..., 'UTF8')`` would check them once more (1 to 11 % of the whole
check in bench runs).
"""

POSTGRESQL_SETTINGS = ("SET LOCAL DateStyle = 'ISO, YMD'", "SET LOCAL client_encoding = 'UTF8'")
"""What the transaction of :data:`POSTGRESQL_HASHES` and :data:`POSTGRESQL_LINKS` sets first."""

POSTGRESQL_LINKS = (
    "SELECT count(*), count(*) FILTER (WHERE broken) FROM ("
    " SELECT prev_hash IS DISTINCT FROM coalesce(lag(hash) OVER w, '" + GENESIS + "')"
    " OR sequence IS DISTINCT FROM row_number() OVER w AS broken"
    " FROM events WHERE sequence <= %(last)s WINDOW w AS (ORDER BY sequence)) AS rows"
)
"""Rows up to ``last`` and how many are not numbered 1, 2, 3... or not linked to the row
before by ``prev_hash``."""


def sqlite_stretch_verifies(connection: sqlite3.Connection, first: int, last: int) -> bool:
    """Whether rows ``first`` to ``last`` of the SQLite ledger verify (False: maybe not)."""
    factory = connection.text_factory
    connection.text_factory = bytes
    try:
        prev = GENESIS.encode()
        if first > 1:
            found = connection.execute(
                "SELECT hash FROM events WHERE sequence = ?", (first - 1,)
            ).fetchone()
            if found is None or not isinstance(found[0], bytes):
                return False
            prev = found[0]
        for start in range(first, last + 1, STRETCH):
            end = min(last, start + STRETCH - 1)
            columns = connection.execute(_SQLITE_STRETCH, (start, end)).fetchone()
            if not _stretch_verifies(columns, start, end, prev):
                return False
            # Only a stretch with commitments is read again, for them.
            if columns[5]:
                sealed = connection.execute(_SQLITE_SEALED, (start, end)).fetchall()
                if not all(_commitment_holds(*row) for row in sealed):
                    return False
            prev = columns[3][-64:]
        return True
    finally:
        connection.text_factory = factory


_digest = methodcaller("digest")


def _commitment_holds(sealed: Any, salt: Any, secret: Any) -> bool:
    """A commitment of 64 hex digits, and the content, where revealed, that matches it (as
    :func:`comity.ledger.hashing.stored_row_hash` requires)."""
    if not (isinstance(sealed, bytes) and isinstance(salt, bytes) and isinstance(secret, bytes)):
        return False
    if not _HEX64.fullmatch(sealed):
        return False
    if not salt and not secret:
        return True
    if not _HEX64.fullmatch(salt):
        return False
    try:
        secret.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return hashlib.sha256(bytes.fromhex(salt.decode("ascii")) + secret).hexdigest() == (
        sealed.decode("ascii")
    )


def _stretch_verifies(columns: Any, first: int, last: int, prev: bytes) -> bool:
    numbers, texts, prev_hashes, hashes, quotes, _ = columns
    count = last - first + 1
    if not all(isinstance(c, bytes) for c in columns[:4]) or not isinstance(quotes, int):
        return False
    if numbers != ",".join(map(str, range(first, last + 1))).encode():
        return False
    if prev_hashes[:64] != prev or prev_hashes[64:] != hashes[:-64]:
        return False
    # Each row brings exactly its recipe's placeholders: no column holds one, so none can
    # pose as the recipe's structure once the placeholders become quotes.
    if texts.count(_QUOTE) != quotes or texts.count(_ROW_BREAK) != count - 1:
        return False
    # Escaping only ``\`` and ``"`` is RFC 8785's for text without control characters; a
    # column with one (or with invalid UTF-8) gives a text that is not the recipe's, whose
    # hash then does not match: such rows are left to the reference check.
    escaped = texts.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(_QUOTE, b'"')
    rows = escaped.split(_ROW_BREAK)
    recomputed = b"".join(map(_digest, map(hashlib.sha256, rows))).hex().encode("ascii")
    return bool(recomputed == hashes)


def open_read_only(path: str) -> sqlite3.Connection:
    """A read-only connection to the SQLite file at ``path``."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def main(argv: list[str]) -> int:
    """``python -m comity.chaincheck FILE FIRST LAST``: exit 0 if the rows verify, else 1."""
    path, first, last = argv[0], int(argv[1]), int(argv[2])
    with closing(open_read_only(path)) as connection:
        return 0 if sqlite_stretch_verifies(connection, first, last) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
