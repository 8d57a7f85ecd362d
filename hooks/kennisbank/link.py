"""Turn validated records into linked model objects, checking every reference.

The third step (load -> validate -> link). A reference is an id; an unknown id,
a duplicate id or slug, a date that does not exist or a translation without an
original is a problem with the line to fix. Reverse references are filled in
here, once, so templates never search.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, TypeVar

from . import schemas
from .load import ID, Data, Document, slug_of
from .model import (ContentType, Event, Format, Item, Organisation, Outcome, Page, PartialDate, Person,
                    Programme, Record, Section, Site, Source, Text, Theme)
from .problems import Problem
from .yamlsafe import line_of

R = TypeVar("R", bound=Record)

# The data file each kind of reference points into ("page" points into docs/).
_FILE_OF = {"theme": "themes", "format": "formats", "organisation": "organisations", "person": "people",
            "programme": "programmes", "outcome": "outcomes", "event": "events", "page": "pages"}


class Linker:
    def __init__(self, languages: list[str], default_language: str, data_display: dict[str, str],
                 unusable: dict[str, set[str] | None]) -> None:
        self.site = Site(languages=languages, default_language=default_language)
        self.problems: list[Problem] = []
        self.display = data_display  # data file name -> path shown in messages
        self.unusable = unusable  # records already reported as invalid: no follow-up errors

    # -- helpers -----------------------------------------------------------------

    def problem(self, record: Any, key: Any, path: str, what: str, fix: str, warning: bool = False) -> None:
        line = line_of(record, [key]) if key is not None else getattr(record, "line", 1)
        self.problems.append(Problem(path, line, what, fix, warning))

    def text(self, record: Any, key: str, path: str) -> Optional[Text]:
        value = record.get(key)
        if value is None:
            return None
        default = self.site.default_language
        if default not in value:
            self.problem(record, key, path, f"'{key}' has no '{default}' text",
                         f"add '{default}: …' (the default language is required)")
        for language in value:
            if language not in self.site.languages:
                self.problem(value, language, path, f"'{key}' has text in '{language}', which the site does not build",
                             f"use one of: {', '.join(self.site.languages)}")
        return dict(value)

    def date(self, record: Any, key: str, path: str) -> Optional[PartialDate]:
        value = record.get(key)
        if value is None:
            return None
        try:
            return PartialDate.parse(str(value))
        except ValueError as e:
            self.problem(record, key, path, f"'{key}': {value} is not a real date ({e})",
                         "correct the date (YYYY-MM-DD, YYYY-MM or YYYY)")
            return None

    def ref(self, record: Any, key: str, path: str, table: dict[str, R], kind: str, index: Optional[int] = None) -> Optional[R]:
        value = record.get(key) if index is None else record[key][index]
        target = table.get(value)
        unusable = self.unusable.get(_FILE_OF[kind], set())
        if target is None and (unusable is None or value in unusable):
            return None  # its own file's problem was reported already
        if target is None:
            line_record, line_key = (record[key], index) if index is not None else (record, key)
            known = ", ".join(sorted(table)[:8]) + (" …" if len(table) > 8 else "")
            where = f"section/slug of an existing page" if kind == "page" else f"an id from {self.display[_FILE_OF[kind]]}"
            self.problem(line_record, line_key, path, f"unknown {kind} '{value}' in '{key}'",
                         f"use {where}" + (f" ({known})" if known else ""))
        return target

    def refs(self, record: Any, key: str, path: str, table: dict[str, R], kind: str) -> list[R]:
        found = [self.ref(record, key, path, table, kind, i) for i in range(len(record.get(key) or []))]
        return [f for f in found if f is not None]

    def unique(self, records: list[Any], name: str, make: Callable[[Any, Source], R]) -> dict[str, R]:
        path = self.display[name]
        table: dict[str, R] = {}
        for record in records:
            source = Source(path, getattr(record, "line", 1))
            if record["id"] in table:
                self.problem(record, "id", path,
                             f"id '{record['id']}' is used twice (first on line {table[record['id']].source.line})",
                             "give each entry its own id")
                continue
            table[record["id"]] = make(record, source)
        return table

    # -- data --------------------------------------------------------------------

    def link_data(self, data: dict[str, list[Any]]) -> None:
        site = self.site
        p = self.display
        site.sections = self.unique(data["sections"], "sections", lambda r, s: Section(
            r["id"], s, kind=r["kind"], title=self.text(r, "title", p["sections"]) or {},
            intro=self.text(r, "intro", p["sections"]) or {}))
        types: dict[str, tuple[ContentType, Any]] = {}
        kinds: dict[str, Section] = {}
        for record in data["sections"]:
            section = site.sections.get(record["id"])
            if section is None:
                continue
            if section.kind != "content" and section.kind in kinds:
                self.problem(record, "kind", p["sections"], f"a second section of kind '{section.kind}'",
                             f"keep one; '{kinds[section.kind].id}' is already of this kind")
            kinds.setdefault(section.kind, section)
            for i, t in enumerate(record.get("types") or []):
                if t["id"] in types:
                    self.problem(record["types"], i, p["sections"], f"content type '{t['id']}' is defined twice",
                                 "give each type its own id")
                    continue
                ctype = ContentType(t["id"], self.text(t, "label", p["sections"]) or {}, section.id)
                types[t["id"]] = (ctype, t)
                section.types.append(ctype)
        self.types = {k: v[0] for k, v in types.items()}

        def folder(kind: str) -> str:
            section = site.section_of_kind(kind)
            return section.id if section else ""

        site.themes = self.unique(data["themes"], "themes", lambda r, s: Theme(
            r["id"], s, folder("themes"), title=self.text(r, "title", s.path) or {},
            summary=self.text(r, "summary", s.path) or {}, description=self.text(r, "description", s.path),
            status=r["status"]))
        site.formats = self.unique(data["formats"], "formats", lambda r, s: Format(
            r["id"], s, "", title=self.text(r, "title", s.path) or {}, summary=self.text(r, "summary", s.path) or {},
            participants=self.text(r, "participants", s.path), delegation=self.text(r, "delegation", s.path),
            rules=dict(r.get("rules") or {})))
        site.organisations = self.unique(data["organisations"], "organisations", lambda r, s: Organisation(
            r["id"], s, folder("organisations"), name=self.text(r, "name", s.path) or {}, kind=r["kind"],
            summary=self.text(r, "summary", s.path) or {}, url=r.get("url")))
        site.people = self.unique(data["people"], "people", lambda r, s: Person(
            r["id"], s, "", name=r["name"], role=self.text(r, "role", s.path) or {}))
        site.programmes = self.unique(data["programmes"], "programmes", lambda r, s: Programme(
            r["id"], s, folder("programmes"), title=self.text(r, "title", s.path) or {},
            start=self.date(r, "start", s.path), end=self.date(r, "end", s.path), mode=r.get("mode"),
            status=r["status"], summary=self.text(r, "summary", s.path) or {},
            description=self.text(r, "description", s.path)))
        site.outcomes = self.unique(data["outcomes"], "outcomes", lambda r, s: Outcome(
            r["id"], s, folder("outcomes"), title=self.text(r, "title", s.path) or {},
            statement=self.text(r, "statement", s.path) or {}, date=self.date(r, "date", s.path)))
        site.events = self.unique(data["events"], "events", lambda r, s: Event(
            r["id"], s, folder("events"), title=self.text(r, "title", s.path) or {}, kind=r["kind"],
            date=self.date(r, "date", s.path), start_time=r.get("start_time"), end_time=r.get("end_time"),
            place=self.text(r, "place", s.path), summary=self.text(r, "summary", s.path) or {}))
        self.records = data

    def link_references(self) -> None:
        site, data, p = self.site, self.records, self.display
        for r in data["people"]:
            person = site.people.get(r["id"])
            if person and person.source.line == r.line and r.get("organisation"):
                person.organisation = self.ref(r, "organisation", p["people"], site.organisations, "organisation")
                if person.organisation:
                    person.organisation.people.append(person)
        for r in data["programmes"]:
            prog = site.programmes.get(r["id"])
            if not prog or prog.source.line != r.line:
                continue
            prog.format = self.ref(r, "format", p["programmes"], site.formats, "format")
            prog.themes = self.refs(r, "themes", p["programmes"], site.themes, "theme")
            prog.organisations = self.refs(r, "organisations", p["programmes"], site.organisations, "organisation")
            prog.facilitators = self.refs(r, "facilitators", p["programmes"], site.people, "person")
            if prog.start and prog.end and prog.end < prog.start:
                self.problem(r, "end", p["programmes"], f"'end' {prog.end} is before 'start' {prog.start}",
                             "swap or correct the dates")
            if prog.format:
                prog.format.programmes.append(prog)
            for x in prog.themes:
                x.programmes.append(prog)
            for x in prog.organisations:
                x.programmes.append(prog)
            for x in prog.facilitators:
                x.programmes.append(prog)
        for r in data["outcomes"]:
            out = site.outcomes.get(r["id"])
            if not out or out.source.line != r.line:
                continue
            out.programme = self.ref(r, "programme", p["outcomes"], site.programmes, "programme")
            out.organisations = self.refs(r, "organisations", p["outcomes"], site.organisations, "organisation")
            out.source_item = self.ref(r, "source", p["outcomes"], site.items, "page")
            if out.programme:
                out.programme.outcomes.append(out)
                for x in out.programme.themes:
                    x.outcomes.append(out)
            for x in out.organisations:
                x.outcomes.append(out)
            if out.source_item:
                out.source_item.outcomes.append(out)
        for r in data["events"]:
            ev = site.events.get(r["id"])
            if not ev or ev.source.line != r.line:
                continue
            ev.venue = self.ref(r, "venue", p["events"], site.organisations, "organisation") if r.get("venue") else None
            ev.programmes = self.refs(r, "programmes", p["events"], site.programmes, "programme")
            ev.themes = self.refs(r, "themes", p["events"], site.themes, "theme")
            ev.outcomes = self.refs(r, "outcomes", p["events"], site.outcomes, "outcome")
            ev.report = self.ref(r, "report", p["events"], site.items, "page") if r.get("report") else None
            if ev.end_time and not ev.start_time:
                self.problem(r, "end_time", p["events"], "'end_time' without 'start_time'", "add 'start_time' or remove 'end_time'")
            if (ev.start_time or ev.end_time) and (not ev.date or ev.date.precision != "day"):
                self.problem(r, "start_time", p["events"], "a time is given but not the full date",
                             "add the date as YYYY-MM-DD, or remove the times")
            themes = list(ev.themes)
            for prog in ev.programmes:
                prog.events.append(ev)
                themes += [t for t in prog.themes if t not in themes]
            for x in themes:
                x.events.append(ev)
            for x in ev.outcomes:
                x.events.append(ev)
            if ev.venue:
                ev.venue.events.append(ev)
            if ev.report:
                ev.report.events.append(ev)

    # -- documents ---------------------------------------------------------------

    def link_documents(self, documents: list[Document], unreadable: list[str]) -> None:
        site = self.site
        default = site.default_language
        # files whose front matter could not be read were reported already: no follow-up errors
        skipped = {f"{p.split('/', 1)[0]}/{slug_of(p, site.languages)}" for p in unreadable if p.count("/") == 1}
        self.unusable.setdefault("pages", set()).update(skipped)  # type: ignore[union-attr]
        generated_kinds = {s.id for s in site.sections.values() if s.kind != "content"}
        originals: dict[str, Document] = {}
        translations: list[Document] = []
        for doc in documents:
            folder = doc.path.split("/", 1)[0] if "/" in doc.path else ""
            slug = slug_of(doc.path, site.languages)
            section = site.sections.get(folder)
            if folder in generated_kinds:
                self.problems.append(Problem(doc.display, 1, f"'{folder}/' is generated from data; hand-written pages are not allowed there",
                                             f"move the text into data/{section.kind}.yml or into another folder" if section else "move it"))
                continue
            if not ID.match(slug.replace("/", "-")) and slug != "index":
                self.problems.append(Problem(doc.display, 1, f"file name '{slug}' is not a valid slug",
                                             "rename the file with lowercase letters, digits and single hyphens, like 'werkplaats-almere.md'"))
                continue
            if section is None or section.kind != "content" or slug == "index" or doc.path.count("/") != 1:
                if section is not None and section.kind == "content" and slug == "index":
                    self.problems.append(Problem(doc.display, 1, f"'{folder}/' index pages are generated",
                                                 "remove this file; put the introduction in data/sections.yml"))
                    continue
                if section is not None and doc.path.count("/") != 1:
                    self.problems.append(Problem(doc.display, 1, f"items of '{folder}/' cannot be in subfolders",
                                                 f"move it to docs/{folder}/"))
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
            key = f"{folder}/{slug_of(doc.path, site.languages)}"
            problems = schemas.validate(doc.meta, "translation", doc.display)
            self.problems += problems
            item = site.items.get(key)
            if key in skipped:
                continue
            if key not in originals:
                self.problems.append(Problem(doc.display, 1, f"translation without an original: '{key}.md' does not exist",
                                             f"add docs/{key}.md in {default}, or rename this file to match an existing item"))
                continue
            if item is None or problems:
                continue
            item.title[doc.language] = doc.meta["title"]
            item.summary[doc.language] = doc.meta["summary"]
            item.files[doc.language] = doc.path
            if "translated_from" in doc.meta:
                item.translated_from[doc.language] = doc.meta["translated_from"]
            site.items_by_file[doc.path] = item

    def _make_item(self, key: str, doc: Document) -> list[Problem]:
        meta, site, path = doc.meta, self.site, doc.display
        required = ("title", "type", "date", "summary", "themes")
        if any(k not in meta for k in required):
            self.unusable.setdefault("pages", set()).add(key)  # type: ignore[union-attr]
            return []  # the schema already reported it
        section, slug = key.split("/")
        item = Item(slug, Source(path, 1), section, title={site.default_language: meta["title"]},
                    summary={site.default_language: meta["summary"]}, date=self.date(meta, "date", path),
                    updated=self.date(meta, "updated", path), files={site.default_language: doc.path},
                    fingerprint=doc.fingerprint)
        ctype = self.types.get(meta["type"])
        allowed = [t.id for t in site.sections[section].types]
        if ctype is None or ctype.section != section:
            self.problem(meta, "type", path, f"type '{meta['type']}' does not belong in '{section}/'",
                         f"use one of: {', '.join(allowed)}")
        item.type = ctype
        site.items[key] = item
        site.items_by_file[doc.path] = item
        return []

    def link_item_references(self, documents: list[Document]) -> None:
        site = self.site
        for doc in documents:
            item = site.items_by_file.get(doc.path)
            if item is None or doc.language != site.default_language:
                continue
            meta, path = doc.meta, doc.display
            item.themes = self.refs(meta, "themes", path, site.themes, "theme")
            item.programmes = self.refs(meta, "programmes", path, site.programmes, "programme")
            item.organisations = self.refs(meta, "organisations", path, site.organisations, "organisation")
            item.people = self.refs(meta, "people", path, site.people, "person")
            for x in item.themes:
                x.items.append(item)
            for x in item.programmes:
                x.items.append(item)
            for x in item.organisations:
                x.items.append(item)
            for x in item.people:
                x.items.append(item)

    def check_pages(self) -> None:
        for page in self.site.pages:
            fmt = page.meta.get("format")
            if page.meta.get("template") == "kb/format.html" and not fmt:
                self.problem(page.meta, "template", page.source.path, "template kb/format.html needs a 'format'",
                             "add 'format: <id from data/formats.yml>'")
            if fmt:
                self.ref(page.meta, "format", page.source.path, self.site.formats, "format")


def link(data: Data, documents: list[Document], languages: list[str], default_language: str,
         data_display: dict[str, str], unreadable: list[str] | None = None) -> tuple[Site, list[Problem]]:
    """Build the linked Site; return it with every problem found."""
    linker = Linker(languages, default_language, data_display, data.unusable)
    linker.link_data(data.records)
    linker.link_documents(documents, unreadable or [])
    linker.link_references()
    linker.link_item_references(documents)
    linker.check_pages()
    _sort(linker.site)
    return linker.site, linker.problems


def newest_first(items: list[Any]) -> list[Any]:
    """Dated things, newest first; undated last, then by id."""
    return sorted(items, key=lambda x: (x.date is None, _neg(x.date), x.id))


def _neg(date: Optional[PartialDate]) -> tuple[int, int, int]:
    return (-date.year, -date.month, -date.day) if date else (0, 0, 0)


def _sort(site: Site) -> None:
    for theme in site.themes.values():
        theme.items = newest_first(theme.items)
    for coll in (site.programmes, site.organisations, site.people):
        for rec in coll.values():
            rec.items = newest_first(rec.items)
