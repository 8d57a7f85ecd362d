"""Judge the HTML that Markdown made of a page, not the Markdown: allow-listed markup only.

Content arrives by pull request and Python-Markdown passes raw HTML through, so
what reaches a browser is whatever the rendered fragment parses to. ``judge``
parses the fragment (the page body, before the theme wraps it) the way a browser
does, inside ``<body>`` of a standards-mode document, and refuses every element,
attribute and URL scheme outside the lists below, naming the source line of
each. Parsing, not pattern-matching, decides: entities are already decoded,
handlers on the line after their tag, ``<img src="x"/onerror=…>``, raw-text
and foreign-content (``<svg>``, ``<math>``, ``<noscript>``) differences are
seen as the browser sees them. A ``<body onload>`` or ``<html onmouseover>``
anywhere in the fragment lands on the page's own element: those are judged
too. A marker element after the fragment must parse as an element: content
that ends inside a comment, tag or attribute value (and so swallows the
theme's markup after it) is refused.

Values the theme's script reads are judged too: Material's ``content.tooltips``
(on in mkdocs.yml) writes every ``title`` of the content into its tooltip with
``innerHTML`` — so ``[x](https://a "<img src=x onerror=…>")``, plain Markdown,
ran script in Chromium once the CSP was taken away (with it, the handler is
blocked but the ``<img>`` is still made) — and it reads its configuration from
the first ``#__config`` of the page, loads Mermaid from unpkg.com for any
``pre.mermaid``: titles with markup, ids starting with ``__`` and those classes
are refused.

Parser: selectolax 1.0.2 (Lexbor, HTML5 tree construction, scripting on as in
a browser). Against Chromium (/usr/bin/chromium via Playwright, its DOM walked
with a TreeWalker) on 52 tricky fragments, comparing every element's depth,
name and attributes: Lexbor differs on none; lxml.html 6.1.3 (libxml2, HTML4
rules) on 13 — it drops ``<body onload>`` and ``<html onmouseover>`` (which a
browser puts on the page's own elements), hides the ``<img onerror>`` that
escapes ``<svg><style>`` and ``<svg></p><style>``, keeps the ``<noscript>``
mXSS payload in an attribute, shows ``<template>`` content as live elements,
keeps ``<frameset>``, and nests tables, foster-parented and unclosed elements
differently. html5lib is not installed. Both read ``<img src=x/onerror=alert(1)>``
as Chromium does, one harmless attribute src="x/onerror=alert(1)";
``<img src="x"/onerror=…>`` and ``<img src=x /onerror=…>`` do have a handler.
Speed (this machine: 2 shared cores, plain Python ~2.5x slower than a desktop):
a typical page (1 KB of HTML) 0.06-0.12 ms; 20 KB of the site's own prose
(150 elements) 0.55 ms, half of it parsing (lxml: 0.37 ms to parse, 0.68 ms
with the same walk); 20 KB of code blocks (720 elements, Pygments spans) 2 ms,
against 47 ms for Python-Markdown to render them.
"""

from __future__ import annotations

import bisect
import html
import re
import secrets

from selectolax.lexbor import LexborHTMLParser

from .messages import say
from .problems import Problem

GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
"""Attributes every allowed element may carry (the values of id, class and title are checked, below)."""

ELEMENTS: dict[str, frozenset[str]] = {name: frozenset(extra) for name, extra in {
    # the document's own: a stray <body onload> adds its attributes to the page's
    "html": (), "head": (), "body": (),
    # what Python-Markdown and the extensions of mkdocs.yml make
    "p": (), "h1": (), "h2": (), "h3": (), "h4": (), "h5": (), "h6": (), "hr": (), "br": (),
    "blockquote": ("cite",), "ul": (), "ol": ("start", "reversed", "type"), "li": ("value",),
    "dl": (), "dt": (), "dd": (), "pre": (), "code": (), "em": (), "strong": (),
    "a": ("href",), "img": ("src", "alt", "width", "height", "loading", "decoding", "srcset"),
    "div": (), "span": ("data-linenos",),  # pymdownx.highlight's inline line numbers
    "table": (), "caption": (), "colgroup": ("span",), "col": ("span",), "thead": (), "tbody": (), "tfoot": (),
    "tr": (), "th": ("colspan", "rowspan", "align", "scope", "style"), "td": ("colspan", "rowspan", "align", "style"),
    "details": ("open",), "summary": (),
    # HTML that editors use and Markdown has no syntax for; none of it runs or loads anything
    "abbr": (), "sub": (), "sup": (), "kbd": (), "mark": (), "del": ("cite", "datetime"),
    "ins": ("cite", "datetime"), "s": (), "small": (), "wbr": (), "b": (), "i": (), "u": (), "q": ("cite",),
    "cite": (), "dfn": (), "var": (), "samp": (), "time": ("datetime",), "bdi": (), "bdo": (),
    "figure": (), "figcaption": (),
}.items()}
"""Allowed elements and the attributes of their own (besides GLOBAL_ATTRIBUTES)."""

REFUSED_ELEMENTS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "param", "form", "input",
    "button", "textarea", "select", "option", "optgroup", "label", "fieldset", "output", "datalist", "base",
    "meta", "link", "svg", "math", "template", "noscript", "noembed", "noframes", "xmp", "plaintext",
    "title", "portal", "fencedframe", "slot", "dialog", "video", "audio", "source", "track", "picture",
    "canvas", "map", "area", "isindex", "keygen",
})
"""Named here for the reader: refused like any element outside ELEMENTS."""

URL_ATTRIBUTES = frozenset({"href", "src", "cite", "srcset"})
SCHEMES = {"href": frozenset({"http", "https", "mailto", "tel"}), "src": frozenset({"http", "https"}),
           "srcset": frozenset({"http", "https"}), "cite": frozenset({"http", "https"})}
"""Schemes allowed per URL attribute; a relative URL or a #fragment is always allowed."""

TEXT_ALIGN = re.compile(r"text-align: (left|right|center);")  # the tables extension's, nothing else
RESERVED_ID_PREFIX = "__"  # the theme's (Material reads its configuration from the first #__config)
SCRIPTED_CLASSES = frozenset({"mermaid", "annotate"})
"""Classes the theme's script acts on: pre.mermaid loads Mermaid from unpkg.com and writes its SVG as HTML,
.annotate moves list items into code annotations."""

_DOCUMENT_ELEMENTS = frozenset({"html", "head", "body"})
_PREFIX = "<!DOCTYPE html><html><head></head><body>"
_END = f"data-kb-end-{secrets.token_hex(8)}"  # unguessable: content cannot forge the marker
_SUFFIX = f"<div {_END}></div>"
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")



def normalise_url(value: str) -> str:
    """A URL attribute's value as a browser's URL parser reads it (WHATWG URL, before the scheme).

    The HTML parser has decoded entities already; leading and trailing C0
    controls and spaces go, ASCII tab and newline go everywhere.
    """
    return value.strip(_C0_OR_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")


def url_scheme(value: str) -> str:
    """The lower-cased scheme of a URL attribute's value; '' for a relative URL or a #fragment."""
    if value[:1] <= " " or "\t" in value or "\n" in value or "\r" in value:
        value = normalise_url(value)  # (else it is normalised already, as far as the scheme goes)
    match = _SCHEME.match(value)
    return match.group(1).lower() if match else ""


def judge(fragment_html: str, source: str, display: str, first_line: int) -> list[Problem]:
    """Problems for everything in a rendered fragment that is outside the allow-lists.

    ``source`` is the Markdown the fragment was made from (a page's body),
    ``first_line`` the number of its first line in the file shown as ``display``.
    """
    parser = LexborHTMLParser(_PREFIX + fragment_html + _SUFFIX, scripting=True)
    found: list[tuple] = []  # (kind, details...) in document order, located at the end
    refused: set[int] = set()  # mem_id of refused elements: what they hold is not reported again
    closed = False
    allowed_of, checked, plain_urls, web = _ALLOWED.get, _CHECKED_VALUES, _PLAIN_URLS, _WEB  # (locals: faster)
    for node in parser.root.traverse() if parser.root is not None else ():
        tag = node.tag or ""
        allowed = allowed_of(tag)
        if allowed is None:
            if tag != "-comment":
                if not _inside(node, refused):
                    found.append(("element", tag))
                refused.add(node.mem_id)
            continue
        attributes = node.attributes
        if not attributes:
            continue
        for name, value in attributes.items():
            if name in allowed:
                if name not in checked or not value:
                    continue
                if name in plain_urls:
                    if ":" not in value or value.startswith(web):
                        continue  # (no ':', no scheme: a relative URL or a #fragment)
                elif name == "class":
                    if "mermaid" not in value and "annotate" not in value:
                        continue
                elif name == "title" and "<" not in value:
                    continue
                problem = _value(tag, name, value)
                if problem is not None and not (refused and _inside(node, refused)):
                    found.append(problem)
            elif name == _END and tag == "div" and len(attributes) == 1:
                closed = True
            elif name != _END and not (refused and _inside(node, refused)):
                found.append(("page" if tag in _DOCUMENT_ELEMENTS else "attribute", tag, name))
    if not closed:
        found.append(("unclosed",))
    if not found:
        return []
    locate = _Locator(source, first_line)
    return list(dict.fromkeys(locate.problem(display, *item) for item in found))


_ALLOWED = {tag: (frozenset() if tag in _DOCUMENT_ELEMENTS else own | GLOBAL_ATTRIBUTES) for tag, own in ELEMENTS.items()}
_CHECKED_VALUES = URL_ATTRIBUTES | {"style", "id", "class", "title"}
_MARKUP = re.compile(r"<[A-Za-z/!?]")  # where the HTML tokenizer would start a tag or a comment
_PLAIN_URLS = frozenset({"href", "src", "cite"})
_WEB = ("https://", "http://")


def _inside(node, refused: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in refused:
            return True
        parent = parent.parent
    return False


def _value(tag: str, name: str, value: str) -> tuple | None:
    """What is wrong with the value of an allowed attribute, or None."""
    if name == "title":
        return ("title", tag, value) if _MARKUP.search(value) else None
    if name == "class":
        scripted = [c for c in value.split() if c in SCRIPTED_CLASSES]
        return ("class", tag, scripted[0]) if scripted else None
    if name == "id":
        return ("id", tag, value) if value.startswith(RESERVED_ID_PREFIX) else None
    if name == "style":
        return None if TEXT_ALIGN.fullmatch(value) else ("attribute", tag, name)
    for url in (_srcset_urls(value) if name == "srcset" else (value,)):
        scheme = url_scheme(url)
        if scheme and scheme not in SCHEMES[name]:
            return ("url", tag, name, scheme + normalise_url(url)[len(scheme):], scheme)
    return None


def _srcset_urls(value: str) -> list[str]:
    """Every part of a srcset that could be a URL: split at spaces and commas, with and without tabs and newlines.

    Stricter than the spec (a comma may belong to a URL; a tab separates candidates).
    """
    return [part for text in (value, normalise_url(value)) for part in re.split(r"[\s,]+", text) if part]


class _Locator:
    """Finds the source line of each refusal: the tag, attribute or URL, searched in the Markdown.

    Code (fenced blocks, code spans) is searched last: Markdown shows it as text,
    so the line that made the refused markup is usually elsewhere. Each kind of
    needle is searched from just after its previous find, so the second
    ``<script>`` is named at its own line. Not found: the body's first line.
    """

    def __init__(self, source: str, first_line: int) -> None:
        self.source = source
        self.first_line = first_line
        self.starts = [0] + [m.end() for m in re.finditer(r"\n", source)]
        self.masked = _mask_code(source)
        self.cursors: dict[object, int] = {}
        self._shadows: list[tuple[str, list[int], list[int], list[bool]]] | None = None

    def line(self, offset: int | None) -> int:
        if offset is None or offset < 0:
            return self.first_line
        return self.first_line + bisect.bisect_right(self.starts, offset) - 1

    def find(self, key: object, patterns: list[re.Pattern[str]]) -> int | None:
        """Offset of the first match of the first pattern that matches (prose first, then code)."""
        cursor = self.cursors.get(key, 0)
        for pattern in patterns:
            for start in (cursor, 0) if cursor else (0,):
                for text in (self.masked, self.source):
                    match = pattern.search(text, start)
                    if match:
                        self.cursors[key] = match.end()
                        return match.start()
        return None

    def find_text(self, key: object, needles: list[str]) -> int | None:
        """Offset of an attribute value's text: entity-decoded, tabs and newlines removed, case ignored."""
        if self._shadows is None:
            self._shadows = [_shadow(self.masked), _shadow(self.source)]
        for needle in needles:
            needle = normalise_url(needle)
            if not needle:
                continue
            pattern = re.compile(re.escape(needle), re.I)
            for again in (False, True):
                for which, (text, starts, origins, plain) in enumerate(self._shadows):
                    match = pattern.search(text, 0 if again else self.cursors.get((key, which), 0))
                    if match:
                        self.cursors[(key, which)] = match.end()  # (offsets differ between the two shadows)
                        i = bisect.bisect_right(starts, match.start()) - 1
                        return origins[i] + (match.start() - starts[i] if plain[i] else 0)
        return None

    def problem(self, display: str, kind: str, *details: str) -> Problem:
        if kind == "element":
            (tag,) = details
            offset = self.find(("tag", tag), [_tag_pattern(tag)])
            return Problem(display, self.line(offset), say("html_element", tag=tag), say("html_element_fix"))
        if kind in ("attribute", "page"):
            tag, name = details
            offset = self.find(("attribute", name), _attribute_patterns(name))
            if offset is None and kind == "page":
                offset = self.find(("tag", tag), [_tag_pattern(tag)])
            if kind == "page":
                fix = say("html_page_attribute_fix", tag=tag)
            elif name.startswith("on"):
                fix = say("html_handler_fix")
            else:
                fix = say("html_style_fix") if name == "style" else say("html_attribute_fix")
            return Problem(display, self.line(offset), say("html_attribute", name=name, tag=tag), fix)
        if kind == "url":
            tag, name, url, scheme = details
            offset = self.find_text(("url", url), [url[:40], scheme + ":"])
            shown = _shown(url)
            if name == "href":
                return Problem(display, self.line(offset), say("html_link_scheme", url=shown), say("html_link_scheme_fix"))
            if name in ("src", "srcset"):
                return Problem(display, self.line(offset), say("html_image_scheme", url=shown), say("html_image_scheme_fix"))
            return Problem(display, self.line(offset), say("html_address_scheme", url=shown, name=name),
                           say("html_address_scheme_fix"))
        if kind == "title":
            tag, value = details
            markup = _MARKUP.search(value)
            offset = self.find_text(("title", value), [value[:40], value[markup.start() if markup else 0:][:20]])
            return Problem(display, self.line(offset), say("html_title_markup", title=_shown(value), tag=tag),
                           say("html_title_markup_fix"))
        if kind == "class":
            tag, value = details
            offset = self.find(("class", value), [re.compile(r"""\bclass\s*=\s*["']?[^"'>]*?\b""" + value + r"\b", re.I),
                                                  re.compile(r"\." + value + r"\b")])
            return Problem(display, self.line(offset), say("html_class", value=value, tag=tag), say("html_class_fix"))
        if kind == "id":
            tag, value = details
            words = [re.escape(w) for w in re.split(r"-+", value) if w]
            patterns = [re.compile(r"""\bid\s*=\s*["']?""" + re.escape(value), re.I), re.compile(re.escape(value), re.I)]
            if words:
                patterns.append(re.compile(r"^[ \t]*#+[ \t].*?" + r"[\W_]*".join(words), re.I | re.M))
            offset = self.find(("id", value), patterns)
            return Problem(display, self.line(offset), say("html_id", value=value, tag=tag), say("html_id_fix"))
        # unclosed: the last comment that is not closed, else the last tag
        comment = self.source.rfind("<!--")
        last = comment if comment > self.source.rfind("-->") else self.source.rfind("<")
        return Problem(display, self.line(last), say("html_unclosed"), say("html_unclosed_fix"))


def _tag_pattern(tag: str) -> re.Pattern[str]:
    return re.compile(r"<" + re.escape(tag) + r"(?=[\s/>]|$)", re.I | re.M)


def _attribute_patterns(name: str) -> list[re.Pattern[str]]:
    before = r"""(?:(?<=[\s"'/`])|^)"""
    return [re.compile(before + re.escape(name) + r"\s*=", re.I | re.M),
            re.compile(before + re.escape(name) + r"(?=[\s/>]|$)", re.I | re.M)]


def _shown(url: str) -> str:
    text = "".join(c if c.isprintable() else "?" for c in url)
    return text if len(text) <= 40 else text[:39] + "…"


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def _mask_code(source: str) -> str:
    """The source with fenced code blocks and code spans blanked (same length, same lines)."""
    lines = source.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            lines[i] = " " * len(line)
        elif opening:
            fence = opening.group(1)
            lines[i] = " " * len(line)
        elif "`" in line:
            lines[i] = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
    return "\n".join(lines)


_SHADOW_TOKEN = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)|[\t\n\r]")


def _shadow(text: str) -> tuple[str, list[int], list[int], list[bool]]:
    """Text with character references decoded and tab, CR and LF removed, and where each piece came from.

    Returns (shadow, piece starts in the shadow, their offsets in ``text``,
    whether each piece is a verbatim copy).
    """
    pieces: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    plain: list[bool] = []
    length = position = 0

    def add(piece: str, origin: int, verbatim: bool) -> None:
        nonlocal length
        if piece:
            pieces.append(piece)
            starts.append(length)
            origins.append(origin)
            plain.append(verbatim)
            length += len(piece)

    for match in _SHADOW_TOKEN.finditer(text):
        add(text[position:match.start()], position, True)
        token = match.group()
        if token[0] == "&":
            add(html.unescape(token).translate(_TAB_OR_NEWLINE), match.start(), False)
        position = match.end()
    add(text[position:], position, True)
    if not pieces:
        add(" ", 0, False)
    return "".join(pieces), starts, origins, plain
