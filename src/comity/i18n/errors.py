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

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from comity import errors as e
from comity.i18n import (
    DEFAULT,
    N_,
    Renderable,
    active,
    format_message,
    is_translated,
    translations,
)

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
    "accession_incomplete": N_("Accession incomplete"),
    "wrong_date": N_("Wrong date"),
    "not_adopted": N_("Not adopted"),
    "no_such_procedure": N_("No such procedure"),
    "right_suspended": N_("Right suspended"),
    "quorum_not_met": N_("Quorum not met"),
    "not_acceptable": N_("Format not available"),
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
    "witness_policy_invalid": N_("Witness policy invalid"),
    "witness_quorum_missing": N_("Witness quorum missing"),
    "access_denied": N_("Access denied"),
    "authentication_failed": N_("Authentication failed"),
    "forbidden": N_("Forbidden"),
    "csrf_failed": N_("CSRF check failed"),
    "too_many_attempts": N_("Too many attempts"),
    "account_exists": N_("Account exists"),
    "account_disabled": N_("Account disabled"),
    "decision_not_on_record": N_("Decision not on record"),
    "future_date": N_("Date in the future"),
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
    """The error's sentence in ``lang``, or in English when it has no translation.

    Params are rendered in ``lang`` too (:func:`comity.i18n.render`): phrases, terms,
    statuses and other names.
    """
    return error.render(lang)


def is_localised(error: e.ComityError, lang: str | None = None) -> bool:
    """Whether :func:`detail` gives ``lang`` rather than the English fallback."""
    lang = lang or active()
    if lang == DEFAULT:
        return True
    if error.template is None:
        return False
    # A template the same in both languages ("{where}: {reason}") is localised by its params.
    return is_translated(error.template, lang) or detail(error, lang) != error.message


def all_codes() -> set[str]:
    """Every code of the error tree (new error classes included, for the catalogue check)."""
    found: set[str] = set()
    stack: list[type[e.ComityError]] = [e.ComityError]
    while stack:
        cls = stack.pop()
        found.add(cls.code)
        stack.extend(cls.__subclasses__())
    return found


#: Pydantic's common validation errors, by its stable error ``type``, as comity says them.
#: The params are pydantic's ``ctx``; pydantic's own (English) words stay in ``{error}``.
VALIDATION: dict[str, str] = {
    "missing": N_("a value is required"),
    "extra_forbidden": N_("this field is not part of the command"),
    "string_too_long": N_("at most {max_length} characters"),
    "string_too_short": N_("at least {min_length} characters"),
    "string_type": N_("text is expected"),
    "string_pattern_mismatch": N_("the text does not match the pattern {pattern}"),
    "int_parsing": N_("a whole number is expected"),
    "int_type": N_("a whole number is expected"),
    "bool_parsing": N_("true or false is expected"),
    "bool_type": N_("true or false is expected"),
    "greater_than_equal": N_("at least {ge} is expected"),
    "greater_than": N_("more than {gt} is expected"),
    "less_than_equal": N_("at most {le} is expected"),
    "enum": N_("use one of {expected}"),
    "literal_error": N_("use one of {expected}"),
    "date_from_datetime_parsing": N_("a date YYYY-MM-DD is expected ({error})"),
    "date_parsing": N_("a date YYYY-MM-DD is expected ({error})"),
    "date_type": N_("a date YYYY-MM-DD is expected"),
    "list_type": N_("a list is expected"),
    "too_long": N_("at most {max_length} entries"),
    "dict_type": N_("a JSON object is expected"),
    "model_type": N_("a JSON object is expected"),
    "model_attributes_type": N_("a JSON object is expected"),
    "json_invalid": N_("the body is not valid JSON ({error})"),
}


@dataclass(frozen=True)
class Issue:
    """One of pydantic's validation errors, as a param said in the reader's language.

    English keeps pydantic's message word for word. Other languages read comity's sentence
    for the error's ``type`` (:data:`VALIDATION`), or the sentence a comity validator raised
    (``ValueError(Phrase(...))``); an error of another type keeps pydantic's English.

    >>> issue = Issue.of({"type": "missing", "msg": "Field required", "loc": ("on",)})
    >>> issue.render("en"), issue.render("ru")
    ('Field required', 'значение обязательно')
    """

    type: str
    msg: str
    ctx: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, error: Mapping[str, Any]) -> Issue:
        return cls(str(error.get("type", "")), str(error.get("msg", "")), error.get("ctx") or {})

    def render(self, lang: str | None = None) -> str:
        lang = lang or active()
        if lang == DEFAULT:
            return self.msg
        raised = self.ctx.get("error")
        if self.type == "value_error" and isinstance(raised, BaseException):
            if len(raised.args) == 1 and isinstance(raised.args[0], Renderable):
                return str(raised.args[0].render(lang))
            return self.msg
        template = VALIDATION.get(self.type)
        if template is None:
            return self.msg
        try:
            return format_message(template, {k: str(v) for k, v in self.ctx.items()}, lang)
        except (KeyError, IndexError):  # a ctx without the param: pydantic changed
            return self.msg

    def __str__(self) -> str:
        return self.msg


def where(error: Mapping[str, Any]) -> str:
    """The dotted location of a pydantic error (``items.0.title``)."""
    return ".".join(str(p) for p in error.get("loc", ()))
