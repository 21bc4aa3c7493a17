# ruff: noqa: RUF002 (the Russian in the doctests is the translation itself)
"""Languages: English, Russian and Simplified Chinese, and room for more.

Locale ids (gettext and Babel spell them alike; HTML and HTTP use the BCP 47 form):

========  ============  =========  ==================================================
id        Babel locale  BCP 47     catalogue
========  ============  =========  ==================================================
en        en            en         none: the msgids are the English text
ru        ru            ru         ``locale/ru/LC_MESSAGES/comity.po``
zh_Hans   zh_Hans       zh-Hans    ``locale/zh_Hans/LC_MESSAGES/comity.po``
========  ============  =========  ==================================================

The ``.po`` files are the only catalogues in the repository: each is compiled in memory the
first time it is used (Babel reads the ``.po`` and writes the ``.mo`` into a buffer that
:class:`gettext.GNUTranslations` reads), so no ``.mo`` is committed or needs a build hook.
Fuzzy entries are left out, so an unreviewed translation falls back to English.

The language of the work in hand is a context variable: the web and API set it per request
(``?lang=``, then the ``lang`` cookie, then ``Accept-Language``), the CLI from ``--lang`` or
``LANG``. Library code marks text with :func:`N_` (extracted, translated later) or :func:`_`.

>>> with using("ru"):
...     _("Member states (%(n)s)") % {"n": 10}
'Государства-члены (10)'
>>> negotiate(accept_language="zh-CN,zh;q=0.9,en;q=0.8")
'zh_Hans'
>>> format_date(date(2001, 6, 15), "zh_Hans")
'2001年6月15日'
"""

from __future__ import annotations

import gettext as _gettext
import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cache
from importlib import resources
from typing import Any, Protocol, runtime_checkable

import babel
import babel.dates
import babel.numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

#: Every language comity speaks, by locale id, with its name in itself (for the switcher).
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский", "zh_Hans": "简体中文"}
DEFAULT = "en"
DOMAIN = "comity"
#: The cookie that remembers a reader's choice of language in the web UI.
COOKIE = "comity_lang"

_active: ContextVar[str] = ContextVar("comity_language", default=DEFAULT)


def catalogue(lang: str) -> resources.abc.Traversable:
    """The ``.po`` file of a language (English has none)."""
    return resources.files("comity.i18n").joinpath(f"locale/{lang}/LC_MESSAGES/{DOMAIN}.po")


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``lang``; English (and any unknown id) translates nothing."""
    if lang == DEFAULT or lang not in LANGUAGES:
        return _gettext.NullTranslations()
    with catalogue(lang).open("rb") as po:
        parsed = read_po(po, locale=babel_locale(lang), domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, parsed, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def active() -> str:
    """The language of the work in hand."""
    return _active.get()


def set_language(lang: str) -> None:
    """Make ``lang`` the language of the current context (a request, a CLI run)."""
    _active.set(lang if lang in LANGUAGES else DEFAULT)


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Run a block in ``lang``."""
    token = _active.set(lang if lang in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _active.reset(token)


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name)
    """Mark ``message`` for the catalogues without translating it yet."""
    return message


def gettext(message: str) -> str:
    """``message`` in the active language, or in English if it has no translation."""
    return translations(active()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(active()).ngettext(singular, plural, n)


_ = gettext


def is_translated(message: str, lang: str | None = None) -> bool:
    """Whether ``message`` has a translation in ``lang`` (always true in English)."""
    lang = lang or active()
    return lang == DEFAULT or translations(lang).gettext(message) != message


def parse_tag(tag: str) -> str | None:
    """The locale id a BCP 47 or POSIX tag falls to, if comity speaks it.

    >>> [parse_tag(t) for t in ("ru-RU", "zh-TW", "zh_Hans", "en_GB.UTF-8", "fr", "C")]
    ['ru', 'zh_Hans', 'zh_Hans', 'en', None, None]
    """
    normal = tag.strip().split(".")[0].replace("_", "-").lower()
    if normal in {id_.replace("_", "-").lower() for id_ in LANGUAGES}:
        return next(i for i in LANGUAGES if i.replace("_", "-").lower() == normal)
    # Traditional Chinese readers read Simplified better than English: comity has no zh_Hant.
    primary = normal.split("-")[0]
    return {"en": "en", "ru": "ru", "zh": "zh_Hans"}.get(primary)


def negotiate(*chosen: str | None, accept_language: str | None = None) -> str:
    """The first language ``chosen`` names, else the best of ``Accept-Language``, else English."""
    for choice in chosen:
        if choice and (lang := parse_tag(choice)):
            return lang
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _sep, params = part.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag.strip() and tag.strip() != "*" and quality > 0:
            ranked.append((-quality, index, tag))
    for _q, _i, tag in sorted(ranked):
        if lang := parse_tag(tag):
            return lang
    return DEFAULT


def html_lang(lang: str | None = None) -> str:
    """The BCP 47 tag for ``<html lang>`` and ``Content-Language``."""
    return (lang or active()).replace("_", "-")


#: CLDR locales for formatting: the SCO's English is British ("15 June 2001").
_BABEL = {"en": "en_GB"}


@cache
def babel_locale(lang: str) -> babel.Locale:
    """The CLDR locale that names states and formats dates and numbers in ``lang``."""
    lang = lang if lang in LANGUAGES else DEFAULT
    return babel.Locale.parse(_BABEL.get(lang, lang))


def format_date(day: date | str | None, lang: str | None = None, format: str = "long") -> str:
    """A date as the language writes it (ISO strings accepted; ``None`` is empty)."""
    if day is None or day == "":
        return ""
    value = date.fromisoformat(day) if isinstance(day, str) else day
    return babel.dates.format_date(value, format=format, locale=babel_locale(lang or active()))


def format_number(number: Any, lang: str | None = None, **options: Any) -> str:
    """A number with the language's separators (``format_number(12345) == '12,345'``)."""
    return babel.numbers.format_decimal(number, locale=babel_locale(lang or active()), **options)


def format_percent(number: Any, lang: str | None = None, **options: Any) -> str:
    return babel.numbers.format_percent(number, locale=babel_locale(lang or active()), **options)


# Params of translated messages: one renderer for every message comity says.


@runtime_checkable
class Renderable(Protocol):
    """Anything said in the reader's language when shown (a :class:`Phrase`, a :class:`Term`)."""

    def render(self, lang: str | None = None) -> str: ...


def render(value: Any, lang: str | None = None) -> Any:
    """A message param as the reader of ``lang`` reads it.

    A :class:`Renderable` renders itself (a status names itself as ``translations.yaml``
    names it, :meth:`comity.events.Status.render`); another enum reads as its value's words
    (``take_part_in_decisions`` as "take part in decisions"), translated when the catalogue
    has them; anything else is left as given.

    >>> from comity.events import Status
    >>> [render(Status.DIALOGUE_PARTNER, lang) for lang in ("en", "ru", "zh_Hans")]
    ['dialogue partner', 'партнёр по диалогу', '对话伙伴']
    >>> render(Term(N_("graduated measures")), "ru"), render(2001, "ru")
    ('поэтапные меры', 2001)
    """
    lang = lang or active()
    if isinstance(value, Renderable):
        return value.render(lang)
    if isinstance(value, Enum):
        return translations(lang).gettext(str(value.value).replace("_", " "))
    return value


def format_message(template: str, params: Mapping[str, Any], lang: str | None = None) -> str:
    """``template`` (marked ``N_``) in ``lang`` with every param rendered by :func:`render`."""
    lang = lang or active()
    values = {k: render(v, lang) for k, v in params.items()}
    return translations(lang).gettext(template).format(**values)


def reason_of(error: BaseException) -> Any:
    """What an exception caught on the way says, as a param that renders in any language.

    A :class:`Renderable` error (a :class:`~comity.errors.ComityError`) or one raised with a
    single :class:`Renderable` argument (``ValueError(Phrase(...))``) renders in the reader's
    language; any other reads as its English text.

    >>> reason_of(ValueError(Term(N_("graduated measures")))).render("ru")
    'поэтапные меры'
    >>> reason_of(KeyError("x"))
    "'x'"
    """
    if isinstance(error, Renderable):
        return error
    if len(error.args) == 1 and isinstance(error.args[0], Renderable):
        return error.args[0]
    return str(error)


@dataclass(frozen=True)
class Term:
    """A word or phrase marked ``N_(...)``, translated when it is shown."""

    text: str

    def render(self, lang: str | None = None) -> str:
        return translations(lang or active()).gettext(self.text)

    def __str__(self) -> str:
        return self.text


def words(identifier: str) -> Term:
    """An identifier's words (``formal_notice`` as "formal notice"), translated when shown
    if the catalogue has them (measures, dispute stages and other names of the charter).

    >>> words("formal_notice"), words("formal_notice").render("ru")
    (Term(text='formal notice'), 'официальное уведомление')
    """
    return Term(identifier.replace("_", " "))


@dataclass(frozen=True)
class Phrase:
    """A sentence marked ``N_(...)`` with its params, said in any language when it is shown.

    A param may itself be a :class:`Phrase` (a clause), a :class:`Phrases` (a list), or
    anything else :func:`render` renders.

    >>> Phrase(N_("not adopted: objection by {states}"), {"states": "IND"}).render("ru")
    'не принято: возражение со стороны IND'
    """

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str | None = None) -> str:
        return format_message(self.template, self.params, lang)

    def __str__(self) -> str:
        return self.render(DEFAULT)


@dataclass(frozen=True)
class Phrases:
    """Phrases listed with a separator (``"; "``)."""

    items: tuple[Phrase, ...]
    separator: str = "; "

    def render(self, lang: str | None = None) -> str:
        lang = lang or active()
        # Chinese separates with its own full-width semicolon.
        separator = "\uff1b" if lang == "zh_Hans" and self.separator == "; " else self.separator
        return separator.join(i.render(lang) for i in self.items)

    def __str__(self) -> str:
        return self.render(DEFAULT)
