"""Every URL rule of the site, in one place: language prefixes, page paths, permanent links, stubs.

A page's *site path* has no language and no leading slash (``themas/schulden/``);
its URL in a language puts the language folder in front (``en/themas/schulden/``)
for every language but the default one. Meetings print permanent links and QR
codes made from these rules, so they change only with a redirect.

Used by the model (a record's path), the page planner (stub files), the view
(links in templates), the outputs (feeds, open data, QR codes) and the editors'
commands (urls.txt, rename). Plain string work: no MkDocs, no I/O.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from functools import lru_cache


def prefix(language: str, default: str) -> str:
    """The language folder of a site path: '' for the default language, 'en/' for English."""
    return "" if language == default else f"{language}/"


def suffix(language: str, default: str) -> str:
    """The language part of a Markdown file name: '' for the default language, '.en' for English."""
    return "" if language == default else f".{language}"


def section_path(section: str) -> str:
    """The site path of a section's index page: ``themas/``."""
    return f"{section}/"


def record_path(section: str, record_id: str) -> str:
    """The site path of a record's page: ``themas/schulden/``."""
    return f"{section}/{record_id}/"


def in_language(path: str, language: str, default: str) -> str:
    """A site path in a language, from the site's root: ``en/themas/schulden/``."""
    return f"{prefix(language, default)}{path}"


def permalink(site_url: str, language: str, default: str, path: str = "") -> str:
    """The absolute, permanent URL of a site path in a language (site_url ends with '/')."""
    return f"{site_url}{prefix(language, default)}{path}"


def stub(path: str, language: str, default: str) -> str:
    """The docs/ file of a generated page: ``themas/schulden/`` -> ``themas/schulden.en.md``.

    The home page ('') is ``index.md``, a section's index page (``themas/``)
    ``themas/index.md``; a page below a record (``bijeenkomsten/x/handouts/``)
    is ``bijeenkomsten/x/handouts.md``.
    """
    stem = path.rstrip("/")
    if path.count("/") <= 1:  # the home page or a section: an index page
        stem = f"{stem}/index".lstrip("/")
    return f"{stem}{suffix(language, default)}.md"


def file_language(name: str, languages: Iterable[str], default: str) -> str:
    """The language of a Markdown file by its name: ``x.en.md`` is English, ``x.md`` the default."""
    parts = name.split(".")
    return parts[-2] if len(parts) > 2 and parts[-2] in languages else default


def slug(path: str, languages: Iterable[str]) -> str:
    """The slug of a Markdown file: its name without language suffix and extension."""
    name = path.rsplit("/", 1)[-1]
    parts = name.split(".")
    if len(parts) > 2 and parts[-2] in languages:
        return ".".join(parts[:-2])
    return ".".join(parts[:-1])


def source_url(rel: str, languages: Iterable[str], default: str) -> str:
    """The site URL of a file in docs/: ``nieuws/x.en.md`` -> ``/en/nieuws/x/``, ``assets/a.svg`` -> ``/assets/a.svg``."""
    if not rel.endswith(".md"):
        return "/" + rel
    stem = rel[:-3]
    language = default
    name = stem.rsplit("/", 1)[-1]
    if "." in name and name.rsplit(".", 1)[1] in languages:
        stem, language = stem.rsplit(".", 1)
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return "/" + prefix(language, default) + stem.lstrip("/")


@lru_cache(maxsize=8192)
def parts(path: str) -> tuple[str, ...]:
    """A site path as its folders: ``themas/x/`` -> ('themas', 'x')."""
    return tuple(part for part in path.split("/") if part)


def base_of(page_url: str) -> tuple[str, ...]:
    """The folder a page's links are relative to: its own for ``x/``, its parent's for ``x.html``."""
    return parts(page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/")


def relative(path: str, base: tuple[str, ...]) -> str:
    """The link from a page in folder ``base`` to a site path, as MkDocs' url filter makes it.

    posixpath.relpath for clean site paths, without its normalising (cards make thousands of links).
    """
    target = parts(path)
    common = 0
    for a, b in zip(target, base, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(base) - common) + list(target[common:])) or "."
    return rel + "/" if path.endswith("/") and not rel.endswith("/") else rel
