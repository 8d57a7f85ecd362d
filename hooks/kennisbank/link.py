"""Turn validated records into linked model objects, checking every reference.

The last step of loading (load and validate -> link). Driven by the registry
of kinds (``kinds.py``): records become model objects, references (ids) become
objects, and each reference is recorded on its target too (a theme's
programmes), so templates never search. An unknown id, a duplicate id or slug,
a date that does not exist, a translation without an original or a record
without the heading its page needs is a problem with the line to fix, worded by
the message catalogue (a kind is named by ``noun_<name>`` there).

``link()`` is the whole step; the linker's methods run in the order it calls
them, each reading only what the ones before made. The caller's records are
read, never changed.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import fields
from functools import partial
from typing import Any, TypeVar

from . import messages, schemas, urls
from .kinds import KINDS, SEARCH_TERMS, Kind, Relation
from .load import ID, Data, Document
from .messages import say
from .model import ContentType, Item, Page, PartialDate, Record, Section, Site, Source, Text, in_language
from .problems import Problem
from .yamlsafe import LocatedDict, line_of

R = TypeVar("R", bound=Record)


_CONVERTERS: dict[type, tuple[tuple[str, str, bool], ...]] = {}


def _converters(model: type) -> tuple[tuple[str, str, bool], ...]:
    """(field, how to read it, may be None) for each field a data record fills: how is 'text', 'date' or 'value'."""
    if model not in _CONVERTERS:
        hints = typing.get_type_hints(model)
        found = []
        for f in fields(model):
            if f.name in ("id", "source", "section"):
                continue
            hint = hints[f.name]
            how = ("text" if hint in (Text, Text | None) else
                   "date" if hint in (PartialDate, PartialDate | None) else "value")
            found.append((f.name, how, type(None) in typing.get_args(hint)))
        _CONVERTERS[model] = tuple(found)
    return _CONVERTERS[model]


class Linker:
    def __init__(self, languages: list[str], default_language: str, data_display: dict[str, str],
                 unusable: dict[str, set[str] | None]) -> None:
        self.site = Site(languages=languages, default_language=default_language)
        self.problems: list[Problem] = []
        self.display = data_display  # data file name -> path shown in messages
        # records already reported as invalid: no follow-up errors (a copy: the caller's stays as it was)
        self.unusable: dict[str, set[str] | None] = {k: (set(v) if v is not None else None) for k, v in unusable.items()}
        self.linked: dict[str, list[tuple[Any, Record]]] = {}  # kind plural -> (raw record, model object)
        self.types: dict[str, ContentType] = {}

    # -- helpers -----------------------------------------------------------------

    def problem(self, record: Any, key: Any, path: str, what: str, fix: str, warning: bool = False) -> None:
        line = line_of(record, [key]) if key is not None else getattr(record, "line", 1)
        self.problems.append(Problem(path, line, what, fix, warning))

    def text(self, record: Any, key: str, path: str) -> Text | None:
        value = record.get(key)
        if value is None:
            return None
        default = self.site.default_language
        if default not in value:
            self.problem(record, key, path, say("linker_no_default_text", key=key, language=default),
                         say("linker_no_default_text_fix", language=default))
        for language in value:
            if language not in self.site.languages:
                self.problem(value, language, path, say("linker_language_not_built", key=key, language=language),
                             say("use_one_of", options=", ".join(self.site.languages)))
        return dict(value)

    def date(self, record: Any, key: str, path: str) -> PartialDate | None:
        value = record.get(key)
        if value is None:
            return None
        try:
            return PartialDate.parse(str(value))
        except ValueError:
            self.problem(record, key, path, say("linker_not_a_date", key=key, value=value, reason=_why_not_a_date(str(value))),
                         say("linker_not_a_date_fix"))
            return None

    def ref(self, record: Any, key: str, path: str, kind: Kind, index: int | None = None) -> Record | None:
        value = record.get(key) if index is None else record[key][index]
        table = self.site.tables[kind.plural]
        target = table.get(value)
        unusable = self.unusable.get(kind.plural, set())
        if target is None and (unusable is None or value in unusable):
            return None  # its own file's problem was reported already
        if target is None:
            line_record, line_key = (record[key], index) if index is not None else (record, key)
            known = ", ".join(sorted(table)[:8]) + (" …" if len(table) > 8 else "")
            where = (say("linker_where_page") if kind.source == "docs"
                     else say("linker_where_id", file=self.display[kind.plural]))
            self.problem(line_record, line_key, path,
                         say("linker_unknown_reference", noun=noun(kind.reference_noun), value=value, key=key),
                         say("linker_unknown_reference_fix", where=where, known=known) if known
                         else say("linker_unknown_reference_fix_none", where=where))
        return target

    def refs(self, record: Any, key: str, path: str, kind: Kind) -> list[Record]:
        found = [self.ref(record, key, path, kind, i) for i in range(len(record.get(key) or []))]
        return [f for f in found if f is not None]

    def unique(self, records: list[Any], kind: Kind, make: Callable[[Any, Source], R]) -> dict[str, R]:
        path = self.display[kind.plural]
        table: dict[str, R] = {}
        linked = self.linked.setdefault(kind.plural, [])
        for record in records:
            source = Source(path, getattr(record, "line", 1))
            if record["id"] in table:
                self.problem(record, "id", path, say("linker_id_twice", id=record["id"], first=table[record["id"]].source.line),
                             say("linker_id_twice_fix"))
                continue
            table[record["id"]] = make(record, source)
            linked.append((record, table[record["id"]]))
        return table

    def record(self, kind: Kind, raw: Any, source: Source) -> Record:
        """A model object of a kind from its data record: each field read by its type (model.py)."""
        values: dict[str, Any] = {}
        converters = _converters(kind.model)
        for name, how, _ in converters:
            if name not in raw:
                continue
            if how == "text":
                values[name] = self.text(raw, name, source.path)
            elif how == "date":
                values[name] = self.date(raw, name, source.path)
            else:
                value = raw[name]
                values[name] = dict(value) if isinstance(value, dict) else value
        for name, _, optional in converters:
            if values.get(name, 0) is None and not optional:
                del values[name]  # (an invalid date or text: reported; the field keeps its default)
        return kind.model(raw["id"], source, self.folder(kind), **values)

    def folder(self, kind: Kind) -> str:
        """The URL folder of a kind's pages: the id of the section of its kind ('' without pages)."""
        section = self.site.section_of_kind(kind.plural) if kind.pages else None
        return section.id if section else ""

    # -- sections and data -------------------------------------------------------

    def link_sections(self, records: list[Any]) -> None:
        site, path = self.site, self.display["sections"]
        site.sections = {}
        section_kinds = KINDS.section_kinds
        for record in records:
            if record["id"] in site.sections:
                self.problem(record, "id", path,
                             say("linker_id_twice", id=record["id"], first=site.sections[record["id"]].source.line),
                             say("linker_id_twice_fix"))
                continue
            if record["kind"] not in section_kinds:
                self.problem(record, "kind", path, say("linker_not_a_section_kind", kind=record["kind"]),
                             say("use_one_of", options=", ".join(section_kinds)))
                continue
            site.sections[record["id"]] = Section(
                record["id"], Source(path, getattr(record, "line", 1)), kind=record["kind"],
                title=self.text(record, "title", path) or {}, intro=self.text(record, "intro", path) or {})
        kinds: dict[str, Section] = {}
        for record in records:
            section = site.sections.get(record["id"])
            if section is None or section.source.line != getattr(record, "line", 1):
                continue
            if section.kind != "content" and section.kind in kinds:
                self.problem(record, "kind", path, say("linker_second_section", kind=section.kind),
                             say("linker_second_section_fix", other=kinds[section.kind].id))
            kinds.setdefault(section.kind, section)
            for i, t in enumerate(record.get("types") or []):
                if t["id"] in self.types:
                    self.problem(record["types"], i, path, say("linker_type_twice", type=t["id"]), say("linker_type_twice_fix"))
                    continue
                ctype = ContentType(t["id"], self.text(t, "label", path) or {}, section.id)
                self.types[t["id"]] = ctype
                section.types.append(ctype)

    def link_data(self, data: dict[str, list[Any]]) -> None:
        """A model object for every valid data record, by kind (references are linked later)."""
        for kind in KINDS:
            self.site.tables[kind.plural] = {}
        for kind in KINDS:
            if kind.source == "data":
                self.site.tables[kind.plural] = self.unique(data.get(kind.plural, []), kind, partial(self.record, kind))

    # -- documents ---------------------------------------------------------------

    def link_documents(self, documents: list[Document], unreadable: list[str]) -> None:
        site = self.site
        default = site.default_language
        # files whose front matter could not be read were reported already: no follow-up errors
        skipped = {f"{p.split('/', 1)[0]}/{urls.slug(p, site.languages)}" for p in unreadable if p.count("/") == 1}
        self.unusable.setdefault("items", set()).update(skipped)  # type: ignore[union-attr]
        generated_kinds = {s.id for s in site.sections.values() if s.kind != "content"}
        originals: dict[str, Document] = {}
        translations: list[Document] = []
        for doc in documents:
            folder = doc.path.split("/", 1)[0] if "/" in doc.path else ""
            slug = urls.slug(doc.path, site.languages)
            section = site.sections.get(folder)
            if folder in generated_kinds:
                self.problems.append(Problem(
                    doc.display, 1, say("linker_generated_folder", folder=folder),
                    say("linker_generated_folder_fix", kind=section.kind) if section else say("linker_move_it")))
                continue
            if not ID.match(slug.replace("/", "-")) and slug != "index":
                self.problems.append(Problem(doc.display, 1, say("linker_bad_slug", slug=slug), say("linker_bad_slug_fix")))
                continue
            if section is None or section.kind != "content" or slug == "index" or doc.path.count("/") != 1:
                if section is not None and section.kind == "content" and slug == "index":
                    self.problems.append(Problem(doc.display, 1, say("linker_index_generated", folder=folder),
                                                 say("linker_index_generated_fix")))
                    continue
                if section is not None and doc.path.count("/") != 1:
                    self.problems.append(Problem(doc.display, 1, say("linker_subfolder", folder=folder),
                                                 say("linker_subfolder_fix", folder=folder)))
                    continue
                self.problems += schemas.validate(doc.meta, "page", doc.display)
                site.pages.append(Page(doc.path, dict(doc.meta), Source(doc.display, 1)))
                continue
            if doc.language == default:
                self.problems += schemas.validate(doc.meta, "item", doc.display)
                originals[f"{folder}/{slug}"] = doc
            else:
                translations.append(doc)
        for key, doc in originals.items():
            self.problems += self._make_item(key, doc)
        for doc in translations:
            folder = doc.path.split("/", 1)[0]
            key = f"{folder}/{urls.slug(doc.path, site.languages)}"
            problems = schemas.validate(doc.meta, "translation", doc.display)
            self.problems += problems
            item = site.items.get(key)
            if key in skipped:
                continue
            if key not in originals:
                self.problems.append(Problem(doc.display, 1, say("linker_no_original", key=key),
                                             say("linker_no_original_fix", key=key, language=default)))
                continue
            if item is None or problems:
                continue
            item.title[doc.language] = doc.meta["title"]
            item.summary[doc.language] = doc.meta["summary"]
            item.files[doc.language] = doc.path
            for name, value in (doc.meta.get("glance") or {}).items():
                if name in item.glance:
                    item.glance[name][doc.language] = value
                else:  # (a text needs the default language: the original's page shows it)
                    self.problem(doc.meta["glance"], name, doc.display, say("linker_glance_not_in_original", name=name),
                                 say("linker_glance_not_in_original_fix", key=key))
            if "translated_from" in doc.meta:
                item.translated_from[doc.language] = doc.meta["translated_from"]
            site.items_by_file[doc.path] = item

    def _make_item(self, key: str, doc: Document) -> list[Problem]:
        meta, site, path = doc.meta, self.site, doc.display
        required = ("title", "type", "date", "summary", "themes")
        if any(k not in meta for k in required):
            self.unusable.setdefault("items", set()).add(key)  # type: ignore[union-attr]
            return []  # the schema already reported it
        section, slug = key.split("/")
        item = Item(slug, Source(path, 1), section, title={site.default_language: meta["title"]},
                    summary={site.default_language: meta["summary"]}, date=self.date(meta, "date", path),
                    updated=self.date(meta, "updated", path), files={site.default_language: doc.path},
                    fingerprint=doc.fingerprint)
        glance = meta.get("glance")
        if isinstance(glance, dict):  # (an invalid one was reported by the schema)
            item.glance = {name: {site.default_language: value} for name, value in glance.items() if isinstance(value, str)}
        ctype = self.types.get(meta["type"])
        allowed = [t.id for t in site.sections[section].types]
        if ctype is None or ctype.section != section:
            self.problem(meta, "type", path, say("linker_type_elsewhere", type=meta["type"], section=section),
                         say("use_one_of", options=", ".join(allowed)))
        item.type = ctype
        site.items[key] = item
        site.items_by_file[doc.path] = item
        return []

    def documents_as_records(self, documents: list[Document]) -> None:
        """The default-language front matter of each item, as its record (items refer to other kinds too)."""
        self.linked["items"] = [(doc.meta, self.site.items_by_file[doc.path]) for doc in documents
                                if doc.language == self.site.default_language and doc.path in self.site.items_by_file]

    # -- references ----------------------------------------------------------------

    def link_references(self) -> None:
        """Every reference of every kind, in the registry's order, recorded on both sides."""
        for kind in KINDS:
            for relation in kind.relations:
                self._make_room(relation)
        for kind in KINDS:
            for raw, record in self.linked.get(kind.plural, []):
                path = record.source.path
                shown: set[tuple[int, str]] = set()  # (target, list) already showing this record
                for relation in kind.relations:
                    self._link(raw, record, relation, path, shown)
                for check in kind.checks:
                    for key, what, fix in check(raw, record):
                        self.problem(raw, key, path, what, fix)
                for where in kind.texts:
                    self.nested_texts(raw, where.split("."), path)

    def nested_texts(self, node: Any, keys: list[str], path: str) -> None:
        """Translatable texts at a dotted path inside lists (a method's ``steps.title``): the rules of text()."""
        if isinstance(node, list):
            for each in node:
                self.nested_texts(each, keys, path)
        elif isinstance(node, dict) and len(keys) == 1 and isinstance(node.get(keys[0]), list):
            texts = node[keys[0]]  # a list of texts (a method's alongside.items): each read as a field
            for i, value in enumerate(texts):
                holder = LocatedDict({keys[0]: value})
                holder.line, holder.lines = line_of(texts, [i]), {keys[0]: line_of(texts, [i])}
                self.text(holder, keys[0], path)
        elif isinstance(node, dict) and len(keys) == 1:
            self.text(node, keys[0], path)
        elif isinstance(node, dict) and keys:
            self.nested_texts(node.get(keys[0]), keys[1:], path)

    def _make_room(self, relation: Relation) -> None:
        """The list on every target that shows what refers to it, for kinds whose model does not declare it."""
        target = KINDS.get(relation.target)
        kinds = [target] + ([KINDS.get(r.target) for r in target.relations if r.name == relation.spread]
                            if relation.spread else [])
        for kind in kinds:
            for other in self.site.tables[kind.plural].values():
                if relation.back and not hasattr(other, relation.back):
                    setattr(other, relation.back, [])

    def _link(self, raw: Any, record: Record, relation: Relation, path: str, shown: set[tuple[int, str]]) -> None:
        if raw.get(relation.key) is None:
            return
        target = KINDS.get(relation.target)
        if relation.many:
            found = self.refs(raw, relation.key, path, target)
            setattr(record, relation.name, found)
        else:
            one = self.ref(raw, relation.key, path, target)
            setattr(record, relation.name, one)
            found = [one] if one is not None else []
        if not relation.back:
            return
        for other in found:
            reached = [other] + (list(getattr(other, relation.spread)) if relation.spread else [])
            for each in reached:
                if (id(each), relation.back) not in shown:
                    shown.add((id(each), relation.back))
                    getattr(each, relation.back).append(record)

    def check_headings(self) -> None:
        """A record with a page needs the text of its page's heading in the default language."""
        default = self.site.default_language
        for kind in KINDS:
            if not kind.pages or self.site.section_of_kind(kind.plural) is None:
                continue
            for raw, record in self.linked.get(kind.plural, []):
                value = getattr(record, kind.heading, None)
                if isinstance(value, dict) and value and default not in value:
                    continue  # reported by text(): no default-language text
                text = value if isinstance(value, str) else in_language(value, default, default)
                if not (text or "").strip():
                    self.problem(raw, kind.heading if kind.heading in raw else None, record.source.path,
                                 say("linker_no_heading", field=kind.heading, noun=noun(kind.name)),
                                 say("linker_no_heading_fix", field=kind.heading, language=default))

    def check_pages(self) -> None:
        formats = KINDS.get("format")
        for page in self.site.pages:
            fmt = page.meta.get("format")
            if page.meta.get("template") == "kb/format.html" and not fmt:
                self.problem(page.meta, "template", page.source.path, say("linker_format_needed"),
                             say("linker_format_needed_fix"))
            if fmt:
                self.ref(page.meta, "format", page.source.path, formats)
            if page.meta.get("method"):  # (kb/method.html requires it: schemas/page.schema.json)
                self.ref(page.meta, "method", page.source.path, KINDS.get("method"))


def noun(name: str) -> str:
    """What an editor calls one record of a kind (``noun_<name>`` in the catalogue: "theme", "thema").

    A kind added without one is named by its name (tests/test_messages.py asks for one for every kind).
    """
    return say(f"noun_{name}") if f"noun_{name}" in messages.catalogue(messages.current()) else name


def _why_not_a_date(value: str) -> str:
    """Why a date of the right form does not exist (the month, or the day in its month), for the message."""
    try:
        year, month, day = ([int(p) for p in value.split("-")] + [0, 0])[:3]
        if month and not 1 <= month <= 12:
            return say("linker_date_no_month", month=month)
        return say("linker_date_no_day", day=day, month=f"{year}-{month:02d}")
    except ValueError:  # not digits and hyphens (the schema says so too)
        return say("linker_date_unreadable")


def link(data: Data, documents: list[Document], languages: list[str], default_language: str,
         data_display: dict[str, str], unreadable: list[str] | None = None) -> tuple[Site, list[Problem]]:
    """Build the linked Site; return it with every problem found."""
    linker = Linker(languages, default_language, data_display, data.unusable)
    linker.link_sections(data.records.get("sections", []))
    linker.link_data(data.records)
    linker.site.search_terms = list(data.records.get(SEARCH_TERMS, []))
    linker.link_documents(documents, unreadable or [])
    linker.documents_as_records(documents)
    linker.link_references()
    linker.check_headings()
    linker.check_pages()
    _sort(linker.site)
    return linker.site, linker.problems


def newest_first(items: list[Any]) -> list[Any]:
    """Dated things, newest first; undated last, then by id."""
    return sorted(items, key=lambda x: (x.date is None, _neg(x.date), x.id))


def _neg(date: PartialDate | None) -> tuple[int, int, int]:
    return (-date.year, -date.month, -date.day) if date else (0, 0, 0)


def _sort(site: Site) -> None:
    for kind in KINDS:
        for name in kind.newest_first:
            for record in site.tables[kind.plural].values():
                setattr(record, name, newest_first(getattr(record, name)))
