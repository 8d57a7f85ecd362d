"""The registry of kinds: one entry per kind of record, and everything the engine does with it.

An entry says where a kind's records come from (``data/<plural>.yml`` and
``schemas/<plural>.schema.json``, or Markdown files in ``docs/`` for written
items), which model class holds them, how they refer to other kinds (and which
list on the other side shows the reverse), whether they get pages (one per
record, in the section of ``data/sections.yml`` whose kind is the plural, with
the templates ``kb/<name>.html`` and ``kb/<plural>.html``), and which outputs
they take part in: search, QR codes, open data, JSON-LD, feeds.

Linking (``link.py``), page planning (``generate.py``), the view and the
outputs read this registry; nothing else lists the kinds. To add a kind, add its
model class and its entry here, its schema, its templates, its data and what
editors call it in messages (``noun_<name>`` in kennisbank/messages/): see
docs/maintainers/extending.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .messages import say
from .model import Event, Format, Item, Method, Organisation, Outcome, Person, Programme, Record, Theme

Check = Callable[[Any, Any], Iterator[tuple[str, str, str]]]
"""Extra rules of a kind: (raw record, model object) -> (field, what is wrong, how to fix it)."""


@dataclass(frozen=True)
class Relation:
    """A reference from one kind to another: a field holding an id, or a list of ids.

    ``back`` names the list on each target that shows the records referring to it
    (a theme's ``programmes``); ``spread`` links the record back also from the
    targets' own ``spread`` (an event of a programme is shown on that
    programme's themes too). ``attribute`` is the model's name for the field
    when it differs from the data's.
    """

    key: str
    target: str
    many: bool = True
    back: str = ""
    spread: str = ""
    attribute: str = ""

    @property
    def name(self) -> str:
        return self.attribute or self.key


@dataclass(frozen=True)
class Subpage:
    """A page below a record's page (an event's handouts: ``bijeenkomsten/<id>/handouts/``)."""

    slug: str
    template: str
    title: str  # interface string put before the record's title ("Handouts: …")
    when: Callable[[Any], bool] = lambda record: True


@dataclass(frozen=True)
class Kind:
    """One kind of record. ``name`` is singular (a page's ``kb.kind``), ``plural`` names its data file."""

    name: str
    plural: str
    model: type[Record]
    source: str = "data"  # "data": data/<plural>.yml; "docs": Markdown files of content sections
    noun: str = ""  # what an editor calls a reference to it in messages ("unknown page …"); name by default
    heading: str = "title"  # the field a record's page shows as its <h1>: required to have a page
    relations: tuple[Relation, ...] = ()
    checks: tuple[Check, ...] = ()
    pages: bool = False  # a page per record, in the section whose kind is the plural
    subpages: tuple[Subpage, ...] = ()
    search: bool = False  # its pages are in the search index, with a type filter
    qr: bool = False  # a QR code of each page's permanent link (qr.svg beside the page)
    opendata: str = ""  # schemas/api/<this> describes /api/<section>.json of its records
    schema_org: str = ""  # the JSON-LD type of its pages; none without one
    feeds: bool = False  # each record's page has an Atom feed of the items linked to it
    newest_first: tuple[str, ...] = ()  # lists of items on its records, shown newest first
    texts: tuple[str, ...] = ()  # translatable texts inside lists, as dotted paths ("steps.title"): checked like fields

    @property
    def template(self) -> str:
        return f"kb/{self.name}.html"

    @property
    def index_template(self) -> str:
        return f"kb/{self.plural}.html"

    @property
    def label_key(self) -> str:
        """The interface string naming one record of this kind ("Thema")."""
        return f"type_{self.name}"

    @property
    def reference_noun(self) -> str:
        return self.noun or self.name


SEARCH_TERMS = "search-terms"
"""The data file of search synonyms, numerals and compounds: not a kind, no pages (outputs/search_index.py)."""

SECTION_KINDS = ("content", "search")
"""Section kinds that are not a kind of record: written items of listed types, and the search page."""


def _programme_dates(raw: Any, programme: Programme) -> Iterator[tuple[str, str, str]]:
    if programme.start and programme.end and programme.end < programme.start:
        yield "end", say("kind_end_before_start", end=programme.end, start=programme.start), say("kind_end_before_start_fix")


def _event_times(raw: Any, event: Event) -> Iterator[tuple[str, str, str]]:
    if event.end_time and not event.start_time:
        yield "end_time", say("kind_end_time_alone"), say("kind_end_time_alone_fix")
    if (event.start_time or event.end_time) and (not event.date or event.date.precision != "day"):
        yield "start_time", say("kind_time_without_day"), say("kind_time_without_day_fix")


@dataclass
class Registry:
    """The kinds in the order their data is read and linked (a reference needs its target read first)."""

    kinds: list[Kind] = field(default_factory=list)

    def add(self, kind: Kind) -> Kind:
        if any(k.name == kind.name or k.plural == kind.plural for k in self.kinds):
            raise ValueError(f"kind '{kind.name}' is registered twice")
        self.kinds.append(kind)
        return kind

    def __iter__(self) -> Iterator[Kind]:
        return iter(self.kinds)

    def get(self, name: str) -> Kind:
        return next(k for k in self.kinds if k.name == name)

    def by_plural(self, plural: str) -> Kind | None:
        return next((k for k in self.kinds if k.plural == plural), None)

    @property
    def data_files(self) -> tuple[str, ...]:
        """The data files, in the order they are read; each has ``schemas/<name>.schema.json``.

        Besides the kinds' files: ``sections``, and ``search-terms`` (words that find the
        same pages, read by the search index: outputs/search_index.py).
        """
        return ("sections", *(k.plural for k in self.kinds if k.source == "data"), SEARCH_TERMS)

    @property
    def section_kinds(self) -> tuple[str, ...]:
        """What ``kind`` a section of data/sections.yml may have."""
        return (*SECTION_KINDS, *(k.plural for k in self.kinds if k.pages))


KINDS = Registry()
_items = "items"

KINDS.add(Kind("theme", "themes", Theme, pages=True, search=True, feeds=True, newest_first=(_items,)))
KINDS.add(Kind("format", "formats", Format))
KINDS.add(Kind("method", "methods", Method, texts=("steps.title", "steps.text", "alongside.title", "alongside.items")))
KINDS.add(Kind("organisation", "organisations", Organisation, heading="name", pages=True, search=True,
               schema_org="Organization", newest_first=(_items,)))
KINDS.add(Kind("person", "people", Person, heading="name", newest_first=(_items,), relations=(
    Relation("organisation", "organisation", many=False, back="people"),)))
KINDS.add(Kind("programme", "programmes", Programme, pages=True, search=True, newest_first=(_items,),
               checks=(_programme_dates,), relations=(
    Relation("format", "format", many=False, back="programmes"),
    Relation("themes", "theme", back="programmes"),
    Relation("organisations", "organisation", back="programmes"),
    Relation("facilitators", "person", back="programmes"))))
KINDS.add(Kind("outcome", "outcomes", Outcome, pages=True, search=True, qr=True, opendata="outcomes.schema.json",
               relations=(
    Relation("programme", "programme", many=False, back="outcomes", spread="themes"),
    Relation("organisations", "organisation", back="outcomes"),
    Relation("source", "item", many=False, back="outcomes", attribute="source_item"))))
KINDS.add(Kind("event", "events", Event, pages=True, search=True, qr=True, schema_org="Event",
               checks=(_event_times,),
               subpages=(Subpage("handouts", "kb/handouts.html", "handouts", lambda event: bool(event.outcomes)),),
               relations=(
    Relation("venue", "organisation", many=False, back="events"),
    Relation("programmes", "programme", back="events", spread="themes"),
    Relation("themes", "theme", back="events"),
    Relation("outcomes", "outcome", back="events"),
    Relation("report", "item", many=False, back="events"))))
KINDS.add(Kind("item", "items", Item, source="docs", noun="page", search=True, opendata="content.schema.json",
               schema_org="Article",
               relations=(
    Relation("themes", "theme", back="items"),
    Relation("programmes", "programme", back="items"),
    Relation("organisations", "organisation", back="items"),
    Relation("people", "person", back="items"))))
