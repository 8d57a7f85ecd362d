"""What templates see: the model seen from one page in one language.

Templates call ``kb.pick(text)`` for translatable text (with the language it is
really in, so a Dutch fallback on an English page can be marked ``lang="nl"``),
``kb.date(d)`` for dates in the page's language (Babel), ``kb.href(record)`` for
links and ``kb.s(key)`` for interface text. No HTML is built here.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

from babel.dates import format_date, format_skeleton
from markupsafe import Markup, escape
from babel.numbers import format_decimal

from .link import newest_first
from .model import Event, Item, PartialDate, Record, Section, Site, Text
from .yamlsafe import parse


@dataclass(frozen=True)
class Localized:
    """A text in the language it is written in; ``fallback`` when not the page's."""

    value: str
    lang: str
    fallback: bool

    def __str__(self) -> str:
        return self.value

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.value.split("\n\n") if p.strip()]


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    path = Path(__file__).with_name("strings.yml")
    value, problems = parse(path.read_text(encoding="utf-8"), str(path))
    if problems:
        raise RuntimeError(problems[0])
    return value


def today() -> dt.date:
    """The build date; SOURCE_DATE_EPOCH makes builds reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()


class View:
    def __init__(self, site: Site, language: str, kind: str = "", obj: Any = None, locale: str = "",
                 page_url: Optional[str] = None, root: str = "/") -> None:
        self.site = site
        self.lang = language
        self.page_url = page_url  # the page's URL ("themas/x/"); None for pages served anywhere (404)
        # the folder links are relative to, as path parts: "themas/x/" -> ["themas", "x"]
        self._base = None if page_url is None else _parts(page_url if page_url.endswith("/") or not page_url
                                                          else posixpath.dirname(page_url) + "/")
        self.root = root  # the site's path on its host, for links on pages served anywhere
        self.locale = locale or language  # Babel locale, e.g. en_GB for British dates
        self.default = site.default_language
        self.kind = kind
        self.obj = obj

    # -- language ----------------------------------------------------------------

    def pick(self, text: Optional[Text]) -> Optional[Localized]:
        if not text:
            return None
        if self.lang in text:
            return Localized(text[self.lang], self.lang, False)
        return Localized(text[self.default], self.default, True)

    def text(self, value: Optional[Text]) -> Markup:
        """A translatable text for a template: escaped, and marked with its language when it
        falls back to another one. A method, not a Jinja macro: cards call it thousands of
        times, and a macro call costs Jinja about ten times as much."""
        t = self.pick(value)
        if t is None:
            return Markup("")
        return Markup(f'<span lang="{escape(t.lang)}">{escape(t.value)}</span>') if t.fallback else escape(t.value)

    def s(self, key: str) -> str:
        entry = strings().get(key)
        if entry is None:
            raise KeyError(f"no interface string '{key}' in hooks/kennisbank/strings.yml")
        return entry.get(self.lang) or entry[self.default]

    def label(self, prefix: str, value: str) -> str:
        return self.s(f"{prefix}_{value}")

    def date(self, date: Optional[PartialDate]) -> str:
        return self.s("not_known") if date is None else _format_date(date, self.locale)

    def time(self, date: Optional[PartialDate]) -> Markup:
        """A date for a template, as ``<time datetime="…">`` in the page's language (see text())."""
        if date is None:
            return escape(self.s("not_known"))
        return Markup(f'<time datetime="{escape(date.iso)}">{escape(self.date(date))}</time>')

    def iso_date(self, value: str) -> str:
        """A YYYY-MM-DD string in words, in the page's language."""
        return self.date(PartialDate.parse(value))

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def span(self, low: Optional[float], high: Optional[float]) -> str:
        """A rule's range in words: "7 tot 10", "hoogstens 8", "2"."""
        if low and high:
            return f"{self.number(low)} {self.s('to')} {self.number(high)}"
        if high:
            return f"{self.s('at_most')} {self.number(high)}"
        return self.number(low) if low else ""

    # -- links ---------------------------------------------------------------------

    def prefix(self) -> str:
        return "" if self.lang == self.default else f"{self.lang}/"

    def href(self, target: Record | Section | str) -> str:
        """Site-root path of a record's page in this language (pass it through the url filter)."""
        path = target if isinstance(target, str) else target.path
        return f"{self.prefix()}{path}"

    def url(self, target: Record | Section | str) -> str:
        """The link from this page to a record's page in this language, as MkDocs' url filter makes it.

        Relative on a page, absolute from the site's root on a page served at any path (the 404)."""
        path = self.href(target)
        if self._base is None:
            return self.root + path
        rel = _relative(_parts(path), self._base)
        return rel + "/" if path.endswith("/") and not rel.endswith("/") else rel

    def link(self, record: Record | Section) -> Markup:
        """An ``<a>`` to a record's page named by its title (cards make thousands: see text())."""
        return Markup(f'<a href="{escape(self.url(record))}">{self.text(record.title)}</a>')

    def section(self, kind: str) -> Optional[Section]:
        return self.site.section_of_kind(kind)

    def content_sections(self) -> list[Section]:
        return [s for s in self.site.sections.values() if s.kind == "content"]

    # -- lists ---------------------------------------------------------------------

    def listing(self, section: str) -> list[Item]:
        return newest_first(self.site.items_in(section))

    def latest(self, count: int = 6) -> list[Item]:
        return newest_first(list(self.site.items.values()))[:count]

    def newest(self, records: Iterable[Any]) -> list[Any]:
        return newest_first(list(records))

    def upcoming(self) -> list[Event]:
        """Events not yet held: dated today or later, or announced without a date."""
        now = today()
        return [e for e in self._events_in_order() if e.date is None or not _before(e.date, now)]

    def past(self) -> list[Event]:
        now = today()
        return list(reversed([e for e in self._events_in_order() if e.date is not None and _before(e.date, now)]))

    def _events_in_order(self) -> list[Event]:
        dated = sorted((e for e in self.site.events.values() if e.date), key=lambda e: (e.date, e.start_time or ""))
        return dated + sorted((e for e in self.site.events.values() if not e.date), key=lambda e: e.id)

    def related(self, item: Item, count: int = 5) -> list[Item]:
        """Items sharing programmes (weighted double) or themes, through the indexes only."""
        scores: dict[int, tuple[int, Item]] = {}
        pools = [(2, p.items) for p in item.programmes] + [(1, t.items[:40]) for t in item.themes]
        for weight, pool in pools:
            for other in pool:
                if other is item:
                    continue
                score = scores.get(id(other), (0, other))[0] + weight
                scores[id(other)] = (score, other)
        ranked = sorted(scores.values(), key=lambda s: (-s[0], _neg_date(s[1].date), s[1].id))
        return [other for _, other in ranked[:count]]


@lru_cache(maxsize=8192)
def _parts(path: str) -> tuple[str, ...]:
    return tuple(part for part in path.split("/") if part)


def _relative(target: tuple[str, ...], base: tuple[str, ...]) -> str:
    """posixpath.relpath for clean site paths, without its normalising (cards make thousands of links)."""
    common = 0
    for a, b in zip(target, base):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + list(target[common:])) or "."


@lru_cache(maxsize=4096)
def _format_date(date: PartialDate, locale: str) -> str:
    """A date as far as it is known, in words (Babel is slow: listings repeat dates)."""
    if date.precision == "day":
        return format_date(dt.date(date.year, date.month, date.day), format="long", locale=locale)
    if date.precision == "month":
        return format_skeleton("yMMMM", dt.date(date.year, date.month, 1), locale=locale)
    return str(date.year)


def _before(date: PartialDate, now: dt.date) -> bool:
    if date.precision == "day":
        return dt.date(date.year, date.month, date.day) < now
    if date.precision == "month":
        return (date.year, date.month) < (now.year, now.month)
    return date.year < now.year


def _neg_date(date: Optional[PartialDate]) -> tuple[int, int, int]:
    return (-date.year, -date.month, -date.day) if date else (1, 0, 0)
