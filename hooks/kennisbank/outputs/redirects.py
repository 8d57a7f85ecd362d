"""Old URLs, in the site's language and look: the redirect pages, rewritten after the build.

mkdocs-redirects writes a page for every old address in ``redirect_maps`` (kept by
``make rename``): English, whatever the page's language, with an inline script,
and for the other languages an absolute target on the production host, so that
locally and in a preview the old English URL left the site. Here each such page
is found and described: its language (from its folder), and its target as a
link relative to it when the target is on this site. The plugin renders
``kb/redirect.html`` from that: ``<html lang>`` of the page's language, its
words, a plain link and a ``<meta http-equiv="refresh">``, and no script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..config import Settings

WRITES: tuple[str, ...] = ()  # rewrites pages at the old addresses only (listed in urls.txt)
_SIGNATURE = "You're being redirected to a"  # the body of mkdocs-redirects' page
_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]*)">')


@dataclass(frozen=True)
class Redirect:
    file: Path  # the page in the built site
    path: str  # its site path, with language folder: en/trajecten/oud/
    language: str
    target: str  # the link to follow, relative to the page when it stays on this site
    permalink: str  # the target's absolute URL ('' when site_url is not absolute)
    site_target: str | None = None  # the target's site path (en/trajecten/nieuw/) when it is on this site


def find(site_dir: Path, settings: Settings, files: list[str]) -> list[Redirect]:
    """The redirect pages mkdocs-redirects wrote among ``files`` (site-relative: those its map names)."""
    found = []
    others = {lang for lang in settings.languages if lang != settings.default_language}
    for file in sorted(site_dir / rel for rel in set(files)):
        if not file.is_file():
            continue
        head = file.read_text(encoding="utf-8", errors="replace")[:4000]
        match = _REFRESH.search(head)
        if match is None or _SIGNATURE not in head:
            continue
        rel = file.relative_to(site_dir).as_posix()
        path = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        first = path.split("/", 1)[0]
        language = first if first in others else settings.default_language
        target = match.group(1)
        absolute, site_target = "", None
        if target.startswith(settings.site_url) and settings.site_url.startswith(("http://", "https://")):
            absolute, site_target = target, target[len(settings.site_url):]
            target = urls.relative(site_target, urls.base_of(path))
        elif not target.startswith(("http://", "https://")):
            base = settings.site_url if settings.site_url.startswith(("http://", "https://")) else ""
            site_target = _resolve(path, target)
            absolute = base + site_target if base else ""
        found.append(Redirect(file, path, language, target, absolute, site_target))
    return found


def _resolve(path: str, relative: str) -> str:
    """A relative link from a page at site path ``path`` as a site path."""
    parts = list(urls.base_of(path))
    for part in relative.split("/"):
        if part == "..":
            parts = parts[:-1]
        elif part and part != ".":
            parts.append(part)
    return "/".join(parts) + ("/" if relative.endswith("/") else "")
