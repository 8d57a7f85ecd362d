"""The ``redirect_maps`` of mkdocs-redirects in mkdocs.yml: read and rewritten as text.

mkdocs.yml is read by MkDocs with tags of its own (``!ENV``), so it is not
round-tripped through a YAML library: only the lines of the ``redirect_maps``
block change, every other line stays as written.

mkdocs-redirects 1.2.3 resolves an internal target against the default
language's files only (it runs before mkdocs-static-i18n sorts the files per
language). So the default language's redirects point at the new ``.md`` file
(relative, works in previews too) and other languages' at the page's full URL
under ``site_url``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from ..messages import say

_START = re.compile(r"^(?P<indent>[ \t]*)redirect_maps:[ \t]*(?P<inline>\{\s*\})?[ \t]*(?:#.*)?$")
_ENTRY = re.compile(r"^[ \t]*(['\"]?)(?P<key>[^'\":#]+)\1[ \t]*:[ \t]*(['\"]?)(?P<value>[^'\"#\s]+)\3[ \t]*(?:#.*)?$")


class NoRedirects(Exception):
    """mkdocs.yml has no redirect_maps to maintain."""


def _block(lines: list[str]) -> tuple[int, int, str]:
    for i, line in enumerate(lines):
        match = _START.match(line)
        if match:
            indent = match.group("indent")
            end = i + 1
            if not match.group("inline"):
                while end < len(lines) and (not lines[end].strip() or lines[end].startswith(indent + " ")
                                            and len(lines[end]) - len(lines[end].lstrip()) > len(indent)):
                    end += 1
            return i, end, indent
    raise NoRedirects(say("no_redirect_maps"))


def read(config_file: Path) -> dict[str, str]:
    lines = config_file.read_text(encoding="utf-8").splitlines()
    start, end, _ = _block(lines)
    found = {}
    for line in lines[start + 1:end]:
        match = _ENTRY.match(line)
        if match:
            found[match.group("key").strip()] = match.group("value")
    return found


def write(config_file: Path, redirects: dict[str, str]) -> None:
    text = config_file.read_text(encoding="utf-8")
    lines = text.splitlines()
    start, end, indent = _block(lines)
    # keep trailing blank lines and comments that belong to what follows
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    if redirects:
        block = [f"{indent}redirect_maps:"] + [f"{indent}  {k}: {v}" for k, v in sorted(redirects.items())]
    else:
        block = [f"{indent}redirect_maps: {{}}"]
    lines[start:end] = block
    config_file.write_text("\n".join(lines) + ("\n" if text.endswith("\n") else ""), encoding="utf-8")


def plan(redirects: dict[str, str], moves: dict[str, str], new_keys: set[str], base_path: str) -> dict[str, str]:
    """The map after moving pages: new entries added, chains shortened, reused old names dropped.

    ``moves`` maps each old key (``nieuws/a.md``, ``en/nieuws/a.md``) to its new
    target; ``new_keys`` are the keys of the pages' new places. An existing
    redirect to a moved page is pointed at the new place, so no redirect leads
    to another; a redirect whose old name a moved page now takes is removed.
    """
    updated = {}
    for key, target in redirects.items():
        moved_from = next((k for k in moves if _points_at(target, k, base_path)), None)
        updated[key] = moves[moved_from] if moved_from else target
    updated.update(moves)
    return {k: v for k, v in updated.items() if k not in new_keys}


def _points_at(target: str, key: str, base_path: str) -> bool:
    """Whether a target (``x/a.md``, or ``https://host/base/en/x/a/``) is the page of a key (``en/x/a.md``)."""
    if target.endswith(".md"):
        return target == key
    return urlsplit(target).path == base_path.rstrip("/") + "/" + key[:-3] + "/"
