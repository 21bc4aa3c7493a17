"""The web UI in the reader's language: the Jinja2 i18n extension, Babel filters, the switcher.

The request's language is set by the application's middleware (``?lang=``, the
``comity_lang`` cookie, ``Accept-Language``; see :mod:`comity.i18n`); templates translate with
``{% trans %}`` and ``_()``, format with ``|date``, ``|number`` and ``|percent``, and name
statuses, bodies, documents and places with :func:`name`, which marks an English fallback with
``lang="en"`` so a reader (and a screen reader) sees it is not translated.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from comity import i18n
from comity.i18n import names

router = APIRouter(include_in_schema=False)

#: A year in seconds: how long the switcher remembers a choice.
_YEAR = 365 * 24 * 3600


def name(kind: str, key: str | None, english: str | None = None) -> Markup:
    """A reference name (``status``, ``body``, ``document``, ``place``) in the page's language."""
    found = names.lookup(kind, key, english)
    if found.lang == i18n.active():
        return Markup(escape(found.text))
    return Markup('<span lang="{}" class="untranslated">{}</span>').format(
        i18n.html_lang(found.lang), found.text
    )


def timetag(day: date | str | None, format: str = "long") -> Markup:
    """A date for people, with its ISO form for machines: ``<time datetime="...">``."""
    if not day:
        return Markup("")
    iso = day if isinstance(day, str) else day.isoformat()
    return Markup('<time datetime="{}">{}</time>').format(iso, i18n.format_date(day, format=format))


def install(templates: Jinja2Templates) -> None:
    """Give ``templates`` gettext (per request, by the active language) and Babel filters."""
    env = templates.env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True
    )
    env.filters.update(
        date=lambda d, format="long": i18n.format_date(d, format=format),
        number=lambda n, **kw: i18n.format_number(n, **kw),
        percent=lambda n, **kw: i18n.format_percent(n, **kw),
    )
    env.filters["timetag"] = timetag
    # An identifier's words in the page's language (rights, measures, dispute stages).
    env.filters["words"] = lambda identifier: i18n.words(str(identifier)).render()
    env.globals.update(name=name)


def language_context(request: Request) -> dict[str, Any]:
    """For every page: its language, and a link to the same page in each other language."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    back = quote(here, safe="/")
    return {
        "lang": i18n.active(),
        "html_lang": i18n.html_lang(),
        "languages": [
            {
                "id": lang,
                "name": label,
                "tag": i18n.html_lang(lang),
                "href": f"/lang/{lang}?next={back}",
            }
            for lang, label in i18n.LANGUAGES.items()
        ],
    }


@router.get("/lang/{lang}")
def switch(lang: str, next: Annotated[str, Query()] = "/") -> RedirectResponse:
    """Remember ``lang`` in a cookie and go back to the page (works without JavaScript)."""
    chosen = i18n.negotiate(lang)
    # Only a path on this site: an open redirect would let a link send readers elsewhere.
    target = next if next.startswith("/") and not next.startswith(("//", "/\\")) else "/"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(i18n.COOKIE, chosen, max_age=_YEAR, samesite="lax", httponly=True)
    return response
