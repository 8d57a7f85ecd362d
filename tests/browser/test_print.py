"""Handouts on paper: Chromium prints an outcome page to A4 PDF (pypdf reads it back) as one page
with the title, the statement and the permanent URL, without the site's header, navigation or
footer; an event's handouts page prints one outcome per page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from support import BuiltSite, build, copy_fixture

pytestmark = pytest.mark.browser


def _squash(text: str) -> str:
    """Text without whitespace: a PDF breaks long titles and URLs over lines."""
    return re.sub(r"\s+", "", text)


def printed(page: Page) -> list[str]:
    """The text of each A4 page when the open page is printed."""
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return [p.extract_text() for p in reader.pages]


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
