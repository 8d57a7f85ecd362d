"""Diagrams drawn from the data: a method's steps, the formats side by side, the timeline.

The layout (kennisbank.diagrams) keeps its promises for any steps, rules and dates
(Hypothesis): nothing leaves the picture, boxes never overlap, no text leaves the
box it belongs to or runs into another, the timeline runs in date order. On the
built site, each diagram is on its pages in every language, is valid SVG named and
described in the page's language, and says nothing its text equivalent beside it
does not say too. Whether real fonts fit their boxes in a browser, and axe-core's
verdict on these pages: tests/browser/test_diagrams.py.
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree, html
from real_site import model, written_page_language, written_page_url, written_pages
from real_site import settings as real_settings

from kennisbank import diagrams, strings
from kennisbank.diagrams import Cell, Diagram, Entry, Label, Panel, Rect, Row
from kennisbank.model import PartialDate
from kennisbank.problems import ContentError
from support import BuiltSite, copy_fixture

# -- the layout, for any content ------------------------------------------------------------

CHARACTERS = "abcdefghijklmnopqrstuvwxyz" "ABCDEFGHIJKLMNOPQRSTUVWXYZ" "0123456789" "éëïöüçñß" "mwMW-,.'()/:"
words = st.text(alphabet=CHARACTERS, min_size=1, max_size=28)
labels = st.lists(words, min_size=1, max_size=9).map(lambda ws: Label(" ".join(ws)))
layouts = st.booleans()


def points(path: str) -> list[tuple[int, int]]:
    """Every point a path of M, L, H, V and Z commands passes."""
    found, x, y = [], 0, 0
    tokens = re.findall(r"[MLHVZ]|-?\d+", path)
    i = 0
    while i < len(tokens):
        command = tokens[i]
        if command in "ML":
            x, y = int(tokens[i + 1]), int(tokens[i + 2])
            i += 3
        elif command == "H":
            x, i = int(tokens[i + 1]), i + 2
        elif command == "V":
            y, i = int(tokens[i + 1]), i + 2
        else:
            i += 1
            continue
        found.append((x, y))
    return found


def text_box(t: diagrams.Text) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) a text is estimated to cover."""
    left = t.x - t.width / 2 if t.anchor == "middle" else t.x
    return left, t.top, left + t.width, t.top + t.height


def assert_sound(d: Diagram) -> None:
    """What every diagram promises, whatever it shows."""
    picture = Rect(0, 0, d.width, d.height)
    for shape in d.shapes:
        if isinstance(shape, Rect):
            assert picture.contains(shape), (shape, d.width, d.height)
        elif isinstance(shape, diagrams.Circle):
            assert picture.contains(shape.bounds), shape
        else:
            assert all(0 <= px <= d.width and 0 <= py <= d.height for px, py in points(shape.d)), shape
    for a, b in combinations(d.nodes, 2):
        assert not a.overlaps(b), (a, b)
    boxes = []
    for t in d.texts:
        assert picture.contains(t.area), t
        left, top, right, bottom = text_box(t)
        # (a centred text may sit half a unit off its area: its middle is a whole number)
        assert t.area.x - 0.5 <= left and right <= t.area.right + 0.5, (t.lines, t.width, t.area)
        assert t.area.y <= top and bottom <= t.area.bottom, (t.lines, t.height, t.area)
        assert t.size >= 11, t  # readable: at a phone's width one unit is about a CSS pixel
        boxes.append((left, top, right, bottom, t.full))
    for a, b in combinations(boxes, 2):  # texts never run into each other (a unit of rounding apart)
        assert a[2] <= b[0] + 1 or b[2] <= a[0] + 1 or a[3] <= b[1] + 1 or b[3] <= a[1] + 1, (a, b)


def shown(d: Diagram) -> list[str]:
    return [t.full for t in d.texts]


@settings(max_examples=60, deadline=None)
@given(st.lists(labels, min_size=1, max_size=30), st.lists(st.tuples(labels, st.lists(labels, min_size=1, max_size=12)),
                                                           max_size=4), layouts)
def test_steps_stay_in_their_boxes_and_in_order(step_labels, panel_labels, wide):
    panels = [Panel(title, tuple(items)) for title, items in panel_labels]
    d = diagrams.steps(step_labels, panels, wide)
    assert_sound(d)
    assert [t.full for t in d.texts if t.cls != "kb-dg-on-badge"] == \
        [s.text for s in step_labels] + [x.text for p in panels for x in (p.title, *p.items)]
    numbers = [t for t in d.texts if t.cls == "kb-dg-on-badge"]
    assert [t.full for t in numbers] == [str(n) for n in range(1, len(step_labels) + 1)]
    steps = d.nodes[:len(step_labels)]  # in reading order: left to right, then down
    assert all((a.y, a.x) < (b.y, b.x) for a, b in zip(steps, steps[1:], strict=False))
    assert d.width == (diagrams.WIDE if wide else diagrams.NARROW)
    if not wide:  # a phone: one column
        assert len({s.x for s in steps}) == 1


counts = st.one_of(st.none(), st.integers(1, 40))
hours = st.one_of(st.none(), st.floats(0.25, 12, allow_nan=False).map(lambda h: round(h * 4) / 4))


@st.composite
def cells(draw):
    unit = draw(st.sampled_from(["count", "hours"]))
    low, high = (draw(counts), draw(counts)) if unit == "count" else (None, draw(hours))
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Cell(draw(labels), low, high, unit)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(
    st.lists(labels, min_size=n, max_size=n),
    st.lists(st.tuples(labels, st.lists(cells(), min_size=n, max_size=n)), min_size=1, max_size=7),
    st.one_of(st.none(), st.integers(0, n - 1)))), layouts)
def test_formats_side_by_side_stay_in_their_cells(drawn, wide):
    columns, raw_rows, current = drawn
    rows = [Row(label, tuple(row_cells)) for label, row_cells in raw_rows]
    d = diagrams.formats(columns, rows, wide, current)
    assert_sound(d)
    assert set(shown(d)) == {c.text for c in columns} | {r.label.text for r in rows} | \
        {c.words.text for r in rows for c in r.cells}
    heads = [n for n in d.nodes if "kb-dg-head" in n.cls]
    assert len(heads) == len(columns) and len({h.y for h in heads}) == 1  # the formats side by side
    assert [("kb-dg-current" in h.cls) for h in heads] == [i == current for i in range(len(columns))]
    for row_cells in zip(*[iter([n for n in d.nodes if n.cls == "kb-dg-cell"])] * len(columns), strict=True):
        assert len({c.y for c in row_cells}) == 1  # one rule's values on one line


@st.composite
def dates(draw, first=1990, last=2040):
    year = draw(st.integers(first, last))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return PartialDate(year)
    month = draw(st.integers(1, 12))
    if precision == "month":
        return PartialDate(year, month)
    return PartialDate(year, month, draw(st.integers(1, 28)))


@st.composite
def entries(draw):
    start = draw(dates())
    kind = draw(st.sampled_from(["event", "programme"]))
    end = None
    if kind == "programme" and draw(st.booleans()):
        end = draw(dates(first=start.year))
        end = max(end, start)
    return Entry(draw(labels), start, end, kind, draw(st.booleans()))


MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


@settings(max_examples=80, deadline=None)
@given(st.lists(entries(), min_size=1, max_size=12), layouts, st.one_of(st.none(), st.dates(dt.date(1990, 1, 1),
                                                                                           dt.date(2040, 12, 31))))
def test_the_timeline_is_in_date_order_and_stays_in_its_rows(drawn, wide, today):
    d = diagrams.timeline_diagram(drawn, wide, today, Label("today"), MONTHS)
    assert_sound(d)
    ordered = diagrams.order(drawn)
    rows = d.order
    assert len(rows) == len(drawn)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)  # by date
    assert all(a[1] < b[1] for a, b in zip(rows, rows[1:], strict=False))  # each below the one before
    assert all(a[2] <= b[2] for a, b in zip(rows, rows[1:], strict=False))  # and no further left
    labels_shown = [t.full for t in d.texts if "kb-dg-muted" not in t.cls]
    assert labels_shown == [e.label.text for e in ordered]
    years = {str(y) for e in drawn for y in (e.start.year, e.end.year if e.end else e.start.year)}
    scale = [t.full for t in d.texts if "kb-dg-scale" in t.cls and "kb-dg-axis-label" not in t.cls]
    assert scale[0] == min(years) and scale == sorted(scale)  # the axis starts labelled, years in order


def test_text_widths_are_measured_generously():
    """The estimate is never below the advance widths of DejaVu Sans, the widest common sans-serif
    (a few of its widths per em, from the font: i 0.278, o 0.612, m 0.974, W 0.989, digits 0.636)."""
    dejavu = {"i": 0.278, "o": 0.612, "m": 0.974, "W": 0.989, "0": 0.636, "M": 0.863, " ": 0.318, "e": 0.615}
    for character, em in dejavu.items():
        assert diagrams.text_width(character, 100) >= em * 100, character
    assert diagrams.text_width("ab", 10, bold=True) > diagrams.text_width("ab", 10)


def test_a_word_wider_than_its_box_is_set_smaller_before_it_is_cut():
    lines, size = diagrams.fit("arbeidsparticipatietrajecten", 170, 14)
    assert lines == ["arbeidsparticipatietrajecten"] and size < 14
    lines, size = diagrams.fit("x" * 80, 100, 14)
    assert size == 11 and len(lines) > 1 and "".join(lines) == "x" * 80


# -- on the built site ----------------------------------------------------------------------


def diagram_pages() -> dict[str, list[tuple[str, str]]]:
    """(URL, language) of every page that shows each diagram, in every language: the pages of the
    methods (template kb/method.html), of the formats, and the programmes' index."""
    site = model()
    every = [p for p in site.pages]
    method_pages = [p for p in every if p.meta.get("template") == "kb/method.html"]
    format_pages = [p for p in every if p.meta.get("format")]
    section = next(s for s in site.sections.values() if s.kind == "programmes")
    return {
        "method": [(written_page_url(p), written_page_language(p)) for p in method_pages],
        "formats": [(written_page_url(p), written_page_language(p)) for p in format_pages],
        "timeline": [("/" + ("" if lang == site.default_language else f"{lang}/") + section.path, lang)
                     for lang in site.languages],
    }


CASES = [(name, url, lang) for name, pages in diagram_pages().items() for url, lang in pages]


def test_every_diagram_has_its_pages_in_every_language():
    site = model()
    pages = diagram_pages()
    assert written_pages(lambda p: p.meta.get("template") == "kb/method.html"), "no page shows a method"
    for name, found in pages.items():
        assert {lang for _, lang in found} == set(site.languages), (name, found)


def figure(site: BuiltSite, url: str, name: str) -> html.HtmlElement:
    page = site.page(url)
    ids = {"method": "kb-dg-method-", "formats": "kb-dg-formats", "timeline": "kb-dg-timeline"}
    found = [s for s in page.xpath('//section[contains(@class, "kb-diagram")]')
             if s.get("aria-labelledby", "").startswith(ids[name])]
    assert len(found) == 1, f"{url}: {len(found)} {name} diagrams"
    return found[0]


def without_glosses(text: str) -> str:
    for gloss in real_settings().gloss_once:  # the page shows a gloss once (kennisbank.gloss)
        text = text.replace(gloss.strip(), "")
    return re.sub(r"\s+", "", text)


def language_marker(key: str, language: str) -> str:
    """The words of an interface string before its first placeholder: they start a text in that language."""
    return strings.interface_string(key, language, model().default_language).value.split("{")[0].strip()


DESCRIPTIONS = {"method": "diagram_steps_desc", "formats": "diagram_formats_desc", "timeline": "diagram_timeline_desc"}


@pytest.mark.parametrize("name,url,language", CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_a_diagram_is_valid_svg_named_and_described_in_the_page_language(site: BuiltSite, name, url, language):
    section = figure(site, url, name)
    assert site.page(url).get("lang") == language
    svgs = section.xpath('.//svg[contains(@class, "kb-dg--wide") or contains(@class, "kb-dg--narrow")]')
    assert sorted(s.get("class").split()[-1] for s in svgs) == ["kb-dg--narrow", "kb-dg--wide"]
    heading = " ".join(section.xpath("string(h2)").split())
    prefix = section.get("aria-labelledby")
    sources = [s for s in re.findall(r"<svg class=\"kb-dg kb-dg--(?:wide|narrow)\".*?</svg>", site.text(url), re.S)
               if f'aria-labelledby="{prefix}-' in s]
    assert len(sources) == len(svgs) == 2
    for source in sources:  # as written in the page, not as an HTML parser reads it
        parsed = etree.fromstring(source.encode())  # well-formed XML, as SVG is
        assert etree.QName(parsed).localname == "svg"
        assert parsed.get("role") == "img" and re.fullmatch(r"0 0 \d+ \d+", parsed.get("viewBox"))
        title = parsed.find(f'title[@id="{parsed.get("aria-labelledby")}"]')
        desc = parsed.find(f'desc[@id="{parsed.get("aria-describedby")}"]')
        assert title is not None and desc is not None, url
        assert " ".join(title.text.split()) == heading
        assert desc.text.startswith(language_marker(DESCRIPTIONS[name], language)), (url, desc.text)
        assert not parsed.xpath("//*[local-name()='script' or local-name()='foreignObject' or @href]")
        assert not [a for el in parsed.iter() for a in el.attrib if a.startswith("on") or a == "style"]
        for t in parsed.iter("text"):  # a label in another language than the page's says so
            if t.get("lang"):
                assert t.get("lang") in model().languages and t.get("lang") != language


@pytest.mark.parametrize("name,url,language", CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_every_label_of_a_diagram_is_in_its_text_equivalent(site: BuiltSite, name, url, language):
    """The diagram is never the only place a fact is: what it labels, the list, the table or the
    legend beside it says too (a scale's month names excepted)."""
    section = figure(site, url, name)
    picture = section.xpath('.//div[contains(@class, "kb-diagram__picture")]')[0]
    texts = [t for svg in picture.iter("svg") for t in svg.iter("text")]
    labels_ = {"".join(t.itertext()) for t in texts if not {"kb-dg-axis-label", "kb-dg-on-badge"} & set(t.classes)}
    numbers = {int(t.text) for t in texts if "kb-dg-on-badge" in t.classes}  # a step's number: its place in the list
    assert labels_, url
    picture.getparent().remove(picture)
    beside = without_glosses(section.text_content())
    missing = sorted(label for label in labels_ if without_glosses(label) not in beside)
    if numbers:
        assert numbers == set(range(1, len(section.xpath(".//ol/li")) + 1)), url
    assert missing == [], f"{url}: labelled in the diagram only: {missing}"


def test_diagrams_add_little_weight(site: BuiltSite, capsys):
    """Both layouts of a diagram, inline, weigh a few kilobytes (printed per page)."""
    weights = {}
    for _, url, _ in CASES:
        page = site.text(url)
        svgs = re.findall(r"<svg class=\"kb-dg kb-dg--(?:wide|narrow)\".*?</svg>", page, re.S)
        weights[url] = sum(len(s.encode()) for s in svgs)
        assert weights[url] < 24_000, (url, weights[url])
    with capsys.disabled():
        print("\ninline SVG per page (bytes):", ", ".join(f"{u} {w}" for u, w in sorted(weights.items())))


# -- the data of a method -------------------------------------------------------------------

METHOD = """\
- id: circles
  title: {en: Circles, nl: Cirkels}
  steps:
    - title: {en: Ask, nl: Vraag}
      text: {en: Ask a question.}
    - title: {nl: Kijk}
  alongside:
    - title: {en: Always}
      items: [{en: care}, {nl: zorg}]
"""
PAGE = "---\ntitle: Circles\ntemplate: kb/method.html\nmethod: {method}\n---\nText.\n"


def problems(tmp_path: Path, edits: dict[str, str]) -> list[str]:
    from kennisbank import engine
    from kennisbank.config import Settings

    root = copy_fixture(tmp_path / f"project-{len(list(tmp_path.iterdir()))}")
    for rel, text in edits.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    settings_ = Settings(root, root / "docs", root / "data", ("en", "nl"), "en", "https://fixture.example.org/")
    try:
        engine.load(settings_)
    except ContentError as e:
        return [str(p) for p in e.problems]
    return []


def test_a_step_without_text_in_the_default_language_is_refused_with_its_line(tmp_path):
    found = problems(tmp_path, {"data/methods.yml": METHOD, "docs/about/circles.md": PAGE.format(method="circles")})
    assert [p.split(":")[:2] for p in found] == [["data/methods.yml", "6"], ["data/methods.yml", "9"]], found
    assert all("'en'" in p or " en" in p for p in found), found


def test_a_page_naming_an_unknown_method_is_refused(tmp_path):
    good = METHOD.replace("    - title: {nl: Kijk}\n", "").replace("[{en: care}, {nl: zorg}]", "[{en: care}]")
    assert problems(tmp_path, {"data/methods.yml": good, "docs/about/circles.md": PAGE.format(method="circles")}) == []
    found = problems(tmp_path, {"data/methods.yml": good, "docs/about/circles.md": PAGE.format(method="squares")})
    assert len(found) == 1 and found[0].startswith("docs/about/circles.md:") and "squares" in found[0], found
    without = "---\ntitle: Circles\ntemplate: kb/method.html\n---\nText.\n"
    found = problems(tmp_path, {"data/methods.yml": good, "docs/about/circles.md": without})
    assert len(found) == 1 and "'method'" in found[0], found
