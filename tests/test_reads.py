"""What serve's quick path relies on to re-render only the pages a data edit touches (kennisbank.reads).

Two guarantees: a page that reads a record's field is recorded as reading it (so it
is rendered again when that field changes), and ``changes`` finds every field an edit
changed in a model loaded again (a field it missed would leave stale pages in serve),
or answers None when records were added, removed or moved (serve then builds everything).
tests/test_preview.py checks the whole: a serve session after such edits against a fresh one.
"""

from __future__ import annotations

import copy
from dataclasses import fields

from real_site import model
from real_site import settings as site_settings

from kennisbank import engine, reads
from kennisbank.model import PartialDate, Record
from kennisbank.view import View


def _fresh_model():
    """A second model of the real site, loaded on its own (its records are other objects)."""
    return engine._load(site_settings()).site  # noqa: SLF001 (the cached load would return the same objects)


def _records(site) -> list[Record]:
    return [*site.sections.values(), *(r for table in site.tables.values() for r in table.values())]


def test_a_page_is_recorded_reading_each_field_its_view_shows():
    reads.watch()
    site = model()
    theme = next(iter(site.themes.values()))
    item = theme.items[0]
    reading = reads.Reading()
    reading.start()
    view = View(site, site.default_language, "item", item, page_url=f"{item.path}")
    view.text(theme.title)
    view.href(item)
    seen = reading.stop()
    assert ("Theme", theme.id, "title") in seen
    assert {("Item", item.id, "section"), ("Item", item.id, "id")} <= seen
    assert ("Theme", theme.id, "summary") not in seen
    assert reading.stop() == frozenset(), "reads after stop() belong to no page"


def test_a_model_loaded_again_from_the_same_files_has_no_changes():
    assert reads.changes(model(), _fresh_model()) == set()


def _changed(value):
    """Another value of the same shape."""
    if isinstance(value, dict):
        return {**value, "nl": f"{value.get('nl', '')} anders"} if all(isinstance(v, str) for v in value.values()) \
            else {**value, "extra": "anders"}
    if isinstance(value, list):
        return value[1:] if value else ["anders"]
    if isinstance(value, str):
        return value + " anders"
    if isinstance(value, PartialDate):
        return PartialDate(value.year + 1, value.month, value.day)
    if isinstance(value, bool) or value is None:
        return "anders"
    if isinstance(value, (int, float)):
        return value + 1
    return None  # a linked record: no other one


_MODELS: list = []


def _two_models():
    """The real site's model twice, as two loads made them (loaded once per run)."""
    if not _MODELS:
        _MODELS.extend([model(), _fresh_model()])
    return _MODELS


def test_every_field_an_edit_changes_is_found():
    """Every field of every record of the real site, changed in turn: found, and nothing else."""
    old, new = _two_models()
    missed = []
    for record in _records(new):
        for name in [f.name for f in fields(record) if f.name not in ("id", "source")]:
            before = object.__getattribute__(record, name)
            after = _changed(before)
            if after is None:
                after = None if before is not None else "anders"
            object.__setattr__(record, name, after)
            try:
                found = reads.changes(old, new)
            finally:
                object.__setattr__(record, name, before)
            if found != {(type(record).__name__, record.id, name)}:
                missed.append((type(record).__name__, record.id, name, found))
    assert not missed, missed[:5]
    assert reads.changes(old, new) == set(), "each field is as it was after its turn"


def test_records_added_removed_or_moved_are_left_to_the_full_build():
    old, base = _two_models()
    for edit in (lambda s: s.themes.pop(next(iter(s.themes))),
                 lambda s: s.themes.update({"nieuw": copy.copy(next(iter(s.themes.values())))}),
                 lambda s: s.tables.__setitem__("themes", dict(reversed(list(s.themes.items()))))):
        new = copy.copy(base)
        new.tables = {name: dict(table) for name, table in base.tables.items()}
        edit(new)
        assert reads.changes(old, new) is None
