"""One-line descriptions of events, in any language comity speaks, and citations of sources.

Each description is a template marked ``N_(...)`` with ``{placeholders}``; states, statuses,
bodies, documents, places and meetings are named in the reader's language
(:mod:`comity.i18n.names`, :func:`comity.states.state_name`), dates as the language writes
them. What comity cannot translate (free text a user typed, a stored reason, a name with no
translation yet) stays as it is, and the :class:`Description` knows which parts those are: its
``__html__`` marks them ``lang="en"`` for readers and screen readers.

Narration says what the record holds; it is not the state (:mod:`comity.state`, which
re-exports :func:`describe` and :func:`cite` from here, as does the former module
``comity.state.describe``).

Adding an event type
--------------------
Each event class in :data:`comity.events.Event` has exactly one describer here, a function
registered for its class::

    @describes(DocumentRevealed)
    def _document_revealed(event: DocumentRevealed, lang: str) -> Description:
        document = _document(event.document, None, lang)
        return render(N_("{document} revealed"), lang, document=document)

with its template translated at the end of each ``comity.po``.
``tests/state/test_event_registry.py`` fails until the union, the event classes, the folding
steps (:func:`comity.state.fold.folds`) and these describers name the same classes; mypy
checks that each describer takes the class it is registered for.

>>> from datetime import date
>>> event = StateAdmitted(valid_from=date(2017, 6, 9), state="IND", place="Astana")
>>> describe(event)
'India admitted as a member state at Astana'
>>> describe(event, "ru")
'Индия принимается в ШОС в качестве государства-члена (Астана)'
"""

from __future__ import annotations

import html
import string
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

import babel.lists

from comity import i18n
from comity.charter.rules import RULE_TITLES, Position, rule_from_spec
from comity.errors import ComityError
from comity.events import (
    AccessionProcedureStarted,
    AgendaItemTabled,
    AttendanceRecorded,
    BodyEstablished,
    DecisionRecord,
    DisputeRaised,
    DisputeSettled,
    DisputeStageOpened,
    DocumentAdopted,
    DocumentDenounced,
    DocumentOpenedForSignature,
    DocumentSigned,
    DocumentTabled,
    EnteredIntoForce,
    Event,
    EventBase,
    FindingRecorded,
    InformationRequested,
    InstrumentDeposited,
    ItemClosed,
    MeetingConvened,
    MembershipApplied,
    MembershipExpelled,
    MembershipSuspended,
    ObligationCreated,
    ObligationsMemorandumSigned,
    OfficeHolderAppointed,
    OrganisationMemorandumSigned,
    PanelReportDecided,
    PanelReportIssued,
    ParticipationDecided,
    PenaltyImposed,
    PenaltyLifted,
    PositionStated,
    ReportSubmitted,
    RepresentationMade,
    ReservationMade,
    ReservationObjected,
    Source,
    StateAdmitted,
    StatusApplied,
    StatusCategoriesMerged,
    StatusGranted,
    StatusMemorandumSigned,
    SuspensionLifted,
    WithdrawalNotified,
)
from comity.i18n import N_, Phrase, Phrases, names
from comity.i18n.names import Name
from comity.states import state_name

#: Words that stand for a recorded value (positions, instruments, stages, measures, rights).
LABELS: dict[str, str] = {
    "support": N_("support"),
    "objection": N_("objection"),
    "reservation": N_("reservation"),
    "abstention": N_("abstention"),
    "absence": N_("absence"),
    "compliance": N_("compliance"),
    "interpretation": N_("interpretation"),
    "consultations": N_("consultations"),
    "negotiations": N_("negotiations"),
    "panel": N_("panel"),
    "implemented": N_("implemented"),
    "partly": N_("partly"),
    "not_yet": N_("not yet"),
    "not_applicable": N_("not applicable"),
    "formal_notice": N_("formal notice"),
    "rights_suspension": N_("rights suspension"),
    "take_part_in_decisions": N_("take part in decisions"),
    "attend_meetings": N_("attend meetings"),
    "attend_open_meetings": N_("attend open meetings"),
    "attend_area_meetings": N_("attend area meetings"),
    "speak_at_meetings": N_("speak at meetings"),
    "receive_documents": N_("receive documents"),
    "sign_documents": N_("sign documents"),
    "chair_bodies": N_("chair bodies"),
    "host_meetings": N_("host meetings"),
    "nominate_officials": N_("nominate officials"),
    "cooperate_in_areas": N_("cooperate in areas"),
    "apply_for_membership": N_("apply for membership"),
    "withdraw": N_("withdraw"),
}

_FORMATTER = string.Formatter()

Param = str | Name | Sequence[Name]


class Description(str):
    """A description as text, with the parts that are not in its language known (``parts``).

    In HTML (``__html__``, the protocol Jinja2 and MarkupSafe use) those parts are marked
    with their language, so that only what is still untranslated reads as English.
    """

    parts: tuple[Name, ...]
    lang: str

    def __new__(cls, parts: Iterable[Name], lang: str) -> Description:
        merged: list[Name] = []
        for part in parts:
            if not part.text:
                continue
            if merged and merged[-1].lang == part.lang:
                merged[-1] = Name(merged[-1].text + part.text, part.lang)
            else:
                merged.append(part)
        self = super().__new__(cls, "".join(p.text for p in merged))
        self.parts = tuple(merged)
        self.lang = lang
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (Description, (self.parts, self.lang))

    def __html__(self) -> str:
        return "".join(
            html.escape(p.text, quote=False)
            if p.lang == self.lang
            else f'<span lang="{i18n.html_lang(p.lang)}">{html.escape(p.text, quote=False)}</span>'
            for p in self.parts
        )


def render(template: str, lang: str, **params: Param) -> Description:
    """``template`` in ``lang`` with ``params`` filled in, each part knowing its language.

    A plain ``str`` param (a code, an identifier, a number) reads the same in every language;
    a :class:`Name` (or a :class:`Description`) carries its own.
    """
    translated = i18n.translations(lang).gettext(template)
    own = lang if lang == i18n.DEFAULT or translated != template else i18n.DEFAULT
    parts: list[Name] = []
    for literal, field, spec, conversion in _FORMATTER.parse(translated):
        parts.append(Name(literal, own))
        if field is None:
            continue
        value = params[field]
        pieces: Sequence[Name]
        if isinstance(value, Description):
            pieces = value.parts
        elif isinstance(value, Name):
            pieces = (value,)
        elif isinstance(value, str):
            pieces = (Name(value, lang),)
        else:
            pieces = value
        if conversion == "r" or spec:
            text = "".join(p.text for p in pieces)
            text = format(repr(text) if conversion == "r" else text, spec or "")
            pieces = (Name(text, pieces[0].lang if pieces else lang),)
        parts.extend(pieces)
    return Description(parts, lang)


def _label(value: str, lang: str) -> Name:
    """A recorded value (``not_yet``, ``rights_suspension``) as words in ``lang``."""
    return _label_of(LABELS.get(value, value.replace("_", " ")), lang)


def _label_of(english: str, lang: str) -> Name:
    translated = i18n.translations(lang).gettext(english)
    return Name(translated, lang if lang == i18n.DEFAULT or translated != english else "en")


def _separator(lang: str) -> str:
    # Chinese lists names with the enumeration comma.
    return "\u3001" if lang == "zh_Hans" else ", "


def _state(code: str, lang: str) -> Name:
    return Name(state_name(code, lang), lang)


def _states(codes: Iterable[str], lang: str) -> Name:
    return Name(_separator(lang).join(state_name(s, lang) for s in codes), lang)


def _rule(rule: str, lang: str) -> Name:
    # English keeps the rule's own name (``consensus_minus_one``), as the record spells it.
    if lang == i18n.DEFAULT or rule not in RULE_TITLES:
        return Name(rule, lang)
    return _label_of(RULE_TITLES[rule], lang)


def _body(code: str, lang: str) -> Name:
    # In English a body is named by its code, as the record spells it (CHS, CMFA).
    return names.lookup("body", code, code, lang)


def _document(key: str, title: str | None, lang: str) -> Name:
    return names.lookup("document", key, title or key, lang)


def _place(place: str, lang: str) -> Name:
    return names.lookup("place", place, place, lang)


def _day(day: date, lang: str) -> str:
    # English keeps the ISO form it always had; other languages write the date out.
    return day.isoformat() if lang == i18n.DEFAULT else i18n.format_date(day, lang)


#: Rules whose reason depends on the positions alone, so that it can be said again.
_REPLAYABLE = ("consensus", "consensus_minus_one", "unanimity")

#: The clause a project's reason ends with when members stay out of it (Charter Art. 16).
OPTED_OUT = N_("{states} not taking part (Charter Art. 16)")


def opted_out_clause(states: Sequence[str]) -> Phrase:
    """The clause naming the member states staying out of a project."""
    return Phrase(OPTED_OUT, {"states": ", ".join(states)})


def decision_reason(outcome: DecisionRecord, lang: str) -> Name:
    """A recorded decision's reason in ``lang``.

    The record keeps the reason in English. Under a rule whose reason follows from the
    positions alone, the decision is evaluated again and its reason said in ``lang``, provided
    the English comes out exactly as recorded; any other reason is shown as recorded.
    """
    if lang != i18n.DEFAULT and outcome.rule in _REPLAYABLE:
        recorded, clause = outcome.reason, None
        if outcome.opted_out:
            clause = opted_out_clause(outcome.opted_out)
            suffix = "; " + clause.render(i18n.DEFAULT)
            if recorded.endswith(suffix):
                recorded = recorded[: -len(suffix)]
        positions = {
            **dict.fromkeys(outcome.supporters, Position.SUPPORT),
            **dict.fromkeys(outcome.objections, Position.OBJECTION),
            **dict.fromkeys(outcome.reservations, Position.RESERVATION),
            **dict.fromkeys(outcome.abstentions, Position.ABSTENTION),
        }
        try:
            again = rule_from_spec(outcome.rule).evaluate(
                outcome.eligible, positions, concerned=outcome.concerned
            )
        except ComityError:
            return _free(outcome.reason)
        if again.reason == recorded and again.explanation is not None:
            said = lang if i18n.is_translated(again.explanation.template, lang) else "en"
            if recorded == outcome.reason or clause is None:
                return Name(again.explain(lang), said)
            both = Phrases((again.explanation, clause))
            return Name(both.render(lang), said)
    return _free(outcome.reason)


def _free(text: str) -> Name:
    """Text someone typed: comity does not know its language and does not translate it."""
    return Name(text, i18n.DEFAULT)


E = TypeVar("E", bound=EventBase)
Describer = Callable[[E, str], Description]

#: The describer of each event class (see "Adding an event type" above).
DESCRIBERS: dict[type[EventBase], Describer[Any]] = {}


def describes(cls: type[E]) -> Callable[[Describer[E]], Describer[E]]:
    """Register the decorated function as the one that describes ``cls`` events."""

    def register(describer: Describer[E]) -> Describer[E]:
        DESCRIBERS[cls] = describer
        return describer

    return register


def describe(event: Event, lang: str | None = None) -> Description:
    """A sentence saying what happened, in ``lang`` (default: the active language).

    >>> from datetime import date
    >>> describe(StateAdmitted(valid_from=date(2017, 6, 9), state="IND", place="Astana"))
    'India admitted as a member state at Astana'
    """
    # Every class in the Event union has a describer (tests/state/test_event_registry.py).
    return DESCRIBERS[type(event)](event, lang or i18n.active())


def cite(source: Source) -> str:
    """A citation in one line: title, publisher, date, address.

    >>> cite(Source(title="Charter of the SCO", kind="primary", publisher="SCO"))
    'Charter of the SCO. SCO.'
    """
    parts = [source.title]
    if source.publisher:
        parts.append(source.publisher)
    if source.published:
        parts.append(source.published.isoformat())
    text = ". ".join(p.rstrip(".") for p in parts) + "."
    return f"{text} {source.url}" if source.url else text


def _joined(items: Sequence[Name], lang: str) -> Sequence[Name]:
    if lang == i18n.DEFAULT or any(i.lang != lang for i in items):
        out: list[Name] = []
        for index, item in enumerate(items):
            if index:
                out.append(Name(" and ", i18n.DEFAULT))
            out.append(item)
        return out
    return (
        Name(
            babel.lists.format_list([i.text for i in items], locale=i18n.babel_locale(lang)), lang
        ),
    )


def _state_place(state: str, place: str | None, lang: str) -> dict[str, Param]:
    return {"state": _state(state, lang), "place": _place(place or "", lang)}


def _verdict(template_adopted: str, template_not: str, outcome: DecisionRecord) -> str:
    return template_adopted if outcome.adopted else template_not


def _listed(items: Sequence[Name], lang: str) -> Sequence[Name]:
    out: list[Name] = []
    for index, item in enumerate(items):
        if index:
            out.append(Name(_separator(lang), lang))
        out.append(item)
    return out


# The describers, one for each event class, in the order of the Event union.


@describes(StateAdmitted)
def _state_admitted(event: StateAdmitted, lang: str) -> Description:
    if event.founding:
        template = (
            N_("{state} admitted as a founding member state at {place}")
            if event.place
            else N_("{state} admitted as a founding member state")
        )
    else:
        template = (
            N_("{state} admitted as a member state at {place}")
            if event.place
            else N_("{state} admitted as a member state")
        )
    return render(template, lang, **_state_place(event.state, event.place, lang))


@describes(MembershipApplied)
def _membership_applied(event: MembershipApplied, lang: str) -> Description:
    return render(N_("{state} applies for membership"), lang, state=_state(event.state, lang))


@describes(AccessionProcedureStarted)
def _accession_procedure_started(event: AccessionProcedureStarted, lang: str) -> Description:
    template = (
        N_("admission procedure started for {state} at {place}")
        if event.place
        else N_("admission procedure started for {state}")
    )
    return render(template, lang, **_state_place(event.state, event.place, lang))


@describes(ObligationsMemorandumSigned)
def _obligations_memorandum_signed(event: ObligationsMemorandumSigned, lang: str) -> Description:
    template = (
        N_("{state} signs the memorandum of obligations at {place}")
        if event.place
        else N_("{state} signs the memorandum of obligations")
    )
    return render(template, lang, **_state_place(event.state, event.place, lang))


@describes(StatusGranted)
def _status_granted(event: StatusGranted, lang: str) -> Description:
    template = (
        N_("{state} granted {status} status (decision of {body}) at {place}")
        if event.place
        else N_("{state} granted {status} status (decision of {body})")
    )
    return render(
        template,
        lang,
        status=names.lookup("status", event.status, None, lang),
        body=_body(event.body, lang),
        **_state_place(event.state, event.place, lang),
    )


@describes(StatusMemorandumSigned)
def _status_memorandum_signed(event: StatusMemorandumSigned, lang: str) -> Description:
    template = (
        N_("memorandum on {status} status signed with {state} at {place}")
        if event.place
        else N_("memorandum on {status} status signed with {state}")
    )
    return render(
        template,
        lang,
        status=names.lookup("status", event.status, None, lang),
        **_state_place(event.state, event.place, lang),
    )


@describes(StatusCategoriesMerged)
def _status_categories_merged(event: StatusCategoriesMerged, lang: str) -> Description:
    merged = [names.lookup("status", s, None, lang) for s in event.merged]
    template = (
        N_("{merged} statuses merged into {status} at {place}")
        if event.place
        else N_("{merged} statuses merged into {status}")
    )
    return render(
        template,
        lang,
        merged=_joined(merged, lang),
        status=names.lookup("status", event.into, None, lang),
        place=_place(event.place or "", lang),
    )


@describes(MeetingConvened)
def _meeting_convened(event: MeetingConvened, lang: str) -> Description:
    name: Param = (
        names.lookup("meeting", event.name, event.name, lang)
        if event.name
        else render(N_("meeting of {body}"), lang, body=_body(event.body, lang))
    )
    if event.place:
        template = (
            N_("{name} at {place}, chaired by {chair}") if event.chair else N_("{name} at {place}")
        )
    else:
        template = N_("{name}, chaired by {chair}") if event.chair else "{name}"
    return render(
        template,
        lang,
        name=name,
        place=_place(event.place, lang),
        chair=_state(event.chair, lang) if event.chair else "",
    )


@describes(DocumentSigned)
def _document_signed(event: DocumentSigned, lang: str) -> Description:
    # A procedure records one signature at a time; a summit records them together.
    alone = len(event.signatories) == 1
    if event.place:
        template = (
            N_("{title} signed by {state} at {place}") if alone else N_("{title} signed at {place}")
        )
    else:
        template = N_("{title} signed by {state}") if alone else N_("{title} signed")
    return render(
        template,
        lang,
        title=_document(event.document, event.title, lang),
        state=_state(event.signatories[0], lang),
        place=_place(event.place or "", lang),
    )


@describes(DocumentAdopted)
def _document_adopted(event: DocumentAdopted, lang: str) -> Description:
    template = (
        N_("{title} adopted by {body} at {place}")
        if event.place
        else N_("{title} adopted by {body}")
    )
    return render(
        template,
        lang,
        title=_document(event.document, event.title, lang),
        body=_body(event.body, lang),
        place=_place(event.place or "", lang),
    )


@describes(InstrumentDeposited)
def _instrument_deposited(event: InstrumentDeposited, lang: str) -> Description:
    templates = {
        "ratification": N_("{state} deposits its instrument of ratification ({document})"),
        "acceptance": N_("{state} deposits its instrument of acceptance ({document})"),
        "approval": N_("{state} deposits its instrument of approval ({document})"),
        "accession": N_("{state} deposits its instrument of accession ({document})"),
    }
    return render(
        templates[event.instrument.value],
        lang,
        state=_state(event.state, lang),
        document=_document(event.document, None, lang),
    )


@describes(EnteredIntoForce)
def _entered_into_force(event: EnteredIntoForce, lang: str) -> Description:
    template = (
        N_("{document} enters into force for {states}")
        if event.states
        else N_("{document} enters into force")
    )
    return render(
        template,
        lang,
        document=_document(event.document, None, lang),
        states=_states(event.states, lang),
    )


@describes(BodyEstablished)
def _body_established(event: BodyEstablished, lang: str) -> Description:
    template = N_("{body} starts work at {place}") if event.seat else N_("{body} starts work")
    return render(
        template, lang, body=_body(event.body, lang), place=_place(event.seat or "", lang)
    )


@describes(OfficeHolderAppointed)
def _office_holder_appointed(event: OfficeHolderAppointed, lang: str) -> Description:
    template = (
        N_("{person} ({state}) takes office as secretary general")
        if event.office == "secretary_general"
        else N_("{person} ({state}) takes office as RATS director")
    )
    return render(template, lang, person=_free(event.person), state=_state(event.state, lang))


@describes(OrganisationMemorandumSigned)
def _organisation_memorandum_signed(event: OrganisationMemorandumSigned, lang: str) -> Description:
    return render(
        N_("{title} at {place}") if event.place else "{title}",
        lang,
        title=_free(event.title),
        place=_place(event.place or "", lang),
    )


@describes(StatusApplied)
def _status_applied(event: StatusApplied, lang: str) -> Description:
    return render(
        N_("{state} applies for {status} status"),
        lang,
        state=_state(event.state, lang),
        status=names.lookup("status", event.status, None, lang),
    )


@describes(RepresentationMade)
def _representation_made(event: RepresentationMade, lang: str) -> Description:
    template = (
        N_(
            "{body} represents to the Council of Heads of State that {state} be "
            "subject to suspension"
        )
        if event.measure == "suspension"
        else N_(
            "{body} represents to the Council of Heads of State that {state} be "
            "subject to expulsion"
        )
    )
    return render(template, lang, body=_body(event.body, lang), state=_state(event.state, lang))


@describes(MembershipSuspended)
def _membership_suspended(event: MembershipSuspended, lang: str) -> Description:
    template = _verdict(
        N_("membership of {state} suspended by {body} (adopted under {rule})"),
        N_("membership of {state} suspended by {body} (not adopted under {rule})"),
        event.outcome,
    )
    return render(
        template,
        lang,
        state=_state(event.state, lang),
        body=_body(event.body, lang),
        rule=_rule(event.outcome.rule, lang),
    )


@describes(SuspensionLifted)
def _suspension_lifted(event: SuspensionLifted, lang: str) -> Description:
    return render(
        N_("suspension of {state} lifted by {body}"),
        lang,
        state=_state(event.state, lang),
        body=_body(event.body, lang),
    )


@describes(MembershipExpelled)
def _membership_expelled(event: MembershipExpelled, lang: str) -> Description:
    template = _verdict(
        N_("{state} expelled by {body} as of {date} (adopted under {rule})"),
        N_("{state} expelled by {body} as of {date} (not adopted under {rule})"),
        event.outcome,
    )
    return render(
        template,
        lang,
        state=_state(event.state, lang),
        body=_body(event.body, lang),
        date=_day(event.effective, lang),
        rule=_rule(event.outcome.rule, lang),
    )


@describes(WithdrawalNotified)
def _withdrawal_notified(event: WithdrawalNotified, lang: str) -> Description:
    return render(
        N_("{state} notifies its withdrawal, effective {date}"),
        lang,
        state=_state(event.state, lang),
        date=_day(event.effective, lang),
    )


@describes(AgendaItemTabled)
def _agenda_item_tabled(event: AgendaItemTabled, lang: str) -> Description:
    return render(
        N_("item {item} on the agenda of {meeting}: {title}"),
        lang,
        item=event.item,
        meeting=event.meeting,
        title=_free(event.title),
    )


@describes(DocumentTabled)
def _document_tabled(event: DocumentTabled, lang: str) -> Description:
    return render(
        N_("draft {title} tabled under {meeting}/{item}"),
        lang,
        title=_free(event.title),
        meeting=event.meeting,
        item=event.item,
    )


@describes(PositionStated)
def _position_stated(event: PositionStated, lang: str) -> Description:
    template = (
        N_("{state} states {position} on {meeting}/{item}, not taking part in the project")
        if event.opt_out
        else N_("{state} states {position} on {meeting}/{item}")
    )
    return render(
        template,
        lang,
        state=_state(event.state, lang),
        position=_label(event.position, lang),
        meeting=event.meeting,
        item=event.item,
    )


@describes(AttendanceRecorded)
def _attendance_recorded(event: AttendanceRecorded, lang: str) -> Description:
    return render(
        N_("roll call at {meeting}: {states} present"),
        lang,
        meeting=event.meeting,
        states=", ".join(event.present) or "—",
    )


@describes(ItemClosed)
def _item_closed(event: ItemClosed, lang: str) -> Description:
    return render(
        N_("{meeting}/{item} closed: {reason}"),
        lang,
        meeting=event.meeting,
        item=event.item,
        reason=decision_reason(event.outcome, lang),
    )


@describes(DocumentOpenedForSignature)
def _document_opened_for_signature(event: DocumentOpenedForSignature, lang: str) -> Description:
    return render(
        N_("{document} opened for signature"),
        lang,
        document=_document(event.document, None, lang),
    )


@describes(ReservationMade)
def _reservation_made(event: ReservationMade, lang: str) -> Description:
    return render(
        N_("{state} makes reservation {reservation} to {document}"),
        lang,
        state=_state(event.state, lang),
        reservation=event.reservation,
        document=_document(event.document, None, lang),
    )


@describes(ReservationObjected)
def _reservation_objected(event: ReservationObjected, lang: str) -> Description:
    return render(
        N_("{state} objects to reservation {reservation} to {document}"),
        lang,
        state=_state(event.state, lang),
        reservation=event.reservation,
        document=_document(event.document, None, lang),
    )


@describes(DocumentDenounced)
def _document_denounced(event: DocumentDenounced, lang: str) -> Description:
    return render(
        N_("{state} denounces {document}, effective {date}"),
        lang,
        state=_state(event.state, lang),
        document=_document(event.document, None, lang),
        date=_day(event.effective, lang),
    )


@describes(ObligationCreated)
def _obligation_created(event: ObligationCreated, lang: str) -> Description:
    return render(
        N_("obligation {obligation} under {document} for {states}, due {date}: {text}"),
        lang,
        obligation=event.obligation,
        document=_document(event.document, None, lang),
        states=" ".join(event.states),
        date=_day(event.due, lang),
        text=_free(event.text),
    )


@describes(ReportSubmitted)
def _report_submitted(event: ReportSubmitted, lang: str) -> Description:
    template = (
        N_("{state} reports on {obligation}: {status} ({n} evidence files)")
        if event.evidence
        else N_("{state} reports on {obligation}: {status}")
    )
    return render(
        template,
        lang,
        state=_state(event.state, lang),
        obligation=event.obligation,
        status=_label(event.status, lang),
        n=str(len(event.evidence)),
    )


@describes(InformationRequested)
def _information_requested(event: InformationRequested, lang: str) -> Description:
    return render(
        N_("{body} asks {state} for more information on {obligation}"),
        lang,
        body=_body(event.body, lang),
        state=_state(event.state, lang),
        obligation=event.obligation,
    )


@describes(FindingRecorded)
def _finding_recorded(event: FindingRecorded, lang: str) -> Description:
    if event.compliant:
        template = _verdict(
            N_("{body} finds that {state} complies with {obligation} (adopted under {rule})"),
            N_("{body} finds that {state} complies with {obligation} (not adopted under {rule})"),
            event.outcome,
        )
    else:
        template = _verdict(
            N_(
                "{body} finds that {state} does not comply with {obligation} (adopted under {rule})"
            ),
            N_(
                "{body} finds that {state} does not comply with {obligation} "
                "(not adopted under {rule})"
            ),
            event.outcome,
        )
    return render(
        template,
        lang,
        body=_body(event.body, lang),
        state=_state(event.state, lang),
        obligation=event.obligation,
        rule=_rule(event.outcome.rule, lang),
    )


@describes(DisputeRaised)
def _dispute_raised(event: DisputeRaised, lang: str) -> Description:
    template = (
        N_(
            "{state} raises dispute {dispute} with {respondent} on {subject} "
            "({document}); consultations until {date}"
        )
        if event.deadline
        else N_(
            "{state} raises dispute {dispute} with {respondent} on {subject} "
            "({document}); consultations"
        )
    )
    return render(
        template,
        lang,
        state=_state(event.state, lang),
        dispute=event.dispute,
        respondent=_state(event.respondent, lang),
        subject=_label(event.subject, lang),
        document=_document(event.document, None, lang),
        date=_day(event.deadline, lang) if event.deadline else "",
    )


@describes(DisputeStageOpened)
def _dispute_stage_opened(event: DisputeStageOpened, lang: str) -> Description:
    template = (
        N_("dispute {dispute} goes to {stage} until {date}")
        if event.deadline
        else N_("dispute {dispute} goes to {stage}")
    )
    return render(
        template,
        lang,
        dispute=event.dispute,
        stage=_label(event.stage, lang),
        date=_day(event.deadline, lang) if event.deadline else "",
    )


@describes(PanelReportIssued)
def _panel_report_issued(event: PanelReportIssued, lang: str) -> Description:
    template = (
        N_(
            "panel report in dispute {dispute} finds a breach; the Council may reject "
            "it until {date}"
        )
        if event.breach
        else N_(
            "panel report in dispute {dispute} finds no breach; the Council may reject "
            "it until {date}"
        )
    )
    return render(template, lang, dispute=event.dispute, date=_day(event.deadline, lang))


@describes(PanelReportDecided)
def _panel_report_decided(event: PanelReportDecided, lang: str) -> Description:
    template = (
        N_("panel report in dispute {dispute} adopted by {body}")
        if event.adopted
        else N_("panel report in dispute {dispute} rejected by {body}")
    )
    return render(template, lang, dispute=event.dispute, body=_body(event.body, lang))


@describes(DisputeSettled)
def _dispute_settled(event: DisputeSettled, lang: str) -> Description:
    return render(
        N_("dispute {dispute} settled during {stage}"),
        lang,
        dispute=event.dispute,
        stage=_label(event.stage, lang),
    )


@describes(PenaltyImposed)
def _penalty_imposed(event: PenaltyImposed, lang: str) -> Description:
    if event.rights:
        template = (
            N_("{measure} {penalty} against {state} by {body} suspending {rights} until {date}")
            if event.until
            else N_("{measure} {penalty} against {state} by {body} suspending {rights}")
        )
    else:
        template = (
            N_("{measure} {penalty} against {state} by {body} until {date}")
            if event.until
            else N_("{measure} {penalty} against {state} by {body}")
        )
    rights = [_label(r, lang) for r in event.rights]
    return render(
        template,
        lang,
        measure=_label(event.measure, lang),
        penalty=event.penalty,
        state=_state(event.state, lang),
        body=_body(event.body, lang),
        rights=_listed(rights, lang),
        date=_day(event.until, lang) if event.until else "",
    )


@describes(PenaltyLifted)
def _penalty_lifted(event: PenaltyLifted, lang: str) -> Description:
    return render(
        N_("measure {penalty} against {state} lifted by {body}"),
        lang,
        penalty=event.penalty,
        state=_state(event.state, lang),
        body=_body(event.body, lang),
    )


@describes(ParticipationDecided)
def _participation_decided(event: ParticipationDecided, lang: str) -> Description:
    return render(
        N_("{body} decides that {states} take part in {document} from {date}"),
        lang,
        body=_body(event.body, lang),
        states=_listed([_state(s, lang) for s in event.participants], lang),
        document=_document(event.document, None, lang),
        date=_day(event.valid_from, lang),
    )
