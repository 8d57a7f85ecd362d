"""The search index: Pagefind over the built pages, one index per language.

Runs once after every language is built. Only pages whose head carries search
metadata (overrides/kb/partials/search-meta.html decides which) are indexed;
Pagefind reads their filters, metadata and sort keys from those tags, splits
the index per ``<html lang>`` with that language's stemmer, and writes it in
small chunks to ``<site>/pagefind/``, so a visitor downloads only what a query
needs. The binary ships inside the pagefind-bin wheel: no network is used.
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
MARKER = "data-pagefind-meta="
# Material's page furniture, and lists of other pages, are not part of a page's text.
EXCLUDE = [".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-banner", ".md-skip", ".md-top",
           ".md-dialog", ".md-source", ".md-content__button", ".headerlink", "nav", "script", "noscript",
           "[aria-labelledby=kb-related]"]


def pages_to_index(site_dir: Path) -> list[Path]:
    """Every built page that carries search metadata."""
    found = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith(f"{FOLDER}/"):
            continue
        with path.open(encoding="utf-8") as f:
            head = f.read(16384).split("</head>", 1)[0]
        if MARKER in head:
            found.append(path)
    return found


def _stage(site_dir: Path, pages: list[Path], stage: Path) -> None:
    """The pages to index, linked (or copied) into a folder of their own with the same paths."""
    for path in pages:
        target = stage / path.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)


def write(site_dir: Path) -> int:
    """Index the site in site_dir; return the number of pages. A failure stops the build.

    Pagefind's command line indexes a folder; it gets a staging folder holding
    only the pages to index (hard links), so the rest of the site stays out.
    """
    target = site_dir / FOLDER
    shutil.rmtree(target, ignore_errors=True)
    pages = pages_to_index(site_dir)
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
    if failure or not (target / "pagefind-entry.json").is_file():
        shutil.rmtree(target, ignore_errors=True)
        raise ContentError([Problem(str(target), 1, f"the search index could not be written: {failure[-500:]}",
                                    "check that pagefind-bin is installed (requirements/site.txt)")])
    return len(pages)
