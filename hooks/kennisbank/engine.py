"""Load, validate and link a knowledge base, once per process.

mkdocs-static-i18n runs the whole build once per language, and ``mkdocs serve``
rebuilds on every change: the expensive work here is cached on a fingerprint of
the input files (their paths, sizes and modification times), so the second
language reuses the first language's model and a rebuild after an edit reloads.
This module does not import MkDocs.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

import pathspec

from . import content_files, generate, personal_data, render_cache, schemas
from .config import Settings
from .link import link
from .load import DATA_FILES, Data, Document, display_path, read_data, read_document
from .messages import current, say
from .model import Site
from .problems import ContentError, Problem
from .schemas import SCHEMA_DIR


@dataclass
class Build:
    """A loaded knowledge base and the pages generated from it."""

    site: Site
    pages: list[generate.GeneratedPage]
    warnings: list[Problem] = field(default_factory=list)
    generated_on_disk: set[str] = field(default_factory=set)
    seconds: float = 0.0
    digest: str = ""  # of everything the model is made from but the items' bodies (render_cache)
    front_matter: dict[str, str] = field(default_factory=dict)  # item file -> hash of its front matter


_cache: dict[Settings, tuple[tuple, Build]] = {}
_per_file: dict[tuple, Any] = {}  # what reading one file gave, by its path, size, time and the messages' language
_fresh: set[tuple] = set()  # the keys the load under way used (the others are dropped after it)


def _once_per_version(kind: str, path: Path, work: Callable[[], Any], *extra: Any) -> Any:
    """``work()`` for a file, or what it gave for the same file unchanged (``mkdocs serve`` loads the model
    again after every edit to data/ or front matter: only the edited files are read and scanned again)."""
    try:
        st = os.stat(path)
    except OSError:
        return work()
    key = (kind, str(path), st.st_size, st.st_mtime_ns, current(), *extra)
    if key not in _per_file:
        _per_file[key] = work()
    _fresh.add(key)
    return _per_file[key]



def markdown_files(docs_dir: Path, exclude: tuple[str, ...] = ()) -> list[Path]:
    """Every Markdown file of docs_dir that is content, in a stable order.

    ``exclude`` holds the gitignore-style patterns of mkdocs.yml's ``exclude_docs``
    (e.g. maintainer notes), so MkDocs and the engine skip the same files.
    """
    return [docs_dir / rel for rel in _markdown_paths(docs_dir, exclude)]


def _markdown_paths(docs_dir: Path, exclude: tuple[str, ...] = ()) -> list[str]:
    """markdown_files() as paths relative to docs_dir ("nieuws/x.md"): strings, as there are thousands."""
    spec = pathspec.GitIgnoreSpec.from_lines(exclude) if exclude else None
    found: list[str] = []
    for folder, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = os.path.relpath(folder, docs_dir).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        found += [prefix + f for f in sorted(files) if f.endswith(".md") and not f.startswith(".")]
    if spec is not None:
        found = [rel for rel in found if not spec.match_file(rel)]
    return found


def _fingerprint(settings: Settings, generated: set[str]) -> tuple:
    """Names, sizes and times of every file the model is made from (serve reloads when it changes),
    and the language its problems and warnings are worded in."""
    docs = str(settings.docs_dir)
    files = [(rel, os.path.join(docs, rel)) for rel in _markdown_paths(settings.docs_dir, settings.exclude_docs)
             if rel not in generated]
    others = [*sorted(settings.data_dir.glob("*.y*ml")), *sorted(SCHEMA_DIR.glob("*.json")),
              *([settings.accessibility_report] if settings.accessibility_report else [])]
    stats = []
    for rel, path in files + [(str(p), str(p)) for p in others]:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            continue
        stats.append((rel, st.st_size, st.st_mtime_ns))
    return (current(), *stats)


def load(settings: Settings) -> Build:
    """The linked knowledge base; raises ContentError listing every problem."""
    cached = _cache.get(settings)
    if cached and cached[0] == _fingerprint(settings, {p.path for p in cached[1].pages}):
        return cached[1]
    _fresh.clear()
    try:
        build = _load(settings)
    finally:
        for key in set(_per_file) - _fresh:
            del _per_file[key]
    _cache[settings] = (_fingerprint(settings, {p.path for p in build.pages}), build)
    return build


def _load(settings: Settings) -> Build:
    started = time.perf_counter()
    root = settings.project_dir
    walker = _content_files(settings)
    data = read_data(settings.data_dir, root, walker.refused)
    problems = [*walker.problems, *data.problems, *_reserved_sections(settings, data)]
    documents: list[Document] = []
    unreadable: list[str] = []
    generated_on_disk: set[str] = set()
    languages = list(settings.languages)
    for rel in _markdown_paths(settings.docs_dir, settings.exclude_docs):
        path = settings.docs_dir / rel
        if path in walker.refused:  # (never read: content_files said why)
            continue
        with path.open("rb") as f:
            if generate.is_generated(f.read(200)):
                generated_on_disk.add(rel)
                continue
        document, found = _once_per_version("read", path, partial(
            read_document, path, settings.docs_dir, root, languages, settings.default_language), settings.docs_dir, root)
        problems += found
        if document is not None:
            documents.append(document)
        else:
            unreadable.append(rel)
    generated = {settings.docs_dir / rel for rel in generated_on_disk}
    problems += _personal_data(settings, [p for p in walker.text_files if p not in generated], walker.names)
    display = {name: display_path(settings.data_dir / f"{name}.yml", root) for name in DATA_FILES}
    site, found = link(data, documents, languages, settings.default_language, display, unreadable)
    problems += found
    site.accessibility, found = _accessibility_report(settings)
    problems += found
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ContentError(errors)
    pages = generate.plan(site)
    return Build(site, pages, [p for p in problems if p.warning], generated_on_disk,
                 time.perf_counter() - started, _model_digest(settings, documents, site),
                 {d.path: render_cache.digest(d.meta) for d in documents if d.path in site.items_by_file})


def update_bodies(settings: Settings, build: Build, changed: list[str]) -> bool:
    """Take edits to items' bodies into the model in place (``mkdocs serve``'s quick path); False if
    anything else changed or a changed file has a problem: then the whole model is loaded again.

    ``changed``: docs-relative paths. An item's body feeds the model only through its
    fingerprint (a translation says when it is behind): every other check a load makes
    of one file is made again here (plain file, readable, bounded, no personal data).
    """
    site = build.site
    updates = []
    for rel in changed:
        path = settings.docs_dir / rel
        item = site.items_by_file.get(rel)
        if item is None or path.is_symlink() or not path.is_file():
            return False
        document, problems = read_document(path, settings.docs_dir, settings.project_dir, list(settings.languages),
                                           settings.default_language)
        shown = display_path(path, settings.project_dir)
        if document is None or problems or personal_data.scan_file(path, shown, _allowed(settings)):
            return False
        if render_cache.digest(document.meta) != build.front_matter.get(rel):
            return False
        updates.append((item, document))
    for item, document in updates:
        if document.language == settings.default_language:
            item.fingerprint = document.fingerprint
    _cache.pop(settings, None)  # the next full build loads the model again
    return True


def _model_digest(settings: Settings, documents: list[Document], site: Site) -> str:
    """What every page may show, as one hash: the data files, the accessibility report, each
    item's path and front matter, and each other page whole. An item's body shows on its own
    pages only (render_cache), so it is left out: editing one re-renders that item alone."""
    data = [*sorted(settings.data_dir.glob("*.y*ml")),
            *([settings.accessibility_report] if settings.accessibility_report else [])]
    docs = [(d.path, d.meta, None if d.path in site.items_by_file else d.body) for d in documents]
    return render_cache.digest(render_cache.files_digest(data), docs)


def _accessibility_report(settings: Settings) -> tuple[dict | None, list[Problem]]:
    """The browser suite's latest results (``make accessibility-report``), for the accessibility statement."""
    path = settings.accessibility_report
    if path is None:
        return None, []
    shown = display_path(path, settings.project_dir)
    if not path.exists():  # not run yet: the statement says no results are recorded
        return None, []
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        return None, [Problem(shown, e.lineno, say("report_invalid_json", reason=e.msg), say("report_invalid_json_fix"))]
    return report, schemas.validate(report, "accessibility-report", shown)


def _content_files(settings: Settings) -> content_files.Walker:
    """Every file of docs/ and data/ against the allow-list of kinds, paths and names (content_files)."""
    from .outputs import WRITES  # (outputs imports this module)

    reserved = content_files.reserved_folders(settings.languages, settings.default_language, WRITES)
    return content_files.Walker(settings.docs_dir, settings.data_dir,
                                lambda path: display_path(path, settings.project_dir),
                                theme_files=settings.theme_files, writes=WRITES, reserved=reserved).walk()


def _reserved_sections(settings: Settings, data: Data) -> list[Problem]:
    """A section whose folder is a language, the theme's or an output's would replace or delete those pages."""
    from .outputs import WRITES

    reserved = content_files.reserved_ids(settings.languages, settings.default_language, settings.theme_files, WRITES)
    shown = display_path(settings.data_dir / "sections.yml", settings.project_dir)
    return [Problem(shown, getattr(section, "line", 1), say("section_reserved", id=section["id"]),
                    say("section_reserved_fix", reserved=", ".join(sorted(reserved))))
            for section in data.records.get("sections", []) if section.get("id") in reserved]


def _allowed(settings: Settings) -> list[str]:
    """The one e-mail address content may hold (the site's contact address)."""
    return [settings.contact_email] if settings.contact_email else []


def _personal_data(settings: Settings, files: list[Path], names: list[tuple[str, str]]) -> list[Problem]:
    """Personal data in every text file and every file name of docs/ and data/: published to everyone, so refused."""
    allowed = _allowed(settings)
    clean = render_cache.CleanFiles(render_cache.RenderCache.for_project(settings.project_dir),
                                    render_cache.digest(_engine_code(), allowed))
    found = [problem for path in files
             for problem in _once_per_version("scan", path, partial(_scan, path, display_path(
                 path, settings.project_dir), allowed, clean), tuple(allowed), settings.project_dir)]
    clean.save()
    return found + [problem for name, shown in names for problem in personal_data.scan_name(name, shown, allowed)]


@cache
def _engine_code() -> str:
    """The engine's code as this process imported it (once: serve loads the model after every data edit)."""
    return render_cache.code_digest([Path(__file__).parent])


def _scan(path: Path, shown: str, allowed: list[str], clean: render_cache.CleanFiles) -> list[Problem]:
    """One file's personal data, unless its bytes were found clean before."""
    try:
        seen = clean.hash(path.read_bytes())
    except OSError:
        seen = ""
    if seen and seen in clean.known:
        return []
    found = personal_data.scan_file(path, shown, allowed)
    if seen and not found:
        clean.add(seen)
    return found


def write_pages(settings: Settings, build: Build) -> tuple[int, int]:
    """Write the generated stubs of a build into docs_dir; return (written, removed)."""
    written, removed, problems = generate.write(settings.docs_dir, build.pages, build.generated_on_disk)
    if problems:
        raise ContentError(problems)
    build.generated_on_disk = {p.path for p in build.pages}
    return written, removed

