"""Hostile input gets one `path:line: what — fix` line within seconds: never a traceback, a segfault or a hang.

Content and data come from pull requests. Each class of input that once
crashed or stalled a parser (found by a hostile-input review) has a regression
test here that names the exact line and times the check in-process; Hypothesis
then throws arbitrary text and bytes at the YAML loader and the decoder.
"""

from __future__ import annotations

import threading
import time

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kennisbank import textsafe, yamlsafe
from kennisbank.load import read_data, read_document
from kennisbank.problems import ContentError, Problem
from support import FIXTURE, ROOT

SECONDS = 3.0  # every refusal below, on a shared CI machine
DEEP = 100_000


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS, f"took {elapsed:.2f} s"
    return result


def yaml_problems(text: str, first_line: int = 1) -> list[Problem]:
    value, problems = timed(yamlsafe.parse, text, "data/themes.yml", first_line)
    assert problems, f"accepted: {value!r:.80}"
    return problems


DEPTH = f"lists and mappings are nested more than {yamlsafe.MAX_DEPTH} deep"


# --- YAML nested beyond the limit: refused at the event where the limit is crossed, before composing

@pytest.mark.parametrize("text, line", [
    pytest.param("[" * DEEP, 1, id="flow sequences on one line"),
    pytest.param("[\n" * DEEP, yamlsafe.MAX_DEPTH + 1, id="flow sequences one per line"),
    pytest.param("{a: " * DEEP, 1, id="flow mappings"),
    pytest.param("".join(f"{' ' * i}{{a:\n" for i in range(1000)), yamlsafe.MAX_DEPTH + 1, id="flow mappings indented"),
    pytest.param("- " * DEEP + "x\n", 1, id="block sequences on one line"),
    pytest.param("".join(f"{' ' * 2 * i}-\n" for i in range(600)), yamlsafe.MAX_DEPTH + 1, id="block sequences indented"),
    pytest.param("".join(f"{' ' * i}a:\n" for i in range(1000)), yamlsafe.MAX_DEPTH + 1, id="block mappings indented"),
    pytest.param("- a:\n" + "".join(f"{' ' * (2 * i + 2)}- a:\n" for i in range(600)), yamlsafe.MAX_DEPTH // 2 + 1,
                 id="lists of mappings"),
])
def test_deep_yaml_is_refused_with_the_line_where_it_gets_too_deep(text, line):
    assert [str(p) for p in yaml_problems(text)] == [
        f"data/themes.yml:{line}: {DEPTH} — flatten the data: nest lists and mappings at most {yamlsafe.MAX_DEPTH} levels deep"]


def test_yaml_at_the_depth_limit_is_read():
    nested: object = "x"
    for _ in range(yamlsafe.MAX_DEPTH):
        nested = [nested]
    value, problems = yamlsafe.parse(yaml.safe_dump(nested), "x.yml")
    assert problems == [] and value == nested
    assert yaml_problems(yaml.safe_dump([nested]))[0].what == DEPTH


def test_deep_front_matter_is_refused_at_its_line_in_the_file(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "story.md").write_text("---\ntitle: x\ntags: " + "[" * DEEP + "\n---\nText.\n", encoding="utf-8")
    document, problems = timed(read_document, docs / "story.md", docs, tmp_path, ["en"], "en")
    assert document is None
    assert [str(p) for p in problems] == [
        f"docs/story.md:3: {DEPTH} — flatten the data: nest lists and mappings at most {yamlsafe.MAX_DEPTH} levels deep"]


def test_values_that_cannot_be_constructed_are_problems_not_exceptions():
    assert [str(p) for p in yaml_problems("a: 1\nb: !!int abc\n")] == [
        "data/themes.yml:2: 'abc' cannot be read as int — put the value in quotes to keep it as text"]
    assert yaml_problems("a: " + "1" * 5000)[0].what.endswith("cannot be read as int")  # Python's 4,300-digit limit
    assert yaml_problems("- !!bool maybe")[0].line == 1
    assert yaml_problems("a: \ud800")[0].line == 1  # a lone surrogate (no file can hold one: decode refuses it)


def test_anchors_are_refused_in_large_files_too():
    # once the pure-Python parser's job (8x slower: 17 s for 512 KB); now libyaml's events say it
    text = "".join(f"k{i}: v\n" for i in range(40_000)) + "last: &a x\n"
    assert [str(p) for p in yaml_problems(text)] == [
        "data/themes.yml:40001: anchor '&a' is not allowed — remove the '&' anchor and write each value out in full"]


# --- bytes that are not UTF-8 text, and invisible characters

SAVE = "save it as UTF-8 (in most editors: 'Save with encoding' → 'UTF-8', not 'UTF-8 with BOM')"


@pytest.mark.parametrize("raw, expected", [
    pytest.param(b"\xef\xbb\xbf- id: a\n", "x:1: file starts with a byte-order mark (BOM) — save it as UTF-8 without BOM", id="UTF-8 BOM"),
    pytest.param("- id: a\n".encode("utf-16"), f"x:1: file is UTF-16 (little-endian), not UTF-8 — {SAVE}", id="UTF-16 with BOM"),
    pytest.param("- id: a\n".encode("utf-16-le"), f"x:1: file is UTF-16 (little-endian), not UTF-8 (every other byte is zero) — {SAVE}",
                 id="UTF-16 LE"),
    pytest.param("- id: a\n".encode("utf-16-be"), f"x:1: file is UTF-16 (big-endian), not UTF-8 (every other byte is zero) — {SAVE}",
                 id="UTF-16 BE"),
    pytest.param("x".encode("utf-32"), f"x:1: file is UTF-32 (little-endian), not UTF-8 — {SAVE}", id="UTF-32"),
    pytest.param(b"- id: a\n  title:\n    en: Caf\xe9 day\n",
                 f"x:3: file is not valid UTF-8: byte 0xE9 ('\u00e9' in Windows-1252) at column 12 cannot be read — {SAVE}",
                 id="Latin-1 in the middle of line 3"),
    pytest.param(b"a\nb\n\xff", f"x:3: file is not valid UTF-8: byte 0xFF ('\u00ff' in Windows-1252) at column 1 cannot be read — {SAVE}",
                 id="invalid byte"),
    pytest.param(b"a\nb: c\x00d\n", "x:2: NUL character (U+0000) at column 5 — remove it; a text file has no NUL characters", id="NUL"),
    pytest.param(b"a\n\x1b[31mred\n", "x:2: invisible control character U+001B at column 1 — remove it (retype the text around it if it was pasted)",
                 id="escape"),
    pytest.param("a\u0085b".encode(), "x:1: invisible control character U+0085 at column 2 — remove it (retype the text around it if it was pasted)",
                 id="C1 control"),
    pytest.param(b"ok\x7f", "x:1: invisible control character U+007F at column 3 — remove it (retype the text around it if it was pasted)",
                 id="DEL"),
    pytest.param(b"a\rb\r", "x:1: carriage return (U+000D) without a line feed at column 2 (and 1 more such character in the file) — "
                            "save the file with LF (or CRLF) line ends", id="lone CR"),
    pytest.param("x\n# admin \u202e \u2066// check\u2069 \u2066".encode(),
                 "x:2: bidirectional control character U+202E (RIGHT-TO-LEFT OVERRIDE) at column 9 (and 3 more such characters in the file)"
                 " — remove it: it makes text display in a different order than it is written", id="bidi override"),
    pytest.param("a\u2028b".encode(), "x:1: line separator (U+2028) at column 2 — replace it with a normal line break", id="line separator"),
])
def test_undecodable_or_invisible_text_is_refused_with_line_and_column(raw, expected):
    text, problems = timed(textsafe.decode, raw, "x")
    assert text is None
    assert [str(p) for p in problems] == [expected]


def test_text_that_is_fine_decodes():
    assert textsafe.decode("a: b\r\nc: 'caf\u00e9 \u05e9\u05dc\u05d5\u05dd \u200f'\tx\r\n".encode(), "x") == (
        "a: b\r\nc: 'caf\u00e9 \u05e9\u05dc\u05d5\u05dd \u200f'\tx\r\n", [])
    assert textsafe.decode(b"", "x") == ("", [])


def test_many_invisible_characters_give_a_bounded_report():
    problems = timed(textsafe.decode, b"\x01\n" * 200_000, "x")[1]
    assert [p.line for p in problems] == list(range(1, textsafe.MAX_REPORTED + 1))
    assert problems[-1].what.endswith("(and 199,990 more such characters in the file)")
    assert timed(textsafe.decode, b"\x00" * yamlsafe.MAX_BYTES, "x")[1][0].what.startswith("NUL character")


def test_data_files_and_pages_go_through_the_decoder(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "themes.yml").write_bytes(b"- id: a\n  title:\n    en: Caf\xe9\n")
    (data / "people.yml").write_bytes("- id: a\n".encode("utf-16"))
    (data / "formats.yml").write_bytes(b"- id: a\n  label: {en: \"x\x00\"}\n")
    found = [str(p) for p in timed(read_data, data, tmp_path).problems]
    assert found == [
        f"data/themes.yml:3: file is not valid UTF-8: byte 0xE9 ('\u00e9' in Windows-1252) at column 12 cannot be read — {SAVE}",
        "data/formats.yml:2: NUL character (U+0000) at column 17 — remove it; a text file has no NUL characters",
        f"data/people.yml:1: file is UTF-16 (little-endian), not UTF-8 — {SAVE}",
    ]
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_bytes(b"\xef\xbb\xbf---\ntitle: a\n---\n")
    (docs / "b.md").write_bytes("---\ntitle: b\n---\nText \u202ehidden\n".encode())
    assert [str(p) for p in read_document(docs / "a.md", docs, tmp_path, ["en"], "en")[1]] == [
        "docs/a.md:1: file starts with a byte-order mark (BOM) — save it as UTF-8 without BOM"]
    document, problems = read_document(docs / "b.md", docs, tmp_path, ["en"], "en")
    assert document is None and [p.line for p in problems] == [4]


def test_deep_data_is_a_problem_of_its_file_not_a_crash(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "themes.yml").write_text("- id: a\n  title: " + "{en: " * DEEP + "\n", encoding="utf-8")
    (data / "people.yml").write_text("- id: a\n  name: " + "[" * (yamlsafe.MAX_DEPTH - 1) + "]" * (yamlsafe.MAX_DEPTH - 1) + "\n",
                                     encoding="utf-8")
    found = timed(read_data, data, tmp_path).problems
    assert [(p.path, p.line, p.what) for p in found if p.path == "data/themes.yml"] == [("data/themes.yml", 2, DEPTH)]
    assert all(p.path in ("data/themes.yml", "data/people.yml") for p in found)  # people.yml: a schema problem, no crash


# --- Markdown that Python-Markdown would render in quadratic time (or not at all)

PAGE = 80 * 1024


def repeated(unit: str, size: int = PAGE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def growing_backtick_runs(size: int = PAGE) -> str:
    runs, length = [], 1
    while sum(map(len, runs)) < size:
        runs.append("`" * length + "a ")
        length += 1
    return "".join(runs)


# (the body, the kind of refusal, the line of the body it names); the body follows two honest paragraphs
INTRO = "An honest first paragraph with a [link](https://example.org/).\n\nAnother one.\n\n"
CONSTRUCTS = {
    "image brackets '!['": (repeated("!["), "'[' without a matching ']'"),
    "brackets '['": (repeated("["), "'[' without a matching ']'"),
    "links '[]('": (repeated("[]("), "without their closing ')'"),
    "quoted link targets": (repeated("[a](b'c) "), "links with a quote"),
    "nested brackets": ("[" * 20_000 + "]" * 20_000, "'[' brackets nested 20,000 deep"),
    "tags '<a'": (repeated("<a "), "'<' that open an HTML tag"),
    "'<' in words": (repeated("a<b c "), "'<' that open an HTML tag"),
    "quoted '>'": (repeated('<a x=">"'), "'<' that open an HTML tag"),
    "autolinks '<http:'": (repeated("<http:"), "'<' that open an HTML tag"),
    "emphasis '*a**a*'": (repeated("*a**a*"), "markup characters"),
    "underscores": (repeated("_a__a_"), "markup characters"),
    "backtick runs": (growing_backtick_runs(), "runs of '`' without a closing run"),
    "entities '&#'": (repeated("&#"), "markup characters"),
    "escapes '\\*'": (repeated("\\*"), "markup characters"),
}


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_quadratic_markdown_is_refused_at_its_paragraph(name):
    body, what = CONSTRUCTS[name]
    problems = timed(textsafe.check_markdown, INTRO + body, "docs/story.md", 5)
    assert problems and all(p.path == "docs/story.md" for p in problems)
    matching = [p for p in problems if what in p.what]
    assert matching, [p.what for p in problems]
    assert matching[0].line == 5 + INTRO.count("\n")


@pytest.mark.parametrize("body, line, what", [
    pytest.param("Text.\n\n" + "> " * 11 + "deep\n", 3, "block quote is nested 11 deep, more than 10", id="blockquotes"),
    pytest.param("Text.\n\n" + ">" * DEEP + "\n", 3, f"block quote is nested {DEEP} deep, more than 10", id="blockquotes without spaces"),
    pytest.param("Text.\n\n" + "".join(f"{'    ' * i}- item\n" for i in range(12)), 13, "list is nested more than 10 deep",
                 id="lists by indentation"),
    pytest.param("Text.\n\n" + "1. " * DEEP + "x\n", 3, "list is nested more than 10 deep", id="lists on one line"),
    pytest.param("Text.\n\n> " + "- " * 12 + "x\n", 3, "list is nested more than 10 deep", id="lists in a quote"),
    pytest.param("Text.\n\n" + "```\n" * 300, 203, "page has more than 200 code fence lines ('```' or '~~~')", id="fences"),
    pytest.param("Text.\n\n" + "??? note\n" * 200, 103, "page has more than 100 '!!!' or '???' boxes", id="details"),
    pytest.param("Text.\n\n" + "# a\n\n" * 20_000, 10_001, "page has more than 5,000 lines of text", id="headings"),
    pytest.param("Text.\n\n" + "# a\n" * 4000, 3,
                 "paragraph of 4,000 lines holds 4,000 headings, quotes or other blocks without a blank line between them",
                 id="headings without blank lines"),
    pytest.param("Text.\n\n" + "a\n: b\n" * 300, 3,
                 "more than 200 definitions (': …' lines) without a blank line between them", id="definitions"),
    pytest.param("".join(f"{'    ' * i}!!! note\n" for i in range(12)), 11, "box or definition is nested more than 10 deep",
                 id="boxes"),
])
def test_deep_or_long_markdown_is_refused_with_its_line(body, line, what):
    problems = timed(textsafe.check_markdown, body, "docs/story.md")
    assert [(p.line, p.what) for p in problems][:1] == [(line, what)]


def test_fenced_code_is_not_counted_but_cannot_hide_text():
    code = "```python\n" + "[" * 5000 + "\n" + "> " * 20 + "\n```\n"
    assert textsafe.check_markdown("Text.\n\n" + code + "\nMore.\n", "x") == []
    # an unclosed fence, an indented or quoted fence, a fence with options: superfences may not take them
    # for code (then Markdown renders what follows), so what follows is checked
    for opening in ("```", "  ```", "> ```", "```python title='x'"):
        problems = textsafe.check_markdown(f"{opening}\n```\n" + "> " * 20 + "\n```\n", "x")
        assert [p.line for p in problems] == [3], opening


def test_honest_markdown_is_not_refused():
    pages = [*sorted((ROOT / "docs").rglob("*.md")), *sorted((FIXTURE / "docs").rglob("*.md"))]
    assert len(pages) > 20
    for page in pages:
        assert textsafe.check_markdown(page.read_text(encoding="utf-8"), str(page)) == [], page
    honest = "\n\n".join([
        "A paragraph with *emphasis*, **strong**, `code`, a [link](https://example.org/ \"title\"), an ![image](a.png),"
        " &amp; an entity, an <abbr title=\"x\">abbreviation</abbr> and a < b > c.",
        "\n".join(f"- item {i} with a [link](https://example.org/{i}) and `code`" for i in range(300)),
        "| a | b |\n|---|---|\n" + "\n".join(f"| [x{i}](https://example.org/) | *y* |" for i in range(300)),
        "> quoted\n> > twice\n\n" + "".join(f"{'    ' * i}- level {i + 1}\n" for i in range(10)),
        "!!! note\n    A box.\n\n??? tip \"Details\"\n    Hidden.",
    ])
    assert textsafe.check_markdown(honest * 5, "x") == []


@pytest.mark.parametrize("body", [
    pytest.param("\n\n".join(["*a**a*" * 666] * 10), id="emphasis at the paragraph and page limits"),
    pytest.param("\n\n".join(["[" * 99 + "x" * 1900] * 5), id="unclosed '[' at the bracket limits"),
    pytest.param("# a\n" * 1580, id="headings without blank lines at the block limit"),
    pytest.param("a<b c " * 4 + "x" * 400_000, id="'<' at the tag limit"),
])
def test_pages_just_within_the_limits_render_quickly(body):
    from kennisbank.editor.check import markdown_renderer

    assert textsafe.check_markdown(body, "x") == []
    render = markdown_renderer(ROOT / "mkdocs.yml")  # the site's extensions and settings
    timed(render, body)


def test_the_check_is_linear_on_the_largest_pages():
    for unit in ("[", "<a x=\"", "`a", "\\*", "> ", "- ", "\n", "a\n\n", "'\"=<a>"):
        timed(textsafe.check_markdown, repeated(unit, yamlsafe.MAX_BYTES), "x")


def test_pages_that_would_hang_the_build_come_back_as_problems(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for number, (name, (body, what)) in enumerate(CONSTRUCTS.items()):
        (docs / f"p{number}.md").write_text("---\ntitle: x\n---\n" + INTRO + body, encoding="utf-8")
        document, problems = timed(read_document, docs / f"p{number}.md", docs, tmp_path, ["en"], "en")
        assert document is None, name  # not handed on: neither the build nor `make check` renders it
        assert any(what in p.what and p.line == 4 + INTRO.count("\n") for p in problems), (name, problems)


# --- the last line of defence: a render time limit

SLOW = "[" * 20_000  # minutes in Python-Markdown


def test_render_budget_stops_a_slow_render_with_the_page_named():
    started = time.perf_counter()
    with pytest.raises(textsafe.RenderTimeout) as caught, textsafe.render_budget(0.3, "docs/slow.md"):
        markdown.markdown(SLOW)
    assert time.perf_counter() - started < 2
    assert isinstance(caught.value, ContentError)
    assert [str(p) for p in caught.value.problems] == [
        "docs/slow.md:1: page takes longer than 0.3 s to render — split it into smaller pages, "
        "or remove long runs of '[', '<', '*', '_', '`' or '\\' characters"]


def test_render_budget_can_raise_the_callers_exception():
    class Abort(Exception):  # as MkDocs' own, which it reports without a traceback
        pass

    with (pytest.raises(Abort, match="docs/slow.md:1: page takes longer than 0.2 s to render"),
          textsafe.render_budget(0.2, "docs/slow.md", wrap=lambda error: Abort(str(error)))):
        markdown.markdown(SLOW)


def test_render_budget_leaves_fast_renders_and_earlier_timers_alone():
    import signal

    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    signal.setitimer(signal.ITIMER_REAL, 1.0)
    try:
        with textsafe.render_budget(5, "docs/fast.md"):
            assert "<p>fine</p>" in markdown.markdown("fine")
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0.5  # the outer timer still runs
        time.sleep(1.2)
        assert fired == [True]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_render_budget_turns_a_recursion_error_into_a_problem_and_is_a_no_op_in_threads():
    def recurse(n: int) -> int:
        return recurse(n + 1) + 1

    with pytest.raises(textsafe.RenderTimeout) as caught, textsafe.render_budget(5, "docs/deep.md"):
        recurse(0)
    assert caught.value.problems[0].what == "page is nested too deeply to render"

    outcome = []

    def in_thread() -> None:
        with textsafe.render_budget(0.01, "docs/x.md"):
            time.sleep(0.05)
        outcome.append("finished")

    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join()
    assert outcome == ["finished"]


def test_render_timer_raises_on_stop_when_the_timeout_was_swallowed():
    timer = textsafe.RenderTimer()
    timer.start(0.05, "docs/x.md")
    deadline = time.perf_counter() + 1
    while time.perf_counter() < deadline:
        try:
            time.sleep(0.01)
        except textsafe.RenderTimeout:
            break  # swallowed, as a broad `except Exception` in a Markdown extension would
    with pytest.raises(textsafe.RenderTimeout):
        timer.stop()


# --- properties

YAMLISH = st.lists(st.sampled_from([
    "[", "]", "{", "}", "- ", "-", ": ", ":", ",", "? ", "'", '"', "&a ", "*a", "!!python/object ", "!!str ", "!!int ",
    "!!binary ", "!!set ", "!", "|", ">", "#", "%YAML 1.1\n", "---\n", "...\n", "\n", "  ", "    ", "\t", "a", "key",
    "1", "0x1F", "1e999", "2021-05-03", "~", "null", "<<", "\\", "\\x00", "\x00", "\ufeff", "\r", "\u2028", "é",
]), max_size=60).map("".join)


def assert_parses_or_refuses(text: str, first_line: int = 1) -> None:
    started = time.perf_counter()
    value, problems = yamlsafe.parse(text, "f.yml", first_line)
    assert time.perf_counter() - started < 1.0
    lines = text.count("\n") + 1
    for problem in problems:
        assert problem.path == "f.yml" and problem.what and problem.fix
        assert first_line <= problem.line <= first_line + lines - 1, (problem, lines)
    assert value is None or not problems


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(), st.integers(min_value=1, max_value=50))
def test_parse_never_raises_on_any_text(text, first_line):
    assert_parses_or_refuses(text, first_line)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_parse_never_raises_on_yaml_like_text(text):
    assert_parses_or_refuses(text)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=3), st.sampled_from(["[", "{a: ", "- ", "[\n", "? "]), st.integers(1000, 50_000))
def test_parse_is_bounded_on_deep_yaml_like_text(prefix_lines, opener, depth):
    text = "a: b\n" * prefix_lines + "x: " * (opener != "- ") + opener * depth
    assert_parses_or_refuses(text)


SCALARS = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(SCALARS, inner, max_size=4),
                    max_leaves=30)


def depth_of(value) -> int:
    if isinstance(value, dict):
        return 1 + max((depth_of(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth_of(v) for v in value), default=0)
    return 0


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DATA, st.booleans())
def test_valid_yaml_round_trips(value, flow):
    assert depth_of(value) <= yamlsafe.MAX_DEPTH
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow)
    parsed, problems = yamlsafe.parse(text, "f.yml")
    assert problems == []
    assert parsed == value


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_never_raises(raw):
    text, problems = textsafe.decode(raw, "f")
    assert (text is None) == bool(problems)
    if text is not None:
        assert text.encode("utf-8") == raw
    for problem in problems:
        assert 1 <= problem.line <= raw.count(b"\n") + 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]()<>!*_`\\&#|'\"=:-+>1. \n\ta")), max_size=400), st.integers(1, 9))
def test_check_markdown_never_raises_and_names_lines_of_the_body(body, first_line):
    problems = textsafe.check_markdown(body, "f.md", first_line)
    for problem in problems:
        assert first_line <= problem.line <= first_line + body.count("\n")
