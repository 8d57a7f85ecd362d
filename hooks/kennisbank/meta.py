"""What a page tells machines: its search metadata (Pagefind) and its schema.org JSON-LD.

Both are plain values worked out from the page's record and the registry of
kinds (``kinds.py``); the partials ``kb/partials/search-meta.html`` and
``head-meta.html`` only print them. The view (``kb.search_meta()``,
``kb.json_ld()``) calls these functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .kinds import KINDS, Kind
from .model import PartialDate, Record

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


def kind_of(name: str) -> Kind | None:
    return next((k for k in KINDS if k.name == name), None)


def search_meta(view: View, page_summary: Any = None, is_homepage: bool = False) -> SearchMeta | None:
    """The search metadata of the page a view is for, or None when the page is not indexed.

    Indexed: the pages of kinds with ``search``, and written pages other than the
    home page. A written page may show a record (a format page): its filters then
    come from that record, its type and summary from the page.
    """
    kind, record = view.kind, view.obj
    if kind == "page":
        if is_homepage:
            return None
        return SearchMeta(view.plain("type_page"), filters=_filters(None, record),
                          summary=page_summary if isinstance(page_summary, str) else "")
    registered = kind_of(kind)
    if registered is None or not registered.search or record is None:
        return None
    date = getattr(record, "date", None) or getattr(record, "start", None)
    summary = view.pick(getattr(record, "statement", None) if kind == "outcome" else getattr(record, "summary", None))
    if kind == "item":
        label, type_id = str(view.pick(record.type.label)), record.type.id
    else:
        label, type_id = view.kind_label(registered.plural), record.section
    return SearchMeta(label, type_id, _filters(registered, record), date, str(summary) if summary else "")


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


def json_ld(view: View, title: str, description: str, url: str | None, language: str,
            publisher: str = "") -> dict[str, Any] | None:
    """The schema.org JSON-LD of a page, for the kinds with ``schema_org`` (kinds.py); None for others.

    Empty fields are left out: search engines refuse an empty value where they accept none.
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
    return {
        "@type": view.settings.schema_type(item.section, KINDS.get("item").schema_org) if view.settings
        else KINDS.get("item").schema_org,
        "headline": name,
        "datePublished": item.date.iso if item.date else None,
        "dateModified": item.updated.iso if item.updated else None,
        "genre": str(view.pick(item.type.label)) if item.type else None,
        "inLanguage": language,
        "mentions": [{"@type": "Organization", "name": str(view.pick(org.name)), "url": view.site_url + view.href(org)}
                     for org in item.organisations],
        "author": [{"@type": "Person", "name": p.name} for p in item.people if p.name]
        or ([{"@type": "Organization", "name": publisher}] if publisher else None),
        "publisher": {"@type": "Organization", "name": publisher} if publisher else None,
    }


def _event(view: View, event: Any, name: str, language: str, publisher: str) -> dict[str, Any]:
    place = str(view.pick(event.place)) if event.place else None
    timed = event.date and event.date.precision == "day" and event.start_time
    return {
        "startDate": (event.date.iso + (f"T{event.start_time}" if timed else "")) if event.date else None,
        "endDate": f"{event.date.iso}T{event.end_time}" if timed and event.end_time else None,
        "location": {"@type": "Place", "name": place, "address": place} if place else None,
        "inLanguage": view.lang,
    }


def _organisation(view: View, organisation: Any, name: str, language: str, publisher: str) -> dict[str, Any]:
    return {"sameAs": organisation.url}


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
