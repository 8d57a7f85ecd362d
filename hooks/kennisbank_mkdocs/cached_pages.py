"""Pages taken from the render cache (kennisbank.render_cache) instead of rendered, in MkDocs' build.

The plugin asks ``CachedPages`` in ``on_nav`` for the site's key, in
``on_page_markdown`` whether a page's key has an entry (``take``), and in
``on_post_page`` gives it each page it rendered (``keep``). A page taken from
the cache is not rendered: its Markdown is not converted, its template is
``kb/cached.html`` (empty), and ``on_post_page`` returns the stored HTML.

This leans on internals of MkDocs 1.6.1 (``mkdocs/commands/build.py`` and
``mkdocs/structure/pages.py``); re-read them on any upgrade (docs/maintainers/platform.md):

- ``_populate_page`` calls ``page.render(config, files)`` after ``on_page_markdown``
  and asserts ``page.content`` is set: an instance attribute ``render`` replaces
  the method for one page, and sets what rendering would have set that the rest of
  the build reads: ``_title_from_render`` (the title from the first heading,
  which the navigation of every other page shows), ``present_anchor_ids`` and
  ``links_to_anchors`` (MkDocs checks links to other pages' anchors after all pages).
- ``_build_page`` reads ``page.meta["template"]`` before ``on_page_context``.
- MkDocs counts the warnings of the logger ``mkdocs`` for ``--strict``: a rendered
  page's warnings are recorded with its entry and logged again when it is taken.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import kennisbank
from kennisbank import render_cache, strings, timeline
from kennisbank.engine import Build
from kennisbank.reads import Key
from kennisbank.render_cache import Entry, RenderCache

TEMPLATE = "kb/cached.html"


class _Recorder(logging.Handler):
    """The warnings logged while one page renders."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class CachedPages:
    """The render cache as one language's build uses it: the site's key, the pages taken, the pages to keep."""

    def __init__(self, cache: RenderCache) -> None:
        self.cache = cache
        self.site_key = ""  # "" while the cache is not used (off, or serve shows problems)
        self.taken: dict[str, Entry] = {}  # src_uri -> entry, this language's build
        self.keys: dict[str, str] = {}  # src_uri -> key of a page being rendered
        self.recorders: dict[str, _Recorder] = {}
        self._logger = logging.getLogger("mkdocs")
        self.model_key = ""  # this build's (begin)

    def begin(self, config: MkDocsConfig, build: Build, command: str | None) -> None:
        """This build's model key: what every page's key holds but the language, the files and the
        navigation (the code and templates, the model, the settings, the build date). Once per build:
        it reads every file of the engine and the templates."""
        theme_dir = config.theme.custom_dir
        # (KENNISBANK_STRINGS_DIR may name interface strings outside the engine; SOURCE_DATE_EPOCH is the date)
        folders = [Path(kennisbank.__file__).parent, Path(__file__).parent, strings.folder(),
                   *([Path(theme_dir)] if theme_dir else [])]
        self.model_key = render_cache.digest(render_cache.code_digest(folders), build.digest, command,
                                             config.site_url, config.use_directory_urls, str(timeline.today()),
                                             render_cache.files_digest([Path(config.config_file_path)]))

    def start(self, nav: Navigation, files: Files, language: str) -> None:
        """The site's key of this language's build (render_cache's docstring lists what is in it)."""
        self.taken, self.keys = {}, {}
        self._forget()
        if self.cache.folder is None:
            self.site_key = ""
            return
        listed = sorted({Path(page.file.abs_src_path) for page in nav.pages if page.file.abs_src_path})
        every_file = sorted((f.src_uri, f.dest_uri, f.url, f.inclusion.name) for f in files)
        self.site_key = render_cache.digest(self.model_key, language,
                                            render_cache.digest(every_file), render_cache.files_digest(listed))

    def stop(self) -> None:
        """No page of this build comes from or goes to the cache (serve shows content problems)."""
        self.site_key = ""
        self._forget()

    def take(self, page: Page, markdown: str, sources: list[Path]) -> bool:
        """Whether the page's entry is in the cache; if so, the page is not rendered (see the module's docstring).

        ``sources``: the files the page shows besides its own Markdown (an item's, in every language)."""
        if not self.site_key:
            return False
        src = page.file.src_uri
        key = render_cache.digest(self.site_key, src, page.file.dest_uri, page.url,
                                  getattr(page.file, "locale", None), page.meta, markdown,
                                  render_cache.files_digest(sources))
        entry = self.cache.get(key)
        if entry is None:
            self.keys[src] = key
            self._record(src)
            return False
        self.taken[src] = entry
        page.meta["template"] = TEMPLATE
        setattr(page, "render", _restored(page, entry))  # noqa: B010 (the instance's, not the class's)
        return True

    def rendered(self, page: Page) -> None:
        """The page's Markdown is converted: its warnings stop being recorded until its template renders."""
        self._logger.removeHandler(self.recorders.get(page.file.src_uri) or logging.NullHandler())

    def templating(self, page: Page) -> None:
        """The page's template renders now: record its warnings again."""
        if page.file.src_uri in self.keys:
            self._record(page.file.src_uri)

    def keep(self, page: Page, html: str, reads: frozenset[Key] | None = None) -> None:
        """Store a page this build rendered, with what a later build needs of it (``reads``: in serve)."""
        src = page.file.src_uri
        key = self.keys.pop(src, None)
        recorder = self.recorders.pop(src, None)
        if recorder is not None:
            self._logger.removeHandler(recorder)
        if key is None or not self.site_key:
            return
        links = {file.src_uri: dict(anchors) for file, anchors in (page.links_to_anchors or {}).items()}
        self.cache.put(key, Entry(html, getattr(page, "_title_from_render", None), sorted(page.present_anchor_ids or ()),
                                  links, recorder.records if recorder else [],
                                  None if reads is None else sorted(list(key) for key in reads)))

    def replay(self, entry: Entry) -> None:
        """Log again the warnings the page's rendering logged."""
        for name, level, message in entry.warnings:
            logging.getLogger(name).log(level, message)

    def _forget(self) -> None:
        """Stop recording for pages an earlier build did not finish (one that failed, or showed problems)."""
        for recorder in self.recorders.values():
            self._logger.removeHandler(recorder)
        self.recorders = {}

    def _record(self, src: str) -> None:
        recorder = self.recorders.setdefault(src, _Recorder())
        self._logger.addHandler(recorder)


def _restored(page: Page, entry: Entry) -> Any:
    """A page's render() that sets what rendering it would have set, from its entry."""

    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = ""
        page._title_from_render = entry.title  # noqa: SLF001 (MkDocs' own attribute: see the docstring)
        page.present_anchor_ids = set(entry.anchors)
        linked = {files.get_file_from_path(src): anchors for src, anchors in entry.links_to_anchors.items()}
        page.links_to_anchors = {file: anchors for file, anchors in linked.items() if file is not None}

    return render
