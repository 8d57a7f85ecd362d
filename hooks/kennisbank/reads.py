"""Which fields of which records each page reads while it renders, and which fields an edit changed.

``mkdocs serve`` uses both (hooks/kennisbank_mkdocs/preview.py): after an edit to
data/ or to an item's front matter it loads the model again, compares it with the
last one field by field (``changes``) and renders again only the pages that read a
changed field. A page reads the model through its template and the view; every
read of a record's field passes ``Record.__getattribute__``, which ``watch`` makes
report the field while a page is being read (``Reading``). Reading costs a little
more then, so only serve watches.

A derived value is covered by the fields it reads (``Record.path`` reads ``section``
and ``id``); a change the fields cannot show (records added, removed or reordered:
every listing and the navigation may change) makes ``changes`` answer None, and
serve builds everything.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from typing import Any

from .model import PartialDate, Record, Site

Key = tuple[str, str, str]
"""A field of a record: (its class, its id, the field's name), e.g. ("Theme", "schulden", "title").
(Two items of different sections may have one id: a change to one then renders the other's pages too.)"""

_reading: set[tuple[Record, str]] | None = None  # (record, name) read by the page being rendered


def _tracked_getattribute(self: Record, name: str) -> Any:
    seen = _reading  # (once: the thread beside the server may read records while a page stops reading)
    if seen is not None and name[0] != "_":
        seen.add((self, name))
    return object.__getattribute__(self, name)


def watch() -> None:
    """From now on, every record reports the fields a page reads of it (idempotent)."""
    Record.__getattribute__ = _tracked_getattribute  # type: ignore[method-assign, assignment]


class Reading:
    """The fields one page reads, from ``start`` until ``stop``."""

    def start(self) -> None:
        global _reading
        _reading = set()

    def stop(self) -> frozenset[Key]:
        """What was read since start (nothing when not started)."""
        global _reading
        read, _reading = _reading, None
        return frozenset((type(record).__name__, object.__getattribute__(record, "id"), name)
                         for record, name in read or ())


def changes(old: Site, new: Site) -> set[Key] | None:
    """The fields whose values differ between two models of the same records; None when the
    records themselves differ (one added, removed or moved in its table) or the site's other data."""
    if _besides_records(old) != _besides_records(new):
        return None
    old_tables, new_tables = _tables(old), _tables(new)
    if [(name, list(table)) for name, table in old_tables] != [(name, list(table)) for name, table in new_tables]:
        return None
    changed: set[Key] = set()
    for (_, old_table), (_, new_table) in zip(old_tables, new_tables, strict=True):
        for id_, before in old_table.items():
            after = new_table[id_]
            if type(before) is not type(after):
                return None
            kind, own_id = type(before).__name__, object.__getattribute__(before, "id")  # (items: not their table's key)
            for name, value in _fields(before):
                if _plain(value) != _plain(object.__getattribute__(after, name)):
                    changed.add((kind, own_id, name))
    return changed


def _besides_records(site: Site) -> tuple:
    """What else of the site pages may show: its languages, the accessibility report, the search terms,
    the written pages that are not items."""
    return (site.languages, site.default_language, site.accessibility, _plain(site.search_terms),
            [(page.path, page.meta) for page in site.pages])


def _tables(site: Site) -> list[tuple[str, dict[str, Record]]]:
    return [("sections", site.sections), *sorted(site.tables.items())]


def _fields(record: Record) -> Iterator[tuple[str, Any]]:
    for f in fields(record):
        yield f.name, object.__getattribute__(record, f.name)


def _plain(value: Any) -> Any:
    """A value as comparable plain data: a record by its class and id (its own fields are compared on their own)."""
    if isinstance(value, Record):
        return ("@", type(value).__name__, object.__getattribute__(value, "id"))
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _plain(v)) for k, v in value.items())
    if isinstance(value, PartialDate):
        return value.iso
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(_plain(getattr(value, f.name)) for f in fields(value)))
    return value
