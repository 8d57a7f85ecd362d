"""Open data: ``/api/<section>.json`` for each content section and each section of a kind with
``opendata`` (kinds.py: outcomes).

Each file is published with its JSON Schema at ``/api/<section>.schema.json``.
The schema sources in schemas/api/ are the documentation; the published copy
gets its absolute ``$id``, the shared definitions embedded (one file to fetch)
and the site's languages as required keys of every text and URL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any

from ..config import Settings
from ..engine import Build
from ..kinds import KINDS
from ..link import newest_first
from ..model import Item, Outcome, PartialDate, Record, Section, Site
from ..schemas import SCHEMA_DIR
from .links import permalink, texts
from .qr import FILE as QR_FILE

FOLDER = "api"
WRITES = (f"/{FOLDER}/",)  # paths this output writes (gitignore patterns): content may not take them
SOURCES = SCHEMA_DIR / "api"
DEFINITIONS = "definitions.schema.json"



def _schema_of(section: Section) -> str:
    """The schema (schemas/api/) of a section's open data; '' for a section without."""
    kind = KINDS.get("item") if section.kind == "content" else KINDS.by_plural(section.kind)
    return kind.opendata if kind else ""


def write(build: Build, settings: Settings, site_dir: Path) -> list[str]:
    """Write the open-data files and their schemas; return their site paths."""
    site = build.site
    written = []
    for section in site.sections.values():
        schema_name = _schema_of(section)
        if not schema_name:
            continue
        schema_path = f"{FOLDER}/{section.id}.schema.json"
        data_path = f"{FOLDER}/{section.id}.json"
        schema = published_schema(schema_name, permalink(settings, site.default_language, schema_path),
                                  site.languages)
        records = _records(site, section)
        data = {
            "$schema": schema["$id"],
            "section": _reference(site, settings, section),
            "languages": list(site.languages),
            "default_language": site.default_language,
            "items": [_serialise(site, settings, record) for record in records],
        }
        for rel, value in ((schema_path, schema), (data_path, data)):
            out = site_dir / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            written.append(rel)
    return written


@cache
def _source(name: str) -> str:
    return (SOURCES / name).read_text(encoding="utf-8")


def published_schema(name: str, schema_id: str, languages: Iterable[str]) -> dict[str, Any]:
    """A schema from schemas/api/ as published: absolute $id, definitions embedded, languages required."""
    schema = json.loads(_source(name))
    definitions = json.loads(_source(DEFINITIONS))
    definitions["$id"] = schema_id.rsplit("/", 1)[0] + "/" + DEFINITIONS
    definitions.pop("$schema", None)
    for key in ("texts", "urls"):
        definitions["$defs"][key]["required"] = list(languages)
    schema["$id"] = schema_id
    schema.setdefault("$defs", {})["definitions"] = definitions
    return schema


def _records(site: Site, section: Section) -> list[Record]:
    if section.kind == "content":
        return newest_first(site.items_in(section.id))
    return list(site.tables[section.kind].values())


def _urls(site: Site, settings: Settings, path: str) -> dict[str, str]:
    return {lang: permalink(settings, lang, path) for lang in site.languages}


def _reference(site: Site, settings: Settings, record: Any, ref_id: str = "") -> dict[str, Any]:
    return {"id": ref_id or record.id, "title": texts(record.title, site),
            "url": _urls(site, settings, record.path)}


def _references(site: Site, settings: Settings, records: Iterable[Record]) -> list[dict[str, Any]]:
    return [_reference(site, settings, r) for r in records]


def _optional(site: Site, settings: Settings, record: Record | None,
              ref_id: Callable[[Any], str] = lambda r: r.id) -> dict[str, Any] | None:
    return _reference(site, settings, record, ref_id(record)) if record is not None else None


def _item_key(item: Item) -> str:
    """How data/ refers to a written item: section/slug."""
    return f"{item.section}/{item.id}"


def _serialise(site: Site, settings: Settings, record: Record) -> dict[str, Any]:
    if isinstance(record, Outcome):
        return _outcome(site, settings, record)
    if isinstance(record, Item):
        return _item(site, settings, record)
    return _any(site, settings, record)


def _any(site: Site, settings: Settings, record: Record) -> dict[str, Any]:
    """A record of another kind: its texts, dates, plain values and references, field by field."""
    kind = next(k for k in KINDS if isinstance(record, k.model))
    value: dict[str, Any] = {"id": record.id, "url": _urls(site, settings, record.path)}
    relations = {r.name for r in kind.relations}
    for f in fields(record):
        found = getattr(record, f.name)
        if f.name in ("id", "source", "section") or found is None:
            continue
        if f.name in relations:
            value[f.name] = (_references(site, settings, found) if isinstance(found, list)
                             else _optional(site, settings, found))
        elif isinstance(found, PartialDate):
            value[f.name] = found.iso
        elif isinstance(found, dict) and site.default_language in found:
            value[f.name] = texts(found, site)
        elif isinstance(found, (str, int, float, bool)):
            value[f.name] = found
    return value


def _outcome(site: Site, settings: Settings, o: Outcome) -> dict[str, Any]:
    return {
        "id": o.id,
        "title": texts(o.title, site),
        "statement": texts(o.statement, site),
        "url": _urls(site, settings, o.path),
        "qr": _urls(site, settings, o.path + QR_FILE),
        "date": o.date.iso if o.date else None,
        "themes": _references(site, settings, o.themes),
        "programme": _optional(site, settings, o.programme),
        "organisations": _references(site, settings, o.organisations),
        "source": _optional(site, settings, o.source_item, _item_key),
        "events": _references(site, settings, o.events),
    }


def _item(site: Site, settings: Settings, item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "section": item.section,
        "type": {"id": item.type.id, "label": texts(item.type.label, site)} if item.type else None,
        "title": texts(item.title, site),
        "summary": texts(item.summary, site),
        "url": _urls(site, settings, item.path),
        "date": item.date.iso if item.date else None,
        "updated": item.updated.iso if item.updated else None,
        "themes": _references(site, settings, item.themes),
        "programmes": _references(site, settings, item.programmes),
        "organisations": _references(site, settings, item.organisations),
    }
