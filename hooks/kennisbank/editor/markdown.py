"""Read Markdown the way the checks need it: prose lines, links and images, raw HTML tags.

Code (fenced blocks, indented blocks and code spans) is skipped: Python-Markdown
escapes it, so what looks like a link or a tag there is shown as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_INLINE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REFERENCE = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)")
_REF_USE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\[([^\]]*)\]")
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])[^>]*>?")


@dataclass(frozen=True)
class Link:
    line: int
    target: str
    text: str
    image: bool


def prose_lines(text: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """(line number, text without code spans) of every line outside code blocks."""
    fence: str | None = None
    previous_blank = True
    for number, line in enumerate(text.splitlines(), start=first_line):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if previous_blank and line.startswith(("    ", "\t")) and line.strip():
            continue  # an indented code block (also inside lists, rarely: accepted)
        previous_blank = not line.strip()
        yield number, _CODE_SPAN.sub("", line)


def links(text: str, first_line: int = 1) -> list[Link]:
    """Every inline link and image, reference definition, and image by reference, with its line.

    An image by reference (``![alt][logo]``) is listed for its alt text with an
    empty target: its target is listed with the definition (``[logo]: …``).
    """
    found: list[Link] = []
    for number, line in prose_lines(text, first_line):
        ref = _REFERENCE.match(line)
        if ref:
            found.append(Link(number, ref.group(2), "", False))
        for m in _INLINE.finditer(line):
            found.append(Link(number, m.group(3), m.group(2), bool(m.group(1))))
        for m in _REF_USE.finditer(line):
            if m.group(1):
                found.append(Link(number, "", m.group(2), True))
    return found
