"""What templates see: the model seen from one page in one language.

Templates call ``kb.pick(text)`` for translatable text (with the language it is
really in, so a Dutch fallback on an English page can be marked ``lang="nl"``),
``kb.date(d)`` for dates in the page's language (Babel), ``kb.href(record)`` for
links and ``kb.s(key)`` for interface text (``kb.plain(key)`` in an attribute or JSON);
``kb.settings`` holds extra.kennisbank (config.py), ``kb.search_meta()``,
``kb.preview()`` and ``kb.json_ld()`` what a page tells machines (meta.py).

HTML belongs in the templates. Three pieces are made here all the same, each
escaped: a text's ``<span lang>`` when it falls back to another language, a
``<time>`` and an ``<a>`` to a record, because listings call them thousands of
times and a Jinja macro call costs about ten times as much (see text()).
"""

from __future__ import annotations

import datetime as dt
import heapq
from functools import lru_cache
from typing import Any

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from . import citation as cite
from . import diagrams, meta, strings, timeline, urls
from .config import SEARCH_PARAMETERS, Settings
from .kinds import KINDS
from .link import newest_first
from .model import Event, Format, Item, Method, Outcome, PartialDate, Programme, Record, Section, Site, Text
from .strings import Localized, interface_string


class View:
    def __init__(self, site: Site, language: str, kind: str = "", obj: Any = None, locale: str = "",
                 page_url: str | None = None, root: str = "/", settings: Settings | None = None) -> None:
        self.site = site
        self.lang = language
        self.page_url = page_url  # the page's URL ("themas/x/"); None for pages served anywhere (404)
        # the folder links are relative to, as path parts: "themas/x/" -> ("themas", "x")
        self._base = None if page_url is None else urls.base_of(page_url)
        self.root = root  # the site's path on its host, for links on pages served anywhere
        self.locale = locale or language  # Babel locale, e.g. en_GB for British dates
        self.default = site.default_language
        self.kind = kind
        self.obj = obj
        self.settings = settings  # extra.kennisbank (config.py): templates read settings only here

    @property
    def site_url(self) -> str:
        """The site's absolute address, ending in '/' ('' when mkdocs.yml gives none)."""
        return self.settings.site_url if self.settings and self.settings.site_url != "/" else ""

    @property
    def params(self) -> dict[str, str]:
        """The URL parameter of each search facet (extra.kennisbank.search)."""
        return self.settings.search_parameters if self.settings else dict(SEARCH_PARAMETERS)

    # -- language ----------------------------------------------------------------

    def pick(self, text: Text | None) -> Localized | None:
        if not text:
            return None
        if self.lang in text:
            return Localized(text[self.lang], self.lang, False)
        return Localized(text[self.default], self.default, True)

    def text(self, value: Text | None) -> Markup:
        """A translatable text for a template: escaped, and marked with its language when it
        falls back to another one. A method, not a Jinja macro: cards call it thousands of
        times, and a macro call costs Jinja about ten times as much."""
        t = self.pick(value)
        if t is None:
            return Markup("")
        return Markup(f'<span lang="{escape(t.lang)}">{escape(t.value)}</span>') if t.fallback else escape(t.value)

    def s(self, key: str) -> Markup:
        """An interface string (hooks/kennisbank/strings/) for element content: escaped, and
        marked with its language, ``<span lang="nl">…</span>``, when this language's strings
        file lacks it (like text())."""
        t = interface_string(key, self.lang, self.default)
        return Markup(f'<span lang="{escape(t.lang)}">{escape(t.value)}</span>') if t.fallback else escape(t.value)

    def plain(self, key: str) -> str:
        """The same interface string as plain text, for an attribute value (aria-label, title, alt,
        content), JSON and text joined into a longer string. An attribute cannot carry a ``lang``
        of its own, so a fallback there is not marked; in element content use s()."""
        return interface_string(key, self.lang, self.default).value

    def label(self, prefix: str, value: str) -> Markup:
        """The interface string of a schema value, e.g. label("status", "planned"): key status_planned."""
        return self.s(f"{prefix}_{value}")

    def date(self, date: PartialDate | None) -> str:
        return self.plain("not_known") if date is None else _format_date(date, self.locale)

    def time(self, date: PartialDate | None) -> Markup:
        """A date for a template, as ``<time datetime="…">`` in the page's language (see text())."""
        if date is None:
            return self.s("not_known")
        return Markup(f'<time datetime="{escape(date.iso)}">{escape(self.date(date))}</time>')

    def iso_date(self, value: str) -> str:
        """A YYYY-MM-DD string in words, in the page's language."""
        return self.date(PartialDate.parse(value))

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def span(self, low: float | None, high: float | None) -> str:
        """A rule's range in words: "7 tot 10", "hoogstens 8", "2" (also for "2 to 2")."""
        if low and high and low == high:
            return self.number(low)
        if low and high:
            return f"{self.number(low)} {self.plain('to')} {self.number(high)}"
        if high:
            return f"{self.plain('at_most')} {self.number(high)}"
        return self.number(low) if low else ""

    # -- diagrams (kennisbank.diagrams: the layout; kb/partials/diagram-*.html: the SVG) ----

    def method_diagram(self, method: Method) -> diagrams.Figure:
        """A method's steps, for the page whose front matter names it (kb/method.html)."""
        return diagrams.method_figure(self, method)

    def formats_diagram(self, current: Format | None = None) -> diagrams.Figure:
        """Every format side by side, ``current`` marked (a format's page)."""
        return diagrams.formats_figure(self, list(self.site.formats.values()), current)

    def timeline_diagram(self) -> diagrams.Figure:
        """Programmes and meetings on one timeline (the programmes' index)."""
        return diagrams.timeline_figure(self, list(self.site.programmes.values()), list(self.site.events.values()))

    # -- links ---------------------------------------------------------------------

    def prefix(self) -> str:
        return urls.prefix(self.lang, self.default)

    def href(self, target: Record | Section | str) -> str:
        """Site-root path of a record's page in this language (pass it through the url filter)."""
        return urls.in_language(target if isinstance(target, str) else target.path, self.lang, self.default)

    def url(self, target: Record | Section | str) -> str:
        """The link from this page to a record's page in this language, as MkDocs' url filter makes it.

        Relative on a page, absolute from the site's root on a page served at any path (the 404)."""
        path = self.href(target)
        return self.root + path if self._base is None else urls.relative(path, self._base)

    def permalink(self, target: Record | Section | str) -> str:
        """The permanent absolute URL of a record's page in this language ('' without a site_url)."""
        return self.site_url + self.href(target) if self.site_url else ""

    def citation(self, item: Item) -> cite.Citation | None:
        """The "Cite this" block of an item's page (kb/partials/cite.html): its APA reference and the links
        to its BibTeX, RIS and CSL-JSON files; None outside ``cite_sections`` (citation.py makes them)."""
        if self.settings is None:
            return None
        return cite.citation(item, self.lang, self.settings, lambda name: self.url(item.path + name))

    def link(self, record: Any) -> Markup:
        """An ``<a>`` to a record's page named by its title (cards make thousands: see text())."""
        return Markup(f'<a href="{escape(self.url(record))}">{self.text(record.title)}</a>')

    def section(self, kind: str) -> Section | None:
        return self.site.section_of_kind(kind)

    def links_feeds(self) -> bool:
        """Whether the page links the Atom feeds in its head: every page but the search page.
        Material fetches sitemap.xml beside each such link at once (42 KB at 2,000 items):
        bytes that a visitor waiting for search results should not wait behind."""
        return not (isinstance(self.obj, Section) and self.obj.kind == "search")

    def trail(self) -> list[tuple[Markup, str]]:
        """The pages between the home page and this one, as (title, link), for the breadcrumbs
        (kb/partials/breadcrumbs.html): an item's section; a record's section, and the record
        itself on a page below it (an event's handouts). Empty on a section's index and on the
        pages the engine does not make: the template takes those from the nav."""
        obj = self.obj
        if obj is None or isinstance(obj, Section) or self.kind == "page":
            return []
        if self.kind == "item":
            section = self.site.sections.get(obj.section)
        else:
            kind = next((k for k in KINDS if k.name == self.kind), None)
            section = self.site.section_of_kind(kind.plural) if kind else None
        trail = [(self.text(section.title), self.url(section))] if section else []
        if self.kind != "item" and self.page_url is not None and self.page_url != self.href(obj):
            trail.append((self.text(getattr(obj, "title", None) or getattr(obj, "name", None)), self.url(obj)))
        return trail

    def kind_label(self, plural: str) -> str:
        """What one record of a kind is called ("Thema"), as plain text (search filters): its
        interface string, or the title of its section for a kind without one."""
        kind = KINDS.by_plural(plural)
        if kind is None:
            return ""
        if kind.label_key in strings.keys(self.default):
            return self.plain(kind.label_key)
        section = self.site.section_of_kind(plural)
        return str(self.pick(section.title) or "") if section else kind.name

    def searchable_kinds(self) -> list[Section]:
        """The sections of kinds with pages in the search index: their ids are search's type filter."""
        return [s for s in self.site.sections.values()
                if (kind := KINDS.by_plural(s.kind)) is not None and kind.pages and kind.search]

    # -- what the page tells machines (kennisbank.meta) -------------------------------

    def search_meta(self, page_summary: Any = None, is_homepage: bool = False,
                    template: Any = None) -> meta.SearchMeta | None:
        return meta.search_meta(self, page_summary, is_homepage, template)

    def json_ld(self, title: str, description: str, url: str | None, language: str,
                publisher: str = "") -> dict[str, Any] | None:
        return meta.json_ld(self, title, description, url, language, publisher)

    def preview(self, title: str, description: str, url: str | None, site_name: str) -> meta.Preview:
        """The page's link preview: Open Graph and X/Twitter card, with its section's card image."""
        return meta.preview(self, title, description, url, site_name)

    def description(self, page_summary: Any, site_description: str) -> str:
        return meta.description(self, page_summary, site_description)

    # -- lists ---------------------------------------------------------------------

    def listing(self, section: str) -> list[Item]:
        return newest_first(self.site.items_in(section))

    def latest(self, count: int = 6) -> list[Item]:
        return newest_first(list(self.site.items.values()))[:count]

    def is_new(self, item: Item) -> bool:
        """Whether an item is new on the build date (extra.kennisbank.new_for_days)."""
        days = self.settings.new_for_days if self.settings else 365
        return timeline.recent(item.updated or item.date, timeline.today(), days)

    def upcoming(self) -> list[Event]:
        """Meetings not yet held: dated today or later (a meeting without a date is not upcoming: see undated())."""
        now = timeline.today()
        return [e for e in self._events_in_order() if timeline.event_phase(e.date, now) == timeline.UPCOMING]

    def past(self) -> list[Event]:
        now = timeline.today()
        return list(reversed([e for e in self._events_in_order()
                              if timeline.event_phase(e.date, now) == timeline.PAST]))

    def undated(self) -> list[Event]:
        """Meetings whose date is not known: neither upcoming nor past."""
        return [e for e in self._events_in_order() if e.date is None]

    def recent_outcomes(self, count: int = 6) -> list[Outcome]:
        return newest_first(list(self.site.outcomes.values()))[:count]

    def phase(self, record: Programme | Event) -> str:
        """Where a programme or meeting stands on the build date: upcoming, ongoing, past or unknown."""
        now = timeline.today()
        if isinstance(record, Event):
            return timeline.event_phase(record.date, now)
        return timeline.phase(record.start, record.end, now)

    def when(self, record: Any, name: str) -> Markup:
        """A record's date field as ``<time>``, with "ca." when the data marks it approximate."""
        shown = self.time(getattr(record, name))
        return Markup(f"{escape(self.plain('circa'))} {shown}") if name in getattr(record, "approximate", ()) else shown

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
        place = _places(self.site)  # (a key per candidate was a tenth of a page's rendering)
        ranked = heapq.nsmallest(count, scores.values(), key=lambda s: (-s[0], place[id(s[1])]))
        return [other for _, other in ranked]


@lru_cache(maxsize=4096)
def _format_date(date: PartialDate, locale: str) -> str:
    """A date as far as it is known, in words (Babel is slow: listings repeat dates)."""
    if date.precision == "day":
        return format_date(dt.date(date.year, date.month, date.day), format="long", locale=locale)
    if date.precision == "month":
        return format_skeleton("yMMMM", dt.date(date.year, date.month, 1), locale=locale)
    return str(date.year)


_placed: list[tuple[Site, dict[int, int]]] = []  # the last site's (_places): one model per build, per serve edit


def _places(site: Site) -> dict[int, int]:
    """Each item's place (by ``id()``) among the site's items, newest first, then by id."""
    if not _placed or _placed[0][0] is not site:
        items = sorted(site.tables.get("items", {}).values(), key=lambda i: (_neg_date(i.date), i.id))
        _placed[:] = [(site, {id(item): n for n, item in enumerate(items)})]
    return _placed[0][1]


def _neg_date(date: PartialDate | None) -> tuple[int, int, int]:
    return (-date.year, -date.month, -date.day) if date else (1, 0, 0)
