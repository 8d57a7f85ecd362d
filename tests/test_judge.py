"""The judge of rendered HTML: refuses what a browser would run or load from content, and nothing Markdown makes.

Hostile Markdown is rendered with the site's own extensions (mkdocs.yml) and
must be refused at the right line; every real page of docs/ and of the fixture
site must pass; random HTML-ish input never makes the judge fail, and whenever
the parser (Chromium's rules) builds something dangerous from it, an oracle
written apart from the judge's allow-lists sees it and the judge refuses it.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from kennisbank.config import Settings
from kennisbank.editor import check
from kennisbank.judge import ELEMENTS, REFUSED_ELEMENTS, judge, url_scheme
from kennisbank.load import _FRONT_MATTER
from support import FIXTURE, ROOT, build, copy_fixture

SITE_RENDER = check.markdown_renderer(ROOT / "mkdocs.yml")
FIXTURE_RENDER = check.markdown_renderer(FIXTURE / "mkdocs.yml")


def refusals(source: str, first_line: int = 1, render=SITE_RENDER) -> list[str]:
    return [f"{p.line}: {p.what}" for p in judge(render(source), source, "docs/x.md", first_line)]


# (Markdown, line, what the judge says there): one case per way in
HOSTILE = [
    # elements
    ("Intro.\n\n<script>alert(1)</script>\n", 3, "raw <script> element is not allowed"),
    ("Text.\n\n<style>body{display:none}</style>\n", 3, "raw <style> element is not allowed"),
    ('<iframe src="https://evil.example"></iframe>\n', 1, "raw <iframe> element is not allowed"),
    ('<object data="x.swf"></object>\n', 1, "raw <object> element is not allowed"),
    ('<embed src="x.swf">\n', 1, "raw <embed> element is not allowed"),
    ('<applet code="x.class"></applet>\n', 1, "raw <applet> element is not allowed"),
    ('<form action="https://evil.example">\n<input name=q>\n</form>\n', 1, "raw <form> element is not allowed"),
    ("<p>\n<input autofocus onfocus=alert(1)>\n</p>\n", 2, "raw <input> element is not allowed"),
    ('<div>\n<button formaction="javascript:alert(1)">Go</button>\n</div>\n', 2, "raw <button> element is not allowed"),
    ("<div>\n<select><option>x</option></select>\n</div>\n", 2, "raw <select> element is not allowed"),
    ("Write <textarea>here</textarea>.\n", 1, "raw <textarea> element is not allowed"),
    ('<base href="https://evil.example/">\n', 1, "raw <base> element is not allowed"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example">\n', 1, "raw <meta> element is not allowed"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">\n', 1, "raw <link> element is not allowed"),
    ("<svg><animate onbegin=alert(1) attributeName=x dur=1s>\n", 1, "raw <svg> element is not allowed"),
    ("Text.\n\n<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>\n", 3, "raw <math> element is not allowed"),
    ("<template><img src=x onerror=alert(1)></template>\n", 1, "raw <template> element is not allowed"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>">\n', 1, "raw <noscript> element is not allowed"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>">\n', 1, "attribute 'onerror' on <img> is not allowed"),
    ('<noembed><img title="</noembed><img src=x onerror=alert(1)>"></noembed>\n', 1, "raw <noembed> element is not allowed"),
    ('<noframes><img title="</noframes><img src=x onerror=alert(1)>"></noframes>\n', 1, "raw <noframes> element is not allowed"),
    ('<xmp><img title="</xmp><img src=x onerror=alert(1)>"></xmp>\n', 1, "raw <xmp> element is not allowed"),
    ("Text.\n\n<plaintext>everything after\n", 3, "raw <plaintext> element is not allowed"),
    ("<title>x</title>\n", 1, "raw <title> element is not allowed"),
    ('<portal src="https://evil.example"></portal>\n', 1, "raw <portal> element is not allowed"),
    ("<custom-widget>x</custom-widget>\n", 1, "raw <custom-widget> element is not allowed"),
    ("<marquee>x</marquee>\n", 1, "raw <marquee> element is not allowed"),
    # attributes
    ("<img src=x\nonerror=alert(1)>\n", 2, "attribute 'onerror' on <img> is not allowed"),
    ('<div>\n<img src="x"/onerror=alert(1)>\n</div>\n', 2, "attribute 'onerror' on <img> is not allowed"),
    ("<div>\n<img src=x /onerror=alert(1)>\n</div>\n", 2, "attribute 'onerror' on <img> is not allowed"),
    ("<p onclick=alert(1)>x</p>\n", 1, "attribute 'onclick' on <p> is not allowed"),
    ("<details open ontoggle=alert(1)>\n<summary>x</summary>\n</details>\n", 1,
     "attribute 'ontoggle' on <details> is not allowed"),
    ('<a href="https://x.example" ONMOUSEOVER="alert(1)">x</a>\n', 1, "attribute 'onmouseover' on <a> is not allowed"),
    ('Some <b onclick="x">inline</b> HTML.\n', 1, "attribute 'onclick' on <b> is not allowed"),
    ('<div style="position:fixed;inset:0">x</div>\n', 1, "attribute 'style' on <div> is not allowed"),
    ('<table><tr><td style="text-align: left; color: red">x</td></tr></table>\n', 1,
     "attribute 'style' on <td> is not allowed"),
    ('<div srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;">x</div>\n', 1, "attribute 'srcdoc' on <div> is not allowed"),
    ('<a href="#" formaction="javascript:alert(1)">x</a>\n', 1, "attribute 'formaction' on <a> is not allowed"),
    ('<a href="#" xlink:href="javascript:alert(1)">x</a>\n', 1, "attribute 'xlink:href' on <a> is not allowed"),
    ('<img src="x.png" name="getElementById" alt="">\n', 1, "attribute 'name' on <img> is not allowed"),
    ("<div>\n<body onload=alert(1)>\n</div>\n", 2, "attribute 'onload' on <body> is not allowed"),
    ("Text.\n\n<html onmouseover=alert(1)>\n", 3, "attribute 'onmouseover' on <html> is not allowed"),
    ("# __config\n", 1, "id '__config' on <h1> is reserved for the theme"),
    ('<div id="__config">{"base": "https://evil.example"}</div>\n', 1, "id '__config' on <div> is reserved for the theme"),
    # URLs
    ("[x](javascript:alert(1))\n", 1, "link 'javascript:alert(1)' uses a scheme that is not allowed"),
    ("Text.\n\n[x](java&#9;script:alert(1))\n", 3, "link 'javascript:alert(1)' uses a scheme that is not allowed"),
    ('<a href="jav&#x0A;ascript:alert(1)">x</a>\n', 1, "link 'javascript:alert(1)' uses a scheme that is not allowed"),
    ('<a href="  JaVaScRiPt:alert(1)">x</a>\n', 1, "link 'javascript:alert(1)' uses a scheme that is not allowed"),
    ('<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>\n', 1,
     "link 'javascript:alert(1)' uses a scheme that is not allowed"),
    ('<a href="javascript&colon;alert(1)">x</a>\n', 1, "link 'javascript:alert(1)' uses a scheme that is not allowed"),
    ('<a href="&#x01;javascript:alert(1)">x</a>\n', 1, "link 'javascript:alert(1)' uses a scheme that is not allowed"),
    ('Text.\n\n<a href="java\nscript:alert(1)">x</a>\n', 3, "link 'javascript:alert(1)' uses a scheme that is not allowed"),
    ('<a href="vbscript:msgbox(1)">x</a>\n', 1, "link 'vbscript:msgbox(1)' uses a scheme that is not allowed"),
    ("![x](data:image/svg+xml;base64,PHN2Zz4=)\n", 1, "image 'data:image/svg+xml;base64,PHN2Zz4=' uses a scheme"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)\n", 1, "link 'data:text/html;base64,PHNjcmlwdD4=' uses a scheme"),
    ("[x](file:///etc/passwd)\n", 1, "link 'file:///etc/passwd' uses a scheme that is not allowed"),
    ('<a href="blob:https://x.example/1">x</a>\n', 1, "link 'blob:https://x.example/1' uses a scheme"),
    ("See [the page][ref].\n\n[ref]: javascript:alert(1)\n", 3, "link 'javascript:alert(1)' uses a scheme"),
    ('<img src="x.png" srcset="data:image/png;base64,AA 2x" alt="">\n', 1, "image 'data:image/png;base64' uses a scheme"),
    ('<blockquote cite="javascript:alert(1)">x</blockquote>\n', 1,
     "address 'javascript:alert(1)' in 'cite' uses a scheme that is not allowed"),
    ('<a href="https://ok.example">ok</a>\n\n<a href="javascript:alert(2)">bad</a>\n', 3, "link 'javascript:alert(2)'"),
    # values the theme's script turns into HTML or acts on (Material's content.tooltips writes titles as HTML)
    ('[x](https://example.org "<img src=x onerror=alert(1)>")\n', 1,
     "title '<img src=x onerror=alert(1)>' on <a> holds markup"),
    ('Text.\n\n![x](a.png "a <b>bold</b> title")\n', 3, "title 'a <b>bold</b> title' on <img> holds markup"),
    ('An <abbr title="&lt;img src=x onerror=alert(1)&gt;">A</abbr>.\n', 1, "title '<img src=x onerror=alert(1)>' on <abbr>"),
    ('<pre class="mermaid">graph TD; A-->B</pre>\n', 1, "class 'mermaid' on <pre> is not allowed"),
    ('<div class="box annotate">x</div>\n', 1, "class 'annotate' on <div> is not allowed"),
    # the line: code is text, the second of two is named at its own line
    ("`<script>` in code is text.\n\n<script>alert(1)</script>\n", 3, "raw <script> element is not allowed"),
    ("```\n<script>\n```\n\n<script>alert(1)</script>\n", 5, "raw <script> element is not allowed"),
    ("<div>\n`<script>alert(1)</script>`\n</div>\n", 2, "raw <script> element is not allowed"),
    ("<script>a()</script>\n\nText.\n\n<script>b()</script>\n", 5, "raw <script> element is not allowed"),
    # content that ends inside a comment or an attribute value swallows the theme's markup after it
    ("<div>\n<!-- never closed\n</div>\n", 2, "the HTML at the end is not closed"),
    ('<div><a href="https://x.example" title="unclosed>x</a></div>\n', 1, "the HTML at the end is not closed"),
]


@pytest.mark.parametrize("source, line, what", HOSTILE, ids=[f"{i}:{c[2][:40]}" for i, c in enumerate(HOSTILE)])
def test_hostile_markdown_is_refused_at_its_line(source, line, what):
    found = refusals(source, first_line=1)
    assert any(f.startswith(f"{line}: {what}") for f in found), found


def test_lines_count_from_the_body_and_messages_read_path_line_what_fix():
    body = "## What happened\n\nThe circle met six times.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n" \
           "[x](javascript:alert(1))\n"
    assert [str(p) for p in judge(FIXTURE_RENDER(body), body, "docs/stories/dry-feet.md", 11)] == [
        "docs/stories/dry-feet.md:15: raw <script> element is not allowed — remove it; write Markdown only",
        "docs/stories/dry-feet.md:17: attribute 'onerror' on <img> is not allowed — "
        "remove the attribute; content cannot run script",
        "docs/stories/dry-feet.md:19: link 'javascript:alert(1)' uses a scheme that is not allowed — "
        "link to an https:// address or a page of this site",
    ]


def test_a_refused_element_is_reported_once_not_for_everything_inside_it():
    assert refusals("<svg><a href=javascript:alert(1)><animate onbegin=alert(1)></a></svg>\n") == [
        "1: raw <svg> element is not allowed"]


def test_attribute_lists_are_judged_once_rendered():
    """attr_list is not enabled; were it, {: onclick=… } would reach the HTML and be refused there."""
    render = markdown.Markdown(extensions=["attr_list", "toc"]).convert
    assert refusals("Text.\n\n# Title {: onclick=\"alert(1)\" }\n", render=render) == [
        "3: attribute 'onclick' on <h1> is not allowed"]
    assert refusals("# Title {: onclick=\"alert(1)\" }\n") == []  # (without attr_list it is text)


def test_no_refused_element_is_allowed():
    assert not REFUSED_ELEMENTS & set(ELEMENTS)


def test_url_schemes_are_read_as_a_browser_reads_them():
    assert [url_scheme(u) for u in ["https://x", " \x01JaVa\tScRiPt:x", "java\nscript:x", "#x", "../a.md", "//x.org",
                                    "java script:x", "mailto:a@b.c", ""]] == [
        "https", "javascript", "javascript", "", "", "", "", "mailto", ""]


def test_a_slash_inside_an_unquoted_value_belongs_to_the_value():
    """<img src=x/onerror=…> has one attribute in every HTML5 parser (Chromium too): src="x/onerror=alert(1)"."""
    fragment = "<div>\n<img src=x/onerror=alert(1)>\n</div>\n"
    img = LexborHTMLParser(fragment).css_first("img")
    assert img.attributes == {"src": "x/onerror=alert(1)"}
    assert refusals(fragment) == []


def test_tags_the_parser_ignores_leave_nothing_to_judge():
    """In <body>, a browser drops <frameset>, <frame> and <head>: they cannot run anything (make check still refuses
    them as raw HTML)."""
    for source in ("<frameset onload=alert(1)>\n", "<frame src=javascript:alert(1)>\n", "<head onload=alert(1)>\n"):
        assert refusals(source) == [], source


BENIGN = [
    "# Title\n\n## A section\n\n### Sub section\n",
    "| Left | Centre | Right | None |\n|:-----|:------:|------:|------|\n| a | b | c | d |\n",
    '!!! note "Let op"\n    Some *text*.\n\n!!! warning\n    Careful.\n',
    '??? tip "Open me"\n    Inside.\n\n???+ note\n    Open by default.\n',
    "```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```\n",
    '```python linenums="1" hl_lines="2" title="x.py"\ndef f():\n    return "<script>"\n```\n',
    "``` { .js #my-code }\nlet a = '<svg onload=alert(1)>';\n```\n",
    "    indented <script>alert(1)</script>\n",
    "Inline `javascript:alert(1)` and `<img src=x onerror=alert(1)>` are text.\n",
    "The javascript: scheme and onclick= are words here.\n",
    "[https](https://example.org/a?b=c#d), [http](http://example.org), [mail](mailto:a@example.org), "
    "[phone](tel:+31201234567), [page](../nieuws/index.md), [here](#a-section), [root](/nl/), [query](?q=x)\n",
    '![A cellar](cellar.png "The cellar") and ![Remote](https://example.org/x.png)\n',
    "<https://example.org> and <someone@example.org>\n",
    "Term\n:   Definition\n",
    'An <abbr title="Town A">TA</abbr>, H<sub>2</sub>O, x<sup>2</sup>, <kbd>Ctrl</kbd>, <mark>m</mark>, <del>d</del>, '
    "<ins>i</ins>, <s>s</s>, <small>s</small>, a<br>b, long<wbr>word.\n",
    "<!-- the template's hint -->\n\nText.\n",
    "[TOC]\n\n## One\n\n## Two\n",
    "## KB regeling\n\n## A heading_with_underscores\n",
    "Entities: &lt;script&gt; &amp; &#60;img&#62; &copy;\n",
    "<details open><summary>More</summary>\n<p>Hidden.</p>\n</details>\n",
    '<table><tr><th scope="col" colspan="2">x</th></tr><tr><td rowspan="2" align="right">y</td></tr></table>\n',
    '<div class="box" id="box" lang="en" dir="ltr" title="t">Boxed</div>\n',
    '<figure><img src="a.png" alt="A" width="10" height="10" loading="lazy"><figcaption>A</figcaption></figure>\n',
    '<blockquote cite="https://example.org/source"><p>Quoted.</p></blockquote>\n',
    '<ol start="3" reversed type="a"><li value="3">x</li></ol>\n',
    '<time datetime="2024-06-01">1 June</time> <q cite="https://example.org">q</q>\n',
    '[x](https://example.org "a < b, 3 > 2 & more") and <abbr title="Town &amp; Country">TC</abbr>\n',
    '<div class="mermaid-like annotated">x</div>\n',
]


@pytest.mark.parametrize("source", BENIGN)
def test_what_markdown_makes_is_accepted(source):
    assert refusals(source) == []


def _bodies(config: Path) -> list[tuple[Path, str, int]]:
    found = []
    for path in sorted((config.parent / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        match = _FRONT_MATTER.match(text)
        body = text[match.end():] if match else text
        found.append((path, body, text[: match.end()].count("\n") + 1 if match else 1))
    return found


@pytest.mark.parametrize("config, render", [(ROOT / "mkdocs.yml", SITE_RENDER), (FIXTURE / "mkdocs.yml", FIXTURE_RENDER)],
                         ids=["site", "fixture"])
def test_every_real_page_passes(config, render):
    bodies = _bodies(config)
    assert len(bodies) > 5
    problems = [str(p) for path, body, line in bodies for p in judge(render(body), body, str(path), line)]
    assert problems == []


def test_make_check_reports_what_the_judge_refuses_once_per_line(tmp_path):
    root = copy_fixture(tmp_path / "project")
    story = root / "docs/stories/dry-feet.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n",
                     encoding="utf-8")
    settings = Settings(root, root / "docs", root / "data", ("en", "nl"), "en", "https://fixture.example.org/")
    errors = [str(p) for p in check.check(settings) if not p.warning]
    assert errors == [
        "docs/stories/dry-feet.md:15: raw <script> element is not allowed — remove it; write Markdown only",
        "docs/stories/dry-feet.md:17: link 'javascript:alert(1)' uses a scheme that is not allowed — "
        "link to an https:// address or a page of this site",
    ]


def test_the_build_stops_with_the_judges_messages(tmp_path):
    """The hook judges every page's HTML (on_page_content) and stops the build before any page is written."""
    root = copy_fixture(tmp_path / "project")
    story = root / "docs/stories/dry-feet.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n<div>\n<img src=x\nonerror=alert(1)>\n</div>\n",
                     encoding="utf-8")
    result = build(root, root / "site")
    assert result.returncode != 0
    assert ("docs/stories/dry-feet.md:17: attribute 'onerror' on <img> is not allowed — "
            "remove the attribute; content cannot run script") in result.stdout + result.stderr
    assert not (root / "site/stories/dry-feet/index.html").exists()


# -- properties --------------------------------------------------------------------------------------------

TAGS = ["p", "a", "img", "div", "span", "b", "table", "tr", "td", "details", "summary", "code", "pre", "h2", "body",
        "html", "head", "script", "style", "svg", "math", "mtext", "mglyph", "foreignObject", "animate", "template",
        "noscript", "noembed", "xmp", "title", "textarea", "iframe", "select", "option", "form", "button", "frameset",
        "object", "base", "meta", "link", "x-y", "image"]
ATTRIBUTES = ["href", "src", "srcset", "cite", "id", "class", "title", "open", "onclick", "ONERROR", "onload", "style",
              "srcdoc", "formaction", "action", "xlink:href", "data-x", "name", "background", "poster"]


@st.composite
def javascript_urls(draw) -> str:
    """javascript:alert(1), its letters in any case or as character references, tabs and newlines in between."""
    out = [draw(st.sampled_from(["", " ", "\x01", "&#1;", "&#32;", "\t"]))]
    for char in "javascript:":
        char = char.upper() if draw(st.booleans()) else char
        out.append(draw(st.sampled_from([char, char, f"&#{ord(char)};", f"&#x{ord(char):x};", f"&#x{ord(char):04X}"])))
        out.append(draw(st.sampled_from(["", "", "", "\t", "\n", "\r", "&#9;", "&#x0A;", "&#13;", "&Tab;", "&NewLine;"])))
    return "".join(out) + "alert(1)"


VALUES = st.one_of(javascript_urls(), st.sampled_from(
    ["https://example.org/", "#x", "x.png", "data:text/html,x", "vbscript:x", "mailto:a@b.c", "text-align: left;",
     "color: red", "__config", "a b", "x/onerror=alert(1)", "</style><img src=x onerror=alert(1)>", "mermaid",
     "x annotate", "a < b"]), st.text(max_size=6))


@st.composite
def attributes(draw) -> str:
    name = draw(st.sampled_from(ATTRIBUTES))
    space = draw(st.sampled_from([" ", "\n", "/", " /", "\t"]))
    if draw(st.integers(0, 5)) == 0:
        return space + name
    quote = draw(st.sampled_from(['"', "'", ""]))
    value = draw(VALUES)
    if quote:
        value = value.replace(quote, "")
    return f"{space}{name}={quote}{value}{quote}"


def elements(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda tag, attrs, content, close: f"<{tag}{''.join(attrs)}>{content}" + (f"</{tag}>" if close else ""),
                     st.sampled_from(TAGS), st.lists(attributes(), max_size=3), inner, st.booleans())


PIECES = st.sampled_from(["x", " ", "\n", "<", ">", "</", "<!--", "-->", '"', "'", "&", "`", "<![CDATA[", "]]>", "=", "/"])
FRAGMENTS = st.recursive(PIECES, lambda inner: st.one_of(elements(inner), st.lists(inner, max_size=4).map("".join)),
                         max_leaves=12)

DANGEROUS_ELEMENTS = {"script", "style", "svg", "math", "template", "noscript", "noembed", "xmp", "title", "textarea",
                      "iframe", "select", "option", "form", "button", "object", "base", "meta", "link", "frameset",
                      "plaintext", "embed", "input"}
DANGEROUS_SCHEME = re.compile(r"(javascript|vbscript|data|file|blob):", re.I)


def dangers(fragment: str) -> list[str]:
    """What a browser would run or load from the fragment: the oracle, written apart from the judge's lists."""
    found = []
    tree = LexborHTMLParser("<!DOCTYPE html><html><head></head><body>" + fragment, scripting=True)
    for node in tree.root.traverse():
        if node.tag == "-comment":
            continue
        if node.tag.lower() in DANGEROUS_ELEMENTS:
            found.append(node.tag)
        for name, value in node.attributes.items():
            if name.lower().startswith("on") or name.lower() in ("srcdoc", "formaction", "action", "xlink:href"):
                found.append(f"{node.tag} {name}")
            if name.lower() == "style" and value != "text-align: left;":  # (the tables extension's alignment)
                found.append(f"{node.tag} {name}")
            if name.lower() == "title" and re.search(r"<[a-z]", value or "", re.I):  # (the theme's tooltips)
                found.append(f"{node.tag} {name}={value}")
            if name.lower() == "class" and {"mermaid", "annotate"} & set((value or "").split()):
                found.append(f"{node.tag} {name}={value}")
            if node.tag in ("html", "head", "body"):
                found.append(f"{node.tag} {name}")
            url = re.sub(r"[\t\n\r]", "", (value or "").strip("".join(map(chr, range(33)))))
            if name.lower() in ("href", "src", "srcset", "cite", "background", "poster") and DANGEROUS_SCHEME.match(url):
                found.append(f"{node.tag} {name}={url}")
    return found


FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(FRAGMENTS, st.text(max_size=40), st.integers(1, 50))
def test_judge_never_fails_and_refuses_whatever_is_dangerous(fragment, source, first_line):
    problems = judge(fragment, source + fragment, "docs/x.md", first_line)
    assert all(first_line <= p.line <= first_line + (source + fragment).count("\n") for p in problems)
    if dangers(fragment):
        assert problems, (fragment, dangers(fragment))


@FAST
@given(st.text(max_size=200))
def test_judge_never_fails_on_any_text(text):
    judge(text, text, "docs/x.md", 1)
    judge(SITE_RENDER(text), text, "docs/x.md", 1)


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéABCXYZ0123", min_size=1, max_size=8)
URL_PATHS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-._~/", max_size=12)
CODE = st.text(alphabet="abcxyz <>&\"':=/()!;javscript", min_size=1, max_size=20).filter(lambda c: c.strip() == c)
INLINE = st.one_of(
    WORDS, WORDS.map(lambda w: f"*{w}*"), WORDS.map(lambda w: f"**{w}**"), CODE.map(lambda c: f"`{c}`"),
    st.builds(lambda w, p: f"[{w}](https://example.org/{p})", WORDS, URL_PATHS),
    st.builds(lambda w, p: f"![{w}](https://example.org/{p}.png)", WORDS, URL_PATHS),
)
BLOCKS = st.builds(lambda prefix, words: prefix + " ".join(words), st.sampled_from(["", "", "## ", "- ", "1. ", "> "]),
                   st.lists(INLINE, min_size=1, max_size=8))


@FAST
@given(st.lists(BLOCKS, min_size=1, max_size=6))
def test_random_benign_markdown_is_accepted(blocks):
    source = "\n\n".join(blocks) + "\n"
    assert refusals(source) == [], SITE_RENDER(source)
