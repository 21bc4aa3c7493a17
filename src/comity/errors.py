"""Every error comity raises on purpose, as one tree.

::

    ComityError                      code                    meaning
    ├── InputError                   invalid_input           a value given by a user is malformed
    │   ├── InvalidDateError         invalid_date            not a real YYYY-MM-DD date
    │   ├── UnknownStateError        unknown_state           not an ISO 3166-1 alpha-3 code
    │   ├── UnknownBodyError         unknown_body            no such body in the charter
    │   ├── UnknownRuleError         unknown_rule            no such decision rule
    │   ├── UnknownStatusError       unknown_status          no such status
    │   ├── UnknownDocumentError     unknown_document        no such document in the record
    │   ├── UnknownReformError       unknown_reform          no such reform overlay
    │   ├── UnknownMeetingError      unknown_meeting         no such meeting on record
    │   ├── MalformedPositionsError  malformed_positions     "ISO3=position,..." cannot be read
    │   ├── NotEligibleError         not_eligible            a state takes no part in that body
    │   ├── MalformedActorError      malformed_actor         not "secretariat", "delegation:ISO3"...
    │   ├── MalformedCommandError    malformed_command       a procedure's command is incomplete
    │   └── NotAcceptableError       not_acceptable          no such format of that resource
    ├── ProcedureError               procedure_refused       the charter or the record forbids it
    │   ├── ActorNotAllowedError     actor_not_allowed       that actor may not run it (here)
    │   ├── WrongStatusError         wrong_status            the state's status does not allow it
    │   ├── WrongOrderError          wrong_order             an earlier step is missing, or done
    │   │   └── AccessionIncompleteError                     a treaty its memorandum lists not
    │   │                                accession_incomplete    acceded to before admission
    │   ├── WrongDateError           wrong_date              not possible on that date
    │   │   └── FutureDateError      future_date             after today, and not scheduled
    │   ├── NotAdoptedError          not_adopted             the decision it needs was not taken
    │   ├── NoSuchProcedureError     no_such_procedure       the charter in force has no such step
    │   ├── QuorumNotMetError        quorum_not_met          too few present, or some not yet heard
    │   ├── RightSuspendedError      right_suspended         a measure suspends the right it needs
    │   └── DecisionNotOnRecordError decision_not_on_record  the body's decision is not named
    ├── AccessError                  access_denied           who is asking does not allow it
    │   ├── AuthenticationError      authentication_failed   unknown account, password or token
    │   │   └── AccountDisabledError account_disabled        the account is disabled
    │   ├── PermissionDeniedError    forbidden               the role may not do this
    │   ├── CsrfError                csrf_failed             a form without its session's token
    │   ├── TooManyAttemptsError     too_many_attempts       logins refused after failures
    │   └── AccountExistsError       account_exists          the account name is taken
    ├── CharterError                 charter_invalid         reference charter data is inconsistent
    │   └── NoCharterInForceError    no_charter_in_force     asked about a date before any rule
    ├── ReferenceDataError           reference_data_invalid  a reference history file is wrong
    ├── DataSourceError              data_unavailable        outside data cannot be fetched or read
    └── LedgerError                  ledger_error            the event store failed
        ├── LedgerConflictError      ledger_conflict         another writer appended first
        ├── LedgerUnavailableError   ledger_unavailable      the database cannot be reached
        ├── ChainBrokenError         chain_broken            the hash chain does not verify
        ├── InvalidActorError        invalid_actor           an actor is not "role" or "role:id"
        ├── UnencodableEventError    event_unencodable       an event has no canonical JSON form
        ├── UndecodableRowError      row_undecodable         a stored row is not a valid event
        ├── LedgerNotEmptyError      ledger_not_empty        import needs an empty ledger
        ├── BackupFileError          backup_invalid          a backup file is unreadable or broken
        ├── CheckpointError          checkpoint_invalid      a checkpoint or proof is bad
        │   └── WitnessPolicyError   witness_policy_invalid  a witness policy file is malformed
        ├── SigningKeyError          signing_key_unusable    the signing key is unusable
        └── WitnessError             witness_quorum_missing  too few witnesses cosigned

Each error carries a stable ``code`` (for the API and scripts), the offending ``value``
where there is one, and a sentence that teaches the right form. The CLI turns any of them
into a message and exit status 2; the API maps them to RFC 9457 problem details.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


class ComityError(Exception):
    """Root of every error comity raises on purpose."""

    code: ClassVar[str] = "comity_error"

    def __init__(
        self, message: str, *, value: Any = None, params: Mapping[str, Any] | None = None
    ) -> None:
        # With ``params`` the message is a template marked for translation (``N_("... {x}")``):
        # the English text is formatted now, other languages at the boundary
        # (:func:`comity.i18n.errors.detail`).
        self.template = message if params is not None else None
        self.params = dict(params or {})
        self.message = message if params is None else _english(message, self.params)
        super().__init__(self.message)
        self.value = value

    def render(self, lang: str | None = None) -> str:
        """The sentence in ``lang`` (as :func:`comity.i18n.errors.detail` gives it): an error
        caught and quoted in another error's message reads in the reader's language too.

        An error raised without a template keeps its English sentence."""
        if self.template is None:
            return self.message
        from comity.i18n import format_message  # late: keeps this module free of imports

        return format_message(self.template, self.params, lang)

    def to_dict(self) -> dict[str, Any]:
        """The error as JSON-ready data: ``{"code", "message", "value"}``."""
        data: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.value is not None:
            data["value"] = self.value if isinstance(self.value, str | int) else str(self.value)
        return data


def _english(template: str, params: Mapping[str, Any]) -> str:
    from comity.i18n import format_message  # late: keeps this module free of imports

    return format_message(template, params, "en")


class InputError(ComityError):
    code = "invalid_input"


class InvalidDateError(InputError):
    code = "invalid_date"


class UnknownStateError(InputError):
    code = "unknown_state"


class UnknownBodyError(InputError):
    code = "unknown_body"


class UnknownRuleError(InputError):
    code = "unknown_rule"


class UnknownStatusError(InputError):
    code = "unknown_status"


class UnknownMeetingError(InputError):
    code = "unknown_meeting"


class UnknownReformError(InputError):
    code = "unknown_reform"


class UnknownDocumentError(InputError):
    code = "unknown_document"


class MalformedPositionsError(InputError):
    code = "malformed_positions"


class NotEligibleError(InputError):
    code = "not_eligible"


class MalformedActorError(InputError):
    code = "malformed_actor"


class MalformedCommandError(InputError):
    code = "malformed_command"


class NotAcceptableError(InputError):
    code = "not_acceptable"


class ProcedureError(ComityError):
    code = "procedure_refused"


class ActorNotAllowedError(ProcedureError):
    code = "actor_not_allowed"


class WrongStatusError(ProcedureError):
    code = "wrong_status"


class WrongOrderError(ProcedureError):
    code = "wrong_order"


class AccessionIncompleteError(WrongOrderError):
    """An applicant has not acceded to every treaty its memorandum of obligations lists."""

    code = "accession_incomplete"


class WrongDateError(ProcedureError):
    code = "wrong_date"


class NotAdoptedError(ProcedureError):
    code = "not_adopted"


class NoSuchProcedureError(ProcedureError):
    code = "no_such_procedure"


class QuorumNotMetError(ProcedureError):
    code = "quorum_not_met"


class RightSuspendedError(ProcedureError):
    code = "right_suspended"


class CharterError(ComityError):
    code = "charter_invalid"


class NoCharterInForceError(CharterError):
    code = "no_charter_in_force"


class ReferenceDataError(ComityError):
    code = "reference_data_invalid"


class DataSourceError(ComityError):
    code = "data_unavailable"


class LedgerError(ComityError):
    code = "ledger_error"


class LedgerConflictError(LedgerError):
    code = "ledger_conflict"


class LedgerUnavailableError(LedgerError):
    code = "ledger_unavailable"


class ChainBrokenError(LedgerError):
    code = "chain_broken"


class InvalidActorError(LedgerError):
    code = "invalid_actor"


class UnencodableEventError(LedgerError):
    code = "event_unencodable"


class UndecodableRowError(LedgerError):
    code = "row_undecodable"


class LedgerNotEmptyError(LedgerError):
    code = "ledger_not_empty"


class BackupFileError(LedgerError):
    code = "backup_invalid"


class CheckpointError(LedgerError):
    code = "checkpoint_invalid"


class SigningKeyError(LedgerError):
    code = "signing_key_unusable"


class WitnessPolicyError(CheckpointError):
    code = "witness_policy_invalid"


class WitnessError(LedgerError):
    code = "witness_quorum_missing"


class AccessError(ComityError):
    code = "access_denied"


class AuthenticationError(AccessError):
    code = "authentication_failed"


class PermissionDeniedError(AccessError):
    code = "forbidden"


class CsrfError(AccessError):
    code = "csrf_failed"


class TooManyAttemptsError(AccessError):
    code = "too_many_attempts"


class AccountExistsError(AccessError):
    code = "account_exists"


class AccountDisabledError(AuthenticationError):
    code = "account_disabled"


class FutureDateError(WrongDateError):
    code = "future_date"


class DecisionNotOnRecordError(ProcedureError):
    code = "decision_not_on_record"
