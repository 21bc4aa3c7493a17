"""The catalogues' upkeep: extract every message from the source, and find the gaps.

The same steps as ``pybabel extract -F babel.cfg`` / ``pybabel update`` (the project's
``babel.cfg`` says where the text is), as functions the tests and ``comity i18n`` share.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from comity import i18n

METHODS = [("**/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def source_root() -> Path:
    return Path(str(resources.files("comity")))


def extract() -> Catalog:
    """Every message marked in comity's Python (``_``, ``N_``) and templates (``trans``)."""
    template = Catalog(project="comity", domain=i18n.DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(source_root()), METHODS, OPTIONS, keywords=DEFAULT_KEYWORDS, strip_comment_tags=True
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def read(lang: str) -> Catalog:
    with i18n.catalogue(lang).open("rb") as po:
        return read_po(po, locale=i18n.babel_locale(lang), domain=i18n.DOMAIN)


def _translated(string: object) -> bool:
    # A plural message has one string per plural form; every one must be there.
    return all(string) if isinstance(string, tuple) else bool(string)


def gaps(lang: str, template: Catalog | None = None) -> dict[str, list[str]]:
    """Messages of ``lang``'s catalogue that are missing, untranslated or fuzzy."""
    template = template or extract()
    catalogue = read(lang)
    found = {m.id for m in catalogue if m.id}
    wanted = {m.id for m in template if m.id}
    return {
        "missing": sorted(str(i) for i in wanted - found),
        "untranslated": sorted(str(m.id) for m in catalogue if m.id and not _translated(m.string)),
        "fuzzy": sorted(str(m.id) for m in catalogue if m.id and m.fuzzy),
        "obsolete": sorted(str(i) for i in found - wanted),
    }
