"""Who runs a procedure, and who may run which: the one place where actors are read and
their rights checked.

An actor is ``secretariat`` (records the organisation's acts: decisions of the Councils,
memoranda, meetings), ``delegation:ISO3`` (acts only for its own state: applies, states a
position, signs, deposits an instrument, gives notice) or ``chair:BODY`` (runs the meetings of
that body: tables items, closes them).

>>> parse_actor("delegation:ind")
Actor(role=<Role.DELEGATION: 'delegation'>, id='IND')
>>> str(parse_actor(" chair:chs "))
'chair:CHS'
>>> authorise("state_position", parse_actor("delegation:PAK"), state="IND")
Traceback (most recent call last):
...
comity.errors.ActorNotAllowedError: delegation:PAK acts only for PAK, not for IND
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from comity.errors import ActorNotAllowedError, MalformedActorError, UnknownStateError
from comity.i18n import N_
from comity.states import parse_state


class Role(StrEnum):
    SECRETARIAT = "secretariat"
    DELEGATION = "delegation"
    CHAIR = "chair"


@dataclass(frozen=True)
class Actor:
    """A parsed actor; ``id`` is the ISO3 code of a delegation or the body of a chair."""

    role: Role
    id: str | None = None

    def __str__(self) -> str:
        return self.role.value if self.id is None else f"{self.role.value}:{self.id}"


def parse_actor(text: str) -> Actor:
    """Read ``secretariat``, ``delegation:ISO3`` or ``chair:BODY``."""
    role_text, sep, ident = text.strip().partition(":")
    try:
        role = Role(role_text.strip().lower())
    except ValueError:
        raise MalformedActorError(
            N_(
                "unknown actor {text!r}: write secretariat, delegation:ISO3 (e.g. delegation:IND)"
                " or chair:BODY (e.g. chair:CHS)"
            ),
            value=text,
            params={"text": text.strip()},
        ) from None
    ident = ident.strip()
    if role is Role.SECRETARIAT:
        if sep:
            raise MalformedActorError(
                N_("the secretariat takes no id, got {text!r}"), value=text, params={"text": text}
            )
        return Actor(role)
    if not ident:
        raise MalformedActorError(
            N_(
                "{role} needs an id: write secretariat, delegation:ISO3 (e.g. delegation:IND)"
                " or chair:BODY (e.g. chair:CHS)"
            ),
            value=text,
            params={"role": role.value},
        )
    if role is Role.DELEGATION:
        try:
            return Actor(role, parse_state(ident))
        except UnknownStateError as e:
            raise MalformedActorError(
                N_("actor {text!r}: {reason}"),
                value=text,
                params={"text": text.strip(), "reason": e.message},
            ) from e
    if not ident.isalnum():
        raise MalformedActorError(
            N_("a chair is named by its body's code, got {text!r}"),
            value=text,
            params={"text": text},
        )
    return Actor(role, ident.upper())


#: Who may run each procedure. ``delegation``: the delegation of the state concerned only;
#: ``chair:BODY``: the chair of that body; ``chair:meeting``: the chair of the meeting's body.
RIGHTS: dict[str, frozenset[str]] = {
    "apply_for_status": frozenset({"secretariat", "delegation"}),
    "grant_status": frozenset({"secretariat", "chair:CHS"}),
    "sign_status_memorandum": frozenset({"secretariat"}),
    "apply_for_membership": frozenset({"secretariat", "delegation"}),
    "start_admission": frozenset({"secretariat", "chair:CHS"}),
    "sign_obligations_memorandum": frozenset({"secretariat"}),
    "admit": frozenset({"secretariat", "chair:CHS"}),
    "make_representation": frozenset({"secretariat", "chair:CMFA"}),
    "suspend": frozenset({"secretariat", "chair:CHS"}),
    "lift_suspension": frozenset({"secretariat", "chair:CHS"}),
    "expel": frozenset({"secretariat", "chair:CHS"}),
    "notify_withdrawal": frozenset({"delegation"}),
    "convene_meeting": frozenset({"secretariat"}),
    "table_item": frozenset({"secretariat", "chair:meeting"}),
    "state_position": frozenset({"delegation"}),
    "record_attendance": frozenset({"secretariat", "chair:meeting"}),
    "close_item": frozenset({"secretariat", "chair:meeting"}),
    "open_for_signature": frozenset({"secretariat"}),
    "sign_document": frozenset({"delegation"}),
    "deposit_instrument": frozenset({"delegation"}),
    "make_reservation": frozenset({"delegation"}),
    "object_to_reservation": frozenset({"delegation"}),
    "denounce": frozenset({"delegation"}),
    "create_obligation": frozenset({"secretariat"}),
    "submit_report": frozenset({"delegation"}),
    "request_information": frozenset({"secretariat", "chair:CNC"}),
    "record_finding": frozenset({"secretariat", "chair:CNC"}),
    "raise_dispute": frozenset({"delegation"}),
    "advance_dispute": frozenset({"delegation"}),
    "issue_panel_report": frozenset({"secretariat"}),
    "decide_panel_report": frozenset({"secretariat", "chair:CMFA"}),
    "settle_dispute": frozenset({"secretariat"}),
    "impose_penalty": frozenset({"secretariat", "chair:CHS", "chair:CNC"}),
    "lift_penalty": frozenset({"secretariat", "chair:CHS", "chair:CNC"}),
}


def authorise_kind(procedure: str, actor: Actor) -> None:
    """Refuse at once an actor whose kind never runs ``procedure``, before the procedure
    looks anything up: a delegation learns nothing of a meeting it may not close.

    The full check, with the state concerned and the meeting's body, is :func:`authorise`.
    """
    allowed = RIGHTS[procedure]
    chairs = {a for a in allowed if a.startswith("chair:")}
    if (
        (actor.role is Role.SECRETARIAT and "secretariat" in allowed)
        or (actor.role is Role.DELEGATION and "delegation" in allowed)
        or (
            actor.role is Role.CHAIR
            and ("chair:meeting" in chairs or f"chair:{actor.id}" in chairs)
        )
    ):
        return
    authorise(procedure, actor)  # raises, with the message naming who runs it


def authorise(
    procedure: str, actor: Actor, *, state: str | None = None, body: str | None = None
) -> None:
    """Refuse unless ``actor`` may run ``procedure`` for ``state`` (in a meeting of ``body``)."""
    allowed = RIGHTS[procedure]
    if actor.role is Role.SECRETARIAT and "secretariat" in allowed:
        return
    if actor.role is Role.DELEGATION and "delegation" in allowed:
        if state is not None and actor.id == state:
            return
        if not state:
            raise ActorNotAllowedError(
                N_("{actor} acts only for {own}, not for the organisation"),
                value=str(actor),
                params={"actor": str(actor), "own": actor.id},
            )
        raise ActorNotAllowedError(
            N_("{actor} acts only for {own}, not for {state}"),
            value=str(actor),
            params={"actor": str(actor), "own": actor.id, "state": state},
        )
    if actor.role is Role.CHAIR and (
        f"chair:{actor.id}" in allowed or ("chair:meeting" in allowed and actor.id == body)
    ):
        return
    who = ", ".join(
        sorted(
            "delegation:<the state concerned>"
            if a == "delegation"
            else (f"chair:{body}" if a == "chair:meeting" and body else a)
            for a in allowed
        )
    )
    raise ActorNotAllowedError(
        N_("{actor} may not run {procedure}; it is run by {who}"),
        value=str(actor),
        params={"actor": str(actor), "procedure": procedure.replace("_", " "), "who": who},
    )
