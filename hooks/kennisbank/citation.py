"""How to cite a content item: APA 7 text for its page, and BibTeX, RIS and CSL-JSON files.

Plain functions of the model (no MkDocs). The items of the sections named in
``extra.kennisbank.cite_sections`` get a "Cite this" block on their page
(``overrides/kb/partials/cite.html``, through ``kb.citation(item)``) and three
files beside it (``outputs/citations.py``): both come from the one
:class:`Reference` of an item in a language made here, so the page and the files
name the same authors, year, title, publisher and permanent URL.

Authors are the item's people (``data/people.yml``), else the organisation that
publishes the site (``site_author`` in mkdocs.yml). The year is the item's date's;
a work of a section whose schema.org type is ``Report`` (``schema_types``) is a
report in every format, any other an article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from babel.dates import get_month_names

from . import urls
from .config import Settings
from .model import Item, PartialDate, Person
from .strings import interface_string

FILES = {"bibtex": "cite.bib", "ris": "cite.ris", "csl": "cite.json"}
"""Each format's file, beside the item's page (``publicaties/x/cite.bib``)."""
MEDIA_TYPES = {"bibtex": "application/x-bibtex", "ris": "application/x-research-info-systems",
               "csl": "application/vnd.citationstyles.csl+json"}

PARTICLES = frozenset({"van", "von", "de", "der", "den", "het", "ter", "ten", "te", "'t", "op", "in", "aan",
                       "du", "da", "di", "del", "della", "des", "la", "le", "dos", "das"})
"""Lowercase words that begin a family name ("Jan van der Berg": family "van der Berg")."""


@dataclass(frozen=True)
class Name:
    """An author: a person (family and given names, particle apart) or an organisation (``literal``)."""

    family: str = ""
    given: str = ""
    particle: str = ""  # "van der": part of the family name, sorted without it in Dutch
    literal: str = ""

    @property
    def surname(self) -> str:
        return f"{self.particle} {self.family}".strip()


@dataclass(frozen=True)
class Reference:
    """What every format says about one item in one language."""

    key: str  # the BibTeX key and CSL id: "publicaties-whitepaper-x"
    type: str  # "report" or "article" (CSL types)
    authors: tuple[Name, ...]
    title: str
    language: str  # the language the title (and the page's text) is in
    locale: str  # its Babel locale ("en_GB")
    date: PartialDate | None
    publisher: str
    url: str  # the page's permanent URL; '' without an absolute site_url
    genre: str  # the item's type ("Whitepaper")
    abstract: str

    @property
    def organisation_is_author(self) -> bool:
        return len(self.authors) == 1 and self.authors[0].literal == self.publisher != ""


@dataclass(frozen=True)
class Apa:
    """An APA 7 reference in four pieces, so that a page can set the title in italics and link the URL."""

    lead: str  # the authors and the date: "Wesdorp, P., & Vreeman, A. (2021). "
    title: str
    tail: str  # what follows the title, up to the URL: ". Schouders Eronder. "
    url: str

    @property
    def text(self) -> str:
        return f"{self.lead}{self.title}{self.tail}{self.url}".strip()


@dataclass(frozen=True)
class Download:
    format: str  # "bibtex", "ris", "csl": its interface string is cite_<format>
    href: str
    media_type: str


@dataclass(frozen=True)
class Citation:
    """What a page's "Cite this" block shows: the APA reference and the files to download."""

    apa: Apa
    downloads: dict[str, Download]  # by format (FILES); none without an absolute site_url
    language: str  # the language of the title: the page's, or the default one's where the item has no translation


# -- which items, and what is said of them -------------------------------------------------------

def cited(item: Item, settings: Settings) -> bool:
    """Whether an item's section gets citations (``extra.kennisbank.cite_sections``)."""
    return item.section in settings.cite_sections


def files_written(settings: Settings) -> bool:
    """The files are written only with an absolute site_url: they name the page's permanent URL."""
    return urlsplit(settings.site_url).scheme in ("http", "https")


def reference(item: Item, language: str, settings: Settings) -> Reference:
    """The facts of an item that every format gives, in a language (the default one's where it has none)."""
    default = settings.default_language
    text_language = language if language in item.title else default
    publisher = site_author(settings)
    people = tuple(person_name(p) for p in item.people if p.name.strip())
    authors = people or ((Name(literal=publisher),) if publisher else ())
    report = settings.schema_type(item.section) == "Report"
    genre = (item.type.label.get(language) or item.type.label.get(default, "")) if item.type else ""
    return Reference(
        key=re.sub(r"[^A-Za-z0-9_:-]+", "-", f"{item.section}-{item.id}"),
        type="report" if report else "article",
        authors=authors,
        title=_line(item.title.get(text_language, "")),
        language=text_language,
        locale=settings.locale(text_language),
        date=item.date,
        publisher=publisher,
        url=urls.permalink(settings.site_url, language, default, item.path) if files_written(settings) else "",
        genre=_line(genre),
        abstract=_line(item.summary.get(text_language) or item.summary.get(default, "")),
    )


def person_name(person: Person) -> Name:
    """A person's name split as references need it: "Jan van der Berg" -> van der | Berg, Jan."""
    name = " ".join(person.name.split())
    if "," in name:  # written "Berg, Jan van der"? Taken as family, given
        family, given = (part.strip() for part in name.split(",", 1))
        return Name(family=family, given=given)
    words = name.split(" ")
    if len(words) == 1:
        return Name(family=name)
    start = next((i for i in range(1, len(words) - 1) if words[i] in PARTICLES), len(words) - 1)
    end = start
    while end < len(words) - 1 and words[end] in PARTICLES:
        end += 1
    return Name(family=" ".join(words[end:]), given=" ".join(words[:start]), particle=" ".join(words[start:end]))


def citation(item: Item, language: str, settings: Settings,
             href: Callable[[str], str] | None = None) -> Citation | None:
    """The "Cite this" block of an item's page, or None for an item of a section without citations.

    ``href(file)``: the link from the page to a file beside it; no downloads without an absolute site_url.
    """
    if not cited(item, settings):
        return None
    ref = reference(item, language, settings)
    downloads = {fmt: Download(fmt, href(name) if href else name, MEDIA_TYPES[fmt])
                 for fmt, name in FILES.items()} if files_written(settings) else {}
    return Citation(apa(ref, language, settings.default_language), downloads, ref.language)


# -- the formats -----------------------------------------------------------------------------------

def apa(ref: Reference, language: str, default: str) -> Apa:
    """APA 7: ``Authors. (Date). *Title*. Publisher. URL`` (the publisher left out when it is the author).

    A report gives its year; an article its date as far as known ("2024, June 1"); no date is "n.d.".
    Without an author the title takes the authors' place.
    """
    no_date = interface_string("cite_no_date", language, default).value
    when = f"({_apa_date(ref, no_date)})."
    names = _apa_authors(ref.authors)
    title_end = "" if ref.title.endswith((".", "?", "!")) else "."
    publisher = "" if ref.organisation_is_author or not ref.publisher else f" {ref.publisher}."
    if names:
        lead = f"{names}{'' if names.endswith('.') else '.'} {when} "
        tail = f"{title_end}{publisher} "
    else:
        lead = ""
        tail = f"{title_end} {when}{publisher} "
    return Apa(lead, ref.title, tail, ref.url)


def bibtex(ref: Reference) -> str:
    """A BibTeX entry (``@techreport`` or ``@misc``), with every special character of TeX escaped.

    Fields for both BibTeX and biblatex: ``institution``/``publisher``, and ``date``, ``langid`` and
    ``url`` for biblatex. The title is braced twice so that styles keep its capitals.
    """
    fields: list[tuple[str, str]] = []
    if ref.authors:
        fields.append(("author", " and ".join(_bib_name(a) for a in ref.authors)))
    fields.append(("title", "{" + _tex(ref.title) + "}"))
    if ref.publisher:
        fields.append(("institution" if ref.type == "report" else "publisher", _tex(ref.publisher)))
    if ref.genre:
        fields.append(("type", _tex(ref.genre)))
    if ref.date:
        fields.append(("year", str(ref.date.year)))
        fields.append(("date", ref.date.iso))
    if ref.url:
        fields.append(("url", ref.url))  # a verbatim field: not escaped (a permanent URL holds no braces)
    if ref.language in _LANGIDS:
        fields.append(("langid", _LANGIDS[ref.language]))
    if ref.abstract:
        fields.append(("abstract", _tex(ref.abstract)))
    entry = "techreport" if ref.type == "report" else "misc"
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@{entry}{{{ref.key},\n{body}}}\n"


def ris(ref: Reference) -> str:
    """A RIS record: ``TY  - RPRT`` (a report) or ``TY  - ELEC`` (a web article), one tag a line, ``ER  - `` last."""
    lines = [("TY", "RPRT" if ref.type == "report" else "ELEC")]
    lines += [("AU", a.literal or (f"{a.surname}, {a.given}" if a.given else a.surname)) for a in ref.authors]
    lines.append(("TI", ref.title))
    if ref.date:
        d = ref.date
        lines.append(("PY", str(d.year)))
        lines.append(("DA", f"{d.year:04d}/{f'{d.month:02d}' if d.month else ''}/{f'{d.day:02d}' if d.day else ''}/"))
    if ref.publisher:
        lines.append(("PB", ref.publisher))
    if ref.genre:
        lines.append(("M3", ref.genre))
    if ref.url:
        lines.append(("UR", ref.url))
    lines.append(("LA", ref.language))
    if ref.abstract:
        lines.append(("AB", ref.abstract))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\n" for tag, value in lines)


def csl_json(ref: Reference) -> str:
    """CSL-JSON (the input of citeproc, Zotero, Pandoc): a list holding the one item."""
    item: dict[str, Any] = {"id": ref.key, "type": ref.type, "title": ref.title}
    if ref.authors:
        item["author"] = [_csl_name(a) for a in ref.authors]
    if ref.date:
        parts = [ref.date.year, ref.date.month, ref.date.day]
        item["issued"] = {"date-parts": [parts[:{"year": 1, "month": 2, "day": 3}[ref.date.precision]]]}
    if ref.publisher:
        item["publisher"] = ref.publisher
    if ref.genre:
        item["genre"] = ref.genre
    if ref.url:
        item["URL"] = ref.url
    item["language"] = ref.locale.replace("_", "-")
    if ref.abstract:
        item["abstract"] = ref.abstract
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


WRITERS = {"bibtex": bibtex, "ris": ris, "csl": csl_json}
"""Each format's text from a Reference (the file names are FILES)."""


# -- the publisher ---------------------------------------------------------------------------------

def site_author(settings: Settings) -> str:
    """The organisation that publishes the site: ``site_author`` of mkdocs.yml ('' if none)."""
    return settings.site_author


# -- pieces ------------------------------------------------------------------------------------------

_LANGIDS = {"nl": "dutch", "en": "english", "de": "ngerman", "fr": "french", "es": "spanish", "it": "italian"}
"""biblatex's language names (``langid``) of the languages a site may have."""

_TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
        "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_TEX_RE = re.compile("|".join(re.escape(c) for c in _TEX))


def _tex(text: str) -> str:
    """Text for a BibTeX field: TeX's special characters escaped (letters beyond ASCII stay: UTF-8)."""
    return _TEX_RE.sub(lambda m: _TEX[m.group()], _line(text))


def _line(text: str) -> str:
    """One line: RIS and BibTeX fields, and a reference, cannot hold a line break."""
    return " ".join(str(text).split())


def _bib_name(name: Name) -> str:
    if name.literal:
        return "{" + _tex(name.literal) + "}"  # braced: an organisation, not a family and given name
    return f"{_tex(name.surname)}, {_tex(name.given)}" if name.given else "{" + _tex(name.surname) + "}"


def _csl_name(name: Name) -> dict[str, str]:
    if name.literal:
        return {"literal": name.literal}
    value = {"family": name.family, "given": name.given, "non-dropping-particle": name.particle}
    return {key: v for key, v in value.items() if v}


def _initials(given: str) -> str:
    """APA's initials: "Peter" -> "P.", "Anne-Marie" -> "A.-M.", "Jan Willem" -> "J. W."."""
    return " ".join("-".join(part[0] + "." for part in word.split("-") if part) for word in given.split())


def _apa_authors(authors: tuple[Name, ...]) -> str:
    """Up to 20 authors, "&" before the last; from 21 on, the first 19, "…" and the last (APA 7, 9.8)."""
    names = [a.literal or (f"{a.surname}, {_initials(a.given)}" if a.given else a.surname) for a in authors]
    if len(names) > 20:
        return ", ".join(names[:19]) + ", . . . " + names[-1]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1] if names else ""


def _apa_date(ref: Reference, no_date: str) -> str:
    date = ref.date
    if date is None:
        return no_date
    if ref.type == "report" or date.precision == "year":
        return str(date.year)
    month = get_month_names("wide", locale=ref.locale)[date.month]
    if date.precision == "month":
        return f"{date.year}, {month}"
    english = ref.locale.split("_")[0] == "en"
    return f"{date.year}, {month} {date.day}" if english else f"{date.year}, {date.day} {month}"
