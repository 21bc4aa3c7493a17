"""Request dependencies as ``Annotated`` aliases: the record, dates, conditional requests.

Some inputs are read below the routes (by a middleware, the error pages, or by
:func:`not_modified` from the raw headers); :data:`LANGUAGE_INPUTS`, :data:`ERROR_PAGE_INPUTS`
and :data:`CONDITIONAL` declare them, so that every input a caller can send is in the OpenAPI
document (and the fuzz test sends it).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Cookie, Depends, Header, Query, Request, Response

from comity import __version__, i18n
from comity.dates import parse_date
from comity.errors import InputError, InvalidDateError
from comity.i18n import N_
from comity.limits import EARLIEST, LATEST, within_dates
from comity.record import Record


def get_record(request: Request) -> Record:
    record: Record = request.app.state.record
    return record


RecordDep = Annotated[Record, Depends(get_record)]


def language_inputs(
    # Not named ``lang``: /lang/{lang} has a path parameter of that name.
    chosen: Annotated[
        str | None,
        Query(alias="lang", description="The answer's language: en, ru or zh_Hans (the switcher)"),
    ] = None,
    remembered: Annotated[
        str | None,
        Cookie(alias=i18n.COOKIE, description="The language chosen before (set by /lang/...)"),
    ] = None,
    accept_language: Annotated[
        str | None, Header(description="The browser's languages, when neither is given")
    ] = None,
) -> None:
    """Declares what the application's language middleware reads on every request."""


def if_none_match(
    if_none_match: Annotated[
        str | None,
        Header(description="ETags the client holds: 304 Not Modified if the answer has one"),
    ] = None,
) -> None:
    """Declares what :func:`not_modified` reads, on the routers that answer with ETags."""


def error_page_inputs(
    accept: Annotated[
        str | None,
        Header(description="text/html: a web page's refusal comes as a page, not as JSON"),
    ] = None,
    referer: Annotated[
        str | None, Header(description="The page a refused form came from: the way back")
    ] = None,
) -> None:
    """Declares what the web pages' error handler reads (comity.web.errors)."""


LANGUAGE_INPUTS = Depends(language_inputs)
ERROR_PAGE_INPUTS = Depends(error_page_inputs)
CONDITIONAL = Depends(if_none_match)


def as_of_date(
    as_of: Annotated[
        str | None, Query(description="The date to look at, YYYY-MM-DD (default: today).")
    ] = None,
) -> date:
    return parse_date(as_of, what="as_of dates") if as_of else date.today()


def known_at_time(
    known_at: Annotated[
        str | None,
        Query(
            description="Answer as the record stood at this moment (ISO 8601 with a time "
            "zone, e.g. 2024-01-01T00:00:00Z); default: now."
        ),
    ] = None,
) -> datetime | None:
    if not known_at:
        return None
    try:
        moment = datetime.fromisoformat(known_at.strip().replace("Z", "+00:00"))
    except ValueError as e:
        raise InputError(
            N_("known_at is an ISO 8601 moment such as 2024-01-01T00:00:00Z, got {text!r}"),
            value=known_at,
            params={"text": known_at},
        ) from e
    if moment.tzinfo is None:
        raise InputError(
            N_("known_at needs a time zone (e.g. Z or +08:00), got {text!r}"),
            value=known_at,
            params={"text": known_at},
        )
    # Bounded as dates are: a moment in the year 1 or 9999 has no UTC form to convert to.
    if not within_dates(moment.date()):
        raise InvalidDateError(
            N_("{what} lie between {earliest} and {latest}, got {text!r}"),
            value=known_at,
            params={
                "what": "known_at moments",
                "text": known_at,
                "earliest": EARLIEST,
                "latest": LATEST,
            },
        )
    return moment.astimezone(UTC)


AsOf = Annotated[date, Depends(as_of_date)]
KnownAt = Annotated[datetime | None, Depends(known_at_time)]


def not_modified(
    request: Request, response: Response, record: Record, *, reader: str | None = None
) -> bool:
    """Set a strong ETag for this answer; True when the client already has it.

    Every answer is a function of comity's version (the charter data), the ledger's head and
    the request URL, so the ETag is a hash of the three. An answer that also depends on who
    asks (``reader``: the role whose view it is, e.g. ``delegation:IND``) hashes the reader
    too, varies by the credentials and is private to the caller unless it is the public's:
    a cache must never give one reader's view, or a 304 for it, to another.
    """
    sequence, head = record.ledger.head()
    view = "" if reader is None else f"|{reader}"
    tag = hashlib.sha256(
        f"{__version__}|{sequence}|{head}|{request.url.path}?{request.url.query}{view}".encode()
    ).hexdigest()[:32]
    etag = f'"{tag}"'
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = (
        "no-cache" if reader is None or reader == "public" else "private, no-cache"
    )
    if reader is not None:
        response.headers["Vary"] = "Authorization, Cookie"
    sent = request.headers.get("if-none-match", "")
    return etag in {t.strip() for t in sent.split(",")} or sent.strip() == "*"
