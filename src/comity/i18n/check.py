"""Every missing translation, for the tests and for ``python -m comity.i18n.check``.

Lists, per language: catalogue messages that are missing, untranslated or fuzzy; reference
names (statuses, bodies, documents, places, meetings) without a translation; and error codes
whose ``detail`` is still English (raised without a translatable template). Exit status 1 if
the catalogues or names have a gap (the English error details are listed, not counted).
"""

from __future__ import annotations

import ast
import sys
from typing import Any

from comity import i18n
from comity.events import Status
from comity.i18n import catalogues, names
from comity.reference import DEFAULT_ORGANISATION, charter_dir, read_yaml


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


def english_details() -> list[str]:
    """Source lines raising a ComityError with a plain (untranslatable) message."""
    root = catalogues.source_root()
    lines: list[str] = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            call = node.exc
            func = call.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if not called.endswith("Error") or not call.args:
                continue
            if any(k.arg == "params" for k in call.keywords):
                continue
            lines.append(f"{path.relative_to(root.parent)}:{node.lineno}: {called}")
    return lines


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
