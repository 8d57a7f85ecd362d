"""The domain objects of a knowledge base, named after what they are.

Plain data: no MkDocs, no I/O. ``link.py`` builds them from validated records and
fills in the reverse references (a theme's programmes, an organisation's outcomes)
so that pages and templates never have to search. The linker fills each field
from the record's field of the same name, by its type here: ``Text`` from
translatable text, ``PartialDate`` from a date, anything else as it is; fields
that refer to other records are declared in ``kinds.py``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import Any

from . import urls

Text = dict[str, str]
"""Translatable text: language code -> text. Always holds the default language."""


def in_language(text: Text | None, language: str, default: str) -> str:
    """A translatable text in a language, falling back to the default language ('' when empty)."""
    if not text:
        return ""
    return text.get(language) or text.get(default) or ""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day (``2020``, ``2020-02``, ``2020-02-20``)."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        parts = [int(p) for p in value.split("-")]
        date = cls(*parts)
        if date.month and not 1 <= date.month <= 12:
            raise ValueError(f"month {date.month} does not exist")
        if date.day and not 1 <= date.day <= calendar.monthrange(date.year, date.month)[1]:
            raise ValueError(f"day {date.day} does not exist in {date.year}-{date.month:02d}")
        return date

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.iso


@dataclass(frozen=True)
class Source:
    """Where a record was written: for error messages."""

    path: str
    line: int = 1


@dataclass(eq=False, repr=False)
class Record:
    id: str
    source: Source
    section: str = ""  # the URL folder of its pages, set by the linker
    approximate: list[str] = field(default_factory=list)  # date fields whose value is an estimate ("ca.")

    @property
    def path(self) -> str:
        """Site path of the page, without language prefix: ``themas/schulden/``."""
        return urls.record_path(self.section, self.id)

    def __repr__(self) -> str:
        """``Theme('schulden')``: records refer to each other both ways, so the generated repr
        of one would print the whole linked model (a failing test's traceback ran out of memory)."""
        return f"{type(self).__name__}({self.id!r})"


@dataclass(eq=False)
class ContentType:
    id: str
    label: Text
    section: str


@dataclass(eq=False, repr=False)
class Section(Record):
    kind: str = ""
    title: Text = field(default_factory=dict)
    intro: Text = field(default_factory=dict)
    types: list[ContentType] = field(default_factory=list)

    @property
    def path(self) -> str:
        return urls.section_path(self.id)


@dataclass(eq=False, repr=False)
class Theme(Record):
    title: Text = field(default_factory=dict)
    summary: Text = field(default_factory=dict)
    description: Text | None = None
    status: str = "active"
    programmes: list[Programme] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Format(Record):
    title: Text = field(default_factory=dict)
    summary: Text = field(default_factory=dict)
    participants: Text | None = None
    delegation: Text | None = None
    rules: dict[str, float] = field(default_factory=dict)
    programmes: list[Programme] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Method(Record):
    """A way of working that programmes follow: its steps in order, and what holds for every step.

    Nested texts stay as the data has them (``steps``: ``{title, text}``; ``alongside``:
    ``{title, items}``); the linker checks their languages (``Kind.texts``) and
    ``diagrams.py`` draws them, on the page whose front matter names the method.
    """

    title: Text = field(default_factory=dict)
    steps_title: Text | None = None
    steps: list[dict[str, Any]] = field(default_factory=list)
    alongside: list[dict[str, Any]] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Organisation(Record):
    name: Text = field(default_factory=dict)
    kind: str = "other"
    summary: Text = field(default_factory=dict)
    url: str | None = None
    programmes: list[Programme] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)

    @property
    def title(self) -> Text:
        return self.name


@dataclass(eq=False, repr=False)
class Person(Record):
    name: str = ""
    role: Text = field(default_factory=dict)
    organisation: Organisation | None = None
    programmes: list[Programme] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Programme(Record):
    title: Text = field(default_factory=dict)
    format: Format | None = None
    themes: list[Theme] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    facilitators: list[Person] = field(default_factory=list)
    start: PartialDate | None = None
    end: PartialDate | None = None
    mode: str | None = None
    summary: Text = field(default_factory=dict)
    description: Text | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Item(Record):
    """A written content item: a publication, case story or news item."""

    type: ContentType | None = None
    title: Text = field(default_factory=dict)
    summary: Text = field(default_factory=dict)
    date: PartialDate | None = None
    updated: PartialDate | None = None
    themes: list[Theme] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    glance: dict[str, Text] = field(default_factory=dict)  # "In het kort": goal, target_group, … -> text
    files: dict[str, str] = field(default_factory=dict)  # language -> docs-relative source path
    translated_from: dict[str, str] = field(default_factory=dict)  # language -> fingerprint
    fingerprint: str = ""  # of the default-language source
    outcomes: list[Outcome] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Outcome(Record):
    title: Text = field(default_factory=dict)
    statement: Text = field(default_factory=dict)
    programme: Programme | None = None
    organisations: list[Organisation] = field(default_factory=list)
    source_item: Item | None = None
    date: PartialDate | None = None
    events: list[Event] = field(default_factory=list)

    @property
    def themes(self) -> list[Theme]:
        return self.programme.themes if self.programme else []


@dataclass(eq=False, repr=False)
class Event(Record):
    title: Text = field(default_factory=dict)
    kind: str = "meeting"
    date: PartialDate | None = None
    start_time: str | None = None
    end_time: str | None = None
    place: Text | None = None
    venue: Organisation | None = None
    programmes: list[Programme] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    report: Item | None = None
    summary: Text = field(default_factory=dict)


@dataclass(eq=False)
class Page:
    """An ordinary written page (home, about): validated, not listed."""

    path: str  # docs-relative source path
    meta: dict
    source: Source


@dataclass(repr=False)
class Site:
    """Everything the generator knows, linked both ways.

    ``tables`` holds the records of every kind by its plural (``kinds.py``):
    ``site.tables["themes"]``, also readable as ``site.themes``. Written items
    are keyed "section/slug".
    """

    languages: list[str]
    default_language: str
    sections: dict[str, Section] = field(default_factory=dict)
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    items_by_file: dict[str, Item] = field(default_factory=dict)  # docs-relative path -> item
    accessibility: dict | None = None  # the latest browser-suite report, if the site shows one
    search_terms: list[Any] = field(default_factory=list)  # data/search-terms.yml, validated: for the search index

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}: {len(table)}" for name, table in self.tables.items())
        return f"Site({', '.join(self.languages)}; {counts})"

    def __getattr__(self, name: str) -> dict[str, Any]:
        """``site.themes`` for ``site.tables["themes"]`` (only called for names that are not attributes)."""
        tables = self.__dict__.get("tables")
        if tables is not None and name in tables:
            return tables[name]
        raise AttributeError(f"the site has no records called '{name}'")

    def section_of_kind(self, kind: str) -> Section | None:
        return next((s for s in self.sections.values() if s.kind == kind), None)

    def items_in(self, section: str) -> list[Item]:
        return [i for i in self.tables["items"].values() if i.section == section]

    def record(self, kind: str, id_: str) -> Any:
        """The record a generated page is about: kind is a record kind (theme, …) or a section kind."""
        from .kinds import KINDS  # (kinds imports the model classes)

        plural = next((k.plural for k in KINDS if k.name == kind), None)
        return self.tables[plural][id_] if plural else self.sections[id_]
