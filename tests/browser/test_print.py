"""Handouts on paper: Chromium prints an outcome page to A4 PDF (pypdf reads it back) as one page
with the title, the statement and the permanent URL, without the site's header, navigation or
footer; an event's handouts page prints one outcome per page. On the real site, every meeting that
presents outcomes prints, in each language, one handout per outcome with the site's identity, the
outcome's permanent URL whole on one line and its QR code, which decodes to that URL."""

from __future__ import annotations

import base64
import io
import re
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

import pytest
import zxingcpp
from playwright.sync_api import Browser, Page
from pypdf import PdfReader
from pypdf.generic import ContentStream
from test_qr import _GREY

from kennisbank import engine, urls
from kennisbank.adapter import load_settings
from kennisbank.model import Event, Site
from support import ROOT, BuiltSite, build, copy_fixture

pytestmark = pytest.mark.browser


def _squash(text: str) -> str:
    """Text without whitespace: a PDF breaks long titles and URLs over lines."""
    return re.sub(r"\s+", "", text)


def printed_pdf(page: Page) -> PdfReader:
    """The open page printed on A4."""
    return PdfReader(io.BytesIO(page.pdf(format="A4")))


def printed(page: Page) -> list[str]:
    """The text of each A4 page when the open page is printed."""
    return [p.extract_text() for p in printed_pdf(page).pages]


def _longest_outcome_pages(site: BuiltSite) -> list[str]:
    """Per language, the outcome page with the most text: the hardest to fit on one page."""
    outcomes = [p for p in site.pages() if site.exists(p + "qr.svg") and "kb-statement" in site.text(p)]
    assert len(outcomes) >= 10  # every outcome, in both languages
    longest: dict[str, tuple[int, str]] = {}
    for path in outcomes:
        tree = site.page(path)
        size = len(tree.xpath("string(//article)"))
        longest[tree.get("lang")] = max(longest.get(tree.get("lang"), (0, "")), (size, path))
    return [path for _, path in longest.values()]


def test_outcome_pages_print_as_a_one_page_handout(site: BuiltSite, visit):
    footer = site.page("/").xpath("string(//*[contains(@class, 'md-copyright')])").strip()
    assert footer
    for path in _longest_outcome_pages(site):
        tree = site.page(path)
        title = tree.xpath("string(//h1)").strip()
        url = tree.xpath('//link[@rel="canonical"]/@href')[0]
        statement = tree.xpath("string(//section[@class='kb-statement'])").strip()
        v = visit(path)
        pages = printed(v.page)
        assert len(pages) == 1, f"{path} prints on {len(pages)} pages"
        text = _squash(pages[0])
        for expected in (title, url, statement):
            assert _squash(expected) in text, f"{path}: {expected!r} not printed"
        assert _squash(footer) not in text and "Zoeken" not in pages[0].split(title)[0]
        v.page.emulate_media(media="print")
        qr = v.page.locator("img.kb-permalink__qr")
        box = qr.bounding_box()
        assert qr.is_visible() and box and box["width"] >= 120, f"{path}: QR code too small to scan on paper"
        assert v.page.locator(".md-header").is_hidden() and v.page.locator(".md-footer").is_hidden()
        assert v.console_errors == [] and v.foreign_requests == []


@pytest.fixture(scope="module")
def meeting_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The fixture site with a second outcome presented at its dated meeting (closing)."""
    project = copy_fixture(tmp_path_factory.mktemp("handouts") / "project")
    outcomes = project / "data" / "outcomes.yml"
    outcomes.write_text(outcomes.read_text(encoding="utf-8") + (
        "- id: shared-pumps\n"
        "  title: {en: Pumps shared between streets, nl: Pompen gedeeld tussen straten}\n"
        "  statement: {en: Streets now lend each other their pumps when the water rises.}\n"
        "  programme: circle-a\n"
        "  organisations: [town-a]\n"
        "  source: stories/dry-feet\n"), encoding="utf-8")
    events = project / "data" / "events.yml"
    text = events.read_text(encoding="utf-8")
    assert "outcomes: [dry-cellars]" in text
    events.write_text(text.replace("outcomes: [dry-cellars]", "outcomes: [dry-cellars, shared-pumps]"), encoding="utf-8")
    result = build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return BuiltSite(project / "site", result.stderr)


@pytest.mark.parametrize("prefix", ["", "nl/"])
def test_handouts_page_prints_one_outcome_per_page(browser: Browser, meeting_site: BuiltSite, prefix: str):
    path = f"/{prefix}meetings/closing/handouts/"
    tree = meeting_site.page(path)
    handouts = tree.xpath('//article[@class="kb-handout"]')
    assert len(handouts) == 2
    expected = [(h.xpath("string(h2)").strip(), h.xpath("string(.//figure//a/@href)")) for h in handouts]
    page = browser.new_page()
    try:
        page.goto(Path(meeting_site.path(path)).as_uri())
        pages = printed(page)
    finally:
        page.close()
    assert len(pages) == len(expected)
    page_title = tree.xpath("string(//h1)").strip()
    for text, (title, url) in zip(pages, expected, strict=False):
        assert _squash(title) in _squash(text) and _squash(url) in _squash(text)
        assert _squash(page_title) not in _squash(text)  # the screen heading is not printed
        assert url.startswith("https://fixture.example.org/") and url.endswith("/")


# -- handouts of the real site's meetings -----------------------------------------------------

A4_TEXT_WIDTH = 658  # CSS px between the side margins of print.css (@page: 210 mm - 2 x 18 mm)


def _shown(text: dict[str, str], language: str, default: str) -> str:
    return text.get(language) or text[default]


def _qr_codes(page: Page, png: bytes) -> list[str]:
    """The texts of the QR codes in a screenshot (Chromium turns it into grey levels, see test_qr)."""
    width, height, grey = page.evaluate(_GREY, base64.b64encode(png).decode())
    pixels = memoryview(bytearray(base64.b64decode(grey))).cast("B", shape=[height, width])
    return [r.text for r in zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)]


def _vector_moves(reader: PdfReader, number: int) -> int:
    """How many paths a printed page starts: a QR code drawn as vectors starts hundreds."""
    page = reader.pages[number]
    return sum(op == b"m" for _, op in ContentStream(page.get_contents(), reader).operations)


@cache
def _model() -> Site:
    """The engine's model of the real site's data/."""
    return engine.load(load_settings(str(ROOT / "mkdocs.yml"))).site


def _meetings_with_handouts() -> list[tuple[str, str]]:
    """(language, event id) of each meeting of the real site that presents outcomes, in every
    language: read from data/ by the engine, not listed here."""
    model = _model()
    return [(language, event.id) for event in model.events.values() if event.outcomes for language in model.languages]


def _handouts_path(event: Event, language: str) -> str:
    """The site path of a meeting's handouts page in a language: /bijeenkomsten/<id>/handouts/."""
    return "/" + urls.in_language(event.path, language, _model().default_language) + "handouts/"


def test_real_meetings_have_handouts_in_every_language(site: BuiltSite):
    model = _model()
    meetings = [e for e in model.events.values() if e.outcomes]
    assert meetings, "no meeting in data/events.yml presents an outcome: there are no handouts to print"
    for event in meetings:
        for language in model.languages:
            path = _handouts_path(event, language)
            assert site.exists(path), f"{path} was not built"
            meeting = path.removesuffix("handouts/")
            assert any(urljoin(meeting, h) == path for h in site.page(meeting).xpath("//a/@href")), \
                f"{meeting} does not link its handouts"
            assert len(site.page(path).xpath('//article[@class="kb-handout"]')) == len(event.outcomes)


@pytest.mark.parametrize("language, event_id", _meetings_with_handouts())
def test_real_handouts_print_each_outcome_whole_with_identity_url_and_qr_code(site: BuiltSite, visit, language: str,
                                                                               event_id: str):
    model = _model()
    default = model.default_language
    glosses = load_settings(str(ROOT / "mkdocs.yml")).gloss_once
    event = model.events[event_id]
    path = _handouts_path(event, language)
    tree = site.page(path)
    site_name = tree.xpath('string(//meta[@property="og:site_name"]/@content)').strip()
    assert site_name
    v = visit(path, viewport={"width": A4_TEXT_WIDTH, "height": 900})
    reader = printed_pdf(v.page)
    pages = [p.extract_text() for p in reader.pages]
    assert len(pages) >= len(event.outcomes), f"{path}: {len(event.outcomes)} outcomes on {len(pages)} pages"

    expected = []
    where = []
    for outcome in event.outcomes:
        outcome_path = "/" + urls.in_language(outcome.path, language, default)
        url = site.page(outcome_path).xpath('//link[@rel="canonical"]/@href')[0]
        expected.append(url)
        # The URL as one unbroken string: not broken over lines, nor anywhere else.
        on = [n for n, text in enumerate(pages) if url in text]
        assert len(on) == 1, f"{path}: {url} is printed whole on {len(on)} pages, not on exactly one"
        text = pages[on[0]]
        where.append(on[0])
        assert _squash(site_name) in _squash(text), f"{path}, page {on[0] + 1}: no site name"
        texts = [outcome.title, outcome.statement, event.title, *([outcome.programme.title] if outcome.programme else [])]
        for shown in (_shown(value, language, default) for value in texts):
            # a gloss ("workshop (werkplaats)") stands once per handout (kennisbank.gloss): later ones are left out
            plain = shown
            for term in glosses:
                plain = plain.replace(term, "")
            assert _squash(shown) in _squash(text) or _squash(plain) in _squash(text), \
                f"{path}, page {on[0] + 1}: {shown!r} not printed"
        assert _vector_moves(reader, on[0]) >= 100, f"{path}, page {on[0] + 1}: no QR code drawn"
    assert where == sorted(set(where)), f"{path}: the outcomes do not each start a page of their own, in order"

    # As printed: each handout shows the logo, and its QR code, big enough for paper, reads as the URL.
    v.page.emulate_media(media="print")
    handouts = v.page.locator("article.kb-handout")
    assert handouts.count() == len(event.outcomes)
    for number, url in enumerate(expected):
        handout = handouts.nth(number)
        logo = handout.locator("img.kb-handout__logo")
        assert logo.is_visible() and logo.evaluate("img => img.complete && img.naturalWidth > 0"), f"{path}: no logo"
        qr = handout.locator("img.kb-permalink__qr")
        box = qr.bounding_box()
        assert qr.is_visible() and box and box["width"] >= 120, f"{path}: QR code of {url} too small to scan on paper"
        assert _qr_codes(v.page, handout.screenshot()) == [url], f"{path}: the QR code does not read {url}"
        # One line, within the width of A4's text: shrunk if long, never cut off at the margin.
        link = handout.locator("a.kb-permalink__url")
        lines, width = link.evaluate("a => { const r = document.createRange(); r.selectNodeContents(a);"
                                     " const tops = [...r.getClientRects()].map(box => Math.round(box.top));"
                                     " return [new Set(tops).size, r.getBoundingClientRect().width]; }")
        assert lines == 1 and width <= A4_TEXT_WIDTH, f"{path}: {url} takes {lines} lines, {width:.0f}px"
    assert v.console_errors == [] and v.foreign_requests == []
