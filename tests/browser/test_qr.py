"""QR codes read back like a phone would: Chromium renders each published qr.svg, zxing-cpp decodes
the screenshot, and the text must be exactly the permanent URL of the page next to it. Also: a page
with feed links in its head loads without a single failed request or console error."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import zxingcpp
from playwright.sync_api import Browser, Page
from real_site import first, model, records, url_of

from support import BuiltSite, home, languages

pytestmark = pytest.mark.browser

# Chromium decodes its own PNG screenshot into grey levels (no imaging library needed in Python).
_GREY = """async (png) => {
  const img = new Image();
  img.src = "data:image/png;base64," + png;
  await img.decode();
  const canvas = new OffscreenCanvas(img.width, img.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const rgba = ctx.getImageData(0, 0, img.width, img.height).data;
  let grey = "";
  for (let i = 0; i < rgba.length; i += 4) grey += String.fromCharCode(rgba[i + 1]);
  return [img.width, img.height, btoa(grey)];
}"""


def decode(page: Page, svg: Path) -> list[str]:
    """The texts of the QR codes in an SVG file, as rendered by Chromium."""
    page.goto(svg.as_uri())
    png = base64.b64encode(page.screenshot()).decode()
    width, height, grey = page.evaluate(_GREY, png)
    pixels = memoryview(bytearray(base64.b64decode(grey))).cast("B", shape=[height, width])
    return [r.text for r in zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)]


@pytest.mark.parametrize("which", ["site", "fixture_site"])
def test_every_qr_code_decodes_to_the_permanent_url_of_its_page(browser: Browser, request: pytest.FixtureRequest,
                                                                which: str):
    built: BuiltSite = request.getfixturevalue(which)
    codes = sorted(built.root.rglob("qr.svg"))
    pages = [p.parent / "index.html" for p in codes]
    assert len(codes) >= 4 and all(p.is_file() for p in pages)
    page = browser.new_page(viewport={"width": 200, "height": 200})
    try:
        for svg, html_file in zip(codes, pages, strict=False):
            url = built.page("/" + html_file.relative_to(built.root).parent.as_posix() + "/") \
                .xpath('//link[@rel="canonical"]/@href')[0]
            assert decode(page, svg) == [url], svg.relative_to(built.root).as_posix()
    finally:
        page.close()


def _pages_with_feed_links() -> list[str]:
    """A theme (it has feeds of its own) in every language and an outcome, picked from the content."""
    theme, outcome = first(records("themes"), "theme"), first(records("outcomes"), "outcome")
    return [*(url_of(theme.path, language) for language in reversed(languages())), url_of(outcome.path, languages()[-1])]


@pytest.mark.parametrize("path", _pages_with_feed_links())
def test_page_with_feed_links_has_no_failed_request_or_console_error(browser: Browser, server: str, path: str):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    failed: list[str] = []
    sitemaps: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(r.url))

    def seen(response) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")
        if response.url.endswith("/sitemap.xml"):
            sitemaps.append(response.url[len(server):])

    page.on("response", seen)
    try:
        page.goto(server + path, wait_until="networkidle")
        feeds = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
        assert feeds.count() >= 1
        language_root = next((home(lang) for lang in languages() if path.startswith(home(lang)) and home(lang) != "/"), "/")
        # Material asked for a sitemap next to every feed, and each one was there.
        themes = next(s for s in model().sections.values() if s.kind == "themes")
        is_theme = any(path.startswith(url_of(themes.path, lang)) for lang in languages())
        expected = {language_root + "sitemap.xml"} | ({path + "sitemap.xml"} if is_theme else set())
        assert expected <= set(sitemaps)
        assert failed == [] and errors == []
    finally:
        context.close()
