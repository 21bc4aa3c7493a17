"""Signed notes (C2SP ``signed-note``), verifier keys and timestamped cosignatures (C2SP
``tlog-cosignature``, Ed25519, ``cosignature/v1``), as the transparency-log tools write them.

A note is a text ending in a newline, a blank line, then one signature line per key::

    <text, one or more lines, each ending in U+000A>

    — <key name> base64(key ID, 4 bytes big-endian || signature)

A key is named by its *verifier key* (``vkey``), ``<name>+<hex key ID>+base64(type || public
key)``, with ``key ID = SHA-256(name || 0x0A || type || public key)[:4]``. Two types are used
here: ``0x01``, an Ed25519 signature of the text (the log's checkpoint signature), and
``0x04``, a witness's cosignature: 8 bytes of big-endian POSIX time then an Ed25519
signature of ``"cosignature/v1\\ntime <t>\\n" || text``.

Verifying follows the specification: signatures from unknown keys (another name *or* another
key ID) are ignored; a known key whose signature fails makes the whole note bad; a note with no
good signature from a known key is refused. Go's ``golang.org/x/mod/sumdb/note`` opens the
notes made here (the tests check it), and these functions open Go's.

References: https://c2sp.org/signed-note, https://c2sp.org/tlog-cosignature.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from comity.errors import CheckpointError
from comity.i18n import N_, Term
from comity.ledger.keys import raw_public_key

__all__ = [
    "COSIGNATURE",
    "ED25519",
    "Note",
    "Signature",
    "Verifier",
    "cosign",
    "open_note",
    "parse_note",
    "parse_vkey",
    "sign_note",
    "signature_line",
]

ED25519 = 0x01
"""The signature type of a plain Ed25519 note signature (the log's)."""
COSIGNATURE = 0x04
"""The signature type of a timestamped Ed25519 checkpoint cosignature (a witness's)."""

_DASH = "\u2014"
# Key names: non-empty, no Unicode space, no "+" (signed-note, Format).
_NAME = re.compile(r"[^\s+]+")
_MAX_SIGNATURES = 64  # the specification asks for at least 16


def key_id(name: str, kind: int, public: bytes) -> bytes:
    """``SHA-256(name || 0x0A || type || public key)[:4]``, the 4 bytes a signature starts with."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([kind]) + public).digest()[:4]


def cosigned_message(text: str, timestamp: int) -> bytes:
    """What a ``cosignature/v1`` signs: the header, the time and the checkpoint's text."""
    return f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()


@dataclass(frozen=True, slots=True)
class Signature:
    """One signature line: the key's name, its 4-byte id and the rest of the signature."""

    name: str
    key_id: bytes
    signature: bytes

    def line(self) -> str:
        encoded = base64.b64encode(self.key_id + self.signature).decode("ascii")
        return f"{_DASH} {self.name} {encoded}\n"

    @property
    def timestamp(self) -> int | None:
        """A cosignature's POSIX time (its first 8 bytes), if it has the length of one."""
        if len(self.signature) != 8 + 64:
            return None
        return int(struct.unpack(">Q", self.signature[:8])[0])


@dataclass(frozen=True, slots=True)
class Verifier:
    """A public key that checks one kind of signature under one name."""

    name: str
    kind: int
    public_key: Ed25519PublicKey

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.kind, raw_public_key(self.public_key))

    def vkey(self) -> str:
        """``<name>+<hex key ID>+base64(type || public key)``."""
        material = bytes([self.kind]) + raw_public_key(self.public_key)
        return f"{self.name}+{self.key_id.hex()}+{base64.b64encode(material).decode('ascii')}"

    def verifies(self, text: str, signature: Signature) -> bool:
        """Whether ``signature`` is this key's good signature of ``text``."""
        try:
            if self.kind == ED25519:
                self.public_key.verify(signature.signature, text.encode())
                return True
            stamp = signature.timestamp
            if stamp is None:
                return False
            self.public_key.verify(signature.signature[8:], cosigned_message(text, stamp))
            return True
        except InvalidSignature:
            return False

    def matches(self, signature: Signature) -> bool:
        return signature.name == self.name and signature.key_id == self.key_id


def parse_vkey(text: str) -> Verifier:
    """A :class:`Verifier` from its vkey; raises :class:`~comity.errors.CheckpointError`
    for anything else."""
    parts = text.strip().split("+", 2)  # base64 may itself contain "+"
    try:
        if len(parts) != 3 or not _NAME.fullmatch(parts[0]):
            raise ValueError(text)
        name, hex_id, encoded = parts
        material = base64.b64decode(encoded, validate=True)
        if len(material) != 33 or material[0] not in (ED25519, COSIGNATURE):
            raise ValueError(text)
        public = Ed25519PublicKey.from_public_bytes(material[1:])
        verifier = Verifier(name, material[0], public)
        if bytes.fromhex(hex_id) != verifier.key_id or len(hex_id) != 8:
            raise ValueError(text)
    except (ValueError, binascii.Error):
        raise CheckpointError(
            N_(
                "a verifier key is <name>+<8 hex digits>+<base64 of a type byte and an"
                " Ed25519 key>, as comity key public prints it; got {found!r}"
            ),
            value=text.strip()[:200],
            params={"found": text.strip()[:200]},
        ) from None
    return verifier


@dataclass(frozen=True, slots=True)
class Note:
    """A parsed note: its text (ending in a newline) and its signature lines."""

    text: str
    signatures: tuple[Signature, ...]

    def render(self) -> str:
        return self.text + "\n" + "".join(s.line() for s in self.signatures)

    def with_signatures(self, extra: Iterable[Signature]) -> Note:
        """This note with ``extra`` signatures added (one line per name and key id)."""
        seen = {(s.name, s.key_id) for s in self.signatures}
        added = [s for s in extra if (s.name, s.key_id) not in seen]
        return Note(self.text, self.signatures + tuple(added))


def _malformed(reason: str) -> CheckpointError:
    return CheckpointError(
        N_("not a signed note (C2SP signed-note): {reason}"),
        params={"reason": Term(reason)},
    )


def parse_note(message: str) -> Note:
    """Split a signed note into text and signatures, checking only its form."""
    if any(ord(c) < 0x20 and c != "\n" for c in message):
        raise _malformed(N_("control character"))
    if not message.endswith("\n"):
        raise _malformed(N_("no final newline"))
    split = message.rfind("\n\n")
    if split < 0:
        raise _malformed(N_("no blank line before the signatures"))
    text, block = message[: split + 1], message[split + 2 :]
    signatures = [parse_signature_line(line) for line in block.splitlines()]
    if not signatures:
        raise _malformed(N_("no signature"))
    if len(signatures) > _MAX_SIGNATURES:
        raise _malformed(N_("too many signatures"))
    return Note(text, tuple(signatures))


def parse_signature_line(line: str) -> Signature:
    """One ``— <name> <base64>`` line (without its newline)."""
    parts = line.split(" ")
    if len(parts) != 3 or parts[0] != _DASH or not _NAME.fullmatch(parts[1]):
        raise _malformed(N_("a signature line is '\u2014 <key name> <base64>'"))
    try:
        raw = base64.b64decode(parts[2], validate=True)
    except binascii.Error:
        raise _malformed(N_("a signature is not base64")) from None
    if len(raw) < 5:
        raise _malformed(N_("a signature is too short"))
    return Signature(parts[1], raw[:4], raw[4:])


def open_note(message: str, verifiers: Sequence[Verifier]) -> tuple[Note, list[Verifier]]:
    """The note and the ``verifiers`` whose good signatures it bears.

    Raises :class:`~comity.errors.CheckpointError` if a known key's signature fails, or if no
    known key signed it.
    """
    note = parse_note(message)
    good: list[Verifier] = []
    for signature in note.signatures:
        for verifier in verifiers:
            if verifier.matches(signature):
                if not verifier.verifies(note.text, signature):
                    raise CheckpointError(
                        N_("the signature of {name} on the note does not verify"),
                        value=verifier.name,
                        params={"name": verifier.name},
                    )
                if verifier not in good:
                    good.append(verifier)
    if not good:
        raise CheckpointError(
            N_("the note bears no signature of the keys given ({names})"),
            params={"names": ", ".join(v.name for v in verifiers) or "-"},
        )
    return note, good


def signature_line(name: str, key: Ed25519PrivateKey, text: str) -> Signature:
    """The log's Ed25519 signature (type ``0x01``) of ``text``."""
    return Signature(
        name, key_id(name, ED25519, raw_public_key(key.public_key())), key.sign(text.encode())
    )


def sign_note(text: str, name: str, key: Ed25519PrivateKey) -> str:
    """``text`` signed by ``key`` under ``name``, as a note."""
    if not text.endswith("\n") or "\n\n" in text:
        raise ValueError("a note's text ends in a newline and has no blank line here")
    return Note(text, (signature_line(name, key, text),)).render()


def cosign(text: str, name: str, key: Ed25519PrivateKey, timestamp: int) -> Signature:
    """A witness's ``cosignature/v1`` (type ``0x04``) of a checkpoint's ``text`` at
    ``timestamp`` (POSIX seconds, not 0)."""
    if not 0 < timestamp < 2**63:
        raise ValueError(f"a cosignature's time is between 1 and 2**63 - 1, got {timestamp}")
    signature = key.sign(cosigned_message(text, timestamp))
    public = raw_public_key(key.public_key())
    return Signature(
        name, key_id(name, COSIGNATURE, public), struct.pack(">Q", timestamp) + signature
    )


def verifier_of(name: str, key: Ed25519PublicKey, kind: int = ED25519) -> Verifier:
    """The :class:`Verifier` of ``key`` under ``name``."""
    return Verifier(name, kind, key)
