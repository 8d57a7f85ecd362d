"""Text from pull requests, before any parser sees it: encoding, invisible characters, Markdown cost.

Three guards, each answering with ``Problem`` lines rather than a traceback or a hang
(worded by the message catalogue, ``kennisbank.messages``):

``decode``
    The one way a content or data file becomes text. UTF-8 only. Refused, with
    the line (and column) to fix: a byte-order mark, UTF-16 and UTF-32 (by their
    mark or by the pattern of NUL bytes), bytes that are not UTF-8, and
    characters that cannot be seen but change what a parser or a reader gets:

    * C0 control characters except tab, line feed and the carriage return of a
      CRLF line end (a lone carriage return is refused: YAML and Markdown count
      it as a line end, git and the engine's messages do not, so every line
      number after it would be wrong); DEL; C1 controls (U+0080–U+009F, NEL among
      them);
    * the bidirectional embeddings, overrides and isolates U+202A–U+202E and
      U+2066–U+2069, which make text display in another order than it is stored
      ("Trojan Source"). The marks U+200E, U+200F and U+061C stay allowed: they
      only nudge neutral characters in right-to-left text;
    * U+2028 and U+2029 (line and paragraph separators: line ends for YAML, not
      for git), U+FEFF inside the text, and the non-characters U+FFFE, U+FFFF.

``check_markdown``
    Python-Markdown is quadratic (or worse) on some inputs: an 80 KB page of
    ``[`` takes minutes, one of ``<a x=">"`` or ``a<b c`` a minute. Before a page
    is rendered this counts, in linear time, what those costs grow with and
    refuses a page beyond limits no written page comes near (see the limits
    below and tests/test_bounded_parsers.py for the measurements).

``render_budget`` / ``RenderTimer``
    The last line of defence in the build: a time limit on rendering one page
    (SIGALRM; a no-op outside the main thread or without ``setitimer``).
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .messages import decimal, number, say
from .problems import ContentError, Problem

# ---------------------------------------------------------------------------
# decoding

_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\xef\xbb\xbf", None),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
)

# Every character refused in text (a lone CR: one not followed by LF).
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)")
MAX_REPORTED = 10
"""At most this many lines with refused characters are named per file (the last names how many more)."""


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """The text of a file's bytes, or None and the problems that make it unreadable.

    Never raises: any byte string gives either text or at least one problem.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            if encoding is None:
                return None, [Problem(display, 1, say("text_bom"), say("text_bom_fix"))]
            return None, [Problem(display, 1, say("text_encoding", encoding=encoding), say("text_save_as_utf8"))]
    utf16 = _utf16_without_bom(raw)
    if utf16:
        return None, [Problem(display, 1, say("text_utf16", encoding=utf16), say("text_save_as_utf8"))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, [_not_utf8(raw, e.start, e.end, display)]
    return (text, []) if not _INVISIBLE.search(text) else (None, invisible_characters(text, display))


def _utf16_without_bom(raw: bytes) -> str | None:
    """'UTF-16 (…-endian)' when the NUL bytes fall on every other byte, as ASCII text in UTF-16 has them."""
    head = raw[:4096]
    pairs = len(head) // 2
    if pairs == 0 or b"\x00" not in head:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    # ASCII and Latin text in UTF-16 has a zero in (nearly) every high byte, text in UTF-8 none
    if odd * 10 >= pairs * 7 and even * 20 <= pairs:
        return "UTF-16 (little-endian)"
    if even * 10 >= pairs * 7 and odd * 20 <= pairs:
        return "UTF-16 (big-endian)"
    return None


def _not_utf8(raw: bytes, start: int, end: int, display: str) -> Problem:
    line_start = raw.rfind(b"\n", 0, start) + 1
    line = raw.count(b"\n", 0, start) + 1
    column = len(raw[line_start:start].decode("utf-8", errors="replace")) + 1
    bad = raw[start:max(end, start + 1)]
    shown = " ".join(f"0x{b:02X}" for b in bad[:4])
    guess = bad.decode("cp1252", errors="replace")
    what = (say("text_not_utf8_guess", bytes=shown, guess=guess, column=column)
            if guess.isprintable() and "\ufffd" not in guess else say("text_not_utf8", bytes=shown, column=column))
    return Problem(display, line, what, say("text_save_as_utf8"))


def _describe(char: str) -> tuple[str, str]:
    code = f"U+{ord(char):04X}"
    if char == "\x00":
        return say("text_nul", code=code), say("text_nul_fix")
    if char == "\r":
        return say("text_lone_cr", code=code), say("text_lone_cr_fix")
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        name = unicodedata.name(char, "BIDIRECTIONAL CONTROL")  # (the Unicode name, as tools show it)
        return say("text_bidi", code=code, name=name), say("text_bidi_fix")
    if char == "\u2028":
        return say("text_line_separator", code=code), say("text_separator_fix")
    if char == "\u2029":
        return say("text_paragraph_separator", code=code), say("text_separator_fix")
    if char == "\ufeff":
        return say("text_inner_bom", code=code), say("remove_it")
    if char in "\ufffe\uffff":
        return say("text_non_character", code=code), say("remove_it")
    return say("text_control", code=code), say("text_control_fix")


def invisible_characters(text: str, display: str, first_line: int = 1) -> list[Problem]:
    """One problem per line holding refused characters (the first of each), at most MAX_REPORTED."""
    problems: list[Problem] = []
    line, scanned, pos = first_line, 0, 0
    while len(problems) < MAX_REPORTED:
        match = _INVISIBLE.search(text, pos)
        if match is None:
            break
        at = match.start()
        line += text.count("\n", scanned, at)
        line_start = text.rfind("\n", 0, at) + 1
        what, fix = _describe(match.group())
        problems.append(Problem(display, line, say("text_at_column", what=what, column=at - line_start + 1), fix))
        scanned = at
        pos = text.find("\n", at) + 1
        if pos == 0:
            break
    more = len(_INVISIBLE.findall(text)) - len(problems)
    if more > 0 and problems:
        last = problems[-1]
        problems[-1] = Problem(last.path, last.line, say("text_and_more", what=last.what, more=number(more))
                               if more != 1 else say("text_and_one_more", what=last.what), last.fix)
    return problems


# ---------------------------------------------------------------------------
# Markdown: nesting and the cost of rendering, bounded before rendering
#
# Python-Markdown 3.11 with the extensions of mkdocs.yml (toc, admonition,
# tables, def_list, pymdownx.details, pymdownx.superfences), seconds to render a
# page of one construct repeated, at 10 / 20 / 40 / 80 KB:
#   '['                 > 20 (at 10 KB)   every '[' reads to its ']' or the paragraph's end, in 6 processors
#   '![', '[a][', '[['  18 / > 20;  8 / > 20;  > 20 (at 10 KB)
#   '[](', '[a]('       4.8 / 19 / > 20;  3.9 / 15 / > 20   a link's '(' reads to its ')'
#   '<a', '<a '         0.7 / 1.0 / 4.0 / 13;  2.7 / 13 / > 20   html.parser reads from every '<' to a '>'
#   'a<b c ', '<a x=">"'  1.4 / 5.0 / > 20;  0.8 / 3.7 / 14 / > 20
#   '<http:', '<a@'     0.08 / 0.29 / 1.1 / 4.2;  0.16 / 0.57 / 2.2 / 8.5
#   '*a**a*'            0.3 / 4.3 / 1.8 / > 30 s at 160 KB (emphasis delimiters)
#   '\\*', '&amp;'       0.09 / 0.22 / 0.61 / 1.9 (22 s at 160 KB); 3 s at 160 KB (placeholders per paragraph)
#   growing '`' runs    0.24 / 0.29 / 0.82 / 1.9 (each run reads to the next run as long)
#   '&#', '`', '('      linear, 0.05 / 0.2 / 0.04 s at 80 KB
#   '```' lines         0.96 / 2.0 / 4.7 / 11;  '??? note' 0.33 / 1.2 / 6.5 / 18;  '!!! note' 0.22 / 0.67 / 1.9 / 4.2
#   '# a' lines without blank lines: > 30 s at 200 KB (each heading splits the block, the rest is searched again)
#   '1. 1. …', 1,800 definitions in a row: RecursionError;  '> > …' 4 s, '- > - > …' 20 s at 500 KB
# Written pages: the largest story is 3.2 KB, its largest paragraph 0.6 KB with
# at most 4 '[' and no '<'; the maintainers' notes reach 12 KB and 200 markup
# characters in a paragraph. The limits below are ten times that or more; at
# each limit a page renders in about a second (tests/test_bounded_parsers.py).

MAX_QUOTE_DEPTH = 10
MAX_LIST_DEPTH = 10
MAX_PARAGRAPH_MARKUP = 2_000
"""Markup tokens per paragraph: a run of '*', '_' or '`', a backslash escape, '&', '<' or '['."""
MAX_PAGE_MARKUP = 20_000
"""Markup tokens per page, table '|' included."""
MAX_PARAGRAPH_BRACKET_WORK = 200_000
"""Characters Python-Markdown's link parser reads in one paragraph: per '[' the way to its ']' (or the paragraph's end)."""
MAX_PAGE_BRACKET_WORK = 1_000_000
MAX_PARAGRAPH_CODE_WORK = 1_000_000
"""Characters the code-span parser reads in one paragraph: per run of '`' the way to the next run as long (or the end)."""
MAX_PAGE_CODE_WORK = 5_000_000
MAX_TAG_WORK = 2_500_000
"""Characters html.parser reads looking for the '>' of every '<' followed by a letter, per page."""
MAX_BLOCK_WORK = 10_000_000
"""Per run of lines without a blank line: its length times its lines that may split it (a heading, '>', ':', '[',
'!!!', '???', a rule or a setext underline). Every such split makes Python-Markdown search the rest again."""
MAX_FENCE_LINES = 200
MAX_CODE = 100_000
"""Characters of fenced code per page: Pygments colours 512 KB of Ruby in 5 s (linearly)."""
MAX_ADMONITIONS = 100
MAX_DEFINITIONS = 200
"""Definitions (': …' lines) in one run of lines: def_list recurses once for each (RecursionError at about 1,500)."""
MAX_LINES = 5_000
"""Non-blank lines outside fenced code, per page."""

_TAB = 4
_FENCE_LINE = re.compile(r"^[ \t>]*+(?:`{3}|~{3})[^\n]*", re.M)  # a line superfences may take for a fence
_PLAIN_FENCE = re.compile(r"(`{3,}|~{3,})[ ]*+(?:\.?[\w#.+-]++)?[ ]*+\Z")  # possessive: no backtracking on long lines
_QUOTE = re.compile(r"[ ]*>[ ]?")
_QUOTES_ONLY = re.compile(r"[ >]*")
_LIST_MARKER = re.compile(r"[ ]*(?:[-*+]|\d{1,9}[.)])(?:[ ]+|\Z)")
_HR = re.compile(r"[ ]{0,3}(?>(?:-+[ ]{0,2}){3,}|(?:_+[ ]{0,2}){3,}|(?:\*+[ ]{0,2}){3,})[ ]*\Z")  # Python-Markdown's, atomic
_SPLITTER = re.compile(r"[ ]*(?:[#>:\[]|!!!|\?\?\?|[=-]+[ ]*\Z)")
_ADMONITION = re.compile(r"[ >]*(?:!!!|\?\?\?\+?)(?:[ ]|\Z)")
_BOX = re.compile(r"[ ]*(?:!!!|\?\?\?\+?)(?:[ ]|\Z)|[ ]*:[ ]")
_DEFINITION = re.compile(r"[ ]{0,3}:[ ]")
_MARKUP = re.compile(r"\\.|\*+|_+|`+|[&<\[]", re.S)
_MARKUP_CHARACTERS = "*_`\\&<["
_BRACKETS = re.compile(r"\\.|[\[\]()'\"]", re.S)
_TICKS = re.compile(r"`+")
_NON_BLANK = re.compile(r"^[ \t\r]*+[^ \t\r\n][^\n]*", re.M)  # a line Python-Markdown does not take for blank
_TAG_CHARS = re.compile(r"[<>'\"]")
_TAG_START = re.compile(r"<[A-Za-z]")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_EQ_QUOTE = re.compile(r"=\s*(?=['\"])")


def check_markdown(body: str, display: str, first_line: int = 1) -> list[Problem]:
    """Problems that would make rendering this Markdown deep or slow; at most one of each kind, by line.

    Linear in the length of ``body``: under a second for 512 KB of the worst input found.
    """
    lines = body.split("\n")
    code, fence_lines = _fenced_lines(body, len(lines))
    found: dict[str, Problem] = {}

    def report(kind: str, line: int, what: str, fix: str) -> None:
        found.setdefault(kind, Problem(display, line, what, fix))

    page = dict.fromkeys(("markup", "brackets", "code"), 0)
    if len(fence_lines) > MAX_FENCE_LINES:
        report("fences", first_line + fence_lines[MAX_FENCE_LINES][0], say("md_fences", limit=MAX_FENCE_LINES),
               say("md_split_page"))
    _check_code_size(fence_lines, first_line, report)
    non_blank = admonitions = 0
    paragraph: list[str] = []
    start = splitters = definitions = quote_depth = 0
    index, scanned, previous = 0, 0, -2
    for match in _NON_BLANK.finditer(body):  # blank lines cost nothing (a page of 512 K of them included)
        index += body.count("\n", scanned, match.start())
        scanned = match.start()
        line_number = first_line + index
        if paragraph and index != previous + 1 and code.find(0, previous + 1, index) != -1:
            _check_paragraph(paragraph, start, splitters, page, report)  # a blank line (outside code) ends it
            paragraph = []
        in_code_before = previous >= 0 and index == previous + 1 and code[previous]
        previous = index
        raw = match.group()
        if code[index]:
            # superfences leaves a placeholder in the text: the lines around a code block
            # without a blank line between are one paragraph
            if not paragraph:
                start, splitters, definitions, quote_depth = line_number, 0, 0, 0
            if not in_code_before:
                paragraph.append("\x02code\x03")
            continue
        line = raw.rstrip("\r")
        if "\t" in line:
            line = line.expandtabs(_TAB)
        non_blank += 1
        if non_blank > MAX_LINES:
            report("lines", line_number, say("md_lines", limit=number(MAX_LINES)), say("md_split_page"))
            return sorted(found.values())
        if not paragraph:
            start, splitters, definitions, quote_depth = line_number, 0, 0, 0
        paragraph.append(line)
        if line.lstrip(" ")[:1].isalpha():  # most lines of a story: no quote, list, box or block starts here
            quote_depth = 0
            continue
        if line.lstrip(" >")[:3] in ("!!!", "???") and _ADMONITION.match(line):
            admonitions += 1
            if admonitions == MAX_ADMONITIONS + 1:
                report("admonitions", line_number, say("md_admonitions", limit=MAX_ADMONITIONS), say("md_split_page"))
        prefix = _QUOTES_ONLY.match(line).end() if line.lstrip(" ")[:1] == ">" else 0  # type: ignore[union-attr]
        depth = line.count(">", 0, prefix)
        content = line[prefix:]
        # a run of lines quoted alike is one block quote; each change of depth, and each heading
        # or other block start (inside a quote too) splits the run
        splitters += depth != quote_depth or _SPLITTER.match(content) is not None or _HR.match(content) is not None
        quote_depth = depth
        if _DEFINITION.match(line):
            definitions += 1
            if definitions == MAX_DEFINITIONS + 1:
                report("definitions", start, say("md_definitions", limit=MAX_DEFINITIONS), say("md_definitions_fix"))
        _check_nesting(line, line_number, report)
    if paragraph:
        _check_paragraph(paragraph, start, splitters, page, report)
    _check_tags(lines, code, first_line, report)
    return sorted(found.values())


def _check_code_size(fences: list[tuple[int, int, int, str]], first_line: int, report) -> None:
    """Fenced code per page, counted between any two fence-like lines (more than superfences may take)."""
    size = 0
    for (index, _, opened, _), (_, closed, _, _) in zip(fences[0::2], fences[1::2], strict=False):
        size += closed - opened
        if size > MAX_CODE:
            report("code", first_line + index, say("md_code", limit=MAX_CODE // 1000), say("md_code_fix"))
            return


def _check_paragraph(lines: list[str], start: int, splitters: int, page: dict[str, int], report) -> None:
    """The costs of one run of non-blank lines (an upper bound of any paragraph, list item or cell in it).

    One message per cause: the most specific of '[', '`' and markup for the
    paragraph, and the page's limit only when the paragraph's own did not fire.
    """
    text = "\n".join(lines)
    if splitters * len(text) > MAX_BLOCK_WORK:
        report("block", start, say("md_block", lines=number(len(lines)), blocks=number(splitters)), say("md_block_fix"))
    upper = (text.count("[") + text.count("](")) * len(text)  # cheap bound; the exact count only when it matters
    if upper > MAX_PARAGRAPH_BRACKET_WORK or page["brackets"] + upper > MAX_PAGE_BRACKET_WORK:
        brackets, what, fix = _bracket_work(text)
    else:
        brackets = upper
    if brackets > MAX_PARAGRAPH_BRACKET_WORK:
        report("brackets", start, what, fix)
    page["brackets"] += brackets
    if page["brackets"] > MAX_PAGE_BRACKET_WORK and brackets <= MAX_PARAGRAPH_BRACKET_WORK:
        report("page brackets", start, say("md_page_brackets"), say("md_page_brackets_fix"))
    upper = text.count("`") * len(text)
    if upper > MAX_PARAGRAPH_CODE_WORK or page["code"] + upper > MAX_PAGE_CODE_WORK:
        code, unclosed = _code_span_work(text)
    else:
        code, unclosed = upper, 0
    if code > MAX_PARAGRAPH_CODE_WORK:
        report("code spans", start, say("md_code_spans", runs=number(unclosed)), say("md_code_spans_fix"))
    page["code"] += code
    if page["code"] > MAX_PAGE_CODE_WORK and code <= MAX_PARAGRAPH_CODE_WORK:
        report("page code spans", start, say("md_page_code_spans"), say("md_page_code_spans_fix"))
    specific = brackets > MAX_PARAGRAPH_BRACKET_WORK or code > MAX_PARAGRAPH_CODE_WORK
    markup = sum(map(text.count, _MARKUP_CHARACTERS))  # at least the number of markup tokens, and cheap
    if markup > MAX_PARAGRAPH_MARKUP:
        markup = len(_MARKUP.findall(text))
    if markup > MAX_PARAGRAPH_MARKUP and not specific:
        report("markup", start, say("md_markup", count=number(markup), limit=number(MAX_PARAGRAPH_MARKUP)),
               say("md_markup_fix"))
    page["markup"] += markup + text.count("|")
    if page["markup"] > MAX_PAGE_MARKUP and markup <= MAX_PARAGRAPH_MARKUP:
        report("page markup", start, say("md_page_markup", limit=number(MAX_PAGE_MARKUP)), say("md_split_page"))


def _fenced_lines(body: str, count: int) -> tuple[bytearray, list[tuple[int, int, int, str]]]:
    """(1 for each line inside or fencing a code block superfences surely takes as one, every fence-like line).

    Only plain fences at the start of a line (```` ``` ```` or ``~~~``, an optional
    language) closed by the same fence count. Any other line that superfences
    might take for a fence (indented, quoted, with options) and any unclosed
    fence end the skipping for the rest of the page: what superfences would then
    treat as code is checked like text (too strict, never too lenient). The
    fence-like lines are (line index, start, end, text), MAX_FENCE_LINES + 1 at most.
    """
    code = bytearray(count)
    fences: list[tuple[int, int, int, str]] = []
    index = scanned = 0
    for match in _FENCE_LINE.finditer(body):
        index += body.count("\n", scanned, match.start())
        scanned = match.start()
        fences.append((index, match.start(), match.end(), match.group().rstrip("\r").expandtabs(_TAB)))
        if len(fences) > MAX_FENCE_LINES:
            break  # the page is refused for it; what follows is checked as text
    i = 0
    while i < len(fences):
        opening = _PLAIN_FENCE.match(fences[i][3])
        if not opening:
            break
        fence = opening.group(1)
        j = next((k for k in range(i + 1, len(fences)) if fences[k][3].rstrip(" ") == fence), None)
        if j is None:
            break
        code[fences[i][0]:fences[j][0] + 1] = b"\x01" * (fences[j][0] + 1 - fences[i][0])
        i = j + 1
    return code, fences


def _check_nesting(line: str, line_number: int, report) -> None:
    """Block quotes and lists opened at the start of a line, in any mix ('- > 1. > x'), and by indentation."""
    quotes = lists = pos = 0
    indent = len(line) - len(line.lstrip(" "))
    levels = indent // _TAB  # indentation nests lists (and boxes): 4 spaces a level
    while quotes <= MAX_QUOTE_DEPTH and lists <= MAX_LIST_DEPTH:
        quote = _QUOTE.match(line, pos)
        if quote:
            quotes, pos = quotes + 1, quote.end()
            continue
        if _HR.match(line, pos):
            break
        marker = _LIST_MARKER.match(line, pos)
        if not marker:
            break
        lists, pos = lists + 1, marker.end()
    box = _BOX.match(line, pos) is not None  # an admonition, a details box, a definition: nested by indentation too
    if quotes > MAX_QUOTE_DEPTH:
        leading = _QUOTES_ONLY.match(line).group().count(">")  # type: ignore[union-attr]
        what = (say("md_quotes_deep", depth=leading, limit=MAX_QUOTE_DEPTH) if leading > MAX_QUOTE_DEPTH
                else say("md_quotes_deeper", limit=MAX_QUOTE_DEPTH))
        report("quotes", line_number, what, say("md_quotes_fix", limit=MAX_QUOTE_DEPTH))
    elif (lists or box) and lists + levels + box > MAX_LIST_DEPTH:
        what = say("md_lists" if lists else "md_boxes", limit=MAX_LIST_DEPTH)
        report("lists", line_number, what, say("md_lists_fix", limit=MAX_LIST_DEPTH))


def _bracket_work(text: str) -> tuple[int, str, str]:
    """(characters the link parsers read, what is wrong, how to fix it) for one paragraph.

    Python-Markdown's six link and image processors each read from every '['
    to its matching ']' (or to the end of the paragraph), and from a link's '('
    to its matching ')' (to the end when a quote comes in between).
    """
    end = len(text)
    opens: list[int] = []
    parens: list[tuple[int, bool, int]] = []
    nested = quoted = quoted_work = quotes = depth = 0
    closed_at = -2
    for match in _BRACKETS.finditer(text):
        char = match.group()
        if len(char) == 2:
            continue  # a backslash escape
        pos = match.start()
        if char == "[":
            opens.append(pos)
            depth = max(depth, len(opens))
        elif char == "]":
            if opens:
                nested += pos - opens.pop()
                closed_at = pos
        elif char == "(":
            parens.append((pos, pos == closed_at + 1, quotes))
        elif char == ")":
            if parens:
                start, link, quotes_before = parens.pop()
                if link and quotes > quotes_before:
                    quoted, quoted_work = quoted + 1, quoted_work + end - start
                elif link:
                    nested += pos - start
        else:
            quotes += 1
    unclosed = [start for start, link, _ in parens if link]
    unmatched_work = sum(end - start for start in opens)
    unclosed_work = sum(end - start for start in unclosed)
    work = nested + quoted_work + unmatched_work + unclosed_work
    largest = max(nested, quoted_work, unmatched_work, unclosed_work)
    if largest == unmatched_work:
        return work, say("md_unmatched_brackets", count=number(len(opens))), say("md_unmatched_brackets_fix")
    if largest == unclosed_work:
        return work, say("md_unclosed_links", count=number(len(unclosed))), say("md_unclosed_links_fix")
    if largest == quoted_work:
        return work, say("md_quoted_links", count=number(quoted)), say("md_quoted_links_fix")
    return work, say("md_nested_brackets", depth=number(depth)), say("md_nested_brackets_fix")


def _code_span_work(text: str) -> tuple[int, int]:
    """(characters the code-span parser reads, runs of '`' without a later run as long) for one paragraph.

    Python-Markdown reads from a run of n '`' to the next run of exactly n (or
    to the end of the paragraph, character by character). Every run is counted
    as an opener: an upper bound.
    """
    runs = [(m.start(), m.end() - m.start()) for m in _TICKS.finditer(text)]
    if len(runs) < 2:
        return (len(text) if runs else 0), len(runs)
    end, work, unclosed = len(text), 0, 0
    next_at: dict[int, int] = {}
    for pos, length in reversed(runs):
        closer = next_at.get(length)
        if closer is None:
            work += end - pos
            unclosed += 1
        else:
            work += closer - pos
        next_at[length] = pos
    return work, unclosed


def _check_tags(lines: list[str], code: bytearray, first_line: int, report) -> None:
    """The work of html.parser, which looks for the '>' of every '<' + letter, bounded per page.

    From a '<' the tag's regex cannot pass a '>' except inside a quoted
    attribute value (a quote after '='). For every position this computes, right
    to left, the farthest '>' any reading of the quotes can reach: an upper
    bound of what the parser reads, in one pass.
    """
    text = "\n".join("" if code[i] else line for i, line in enumerate(lines))
    tags = len(_TAG_START.findall(text))
    if tags * len(text) <= MAX_TAG_WORK:
        return  # no '<' can cost more than the whole page
    specials = [(m.start(), m.group()) for m in _TAG_CHARS.finditer(text)]
    openers = {m.end() for m in _EQ_QUOTE.finditer(text)}
    reach_next = len(text)
    after_quote: dict[str, int] = {}
    costs: list[tuple[int, int]] = []
    for pos, char in reversed(specials):
        if char == ">":
            reach = pos
        elif char == "<":
            reach = reach_next
            if text[pos + 1:pos + 2] in _LETTERS:
                costs.append((pos, reach - pos))
        else:
            reach = reach_next
            if pos in openers and char in after_quote:
                reach = max(reach, after_quote[char])
            after_quote[char] = reach_next
        reach_next = reach
    total = 0
    for pos, cost in reversed(costs):
        total += cost
        if total > MAX_TAG_WORK:
            line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
            line = first_line + bisect_right(line_starts, pos) - 1
            report("tags", line, say("md_tags", count=number(len(costs))), say("md_tags_fix"))
            return


# ---------------------------------------------------------------------------
# a time limit on rendering


RENDER_BUDGET = float(os.environ.get("KENNISBANK_RENDER_BUDGET", "10"))
"""Seconds Python-Markdown may take for one page, in the build and in `make check`: check_markdown
refuses what is known to be slow, this stops whatever is not known yet with a message instead of a hang."""


class RenderTimeout(ContentError):
    """A page took longer to render than its budget (or nested too deep to render)."""

    def __init__(self, display: str, what: str, fix: str) -> None:
        super().__init__([Problem(display, 1, what, fix)])


def _too_slow(display: str, seconds: float) -> RenderTimeout:
    return RenderTimeout(display, say("render_too_slow", seconds=decimal(seconds)), say("render_too_slow_fix"))


def _too_deep(display: str) -> RenderTimeout:
    return RenderTimeout(display, say("render_too_deep"), say("render_too_deep_fix"))


Wrap = Callable[[RenderTimeout], BaseException]


class RenderTimer:
    """A SIGALRM time limit that start() arms and stop() disarms, for hooks that see a render begin and end.

    The alarm raises RenderTimeout (or ``wrap(RenderTimeout)``, e.g. MkDocs'
    ``Abort``, which MkDocs reports without a traceback) in the main thread; if
    rendering code swallows it (a broad ``except Exception``) it is raised
    again every 0.2 s, and stop() raises it when rendering ended after the
    budget. Elsewhere than the main thread, or without ``signal.setitimer``
    (Windows), it does nothing. A timer armed before start() (pytest-timeout's,
    for one) is restored by stop().
    """

    REPEAT = 0.2

    def __init__(self, wrap: Wrap | None = None) -> None:
        self._wrap = wrap
        self._active = False
        self._expired = False
        self._display = ""
        self._seconds = 0.0
        self._previous_handler: object = None
        self._previous_timer: tuple[float, float] = (0.0, 0.0)
        self._started = 0.0

    @staticmethod
    def available() -> bool:
        return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()

    def error(self, timeout: RenderTimeout) -> BaseException:
        return self._wrap(timeout) if self._wrap else timeout

    def start(self, seconds: float, display: str) -> None:
        """Arm the limit for rendering ``display`` (a running limit is disarmed first)."""
        if self._active:
            self.stop(check=False)
        if seconds <= 0 or not self.available():
            return
        self._display, self._seconds, self._expired = display, seconds, False
        self._previous_handler = signal.signal(signal.SIGALRM, self._on_alarm)
        self._previous_timer = signal.setitimer(signal.ITIMER_REAL, seconds, self.REPEAT)
        self._started = time.monotonic()
        self._active = True

    def _on_alarm(self, signum: int, frame: object) -> None:
        if not self._active:
            return
        self._expired = True
        raise self.error(_too_slow(self._display, self._seconds))

    def stop(self, check: bool = True) -> None:
        """Disarm; with ``check``, raise the timeout if the budget ran out meanwhile."""
        if not self._active:
            return
        self._active = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous_handler)  # type: ignore[arg-type]
        delay, interval = self._previous_timer
        if delay > 0:
            left = delay - (time.monotonic() - self._started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), interval)
        if check and self._expired:
            raise self.error(_too_slow(self._display, self._seconds))


@contextmanager
def render_budget(seconds: float, display: str, wrap: Wrap | None = None) -> Iterator[None]:
    """Raise RenderTimeout (a ContentError naming ``display``) when the block runs longer than ``seconds``.

    A RecursionError inside the block becomes a RenderTimeout too; ``wrap``
    turns either into another exception (MkDocs' ``Abort``, for one). The limit
    works in the main thread where ``signal.setitimer`` exists; elsewhere only
    the RecursionError is translated.
    """
    timer = RenderTimer(wrap)
    timer.start(seconds, display)
    try:
        yield
    except RecursionError:
        timer.stop(check=False)
        raise timer.error(_too_deep(display)) from None
    except BaseException:
        timer.stop(check=False)
        raise
    timer.stop()
