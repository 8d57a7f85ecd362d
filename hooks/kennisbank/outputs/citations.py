"""``cite.bib``, ``cite.ris`` and ``cite.json`` beside the page of every item of a section with citations
(``extra.kennisbank.cite_sections``): the item's reference in BibTeX, RIS and CSL-JSON, in the page's language.

The text of each file is made by ``kennisbank.citation``, from the same reference as the
APA text in the page's "Cite this" block; the files name the page's permanent URL, so
they are written only with an absolute site_url (outputs/__init__.py).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable
from pathlib import Path

from .. import citation
from ..config import Settings
from ..engine import Build
from .links import target
from .redirects import Redirect

log = logging.getLogger("mkdocs.hooks.kennisbank")

WRITES = tuple(citation.FILES.values())  # paths this output writes (gitignore patterns): content may not take them


def write(build: Build, settings: Settings, site_dir: Path, language: str) -> int:
    """Write the citation files of one language's pages of the sections with citations; return how many items."""
    site = build.site
    for section in settings.cite_sections:
        if section not in site.sections or site.sections[section].kind != "content":
            log.warning(f"kennisbank: extra.kennisbank.cite_sections names '{section}', which is not a content "
                        f"section of data/sections.yml — use one of: "
                        f"{', '.join(s.id for s in site.sections.values() if s.kind == 'content')}")
    count = 0
    for item in site.items.values():
        if not citation.cited(item, settings):
            continue
        ref = citation.reference(item, language, settings)
        for fmt, name in citation.FILES.items():
            target(site_dir, settings, language, item.path + name).write_text(citation.WRITERS[fmt](ref),
                                                                               encoding="utf-8")
        count += 1
    return count


def follow(site_dir: Path, moved: Iterable[Redirect]) -> int:
    """An old address of a cited item keeps its citation files (copies of the new ones): a reference
    manager fetches ``…/cite.bib`` by its URL and cannot follow the HTML redirect beside it."""
    count = 0
    for redirect in moved:
        if redirect.site_target is None:
            continue
        for name in citation.FILES.values():
            source = site_dir / redirect.site_target.lstrip("/") / name
            if source.is_file():
                shutil.copyfile(source, redirect.file.parent / name)
                count += 1
    return count
