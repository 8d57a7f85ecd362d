"""`mkdocs serve`: an edit re-renders only the pages that show what it changed, in every language.

MkDocs rebuilds the whole site, both languages, on any change. Here, when the
files changed since the last build are items' Markdown and data/ (no file added,
removed or renamed, nothing in the templates, the engine or mkdocs.yml):

- an edit to items' bodies only: the model takes it in place
  (``engine.update_bodies``, which checks each file as a load would) and those
  items' pages are rendered again;
- an edit to data/ or to front matter: the model is loaded again (only the edited
  files are read again), compared with the last one field by field
  (``kennisbank.reads``), the edited items' pages are rendered at once, and every
  other page that read a changed field while it rendered is marked stale. The
  browsers reload then; a stale page is rendered when it is asked for, and a
  thread beside the server renders the others, after the outputs made from the
  model (feeds, open data, QR codes), which a request for one of them waits for.
  (Hugo's "fast render mode" works the same way.) A record added, removed or
  moved, a problem, a warning or a title the navigation shows: the full build.

Pages are rendered with the navigation, files and template environment each
language's last full build kept, one at a time (``rendering``: MkDocs' config is
in one language's state at a time). Once the pages are up to date, the pages whose
text the search index does not have are indexed on their own, before the browsers
reload (``search_index.Edits``: a few tenths of a second), and the whole index is
made again in a thread (each language's part from the render cache when its pages
did not change), which then puts the edits right for it. Anything else, or any
problem, goes to the full build, which takes every unchanged page from the render
cache.

This leans on internals of MkDocs 1.6.1 and mkdocs-static-i18n 1.3.1; re-read them
on any upgrade (docs/maintainers/platform.md):

- ``LiveReloadServer._build_loop`` (``mkdocs/livereload/__init__.py``) calls
  ``server.builder()`` after a change, then reloads the browsers: ``on_serve``
  puts ``Preview.rebuild`` in its place, which calls the original for a full build;
  ``LiveReloadServer._serve_request(environ, start_response)`` serves a file of
  ``server.root`` (``mount_path`` stripped, ``index.html`` added to a folder):
  ``Preview.serving`` wraps it to render a stale page first.
- ``mkdocs.commands.build._populate_page(page, config, files)``,
  ``_build_page(page, config, doc_files, nav, env)`` and
  ``_build_theme_template(name, env, files, config, nav)`` render one page (or the
  404 page) with every plugin's events, as ``build()`` does.
- ``i18n.current_language`` and ``config.plugins.on_config(config)`` put the one
  config object in a language's state, as mkdocs-static-i18n does between the
  builds of its languages (its ``reset_to_original_config`` makes that repeatable).
"""

from __future__ import annotations

import logging
import os
import posixpath
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pathspec
from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from kennisbank import engine, outputs, reads
from kennisbank.problems import ContentError

from .languages import i18n_of

log = logging.getLogger("mkdocs.hooks.kennisbank")

Stats = dict[str, tuple[int, int]]


@dataclass
class Kept:
    """What one language's last full build leaves for rendering its pages again."""

    files: Files
    nav: Navigation
    env: Any
    site_key: str
    doc_files: Any = None  # the pages a page's context lists (made once)


class Preview:
    """The quick path of `mkdocs serve` (see the module's docstring); the plugin feeds it each build's state."""

    def __init__(self) -> None:
        self.config: MkDocsConfig | None = None
        self.kept: dict[str, Kept] = {}
        self.watched: list[Path] = []
        self.stats: Stats = {}
        self.search: threading.Thread | None = None  # making the search index again, beside the server
        self.pending: tuple[Any, Path, dict[str, dict[Path, Any]]] | None = None  # the newest pages it is to index
        self.lock = threading.Lock()
        self.reads: dict[str, dict[str, frozenset[reads.Key] | None]] = {}  # language -> page -> fields it read
        self.rendering = threading.RLock()  # held to render a page and to rebuild
        self.writing = threading.Lock()  # held to write the outputs made from the model, and for a full build
        self.stale: dict[str, tuple[str, Any]] = {}  # written file -> (language, page) to render again
        self.outputs_due = False  # the outputs made from the model are to be written again
        self.outputs_ready = threading.Event()  # ... and are not
        self.outputs_ready.set()
        self.refresh: threading.Thread | None = None  # rendering the stale pages, beside the server
        self.language = ""  # the language the config object is in (_enter)
        self.site_dirs: dict[str, str] = {}  # language -> the folder its last full build wrote

    def keep(self, language: str, config: MkDocsConfig, files: Files, nav: Navigation, env: Any, site_key: str) -> None:
        self.config = config
        self.kept[language] = Kept(files, nav, env, site_key)
        self.site_dirs[language] = config.site_dir
        self.language = ""  # (not known after a build: the first _enter puts the config in a language's state)

    def snapshot(self, watched: list[Path]) -> None:
        """The files as the build starting now reads them (a later change is compared with these)."""
        self.watched = watched
        self.stats = _stats(watched)

    def wait(self) -> None:
        """Let the search index of quick rebuilds finish before a full build writes the site."""
        search = self.search
        if search is not None:
            search.join()

    def read(self, language: str, src_uri: str, keys: frozenset[reads.Key] | None) -> None:
        """The records' fields a page read while it rendered (None: not known, as for a page a full build
        showed problems on)."""
        self.reads.setdefault(language, {})[src_uri] = keys

    # -- the server's builder --

    def rebuild(self, plugin: Any, full: Callable[[], None]) -> None:
        """The server's builder: the quick path when it applies, else the full build (which waits for the search index)."""
        with self.rendering:
            now = _stats(self.watched)
            changed = self._changed(now)
            if self.config is not None and changed == []:  # e.g. the generated pages the last build wrote
                return
            started = time.perf_counter()
            try:
                done = changed is not None and self._quick(plugin, changed, now)
            except Exception as e:  # noqa: BLE001 (the full build reports any real problem in full)
                log.info(f"kennisbank: quick rebuild not possible ({e}); building everything")
                done = False
            if not done:
                with self.writing:  # the full build renders and writes everything
                    self.stale, self.outputs_due = {}, False
                    self.outputs_ready.set()
                    full()
                return
            later = f"; {len(self.stale)} more pages that show the edit follow" if self.stale else ""
            log.info(f"kennisbank: rebuilt the edited pages in {time.perf_counter() - started:.2f} s{later}; "
                     "the search index follows")

    def _changed(self, now: Stats) -> list[Path] | None:
        """The files changed since the last build; None when a file was added or removed."""
        if now.keys() != self.stats.keys():
            return None
        return [Path(path) for path, stat in now.items() if stat != self.stats[path]]

    def _quick(self, plugin: Any, changed: list[Path], now: Stats) -> bool:
        settings, config = plugin.settings, self.config
        if config is None or plugin.serve_problems or set(self.kept) != set(settings.languages):
            return False
        docs, data = settings.docs_dir, settings.data_dir
        markdown = [p for p in changed if p.suffix == ".md" and p.is_relative_to(docs)]
        records = [p for p in changed if p.suffix in (".yml", ".yaml") and p.is_relative_to(data)]
        edited = [p.relative_to(docs).as_posix() for p in markdown]
        if len(markdown) + len(records) != len(changed) or any(rel not in plugin.build.site.items_by_file
                                                                for rel in edited):
            return False  # e.g. a page of its own, a template, the engine, mkdocs.yml
        fields: set[reads.Key] = set()
        retitled: set[str] = set()
        model_edit = bool(records) or not engine.update_bodies(settings, plugin.build, edited)
        if model_edit:
            found = self._load_again(plugin, now)
            if found is None:
                return False
            fields, retitled = found
        items = {plugin.build.site.items_by_file[rel] for rel in edited}
        sources = {path for item in items for path in item.files.values()} | retitled
        stale: dict[str, tuple[str, Any]] = {}
        for language in [*sorted(set(self.kept) - {settings.default_language}), settings.default_language]:
            kept = self.kept[language]
            config = self._enter(plugin, language)
            read = self.reads.get(language, {})
            now_pages, later_pages = [], []
            for f in kept.files.documentation_pages():
                if f.page is None:
                    continue
                if f.src_uri in sources:
                    now_pages.append(f.page)
                elif model_edit and _reads_any(read.get(f.src_uri), fields):
                    later_pages.append(f.page)
            for page in now_pages:
                self.stale.pop(os.path.normpath(page.file.abs_dest_path), None)
                self._render(plugin, page, config, kept)
            stale |= {os.path.normpath(page.file.abs_dest_path): (language, page) for page in later_pages}
            if model_edit:
                _build_theme_template("404.html", kept.env, kept.files, config, kept.nav)
            if plugin.judged:  # the full build shows them in place of the pages
                plugin.judged = []
                return False
        self.stats = now
        self.stale |= stale
        self.outputs_due = self.outputs_due or model_edit
        if self.outputs_due:
            self.outputs_ready.clear()
        parts = self._index_edits(plugin)  # (the pages that show the edit later: again when they are rendered)
        if self.stale or self.outputs_due:
            if self.refresh is None:
                self.refresh = threading.Thread(target=self._refresh_loop, args=(plugin,), daemon=True)
                self.refresh.start()
        else:
            self._search_later(plugin, self._site_dir(plugin), parts)
        return True

    def _load_again(self, plugin: Any, now: Stats) -> tuple[set[reads.Key], set[str]] | None:
        """After an edit to data/ or front matter: the model loaded again, its generated pages written,
        the records' fields that changed and the generated pages whose title changed; None when the full
        build must do it (a problem to show, a record added, removed or moved, a page added or removed,
        a title the navigation shows)."""
        settings, old = plugin.settings, plugin.build
        try:
            new = engine.load(settings)
        except ContentError:
            return None
        fields = reads.changes(old.site, new.site)
        if fields is None or new.warnings or _plan(old.pages) != _plan(new.pages):
            return None
        before = {page.path: page.render() for page in old.pages}
        retitled = {page.path for page in new.pages if page.render() != before[page.path]}
        listed = {page.file.src_uri for kept in self.kept.values() for page in kept.nav.pages}
        if retitled & listed:
            return None
        engine.write_pages(settings, new)
        for path in retitled:  # (written by this rebuild: not an edit to rebuild for)
            st = (settings.docs_dir / path).stat()
            now[str(settings.docs_dir / path)] = (st.st_size, st.st_mtime_ns)
        plugin.build = plugin.warned = new
        for kept in self.kept.values():  # the cache's keys name the last full build's model: not used until the next
            kept.site_key = ""
        return fields, retitled

    # -- rendering one page --

    def _enter(self, plugin: Any, language: str) -> MkDocsConfig:
        """The config object in a language's state, and the plugin's state for rendering its pages."""
        config = self.config
        assert config is not None
        i18n = i18n_of(config)
        if i18n is not None and language != self.language:
            i18n.current_language = language
            config = self.config = config.plugins.on_config(config)
            self.language = language
        cached = plugin.cached
        cached.site_key = self.kept[language].site_key  # "" after a model edit: its keys hold the last full build's model
        cached.taken, cached.keys = {}, {}
        plugin.searchable.setdefault(language, {})
        return config

    def _render(self, plugin: Any, page: Any, config: MkDocsConfig, kept: Kept) -> None:
        """One page rendered and written again (hold ``rendering``)."""
        _populate_page(page, config, kept.files)
        if kept.doc_files is None:
            kept.doc_files = kept.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        _build_page(page, config, kept.doc_files, kept.nav, kept.env)

    def _render_stale(self, plugin: Any, path: str) -> None:
        """The stale page written at path, rendered now (hold ``rendering``)."""
        language, page = self.stale.pop(path)
        config = self._enter(plugin, language)
        self._render(plugin, page, config, self.kept[language])
        plugin.judged = []  # (its Markdown is as it was when the full build judged it)

    # -- beside the server: the stale pages and the outputs, then the search index --

    def _refresh_loop(self, plugin: Any) -> None:
        started, done = time.perf_counter(), 0
        while True:
            if self.outputs_due:  # (not holding rendering: a stale page asked for meanwhile is rendered)
                with self.writing:
                    self.outputs_due = False
                    outputs.after_records_changed(plugin.build, plugin.settings, self._site_dir(plugin))
                    if not self.outputs_due:
                        self.outputs_ready.set()
                continue
            with self.rendering:
                if self.outputs_due:
                    continue
                if not self.stale:
                    self.refresh = None
                    log.info(f"kennisbank: {done} more pages show the edit "
                             f"(rendered in {time.perf_counter() - started:.2f} s)")
                    self._index(plugin)  # (holding rendering: never while a full build writes the site)
                    return
                self._render_stale(plugin, next(iter(self.stale)))
                done += 1

    def _site_dir(self, plugin: Any) -> Path:
        """The site's folder (each other language's build has its own inside it)."""
        return Path(self.site_dirs[plugin.settings.default_language])

    def _index_edits(self, plugin: Any) -> dict[str, dict[Path, Any]]:
        """The edited pages searchable now, on their own (search_index.Edits); every page's search part."""
        parts = {language: dict(plugin.searchable.get(language, {})) for language in plugin.settings.languages}
        plugin.index_edits(self._site_dir(plugin), parts)
        return parts

    def _index(self, plugin: Any) -> None:
        """The edited pages searchable now, on their own; the whole search index again in a thread."""
        self._search_later(plugin, self._site_dir(plugin), self._index_edits(plugin))

    def serving(self, server: Any, plugin: Any) -> Callable[[dict, Callable], Any]:
        """The server's request handler, which renders a stale page before it is served, and lets a
        request for an output made from the model wait until it is written again."""
        serve = server._serve_request  # noqa: SLF001 (see the module's docstring)
        made_from_records = pathspec.GitIgnoreSpec.from_lines(outputs.FROM_RECORDS)

        def serve_request(environ: dict, start_response: Callable) -> Any:
            path = _file_of(server, environ.get("PATH_INFO", "")) if self.stale or not self.outputs_ready.is_set() \
                else None
            if path is not None and path in self.stale:
                with self.rendering:
                    if path in self.stale:
                        self._render_stale(plugin, path)
            elif path is not None and made_from_records.match_file(os.path.relpath(path, server.root)):
                self.outputs_ready.wait(timeout=120)
            return serve(environ, start_response)

        return serve_request

    def _search_later(self, plugin: Any, site_dir: Path, parts: dict[str, dict[Path, Any]]) -> None:
        """Make the search index again in a thread; an edit saved meanwhile is indexed right after (not waited for)."""
        with self.lock:
            self.pending = (plugin, site_dir, parts)
            if self.search is None:
                self.search = threading.Thread(target=self._search_loop, daemon=True)
                self.search.start()

    def _search_loop(self) -> None:
        while True:
            with self.lock:
                job, self.pending = self.pending, None
                if job is None:
                    self.search = None
                    return
            plugin, site_dir, parts = job
            plugin.search_again(site_dir, parts)


def _file_of(server: Any, path: str) -> str | None:
    """The file a request's path names, as ``LiveReloadServer._serve_request`` finds it."""
    path = path.encode("latin-1").decode("utf-8", "ignore")
    if not (path + "/").startswith(server.mount_path):
        return None
    rel = path[len(server.mount_path):] + ("index.html" if path.endswith("/") else "")
    return os.path.normpath(os.path.join(server.root, posixpath.normpath("/" + rel).lstrip("/")))


def _reads_any(read: frozenset[reads.Key] | None, fields: set[reads.Key]) -> bool:
    """Whether a page read any of these fields (a page whose reads are not known may have)."""
    return read is None or not read.isdisjoint(fields)


def _plan(pages: list[Any]) -> list[tuple[str, str, str, str, str]]:
    """What makes a generated page the page it is, but its title."""
    return [(page.path, page.language, page.template, page.kind, page.ref) for page in pages]


def _stats(watched: list[Path]) -> Stats:
    """Size and modification time of every file under the watched folders and files."""
    found: Stats = {}
    for root in watched:
        if root.is_file():
            st = root.stat()
            found[str(root)] = (st.st_size, st.st_mtime_ns)
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
            for name in files:
                if name.startswith("."):  # never published; the engine's and editors' temporary files
                    continue
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except FileNotFoundError:
                    continue
                found[path] = (st.st_size, st.st_mtime_ns)
    return found
