"""What a page tells machines: its search metadata (Pagefind), its link preview and its schema.org JSON-LD.

All are plain values worked out from the page's record and the registry of
kinds (``kinds.py``); the partials ``kb/partials/search-meta.html`` and
``head-meta.html`` only print them. The view (``kb.search_meta()``,
``kb.preview()``, ``kb.json_ld()``) calls these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from .config import SEARCH_WEIGHTS
from .kinds import KINDS, Kind
from .model import Event, PartialDate, Record, Section
from .outputs import og_images

if TYPE_CHECKING:
    from .view import View

FACETS = ("theme", "programme", "organisation")
"""The kinds a page is filtered by in search: the records of those kinds it shows."""


@dataclass
class SearchMeta:
    """The Pagefind metadata and filters of one page (overrides/kb/partials/search-meta.html)."""

    type_label: str
    type_id: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet -> record ids
    date: PartialDate | None = None
    summary: str = ""
    weight: float = 1.0  # how much the page counts in ranking (config.SEARCH_WEIGHTS): metadata the search page reads


def kind_of(name: str) -> Kind | None:
    return next((k for k in KINDS if k.name == name), None)


def search_meta(view: View, page_summary: Any = None, is_homepage: bool = False,
                template: Any = None) -> SearchMeta | None:
    """The search metadata of the page a view is for, or None when the page is not indexed.

    Indexed: the pages of kinds with ``search``, and written pages, unless their kind
    or template weighs 0 in search (``search_weights``, config.py: the home pages).
    A written page may show a record (a format page): its filters then come from
    that record, its type and summary from the page.
    """
    kind, record = view.kind, view.obj
    weight = _search_weight(view, kind, template if isinstance(template, str) else "")
    if weight <= 0 or (kind == "page" and is_homepage):
        return None
    if kind == "page":
        return SearchMeta(view.plain("type_page"), filters=_filters(None, record),
                          summary=page_summary if isinstance(page_summary, str) else "", weight=weight)
    registered = kind_of(kind)
    if registered is None or not registered.search or record is None:
        return None
    date = getattr(record, "date", None) or getattr(record, "start", None)
    summary = view.pick(getattr(record, "statement", None) if kind == "outcome" else getattr(record, "summary", None))
    if kind == "item":
        label, type_id = str(view.pick(record.type.label)), record.type.id
    else:
        label, type_id = view.kind_label(registered.plural), record.section
    return SearchMeta(label, type_id, _filters(registered, record), date, str(summary) if summary else "", weight)


def _search_weight(view: View, kind: str, template: str) -> float:
    if view.settings is not None:
        return view.settings.search_weight(kind, template)
    return SEARCH_WEIGHTS.get(template, SEARCH_WEIGHTS.get(kind, 1.0))


def _filters(kind: Kind | None, record: Any) -> dict[str, list[str]]:
    """Per facet, the ids of the records of that kind a record shows: itself, the list named
    after the facet's kind (a theme's programmes), or its one reference of that kind (an event's venue)."""
    found: dict[str, list[str]] = {}
    for facet in FACETS:
        target = KINDS.get(facet)
        if record is None:
            values: list[Any] = []
        elif kind is not None and kind.name == facet:
            values = [record]
        elif isinstance(getattr(record, target.plural, None), list):
            values = getattr(record, target.plural)
        else:
            single = [r for r in (kind.relations if kind else ()) if r.target == facet and not r.many]
            values = [v for v in (getattr(record, r.name, None) for r in single) if v is not None]
        found[facet] = [v.id for v in values]
    return found


# -- link previews: Open Graph and X/Twitter cards (kb/partials/head-meta.html) ----------------


@dataclass(frozen=True)
class PreviewImage:
    """The picture of a link preview: the page's card (outputs/og_images.py)."""

    url: str  # absolute: og:image takes no relative URL
    alt: str
    width: int = og_images.WIDTH
    height: int = og_images.HEIGHT
    type: str = "image/png"


@dataclass(frozen=True)
class Preview:
    """What another site or a chat app shows of a link to the page."""

    type: str  # og:type: article for written items, website for the rest
    title: str
    description: str
    url: str | None
    site_name: str
    locale: str  # og:locale, e.g. nl_NL
    alternates: tuple[str, ...]  # og:locale:alternate: the site's other languages
    image: PreviewImage | None = None

    @property
    def twitter_card(self) -> str:
        """X/Twitter's card: the large picture when there is one."""
        return "summary_large_image" if self.image else "summary"


def preview(view: View, title: str, description: str, url: str | None, site_name: str) -> Preview:
    """The link preview of the page a view is for; with its section's card (or the site's) when
    site_url is absolute (outputs/og_images.py draws the cards after the build)."""
    settings = view.settings
    languages = settings.languages if settings else (view.lang,)
    others = tuple(og_locale(settings.locale(lang) if settings else lang) for lang in languages if lang != view.lang)
    image = None
    if settings is not None and urlsplit(view.site_url).scheme in ("http", "https"):
        section = section_of(view)
        card = og_images.card(view.site, settings, view.lang, section)
        image = PreviewImage(view.site_url + og_images.path(view.site, view.lang, section), card.alt)
    return Preview("article" if view.kind == "item" else "website", title or site_name, description, url,
                   site_name, og_locale(view.locale), others, image)


def section_of(view: View) -> Section | None:
    """The section a page belongs to: an item's, a record's kind's, a section's index page itself;
    None for the written pages outside the sections (home, about)."""
    record = view.obj
    if isinstance(record, Section):
        return record
    if view.kind == "item" and record is not None:
        return view.site.sections.get(record.section)
    registered = kind_of(view.kind)
    return view.site.section_of_kind(registered.plural) if registered is not None and registered.pages else None


def og_locale(locale: str) -> str:
    """A language's Open Graph locale, language_TERRITORY: 'en_GB' as it is, 'nl' as its likely 'nl_NL' (CLDR)."""
    try:
        parsed = Locale.parse(locale)
    except (ValueError, UnknownLocaleError):
        return locale
    territory = parsed.territory
    if territory is None:  # CLDR's likely subtags: nl -> nl_Latn_NL
        subtags = get_global("likely_subtags")
        likely = subtags.get(f"{parsed.language}_{parsed.script}", "") if parsed.script else ""
        likely = likely or subtags.get(parsed.language, "")
        territory = next((part for part in likely.split("_")[1:] if len(part) == 2 and part.isupper()), None)
    return f"{parsed.language}_{territory}" if territory else parsed.language


# -- schema.org JSON-LD --------------------------------------------------------------------

HEADLINE = 110
"""The longest headline Google accepts for an article (its structured-data rules)."""


def json_ld(view: View, title: str, description: str, url: str | None, language: str,
            publisher: str = "") -> dict[str, Any] | None:
    """The schema.org JSON-LD of a page, for the kinds with ``schema_org`` (kinds.py); None for others.

    Empty fields are left out: search engines refuse an empty value where they accept none.
    ``publisher``: who publishes the site (site_author, else the site's name).
    """
    kind, record = kind_of(view.kind), view.obj
    if kind is None or not kind.schema_org or record is None:
        return None
    site_url = view.site_url
    name = str(view.pick(getattr(record, "title", None)) or "") or title
    value: dict[str, Any] = {"@type": kind.schema_org}
    value.update(_KIND_FIELDS.get(kind.name, lambda *a: {})(view, record, name, language, publisher))
    value.update({"@context": "https://schema.org", "name": name, "description": description, "url": url,
                  "about": [{"@type": "Thing", "name": str(view.pick(t.title)), "url": site_url + view.href(t)}
                            for t in getattr(record, "themes", [])]})
    return {key: v for key, v in value.items() if v}


def _item(view: View, item: Any, name: str, language: str, publisher: str) -> dict[str, Any]:
    """A written item as an Article, Report… (schema_types): with the author and publisher Google asks for.

    The authors are the item's people, else the organisation that publishes the site: the same
    rule as its citation (citation.py)."""
    publisher = (view.settings.site_author if view.settings else "") or publisher
    organisation = _without_empty({"@type": "Organization", "name": publisher, "url": view.site_url}) if publisher else None
    people = [{"@type": "Person", "name": p.name,
               "affiliation": {"@type": "Organization", "name": str(view.pick(p.organisation.name))}
               if p.organisation else None} for p in item.people if p.name.strip()]
    return {
        "@type": view.settings.schema_type(item.section, KINDS.get("item").schema_org) if view.settings
        else KINDS.get("item").schema_org,
        "headline": headline(name),
        "datePublished": item.date.iso if item.date else None,
        "dateModified": item.updated.iso if item.updated else None,
        "genre": str(view.pick(item.type.label)) if item.type else None,
        "inLanguage": language,
        "mentions": [{"@type": "Organization", "name": str(view.pick(org.name)), "url": view.site_url + view.href(org)}
                     for org in item.organisations],
        "author": [_without_empty(p) for p in people] or ([organisation] if organisation else None),
        "publisher": organisation,
    }


def headline(name: str) -> str:
    """A title as a headline of at most HEADLINE characters: cut after a whole word, with "…"."""
    name = " ".join(name.split())
    if len(name) <= HEADLINE:
        return name
    cut = name[:HEADLINE - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:-–—") + "…"


def _event(view: View, event: Event, name: str, language: str, publisher: str) -> dict[str, Any]:
    """A meeting as an Event when its day and place are known, as Google requires of an Event;
    otherwise as the WebPage it is, so no search engine is told of an Event it has to reject. A day
    the data marks approximate (inferred from the sources) is not known: an Event would state it as fact."""
    place = str(view.pick(event.place) or "") if event.place else ""
    if not place or event.date is None or event.date.precision != "day" or "date" in event.approximate:
        return {"@type": "WebPage", "inLanguage": view.lang}
    venue = str(view.pick(event.venue.name) or "") if event.venue else ""
    return {
        "startDate": _moment(view, event.date, event.start_time),
        "endDate": _moment(view, event.date, event.end_time) if event.start_time and event.end_time else None,
        "eventStatus": "https://schema.org/EventScheduled",  # (the data holds no cancelled or moved meetings)
        # a place in words is a place to go to: the data has no online meetings
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": _without_empty({"@type": "Place", "name": venue or place, "address": place,
                                    "url": view.permalink(event.venue) if event.venue else None}),
        "inLanguage": view.lang,
    }


def _moment(view: View, date: PartialDate, time: str | None) -> str:
    """An event's day, or its day and time with the offset of the site's time zone (timezone in mkdocs.yml)."""
    if not time:
        return date.iso
    hour, minute = (int(part) for part in time.split(":"))
    moment = dt.datetime(date.year, date.month, date.day, hour, minute)
    zone = view.settings.timezone if view.settings else ""
    return (moment.replace(tzinfo=ZoneInfo(zone)) if zone else moment).isoformat()


def _organisation(view: View, organisation: Any, name: str, language: str, publisher: str) -> dict[str, Any]:
    return {"sameAs": organisation.url}


def _without_empty(value: dict[str, Any]) -> dict[str, Any]:
    return {key: v for key, v in value.items() if v}


_KIND_FIELDS: dict[str, Callable[..., dict[str, Any]]] = {"item": _item, "event": _event,
                                                           "organisation": _organisation}
"""The fields a kind adds to the common ones (name, description, url, about)."""


def description(view: View, page_summary: Any, site_description: str) -> str:
    """A page's description for link previews: its record's summary (or statement), else the page's own, else the site's."""
    record: Record | None = view.obj
    text = None
    if record is not None:
        text = view.pick(getattr(record, "summary", None) or None) or view.pick(getattr(record, "statement", None))
    return str(text) if text else (page_summary or site_description or "")
