"""The site works in a real Chromium: renders, switches language, stays on its own host."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_home_renders_in_dutch_without_errors_or_foreign_requests(visit):
    v = visit("/")
    assert v.page.locator("html").get_attribute("lang") == "nl"
    assert v.page.locator("h1").first.inner_text().strip() != ""
    assert v.page.locator("#kb-latest").is_visible()  # the newest items ("new" or "most recent": by the build date)
    assert v.foreign_requests == []
    assert v.console_errors == []


def test_language_switcher_leads_to_the_twin_page(visit):
    v = visit("/praktijkverhalen/werkplaats-almere/")
    page = v.page
    page.locator(".md-header__option .md-select").first.hover()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_url(re.compile(r"^http://[^/]+/en/praktijkverhalen/werkplaats-almere/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Almere" in page.locator("h1").inner_text()
    assert v.foreign_requests == []
    assert v.console_errors == []


def test_switcher_works_with_the_keyboard(visit):
    v = visit("/en/themas/arbeidsparticipatie-en-schulden/")
    page = v.page
    for _ in range(40):  # Tab through the header until the Dutch link has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('hreflang')") == "nl":
            break
    else:
        raise AssertionError("the Dutch language link cannot be reached with Tab")
    assert page.locator('a.md-select__link[hreflang="nl"]').is_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^http://[^/]+/themas/arbeidsparticipatie-en-schulden/$"))
    assert "/en/" not in page.url
    assert page.locator("html").get_attribute("lang") == "nl"


def test_unknown_path_gets_the_404_of_its_language(visit):
    nl = visit("/bestaat-niet/")
    assert nl.page.locator("h1").inner_text() == "Pagina niet gevonden"
    en = visit("/en/does-not-exist/")
    assert en.page.locator("h1").inner_text() == "Page not found"
    assert en.page.locator("html").get_attribute("lang") == "en"
    assert nl.foreign_requests == [] and en.foreign_requests == []


def test_generated_page_renders_on_a_phone(visit):
    v = visit("/en/trajecten/werkplaats-almere/", viewport={"width": 360, "height": 740}, is_mobile=True)
    page = v.page
    assert page.get_by_role("heading", name="Outcomes").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page scrolls sideways: {width}px"
    assert v.console_errors == [] and v.foreign_requests == []
