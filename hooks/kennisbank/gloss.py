"""A glossed term once per page: "workshop (werkplaats)" the first time, "workshop" after.

English pages keep the Dutch name of a format in brackets so that readers can
match it with Dutch documents (../shared/GLOSSARY.md), but once is enough: a
listing of ten workshops would otherwise say "(werkplaats)" ten times. The
glosses are set in mkdocs.yml (``extra.kennisbank.gloss_once``). Only the text
of the page's main content is changed, never markup, attributes or the head
(link previews keep the whole title). An element marked ``data-gloss-scope``
starts afresh: each printed handout is read on its own sheet. A gloss that is a
line of its own (a diagram's label broken over two lines) counts too.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"(<[^>]*>)")
_MAIN = re.compile(r'<article class="md-content__inner[^"]*"[^>]*>')


def once(html: str, glosses: tuple[str, ...]) -> str:
    """The page with every gloss after its first appearance in the main content removed."""
    if not glosses:
        return html
    start = _MAIN.search(html)
    if start is None:
        return html
    end = html.find("<footer", start.end())
    end = len(html) if end == -1 else end
    main = html[start.end():end]
    if all(main.count(gloss.strip() or gloss) <= 1 for gloss in glosses):
        return html  # (most pages: a gloss that appears at most once has nothing to remove)
    parts = _TAG.split(main)
    seen: set[str] = set()
    in_code = False  # inside <script> or <style>: not text
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            opening = part[:8].lower()
            if "data-gloss-scope" in part:
                seen = set()
            if opening.startswith(("<script", "<style")):
                in_code = True
            elif opening.startswith(("</script", "</style")):
                in_code = False
            continue
        if in_code or not part:
            continue
        for gloss in glosses:
            if part.strip() == gloss.strip():  # a line of its own (a diagram's label in two lines)
                parts[i] = part = "" if gloss in seen else part
                seen.add(gloss)
                continue
            if gloss not in part:
                continue
            if gloss in seen:
                parts[i] = part = part.replace(gloss, "")
                continue
            first = part.index(gloss) + len(gloss)
            parts[i] = part = part[:first] + part[first:].replace(gloss, "")
            seen.add(gloss)
    return html[:start.end()] + "".join(parts) + html[end:]
