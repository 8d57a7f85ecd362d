"""The search index: Pagefind over the built pages, one index per language.

Only pages whose head carries search metadata (overrides/kb/partials/search-meta.html
decides which) are indexed; Pagefind reads their filters, metadata and sort keys
from those tags, indexes each language with that language's stemmer, and writes
small chunks to ``<site>/pagefind/``, so a visitor downloads only what a query
needs. The binary ships inside the pagefind-bin wheel: no network is used.

Each language is indexed as soon as its pages are built (``write_part``), in
its own Pagefind run: when the languages are built side by side (see the hook),
so are their indexes. ``merge`` then puts the parts together into the one
bundle the browser loads; Pagefind names every language's files after the
language, so the parts only share the reader's own files and the entry file,
whose ``languages`` map is the union of the parts'.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..problems import ContentError, Problem

FOLDER = "pagefind"
PARTS = ".parts"  # site/pagefind/.parts/<language>/ until merge()
ENTRY = "pagefind-entry.json"
MARKER = "data-pagefind-meta="
# Material's page furniture, and lists of other pages, are not part of a page's text.
EXCLUDE = [".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-banner", ".md-skip", ".md-top",
           ".md-dialog", ".md-source", ".md-content__button", ".headerlink", "nav", "script", "noscript",
           "[aria-labelledby=kb-related]"]


def indexed(html: str) -> bool:
    """Whether a built page is to be searched: its head carries search metadata."""
    end = html.find("</head>")
    return MARKER in (html if end < 0 else html[:end])


def _stage(site_dir: Path, pages: list[Path], stage: Path) -> None:
    """The pages to index, linked (or copied) into a folder of their own with the same paths."""
    for path in pages:
        target = stage / path.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)


def write_part(site_dir: Path, language: str, pages: list[Path]) -> int:
    """Index one language's pages into its part of the bundle; return the number of pages.

    Pagefind's command line indexes a folder; it gets a staging folder holding
    only these pages (hard links), so the rest of the site stays out. A failure
    stops the build.
    """
    target = site_dir / FOLDER / PARTS / language
    shutil.rmtree(target, ignore_errors=True)
    if not pages:
        return 0
    with tempfile.TemporaryDirectory(prefix=".kb-search-", dir=site_dir.parent) as tmp:
        stage = Path(tmp)
        _stage(site_dir, pages, stage)
        config = {"site": str(stage), "output_path": str(target), "exclude_selectors": EXCLUDE}
        (stage / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        try:
            run = subprocess.run([sys.executable, "-m", "pagefind", "--silent"], cwd=stage, capture_output=True,
                                 text=True, timeout=900)
            failure = (run.stderr.strip() or run.stdout.strip() or f"exit {run.returncode}") if run.returncode else ""
        except (OSError, subprocess.SubprocessError) as e:
            failure = str(e)
    if failure or not (target / ENTRY).is_file():
        shutil.rmtree(site_dir / FOLDER, ignore_errors=True)
        raise ContentError([Problem(str(target), 1, f"the search index could not be written: {failure[-500:]}",
                                    "check that pagefind-bin is installed (requirements/site.txt)")])
    return len(pages)


def merge(site_dir: Path) -> int:
    """Put the languages' parts together into one bundle; return the number of pages indexed."""
    bundle = site_dir / FOLDER
    parts = sorted(p for p in (bundle / PARTS).glob("*") if (p / ENTRY).is_file()) if bundle.is_dir() else []
    for old in bundle.iterdir() if bundle.is_dir() else []:  # a bundle from an earlier build (--dirty)
        if old.name != PARTS:
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    entry: dict = {}
    for part in parts:
        found = json.loads((part / ENTRY).read_text(encoding="utf-8"))
        clash = set(found["languages"]) & set(entry.get("languages", {}))
        if clash or entry.get("version", found["version"]) != found["version"]:
            raise ContentError([Problem(str(part / ENTRY), 1, f"two search index parts cannot be merged "
                                        f"(language {', '.join(sorted(clash))} twice, or Pagefind versions differ)",
                                        "build again from a clean site folder (mkdocs build --clean)")])
        languages = {**entry.get("languages", {}), **found["languages"]}
        entry = {**entry, **found, "languages": languages}
        for path in sorted(part.rglob("*")):
            if path.is_file() and path.name != ENTRY:
                target = bundle / path.relative_to(part)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
    shutil.rmtree(bundle / PARTS, ignore_errors=True)
    if not parts:
        return 0
    (bundle / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return sum(language["page_count"] for language in entry["languages"].values())
