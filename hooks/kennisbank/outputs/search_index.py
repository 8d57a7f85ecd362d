"""The search index: Pagefind over the built pages, one index per language.

Only pages whose head carries search metadata (overrides/kb/partials/search-meta.html
decides which) are indexed; Pagefind reads their filters, metadata and sort keys
from those tags, indexes each language with that language's stemmer, and writes
small chunks to ``<site>/pagefind/``, so a visitor downloads only what a query
needs. The binary ships inside the pagefind-bin wheel: no network is used.

Pagefind reads only the head and ``<main>`` of each page (``searchable``),
handed over by the hook as the page is written, so the site is not read again.
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
import tempfile
from pathlib import Path

from ..problems import ContentError, Problem

FOLDER = "pagefind"
WRITES = (f"/{FOLDER}/",)  # paths this output writes (gitignore patterns): content may not take them
PARTS = ".parts"  # site/pagefind/.parts/<language>/ until merge()
ENTRY = "pagefind-entry.json"
MARKER = "data-pagefind-meta="
# Material's page furniture, and lists of other pages, are not part of a page's text.
EXCLUDE = [".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-banner", ".md-skip", ".md-top",
           ".md-dialog", ".md-source", ".md-content__button", ".headerlink", "nav", "script", "noscript",
           "[aria-labelledby=kb-related]"]


def searchable(html: str) -> str | None:
    """What Pagefind reads of a built page, or None when the page is not to be searched.

    A page is searched when its head carries search metadata. Pagefind gets the
    head and the page's ``<main>``: what lies around it (header, navigation,
    footer) is left out of the index anyway (EXCLUDE), but Pagefind would still
    parse it, and would list its ids (``#__drawer``) as places to jump to.
    """
    end = html.find("</head>")
    if MARKER not in (html if end < 0 else html[:end]):
        return None
    body = html.find("<body", end)
    body_end = html.find(">", body) + 1
    main, main_end = html.find("<main", body_end), html.rfind("</main>")
    if min(end, body, main, main_end) < 0 or not body_end < main < main_end:
        return html  # not the page shape Material writes: index it whole
    return f"{html[:body_end]}{html[main:main_end]}</main></body></html>"


def write_part(site_dir: Path, language: str, pages: dict[Path, str]) -> int:
    """Index one language's pages into its part of the bundle; return the number of pages.

    ``pages`` maps each built page to what ``searchable()`` kept of it. Pagefind's
    command line indexes a folder; it gets a staging folder holding only those
    texts, at the pages' paths. A failure stops the build.
    """
    target = site_dir / FOLDER / PARTS / language
    shutil.rmtree(target, ignore_errors=True)
    if not pages:
        return 0
    with tempfile.TemporaryDirectory(prefix=".kb-search-", dir=site_dir.parent) as tmp:
        stage = Path(tmp)
        for path, html in pages.items():
            staged = stage / path.relative_to(site_dir)
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_text(html, encoding="utf-8")
        config = {"site": str(stage), "output_path": str(target), "exclude_selectors": EXCLUDE}
        (stage / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        try:
            run = subprocess.run([_executable(), "--silent"], cwd=stage, capture_output=True, text=True,
                                 timeout=900)
            failure = (run.stderr.strip() or run.stdout.strip() or f"exit {run.returncode}") if run.returncode else ""
        except (OSError, ImportError, subprocess.SubprocessError) as e:
            failure = str(e)
    if failure or not (target / ENTRY).is_file():
        shutil.rmtree(site_dir / FOLDER, ignore_errors=True)
        raise ContentError([Problem(str(target), 1, f"the search index could not be written: {failure[-500:]}",
                                    "check that pagefind-bin is installed (requirements/site.txt)")])
    return len(pages)


def _executable() -> str:
    """Pagefind's binary, as ``python -m pagefind`` would find it: PAGEFIND_BINARY_PATH, else pagefind-bin's.

    Run directly: the Python launcher costs a second interpreter start per run.
    """
    from pagefind_bin import get_executable  # (not at import: only builds with a search page need it)

    return os.environ.get("PAGEFIND_BINARY_PATH") or str(get_executable())


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
