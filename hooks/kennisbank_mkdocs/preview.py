"""`mkdocs serve`: an edit to the body of items re-renders those items' pages only, in every language.

MkDocs rebuilds the whole site, both languages, on any change. When the only
files changed since the last build are the bodies of items (their front matter
as it was, no file added, removed or renamed, nothing in data/, the templates or
the engine), nothing but those items' pages can change: the model takes the
edit in place (``engine.update_bodies``, which checks each file as a load would),
the pages of those items are rendered again with the navigation, files and
template environment each language's last build kept, and the search index is
made again in a thread beside the server (each language's part from the render
cache when its pages did not change). Anything else, or any problem, goes to the
full build, which takes every unchanged page from the render cache.

This leans on internals of MkDocs 1.6.1 and mkdocs-static-i18n 1.3.1; re-read them
on any upgrade (docs/maintainers/platform.md):

- ``LiveReloadServer._build_loop`` (``mkdocs/livereload/__init__.py``) calls
  ``server.builder()`` after a change, then reloads the browsers: ``on_serve``
  puts ``Preview.rebuild`` in its place, which calls the original for a full build.
- ``mkdocs.commands.build._populate_page(page, config, files)`` and
  ``_build_page(page, config, doc_files, nav, env)`` render one page with every
  plugin's page events, as ``build()`` does for each page.
- ``i18n.current_language`` and ``config.plugins.on_config(config)`` put the one
  config object in a language's state, as mkdocs-static-i18n does between the
  builds of its languages (its ``reset_to_original_config`` makes that repeatable).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from kennisbank import engine

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

    def keep(self, language: str, config: MkDocsConfig, files: Files, nav: Navigation, env: Any, site_key: str) -> None:
        self.config = config
        self.kept[language] = Kept(files, nav, env, site_key)

    def snapshot(self, watched: list[Path]) -> None:
        """The files as the build starting now reads them (a later change is compared with these)."""
        self.watched = watched
        self.stats = _stats(watched)

    def wait(self) -> None:
        """Let the search index of quick rebuilds finish before a full build writes the site."""
        search = self.search
        if search is not None:
            search.join()

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

    def _changed(self, now: Stats) -> list[Path] | None:
        """The files changed since the last build; None when a file was added or removed."""
        if now.keys() != self.stats.keys():
            return None
        return [Path(path) for path, stat in now.items() if stat != self.stats[path]]

    def rebuild(self, plugin: Any, full: Callable[[], None]) -> None:
        """The server's builder: the quick path when it applies, else the full build (which waits for the search index)."""
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
            full()
            return
        log.info(f"kennisbank: rebuilt the edited pages in {time.perf_counter() - started:.2f} s; "
                 "the search index follows")

    def _quick(self, plugin: Any, changed: list[Path], now: Stats) -> bool:
        settings, config = plugin.settings, self.config
        if config is None or plugin.serve_problems or set(self.kept) != set(settings.languages):
            return False
        docs = settings.docs_dir
        if not all(p.suffix == ".md" and p.is_relative_to(docs) for p in changed):
            return False
        edited = [p.relative_to(docs).as_posix() for p in changed]
        if not engine.update_bodies(settings, plugin.build, edited):
            return False
        items = {plugin.build.site.items_by_file[rel] for rel in edited}
        sources = {path for item in items for path in item.files.values()}
        i18n = i18n_of(config)
        cached = plugin.cached
        for language in [*sorted(set(self.kept) - {settings.default_language}), settings.default_language]:
            kept = self.kept[language]
            if i18n is not None:
                i18n.current_language = language
                config = config.plugins.on_config(config)
            cached.site_key = kept.site_key
            cached.taken, cached.keys = {}, {}
            plugin.searchable.setdefault(language, {})
            pages = [f.page for f in kept.files.documentation_pages() if f.src_uri in sources and f.page is not None]
            for page in pages:
                _populate_page(page, config, kept.files)
            doc_files = kept.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            for page in pages:
                _build_page(page, config, doc_files, kept.nav, kept.env)
            if plugin.judged:  # the full build shows them in place of the pages
                plugin.judged = []
                return False
        self.stats = now
        site_dir = Path(config.site_dir)
        parts = {language: dict(plugin.searchable.get(language, {})) for language in settings.languages}
        self._search_later(plugin, site_dir, parts)
        return True


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
