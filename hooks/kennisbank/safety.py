"""Refuse Markdown that would put script into the site.

Content arrives by pull request, and Python-Markdown passes raw HTML through.
We refuse the ways in which script gets into a page: script-like elements,
event-handler attributes, ``javascript:`` (and similar) URLs, and attribute
lists (``{: onclick=... }``). Code spans and fenced code blocks are skipped:
Python-Markdown escapes them.
"""

from __future__ import annotations

import html
import re

from .problems import Problem

_FENCE = re.compile(r"^(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
# Every rule needs one of these characters, and unescaping can only make them from '&':
# a line without any of them needs no closer look (most lines of a story).
_MAYBE = re.compile(r"[<:{&]")
_RULES: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"<\s*(script|style|iframe|object|embed|form|input|button|textarea|select|link|meta|base|svg|math|frame|frameset)\b", re.I),
     "raw <{0}> element is not allowed", "remove it; write Markdown only"),
    (re.compile(r"<[a-z][^>]*\s(on[a-z]+)\s*=", re.I),
     "event-handler attribute '{0}=' is not allowed", "remove the attribute; content cannot run script"),
    (re.compile(r"(?<![a-z])(javascript|vbscript|livescript)\s*:", re.I),
     "'{0}:' URL is not allowed", "link to an https:// address or a page of this site"),
    (re.compile(r"(?<![a-z])(data)\s*:\s*text/html", re.I),
     "'{0}:text/html' URL is not allowed", "link to an https:// address or a page of this site"),
    (re.compile(r"\{\s*:?[^}\n]*\bon[a-z]+\s*=", re.I),
     "attribute list with an event handler is not allowed", "remove the '{: ... }' attribute list"),
]


def scan_markdown(text: str, path: str, first_line: int = 1) -> list[Problem]:
    """Problems for every line of Markdown that tries to bring in script."""
    problems = []
    in_fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=first_line):
        fence = _FENCE.match(line.lstrip())
        if fence:
            in_fence = None if in_fence == fence.group(1) else (in_fence or fence.group(1))
            continue
        if in_fence or not _MAYBE.search(line):
            continue
        bare = html.unescape(_CODE_SPAN.sub("", line))
        for pattern, what, fix in _RULES:
            match = pattern.search(bare)
            if match:
                found = match.group(1) if match.groups() else match.group(0)
                problems.append(Problem(path, number, what.format(found.lower().replace(" ", "")), fix))
    return problems
