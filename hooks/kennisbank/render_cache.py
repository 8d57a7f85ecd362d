"""A content-addressed cache of rendered pages: a warm build renders only the pages whose inputs changed.

A page's key is a hash of everything its HTML is made from, in two parts:

- the site's key, one per language's build: the engine's and the templates' code
  and the versions of the packages that render (``code_digest``), the settings
  that reach the page (mkdocs.yml as the build resolved it, the command, the
  build date), the model without the bodies of the items (``Build.digest``),
  every file of the build (so a new, removed or renamed file re-renders every
  page: the navigation and the listings change), and the source of every page
  the navigation lists (its title may come from its first heading);
- the page's own: its address and language, its front matter and its Markdown
  after every other plugin, and the sources of the item it shows in every
  language (a translation's page says when it is behind its original).

An item's body feeds its own pages only; everything else a page shows comes
from the model or the navigation, which are in the site's key. So an edited
story re-renders the story's pages, and an edited data record or title every
page (correct first: tests/test_render_cache.py compares warm builds after
random edits with clean builds, byte for byte).

An entry holds the finished HTML (after every ``on_post_page``) and what the
rest of the build needs of a page it does not render: its title (from its first
heading when the front matter has none), its anchors and its links to other
pages' anchors (MkDocs checks them after all pages) and the warnings its rendering logged (logged again, so ``--strict``
fails a warm build as it fails a cold one); in ``mkdocs serve``, the fields of
records it read (kennisbank.reads: a later data edit re-renders the pages that
read what changed). An entry is a line of JSON and then the HTML, uncompressed
(compressing cost a cold build more than writing the bytes; never pickle: a cache
restored in CI must not be able to run code), one file per key (``ENTRY``);
a build touches the entries it uses, and ``prune`` removes those unused for a week.
The search index's part of each language is kept the same way (``SEARCH_PARTS``,
outputs.search_index.write_part): a build whose pages of a language did not change
does not run Pagefind for it.
``KENNISBANK_RENDER_CACHE=0`` turns the cache off; another value names its folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
import zlib
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

VERSION = "4"  # of the entries' layout: a change makes every old entry unused
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "mkdocs-redirects", "pymdown-extensions",
            "markdown", "jinja2", "markupsafe", "babel", "selectolax")
"""The packages whose code shapes a page's HTML: their versions are part of every key."""
KEEP_SECONDS = 7 * 24 * 3600  # an entry no build used for a week is removed
ENTRY = ".page"  # an entry's file: <key[:2]>/<key>.page
SEARCH_PARTS = "search"  # the folder of the search index's parts (outputs.search_index), by their key
CLEAN = "clean"  # the files the personal-data scan found nothing in (CleanFiles)


@dataclass
class Entry:
    """What a build needs of a page it takes from the cache instead of rendering it."""

    html: str
    title: str | None = None  # MkDocs' title from the page's first heading
    anchors: list[str] = field(default_factory=list)  # the ids on the page (MkDocs' present_anchor_ids)
    links_to_anchors: dict[str, dict[str, str]] = field(default_factory=dict)  # src_uri -> anchor -> link
    warnings: list[tuple[str, int, str]] = field(default_factory=list)  # (logger, level, message)
    reads: list[list[str]] | None = None  # mkdocs serve: the records' fields the page read (kennisbank.reads)


def read_entry(path: Path) -> Entry:
    """An entry's file (RenderCache.put writes it); OSError, ValueError or TypeError when it cannot be read."""
    head, _, html = path.read_bytes().partition(b"\n")
    fields = json.loads(head)
    if not isinstance(fields, dict) or fields.pop("crc32", None) != zlib.crc32(html):
        raise ValueError(f"{path}: damaged or cut short")
    entry = Entry(html=html.decode("utf-8"), **fields)
    entry.warnings = [tuple(w) for w in entry.warnings]  # type: ignore[misc]
    return entry


def digest(*parts: Any) -> str:
    """A hash of JSON-able parts (anything else by its str())."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def files_digest(paths: list[Path]) -> str:
    """A hash of files' names and bytes (missing files count as empty)."""
    h = hashlib.sha256()
    for path in paths:
        h.update(str(path).encode("utf-8") + b"\0")
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def code_digest(folders: list[Path]) -> str:
    """The engine's code and templates (every file in these folders) and the rendering packages' versions."""
    files = sorted(p for folder in folders if folder.is_dir() for p in folder.rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    versions: list[tuple[str, str | None]] = []
    for name in PACKAGES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, None))
    return digest(VERSION, versions, files_digest(files))


class RenderCache:
    """The entries of one project's cache folder (None: off)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self._folders: set[Path] = set()  # the entries' folders known to exist (a mkdir per entry cost more than its write)

    @classmethod
    def for_project(cls, project_dir: Path) -> RenderCache:
        """The cache KENNISBANK_RENDER_CACHE asks for: off with 0, else that folder, else .cache/pages."""
        wanted = os.environ.get("KENNISBANK_RENDER_CACHE", "")
        if wanted == "0":
            return cls(None)
        return cls(Path(wanted) if wanted else project_dir / ".cache" / "pages")

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}{ENTRY}"

    def get(self, key: str) -> Entry | None:
        """The entry of a key, or None (also for an entry that cannot be read: it is rendered again)."""
        if self.folder is None:
            return None
        path = self._path(key)
        try:
            entry = read_entry(path)
            os.utime(path)  # used: kept by prune
        except (OSError, ValueError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def put(self, key: str, entry: Entry) -> None:
        """Store an entry; written to a new name and moved, so a build stopped halfway leaves no torn file."""
        if self.folder is None:
            return
        path = self._path(key)
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        fields = asdict(entry)
        html = fields.pop("html").encode("utf-8")  # (after the fields' line, as it is: JSON would escape every quote)
        head = json.dumps({**fields, "crc32": zlib.crc32(html)}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        temporary.write_bytes(head + b"\n" + html)
        os.replace(temporary, path)

    def prune(self, keep_seconds: float = KEEP_SECONDS) -> int:
        """Remove the entries no build used for keep_seconds; return how many."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        limit, removed = time.time() - keep_seconds, 0
        for path in [*self.folder.glob(f"*/*{ENTRY}"), *self.folder.glob(f"{SEARCH_PARTS}/*"),
                     *self.folder.glob(f"{CLEAN}/*")]:
            try:
                if path.stat().st_mtime < limit:
                    shutil.rmtree(path) if path.is_dir() else path.unlink()
                    removed += 1
            except FileNotFoundError:
                pass
        return removed


class CleanFiles:
    """The files the personal-data scan found nothing in, by a hash of their bytes (a warm build scans
    only files it has not seen; ``key``: the scanner's code and settings). Off with the cache; the
    publishing workflow runs without it, so what is published is always scanned."""

    def __init__(self, cache: RenderCache, key: str) -> None:
        self.path = cache.folder / CLEAN / f"{key}.json" if cache.folder is not None else None
        self.known: set[str] = set()
        if self.path is not None:
            with contextlib.suppress(OSError, ValueError, TypeError):
                self.known = set(json.loads(self.path.read_text(encoding="utf-8")))
        self.added = False

    @staticmethod
    def hash(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def add(self, digest_: str) -> None:
        if digest_ not in self.known:
            self.known.add(digest_)
            self.added = True

    def save(self) -> None:
        if self.path is None or not self.added:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(sorted(self.known)), encoding="utf-8")
        os.replace(temporary, self.path)
