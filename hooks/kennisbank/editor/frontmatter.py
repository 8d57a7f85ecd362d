"""Change one field in a Markdown file's front matter, leaving every other byte as the editor wrote it."""

from __future__ import annotations

import re
from pathlib import Path

from ..messages import say

_BLOCK = re.compile(r"\A(---[ \t]*\r?\n)(.*?\r?\n)?((?:---|\.\.\.)[ \t]*(?:\r?\n|\Z))", re.S)


def set_field(path: Path, key: str, value: str) -> bool:
    """Set ``key: value`` (a plain scalar) in the front matter; return whether the file changed."""
    text = path.read_text(encoding="utf-8")
    match = _BLOCK.match(text)
    if match is None:
        raise ValueError(say("no_front_matter", path=path))
    body = match.group(2) or ""
    line = f"{key}: {value}\n"
    field = re.compile(rf"^{re.escape(key)}[ \t]*:.*\n?", re.M)
    new_body = field.sub(line, body, count=1) if field.search(body) else body + line
    if new_body == body:
        return False
    path.write_text(match.group(1) + new_body + match.group(3) + text[match.end():], encoding="utf-8")
    return True
