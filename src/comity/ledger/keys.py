"""The Ed25519 key that signs checkpoints: made on first use, kept private, never shown.

The private key lives in one PEM file (PKCS #8, unencrypted: comity signs unattended) that
only its owner may read or write (mode 0600), in a folder made 0700 if comity creates it.
A key file that others can read is refused rather than used, as ``ssh`` refuses one. No
message, log line or ``repr`` contains the private key; only the public key and its id are
ever printed.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     key = load_or_create_signing_key(Path(folder) / "keys" / "checkpoint-key.pem")
...     oct((Path(folder) / "keys" / "checkpoint-key.pem").stat().st_mode & 0o777)
'0o600'
>>> len(key_id(key.public_key()))
16
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from comity.errors import SigningKeyError
from comity.i18n import N_, Term, reason_of

__all__ = [
    "key_id",
    "load_or_create_signing_key",
    "load_public_key",
    "public_key_pem",
    "raw_public_key",
]


# A signed-note verifier key: name, 8 hex digits of key id, base64 of type byte and key.
_VKEY = re.compile(r"[^\s+]+\+[0-9a-f]{8}\+([A-Za-z0-9+/]{43}[A-Za-z0-9+/=]=?)")


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    """The 32 bytes of an Ed25519 public key (RFC 8032)."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    """A short name for a public key: the first 16 hex digits of SHA-256 of its 32 bytes."""
    return hashlib.sha256(raw_public_key(key)).hexdigest()[:16]


def public_key_pem(key: Ed25519PublicKey) -> str:
    """The public key as PEM (SubjectPublicKeyInfo), as ``openssl pkey -pubout`` prints it."""
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def load_public_key(text: str) -> Ed25519PublicKey:
    """A public key from PEM, from base64 of its 32 bytes, or from a signed-note verifier
    key ``<name>+<key id>+<base64>`` (as ``comity key public`` prints it)."""
    text = text.strip()
    try:
        vkey = _VKEY.fullmatch(text)
        if vkey:
            material = base64.b64decode(vkey[1], validate=True)
            if len(material) == 33:
                return Ed25519PublicKey.from_public_bytes(material[1:])
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode("ascii"))
            if not isinstance(key, Ed25519PublicKey):
                raise ValueError(Term(N_("not an Ed25519 key")))
            return key
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (ValueError, TypeError, UnsupportedAlgorithm, binascii.Error) as e:
        raise SigningKeyError(
            N_(
                "a public key is PEM ('-----BEGIN PUBLIC KEY-----' ...) or base64 of 32 bytes,"
                " as comity key public prints it ({reason})"
            ),
            params={"reason": reason_of(e)},
        ) from e


def load_or_create_signing_key(path: Path) -> Ed25519PrivateKey:
    """The private key in ``path``, made there first if there is none.

    Two processes making the key at once end up with the same one: each writes a complete
    file under a temporary name and links it into place only if no key is there yet.
    Raises :class:`~comity.errors.SigningKeyError` for a file others may read, one that is
    not an Ed25519 key, or a folder that cannot be written.
    """
    if not path.exists():
        _create(path)
    return _load(path)


def _create(path: Path) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        handle, temporary = tempfile.mkstemp(prefix=".checkpoint-key.", dir=path.parent)
    except OSError as e:
        raise SigningKeyError(
            N_(
                "cannot make the checkpoint signing key in {folder} ({reason}); set"
                " COMITY_KEY_FILE to a path in a writable folder"
            ),
            value=str(path),
            params={"folder": path.parent, "reason": e.strerror},
        ) from e
    try:
        # mkstemp makes the file 0600 before a byte of the key is written.
        with os.fdopen(handle, "wb") as stream:
            stream.write(pem)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made the key first: use that one
        except OSError as e:
            raise SigningKeyError(
                N_(
                    "cannot store the checkpoint signing key at {path} ({reason}); set"
                    " COMITY_KEY_FILE to a path in a writable folder"
                ),
                value=str(path),
                params={"path": path, "reason": e.strerror},
            ) from e
    finally:
        Path(temporary).unlink(missing_ok=True)


def _load(path: Path) -> Ed25519PrivateKey:
    try:
        mode = path.stat().st_mode
        if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise SigningKeyError(
                N_(
                    "the checkpoint signing key {path} can be read or written by others (mode"
                    " {mode}); make it private with: chmod 600 {path}"
                ),
                value=str(path),
                params={"path": path, "mode": f"{stat.S_IMODE(mode):04o}"},
            )
        data = path.read_bytes()
    except OSError as e:
        raise SigningKeyError(
            N_("cannot read the checkpoint signing key {path} ({reason})"),
            value=str(path),
            params={"path": path, "reason": e.strerror},
        ) from e
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        # The parser's message could quote the file; say nothing of its content.
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(
            N_(
                "{path} is not an unencrypted Ed25519 private key in PEM; move it away and a new"
                " key is made on next use (checkpoints signed with the old key stay checkable"
                " with its public key)"
            ),
            value=str(path),
            params={"path": path},
        ) from None
    return key
