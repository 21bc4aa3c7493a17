# ruff: noqa: RUF002 (Chinese punctuation in the doctest is the translation itself)
"""Errors in the reader's language: a ``title`` for every code, a ``detail`` where translated.

The ``code`` never changes with the language; scripts branch on it. Every code has a
translated title. A ``detail`` is translated when the error was raised with a template
marked ``N_(...)`` and ``params`` (the errors users hit most: dates, unknown states, bodies
and statuses, positions, eligibility, logins, roles and CSRF); other errors keep their English
sentence, and ``comity i18n missing`` lists those codes.

>>> from comity.errors import InvalidDateError
>>> error = InvalidDateError("{what} are YYYY-MM-DD, got {text!r}", params={"what": "dates",
...     "text": "2017-13-01"})
>>> title("invalid_date", "zh_Hans"), detail(error, "zh_Hans")
('日期无效', "dates：日期格式应为 YYYY-MM-DD，收到的是 '2017-13-01'")
"""

from __future__ import annotations

from comity import errors as e
from comity.i18n import DEFAULT, N_, active, is_translated, translations

#: The title of every problem code, in English; the catalogues translate them.
TITLES: dict[str, str] = {
    "comity_error": N_("Error"),
    "invalid_input": N_("Invalid input"),
    "invalid_date": N_("Invalid date"),
    "unknown_state": N_("Unknown state"),
    "unknown_body": N_("Unknown body"),
    "unknown_rule": N_("Unknown decision rule"),
    "unknown_status": N_("Unknown status"),
    "unknown_document": N_("Unknown document"),
    "unknown_reform": N_("Unknown reform"),
    "unknown_meeting": N_("Unknown meeting"),
    "malformed_positions": N_("Malformed positions"),
    "not_eligible": N_("Not eligible"),
    "malformed_actor": N_("Malformed actor"),
    "malformed_command": N_("Malformed command"),
    "procedure_refused": N_("Procedure refused"),
    "actor_not_allowed": N_("Actor not allowed"),
    "wrong_status": N_("Wrong status"),
    "wrong_order": N_("Wrong order"),
    "wrong_date": N_("Wrong date"),
    "not_adopted": N_("Not adopted"),
    "no_such_procedure": N_("No such procedure"),
    "right_suspended": N_("Right suspended"),
    "charter_invalid": N_("Charter data invalid"),
    "no_charter_in_force": N_("No charter in force"),
    "reference_data_invalid": N_("Reference data invalid"),
    "data_unavailable": N_("Data unavailable"),
    "ledger_error": N_("Ledger error"),
    "ledger_conflict": N_("Ledger conflict"),
    "ledger_unavailable": N_("Ledger unavailable"),
    "chain_broken": N_("Hash chain broken"),
    "invalid_actor": N_("Invalid actor"),
    "event_unencodable": N_("Event cannot be encoded"),
    "row_undecodable": N_("Stored row cannot be decoded"),
    "ledger_not_empty": N_("Ledger not empty"),
    "backup_invalid": N_("Backup invalid"),
    "checkpoint_invalid": N_("Checkpoint invalid"),
    "signing_key_unusable": N_("Signing key unusable"),
    "access_denied": N_("Access denied"),
    "authentication_failed": N_("Authentication failed"),
    "forbidden": N_("Forbidden"),
    "csrf_failed": N_("CSRF check failed"),
    "too_many_attempts": N_("Too many attempts"),
    "account_exists": N_("Account exists"),
    # Raised by the HTTP layer rather than by comity's own errors.
    "invalid_request": N_("Invalid request"),
    "not_found": N_("Not found"),
    "method_not_allowed": N_("Method not allowed"),
    "http_error": N_("HTTP error"),
}


def title(code: str, lang: str | None = None) -> str:
    """The title of a problem code in ``lang`` (an unknown code reads as its own words)."""
    english = TITLES.get(code) or code.replace("_", " ").capitalize()
    return translations(lang or active()).gettext(english)


def detail(error: e.ComityError, lang: str | None = None) -> str:
    """The error's sentence in ``lang``, or in English when it has no translation."""
    if error.template is None:
        return error.message
    return translations(lang or active()).gettext(error.template).format(**error.params)


def is_localised(error: e.ComityError, lang: str | None = None) -> bool:
    """Whether :func:`detail` gives ``lang`` rather than the English fallback."""
    lang = lang or active()
    return lang == DEFAULT or (error.template is not None and is_translated(error.template, lang))


def all_codes() -> set[str]:
    """Every code of the error tree (new error classes included, for the catalogue check)."""
    found: set[str] = set()
    stack: list[type[e.ComityError]] = [e.ComityError]
    while stack:
        cls = stack.pop()
        found.add(cls.code)
        stack.extend(cls.__subclasses__())
    return found
