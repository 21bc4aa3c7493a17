"""Every missing translation, for the tests and for ``python -m comity.i18n.check``.

Lists, per language: catalogue messages that are missing, untranslated or fuzzy; reference
names (statuses, bodies, documents, places, meetings) without a translation; and error codes
whose ``detail`` is still English (raised without a translatable template). Exit status 1 if
the catalogues or names have a gap (the English error details are listed, not counted).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from typing import Any

from comity import i18n
from comity.charters import DEFAULT_ORGANISATION, charter_dir, read_yaml
from comity.events import Status
from comity.i18n import catalogues, names


def expected_names() -> dict[str, set[str]]:
    """Every status, body code, document id, place and meeting name the reference data uses."""
    found: dict[str, set[str]] = {k: set() for k in names.KINDS}
    found["status"] = {s.value for s in Status}
    charter = read_yaml(charter_dir(DEFAULT_ORGANISATION) / "charter.yaml")
    found["body"] = set(charter["parameters"]["bodies"])
    history = charter_dir(DEFAULT_ORGANISATION) / "history"
    for file in sorted(history.iterdir(), key=lambda f: f.name):
        for event in (read_yaml(file) or {}).get("events", []):
            if "document" in event and "title" in event:
                found["document"].add(event["document"])
            if event.get("place"):
                found["place"].add(event["place"])
            if event.get("type") == "MeetingConvened" and event.get("name"):
                found["meeting"].add(event["name"])
    return found


#: Plain ``ValueError``/``TypeError`` messages no user reads, by ``(module, function)``:
#: a programmer's mistake (a naive clock, a wrong argument type), or a signal caught and
#: turned into a verdict without its text. Anything else raised with plain text is listed.
INTERNAL: dict[tuple[str, str], str] = {
    ("comity/ledger/codec.py", "link"): "the ledger's own clock returned a naive time",
    ("comity/ledger/hashing.py", "format_recorded_at"): "callers pass aware times",
    ("comity/ledger/hashing.py", "canonical_row"): "callers pass the row's integer",
    ("comity/ledger/hashing.py", "canonical_row_v2"): "callers pass the row's integer",
    ("comity/ledger/merkle.py", "consistency_proof"): "callers pass a size within the tree",
    ("comity/ledger/merkle.py", "inclusion_proof"): "callers pass an index within the tree",
    ("comity/ledger/note.py", "sign_note"): "callers pass a checkpoint's text",
    ("comity/ledger/note.py", "cosign"): "the witness passes its clock's time",
    ("comity/ledger/schema.py", "process_result_value"): "a stored value the verifier reports",
    ("comity/ledger/schema.py", "process_bind_param"): "comity binds aware times only",
    ("comity/ledger/schema.py", "read_stored_timestamp"): "a stored value the verifier reports",
    ("comity/ledger/verify.py", "_stored"): "verify_raw turns it into first_bad",
}

#: Exceptions that carry messages: comity's own (by class name) and the two that pydantic
#: validators and parsers raise. Assertions and runtime errors are bugs, never messages.
_PLAIN = {"ValueError", "TypeError"}


def _error_names() -> set[str]:
    from comity import errors

    return {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, errors.ComityError)
    }


def _translatable(arg: ast.expr) -> bool:
    """``Phrase(...)``, ``Term(...)``, or an error caught (``ValueError(e)``): said in any
    language by :func:`comity.i18n.reason_of` and :class:`comity.i18n.errors.Issue`."""
    if isinstance(arg, ast.Call):
        func = arg.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return name in {"Phrase", "Term"}
    return isinstance(arg, ast.Name)


def english_details() -> list[str]:
    """Where an error a user reads is made with English text only.

    Every construction of a :class:`~comity.errors.ComityError` without ``params`` (a
    plain message, not a template marked ``N_``), and every ``ValueError``/``TypeError``
    raised with plain text outside :data:`INTERNAL`.
    """
    root = catalogues.source_root()
    comity_errors = _error_names()
    lines: list[tuple[str, int, str]] = []
    for path in sorted(root.rglob("*.py")):
        module = str(path.relative_to(root.parent))
        for function, node in _calls(ast.parse(path.read_text(encoding="utf-8")), ""):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if not node.args:
                continue
            if called in comity_errors:
                if not any(k.arg == "params" for k in node.keywords):
                    lines.append((module, node.lineno, called))
            elif (
                called in _PLAIN
                and not _translatable(node.args[0])
                and (module, function) not in INTERNAL
            ):
                lines.append((module, node.lineno, called))
    return [f"{module}:{line}: {called}" for module, line, called in sorted(lines)]


def _calls(node: ast.AST, function: str) -> Iterator[tuple[str, ast.Call]]:
    """Every call under ``node`` with the name of the function it is made in."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Call):
            yield function, child
        inner = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else None
        yield from _calls(child, inner or function)


def report() -> dict[str, Any]:
    template = catalogues.extract()
    wanted = expected_names()
    return {
        lang: {
            "catalogue": catalogues.gaps(lang, template),
            "names": [f"{kind}:{key}" for kind, key in names.missing(wanted, lang)],
        }
        for lang in i18n.LANGUAGES
        if lang != i18n.DEFAULT
    } | {"english_details": english_details()}


def gap_count(found: dict[str, Any]) -> int:
    """Catalogue messages missing, untranslated or fuzzy, and names without a translation."""
    return sum(
        len(parts["catalogue"][kind]) if kind != "names" else len(parts["names"])
        for lang, parts in found.items()
        if lang != "english_details"
        for kind in ("missing", "untranslated", "fuzzy", "names")
    )


def main() -> int:
    found = report()
    gaps = 0
    for lang, parts in found.items():
        if lang == "english_details":
            continue
        for kind, items in parts["catalogue"].items():
            for item in items:
                print(f"{lang}\tcatalogue {kind}\t{item}")
                gaps += kind != "obsolete"
        for item in parts["names"]:
            print(f"{lang}\tname\t{item}")
            gaps += 1
    for line in found["english_details"]:
        print(f"*\terror detail in English\t{line}")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
