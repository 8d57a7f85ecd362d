"""The site works in a real Chromium: renders, switches language, stays on its own host."""

from __future__ import annotations

import re

import pytest
from real_site import first, items_of_type, records, text, url_of

from kennisbank.strings import interface_string
from support import languages

pytestmark = pytest.mark.browser


def test_home_renders_in_dutch_without_errors_or_foreign_requests(visit):
    v = visit("/")
    assert v.page.locator("html").get_attribute("lang") == "nl"
    assert v.page.locator("h1").first.inner_text().strip() != ""
    assert v.page.locator("#kb-latest").is_visible()  # the newest items ("new" or "most recent": by the build date)
    assert v.foreign_requests == []
    assert v.console_errors == []


def test_language_switcher_leads_to_the_twin_page(visit):
    story = first(items_of_type("praktijkverhaal"), "case story")
    other = languages()[-1]
    v = visit(url_of(story.path))
    page = v.page
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(f'a.md-select__link[hreflang="{other}"]').click()
    page.wait_for_url(re.compile(rf"^http://[^/]+{re.escape(url_of(story.path, other))}$"))
    assert page.locator("html").get_attribute("lang") == other
    title = text(story.title, other)
    assert page.locator("h1").inner_text().strip() == title
    assert v.foreign_requests == []
    assert v.console_errors == []


def test_switcher_works_with_the_keyboard(visit):
    theme = first(records("themes"), "theme")
    default, other = languages()[0], languages()[-1]
    v = visit(url_of(theme.path, other))
    page = v.page
    for _ in range(40):  # Tab through the header until the link to the first language has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('hreflang')") == default:
            break
    else:
        raise AssertionError(f"the '{default}' language link cannot be reached with Tab")
    assert page.locator(f'a.md-select__link[hreflang="{default}"]').is_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"^http://[^/]+{re.escape(url_of(theme.path))}$"))
    assert f"/{other}/" not in page.url
    assert page.locator("html").get_attribute("lang") == default


def test_unknown_path_gets_the_404_of_its_language(visit):
    nl = visit("/bestaat-niet/")
    assert nl.page.locator("h1").inner_text() == "Pagina niet gevonden"
    en = visit("/en/does-not-exist/")
    assert en.page.locator("h1").inner_text() == "Page not found"
    assert en.page.locator("html").get_attribute("lang") == "en"
    assert nl.foreign_requests == [] and en.foreign_requests == []


def test_generated_page_renders_on_a_phone(visit):
    programme = first(records("programmes"), "programme with outcomes", lambda p: bool(p.outcomes))
    language = languages()[-1]
    v = visit(url_of(programme.path, language), viewport={"width": 360, "height": 740}, is_mobile=True)
    page = v.page
    heading = interface_string("outcomes", language, languages()[0]).value
    assert page.get_by_role("heading", name=heading).is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page scrolls sideways: {width}px"
    assert v.console_errors == [] and v.foreign_requests == []
