"""``comity i18n``: the state of the translations."""

from __future__ import annotations

import typer

from comity.cli.common import JsonOption, app, emit_json, out
from comity.i18n import N_, _, check

#: The kinds of catalogue gap (``catalogues.gaps``), for people.
KINDS = {
    "missing": N_("missing"),
    "untranslated": N_("untranslated"),
    "fuzzy": N_("fuzzy"),
    "obsolete": N_("obsolete"),
}

i18n_app = typer.Typer(help="Translations: what is missing in each language.", no_args_is_help=True)
app.add_typer(i18n_app, name="i18n")


@i18n_app.command("missing")
def missing(json_: JsonOption = False) -> None:
    """Every missing translation: catalogue messages, reference names, English error details.

    Exits with 1 if a catalogue message or a reference name lacks a translation (error details
    still in English are listed but allowed: they fall back visibly).

    Example: comity i18n missing
    """
    found = check.report()
    gaps = check.gap_count(found)
    if json_:
        emit_json(found)
    else:
        for lang, parts in found.items():
            if lang == "english_details":
                continue
            for kind, items in parts["catalogue"].items():
                for item in items:
                    what = _("catalogue %(kind)s") % {"kind": _(KINDS[kind])}
                    out.print(f"{lang}\t{what}\t{item}", highlight=False)
            for item in parts["names"]:
                out.print(f"{lang}\t{_('name')}\t{item}", highlight=False)
        details = found["english_details"]
        out.print(
            _("%(gaps)s missing translations; %(details)s error details in English")
            % {"gaps": gaps, "details": len(details)},
            highlight=False,
        )
        for line in details:
            out.print(f"  {line}", highlight=False, soft_wrap=True)
    if gaps:
        raise typer.Exit(1)
