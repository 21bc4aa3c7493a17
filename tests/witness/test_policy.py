"""The witness policy follows C2SP tlog-policy: its example's two-level quorum holds exactly
when two of the X witnesses and one of the Y witnesses cosigned, names must be defined before
use and once, and the organisation's rule (a majority of the member states' witnesses) is
dated data with its reference."""

from __future__ import annotations

from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from comity.errors import WitnessPolicyError
from comity.ledger.checkpoints import log_verifier
from comity.ledger.note import COSIGNATURE, Verifier
from comity.witness.policy import load_policy, member_state_policy, quorum_rule


def _vkey(name: str, kind: int = COSIGNATURE) -> str:
    return Verifier(name, kind, Ed25519PrivateKey.generate().public_key()).vkey()


LOG = log_verifier("sco.example/ledger", Ed25519PrivateKey.generate().public_key()).vkey()


def test_the_specifications_example_quorum_of_two_groups() -> None:
    # c2sp.org/tlog-policy, "Example policy": X-witnesses 2 of 3, Y-witnesses any, X-and-Y all.
    lines = [f"log {LOG}", ""]
    lines += [f"witness X{i} {_vkey(f'x{i}.example')}" for i in (1, 2, 3)]
    lines += ["group X-witnesses 2 X1 X2 X3", "  # a comment", ""]
    lines += [f"witness\tY{i} {_vkey(f'y{i}.example')} https://y{i}.example/" for i in (1, 2, 3)]
    lines += ["group Y-witnesses any Y1 Y2 Y3", "group X-and-Y all X-witnesses Y-witnesses"]
    lines += ["quorum X-and-Y"]
    policy = load_policy("\n".join(lines) + "\n")
    assert policy.witnessed(["X1", "X3", "Y2"])
    assert not policy.witnessed(["X1", "Y1", "Y2", "Y3"])  # one X only
    assert not policy.witnessed(["X1", "X2", "X3"])  # no Y
    assert policy.witnesses["Y2"].url == "https://y2.example/"
    assert policy.witnesses["X1"].url is None
    assert load_policy("quorum none\n").witnessed([])


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("group G 1 A\nquorum G\n", 1),  # A is not defined
        (f"witness A {_vkey('a')}\nwitness A {_vkey('b')}\nquorum A\n", 2),
        (f"witness A {_vkey('a')}\ngroup G 2 A\nquorum G\n", 2),  # threshold above n
        (f"witness A {_vkey('a')}\ngroup G 1 A A\nquorum G\n", 2),  # a member twice
        (f"witness A {_vkey('a')}\nquorum A\nquorum A\n", 3),
        (f"witness A {LOG}\nquorum A\n", 1),  # a log key (0x01) as a witness key
        (f"log {_vkey('w')}\nquorum none\n", 1),  # a witness key as a log key
        ("witness none x\nquorum none\n", 1),
        ("frobnicate\nquorum none\n", 1),
        (f"witness A {_vkey('a')}\n", 0),  # no quorum line
    ],
)
def test_a_malformed_policy_names_its_line(text: str, line: int) -> None:
    with pytest.raises(WitnessPolicyError) as caught:
        load_policy(text)
    assert caught.value.value == line


def test_the_member_states_rule_is_a_dated_majority_with_its_reference() -> None:
    rule = quorum_rule(date(2026, 12, 4))
    assert rule["value"] == "majority"
    assert rule["reference"]["url"] == "https://c2sp.org/tlog-policy"
    with pytest.raises(WitnessPolicyError):
        quorum_rule(date(2026, 12, 3))
    log = log_verifier("sco.example/ledger", Ed25519PrivateKey.generate().public_key())
    for n, k in ((1, 1), (2, 2), (3, 2), (4, 3), (10, 6)):  # more than half: n // 2 + 1
        states = {f"S{i:02}": (_vkey(f"s{i}.example"), None) for i in range(n)}
        policy = load_policy(member_state_policy(log, states, date(2027, 1, 1)))
        assert policy.groups["member-states"][0] == k
        assert policy.logs[0][0].vkey() == log.vkey()
