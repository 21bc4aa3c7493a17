"""Which witnesses exist and how many must cosign: a C2SP ``tlog-policy`` file.

::

    log <vkey> [<url>]
    witness <name> <vkey> [<url>]
    group <name> all|any|<k> <member>...
    quorum <name>|none

A checkpoint is valid under the policy when a listed log signed it and the quorum group (or
witness) *witnessed* it: a witness by cosigning it, a group when at least *k* of its members
did. Names must be defined on an earlier line, and a member is listed once per group.

The organisation's rule ("a majority of the member states' witnesses") is dated data with its
reference (``charters/sco/witness_policy.yaml``); :func:`member_state_policy` turns it and the
deployed witnesses' keys into a policy file. Reference: https://c2sp.org/tlog-policy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

import yaml

from comity.errors import CheckpointError, WitnessPolicyError
from comity.i18n import N_, Term
from comity.ledger.note import COSIGNATURE, ED25519, Verifier, parse_vkey

__all__ = ["Policy", "WitnessEntry", "load_policy", "member_state_policy", "quorum_rule"]


@dataclass(frozen=True, slots=True)
class WitnessEntry:
    """A witness of the policy: its name there, its cosignature key and submission URL."""

    name: str
    verifier: Verifier
    url: str | None


@dataclass(frozen=True, slots=True)
class Policy:
    """A parsed tlog-policy."""

    logs: tuple[tuple[Verifier, str | None], ...]
    witnesses: Mapping[str, WitnessEntry]
    groups: Mapping[str, tuple[int, tuple[str, ...]]]
    quorum: str
    text: str = field(default="", compare=False)

    def witnessed(self, cosigners: Iterable[str]) -> bool:
        """Whether witnesses with these policy names satisfy the quorum."""
        done = set(cosigners)

        def holds(name: str) -> bool:
            if name == "none":
                return True
            if name in self.witnesses:
                return name in done
            k, members = self.groups[name]
            return sum(holds(m) for m in members) >= k

        return holds(self.quorum)

    def verifiers(self) -> tuple[Verifier, ...]:
        return tuple(w.verifier for w in self.witnesses.values())

    def names_of(self, verifiers: Iterable[Verifier]) -> list[str]:
        keys = {(v.name, v.key_id) for v in verifiers}
        return [
            n for n, w in self.witnesses.items() if (w.verifier.name, w.verifier.key_id) in keys
        ]


def _bad(line: int, reason: str) -> WitnessPolicyError:
    return WitnessPolicyError(
        N_("line {line} of the witness policy: {reason} (C2SP tlog-policy)"),
        value=line,
        params={"line": line, "reason": Term(reason)},
    )


def load_policy(text: str) -> Policy:
    """Parse a tlog-policy file; :class:`~comity.errors.WitnessPolicyError` names the bad
    line."""
    logs: list[tuple[Verifier, str | None]] = []
    witnesses: dict[str, WitnessEntry] = {}
    groups: dict[str, tuple[int, tuple[str, ...]]] = {}
    quorum: str | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        words = raw.replace("\t", " ").split()
        if not words or words[0].startswith("#"):
            continue
        keyword, args = words[0], words[1:]
        if keyword == "log" and len(args) in (1, 2):
            log = _vkey(number, args[0], ED25519)
            logs.append((log, args[1] if len(args) == 2 else None))
        elif keyword == "witness" and len(args) in (2, 3):
            _new_name(number, args[0], witnesses, groups)
            verifier = _vkey(number, args[1], COSIGNATURE)
            witnesses[args[0]] = WitnessEntry(
                args[0], verifier, args[2] if len(args) == 3 else None
            )
        elif keyword == "group" and len(args) >= 3:
            _new_name(number, args[0], witnesses, groups)
            members = tuple(args[2:])
            if len(set(members)) != len(members) or not all(
                m in witnesses or m in groups for m in members
            ):
                raise _bad(number, N_("a group's members are defined earlier, each listed once"))
            threshold = {"all": len(members), "any": 1}.get(args[1])
            if threshold is None:
                if not args[1].isdigit() or not 1 <= int(args[1]) <= len(members):
                    raise _bad(number, N_("a group's threshold is all, any or 1 to its size"))
                threshold = int(args[1])
            groups[args[0]] = (threshold, members)
        elif keyword == "quorum" and len(args) == 1:
            if quorum is not None:
                raise _bad(number, N_("a policy has one quorum line"))
            if args[0] != "none" and args[0] not in witnesses and args[0] not in groups:
                raise _bad(number, N_("the quorum names a witness or group defined earlier"))
            quorum = args[0]
        else:
            raise _bad(number, N_("lines are log, witness, group or quorum"))
    if quorum is None:
        raise _bad(0, N_("a policy has one quorum line"))
    return Policy(tuple(logs), witnesses, groups, quorum, text)


def _new_name(
    number: int, name: str, witnesses: Mapping[str, Any], groups: Mapping[str, Any]
) -> None:
    if name == "none" or name in witnesses or name in groups:
        raise _bad(number, N_("each name is defined once, and none is reserved"))


def _vkey(number: int, text: str, kind: int) -> Verifier:
    try:
        verifier = parse_vkey(text)
    except CheckpointError:
        raise _bad(number, N_("not a verifier key")) from None
    if verifier.kind != kind:
        raise _bad(number, N_("a log key is of type 0x01, a witness key of type 0x04"))
    return verifier


def quorum_rule(on: date) -> dict[str, Any]:
    """The organisation's witness rule in force on ``on``, with its reference, from
    ``charters/sco/witness_policy.yaml``."""
    data = yaml.safe_load(
        resources.files("comity.charters")
        .joinpath("sco", "witness_policy.yaml")
        .read_text(encoding="utf-8")
    )
    values: dict[Any, dict[str, Any]] = data["witness_quorum"]["values"]
    dated = sorted((date.fromisoformat(str(d)), v) for d, v in values.items())
    in_force = [v for d, v in dated if d <= on]
    if not in_force:
        raise WitnessPolicyError(
            N_("no witness rule is in force on {date}"), value=str(on), params={"date": on}
        )
    return in_force[-1]


def member_state_policy(
    log: Verifier, witnesses: Mapping[str, tuple[str, str | None]], on: date
) -> str:
    """A tlog-policy for ``log`` whose quorum is the organisation's rule on ``on`` over the
    member states' ``witnesses`` (ISO3 code -> (vkey, URL)), e.g. a majority of them."""
    rule = quorum_rule(on)
    n = len(witnesses)
    threshold = {"majority": n // 2 + 1, "all": n, "any": 1}[rule["value"]]
    lines = [
        f"# Witness policy of {log.name} on {on.isoformat()}: {rule['value']} of the",
        f"# member states' witnesses ({rule['reference']['url']}).",
        f"log {log.vkey()}",
    ]
    for state, (vkey, url) in sorted(witnesses.items()):
        lines.append(" ".join(x for x in ("witness", state, vkey, url) if x))
    lines.append(f"group member-states {threshold} {' '.join(sorted(witnesses))}")
    lines.append("quorum member-states")
    return "\n".join(lines) + "\n"
