"""Files written next to the pages after a build: feeds, calendar, open data, QR codes, search index.

The hook calls ``after_language`` once for every language's build (the site
folder then holds that language's pages; languages may be built side by side,
in two processes) and ``after_all`` once, in the first process, when every
language is built. Each output lives in its own module of this package and is
called from here, so the list below is the whole list of what a build writes
besides pages.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..config import Settings
from ..engine import Build
from ..render_cache import SEARCH_PARTS, RenderCache
from . import citations, feeds, headers, ics, og_images, opendata, qr, robots, search_index, sitemaps
from .links import absolute

log = logging.getLogger("mkdocs.hooks.kennisbank")

WRITES: tuple[str, ...] = tuple(pattern for module in (feeds, ics, opendata, qr, citations, sitemaps, robots,
                                                       headers, search_index, og_images)
                                for pattern in module.WRITES)
"""Every path the outputs write into the site (gitignore patterns): no content file may take one."""
FROM_RECORDS: tuple[str, ...] = tuple(pattern for module in (qr, feeds, ics, citations, og_images, opendata)
                                      for pattern in module.WRITES)
"""The paths of the outputs made from the model alone (``after_records_changed`` writes them again)."""


def after_language(build: Build, settings: Settings, site_dir: Path, language: str,
                   searchable: dict[Path, str], later: bool = False) -> None:
    """Outputs of one language (its pages are in site_dir; searchable: what search_index.searchable() kept).

    ``later``: the languages are built side by side; their search index is made in ``after_all``."""
    _from_records(build, settings, site_dir, language)
    if build.site.section_of_kind("search"):  # a site without a search page needs no index
        _search_part(build, settings, site_dir, language, searchable, later=later)


def _from_records(build: Build, settings: Settings, site_dir: Path, language: str) -> None:
    """The outputs of one language made from the model alone, not from its pages."""
    if absolute(settings):  # permanent links need site_url (mkdocs.yml)
        qr.write(build, settings, site_dir, language)
        feeds.write(build, settings, site_dir, language)
        ics.write(build, settings, site_dir, language)
        citations.write(build, settings, site_dir, language)
        og_images.write(build, settings, site_dir, language)


def after_records_changed(build: Build, settings: Settings, site_dir: Path) -> None:
    """Every output made from the model alone again (``mkdocs serve``, after an edit to data/ or to front
    matter re-rendered the pages that show it; the same records, pages and files, so the sitemaps,
    robots.txt and the headers stay; the search index follows from the pages: search_again)."""
    for language in settings.languages:
        _from_records(build, settings, site_dir, language)
    if absolute(settings):
        opendata.write(build, settings, site_dir)


def _search_part(build: Build, settings: Settings, site_dir: Path, language: str, searchable: dict[Path, str],
                 prepared: dict[Path, tuple[str, search_index.Page]] | None = None, later: bool = False) -> None:
    cache = RenderCache.for_project(settings.project_dir).folder
    search_index.write_part(site_dir, language, searchable, build.site.search_terms,
                            cache / SEARCH_PARTS if cache is not None else None, prepared, later)


def search_again(build: Build, settings: Settings, site_dir: Path, parts: dict[str, dict[Path, str]],
                 prepared: dict[str, dict[Path, tuple[str, search_index.Page]]] | None = None,
                 edits: search_index.Edits | None = None) -> None:
    """The whole search index again from every language's pages (``mkdocs serve``, after a quick rebuild).

    ``prepared``: by language, what search_index.write_part kept of each page the time before;
    ``edits``: serve's index of the pages edited since (put right for the new index)."""
    if not build.site.section_of_kind("search"):
        return
    for language, searchable in parts.items():
        _search_part(build, settings, site_dir, language, searchable,
                     None if prepared is None else prepared.setdefault(language, {}))
    if edits is None:
        search_index.merge(site_dir)
    else:
        edits.merge(site_dir, parts, build.site.search_terms)


def search_edits(build: Build, site_dir: Path, edits: search_index.Edits, parts: dict[str, dict[Path, str]],
                 made: bool = False) -> int:
    """``mkdocs serve``: index the pages whose text the search index does not have on their own
    (search_index.Edits); return how many. ``made``: the index was just made from these pages."""
    if not build.site.section_of_kind("search"):
        return 0
    if made:
        edits.reset(site_dir, parts, build.site.search_terms)
        return 0
    return edits.write(site_dir, parts, build.site.search_terms)


def after_all(build: Build, settings: Settings, site_dir: Path, scripts: set[str]) -> None:
    """Outputs that need every language's pages (run once, after the last language).

    ``scripts``: the inline scripts the theme and plugins emit (headers.theme_scripts), which the CSP allows.
    """
    others = [language for language in settings.languages if language != settings.default_language]
    if absolute(settings):
        sitemaps.merge_languages(site_dir, settings.site_url, others)
        opendata.write(build, settings, site_dir)
        sitemaps.write(site_dir, settings.site_url, feeds.paths(build.site, settings))
        robots.write(site_dir, settings.site_url)
    else:
        log.warning("kennisbank: no QR codes, feeds, calendar, citation files, link-preview cards, open data or robots.txt: "
                    "they need an absolute site_url in mkdocs.yml (or SITE_URL)")
    search_index.index_later(site_dir)  # (the languages' parts staged side by side, after_language)
    search_index.merge(site_dir)
    headers.write(site_dir, scripts)
