"""Which errors are the server's fault: only those answer with a 5xx (issue #15)."""

from __future__ import annotations

from comity import errors as e
from comity.api.problems import status_of


def every_error() -> set[type[e.ComityError]]:
    found: set[type[e.ComityError]] = set()
    todo = [e.ComityError]
    while todo:
        kind = todo.pop()
        found.add(kind)
        todo.extend(kind.__subclasses__())
    return found


#: The server's own faults, each with why no caller's input can cause it.
SERVER_FAULTS = {
    e.ComityError: 500,  # raised bare only by the CLI's backup of a database file
    e.CharterError: 500,  # the reference charter's YAML is inconsistent; an unknown reform
    # named by a caller is UnknownReformError (400), not this
    e.ReferenceDataError: 500,  # a reference history file is wrong
    e.DataSourceError: 500,  # the server's copy of outside data is missing or unreadable
    e.LedgerError: 500,
    e.LedgerUnavailableError: 503,  # the database is down
    e.ChainBrokenError: 500,  # the stored chain does not verify
    e.InvalidActorError: 500,  # actors reach the ledger parsed by parse_actor (400 before)
    e.UnencodableEventError: 500,  # a lone surrogate in JSON is refused by the request's schema
    e.UndecodableRowError: 500,  # a stored row is not a valid event
    e.LedgerNotEmptyError: 500,  # CLI only: import into a used ledger
    e.BackupFileError: 500,  # CLI only
    e.CheckpointError: 500,  # CLI only
    e.SigningKeyError: 500,  # the server's signing key
    e.WitnessPolicyError: 500,  # the server's witness policy file (COMITY_WITNESS_POLICY)
    e.WitnessError: 500,  # CLI only: after an append the API's hook keeps it, publishing nothing
}


def test_only_the_servers_own_faults_are_5xx() -> None:
    fives = {kind: status_of(kind) for kind in every_error() if status_of(kind) >= 500}
    assert fives == SERVER_FAULTS


def test_every_error_a_caller_can_cause_is_4xx() -> None:
    for kind in every_error():
        if issubclass(kind, e.InputError | e.ProcedureError | e.AccessError):
            assert 400 <= status_of(kind) < 500, kind
    # The charter's refusal of a date before it is the caller's, though a CharterError.
    assert status_of(e.NoCharterInForceError) == 422
    assert status_of(e.UnknownReformError) == 400
