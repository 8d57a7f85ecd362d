"""Search in a real Chromium: Dutch and English queries (whole words and stems),
filters set through the URL, announced result counts, language separation,
list filters, the header search and the page without JavaScript."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from real_site import first, model, records, sections, text, url_of

from support import BuiltSite, until

pytestmark = pytest.mark.browser


def _results(v) -> list[str]:
    """Result paths after the search has settled (the status announces the count)."""
    page = v.page
    # (selectors, not wait_for_function: pages carry the CSP in a <meta>, which forbids the eval it uses)
    page.locator(".kb-search__status").filter(has_text=re.compile(r"\S")).wait_for()
    page.wait_for_selector(".kb-results:not([aria-busy])", state="attached")
    return [urlsplit(h).path for h in page.eval_on_selector_all(".kb-result__title a", "els => els.map(a => a.href)")]


def _count(v) -> int:
    text = v.page.locator(".kb-search__status").inner_text()
    found = re.search(r"\d+", text)
    return int(found.group()) if found else 0


def _item_to_find():
    """(query, theme id, type id) that find at least one item: a word of its title, its theme, its type."""
    item = first(model().items.values(), "item with a theme", lambda i: bool(i.themes))
    words = re.findall(r"[^\W\d_]+", text(item.title, model().default_language))
    return max(words, key=len).lower(), item.themes[0].id, item.type.id


def _listing_with_types():
    """A content section with items of more than one type, and the first type that has items."""
    def used(section) -> list:
        return [t for t in section.types if any(i.type is t for i in model().items_in(section.id))]

    section = first(sections("content"), "content section with items of two types", lambda s: len(used(s)) > 1)
    return section, used(section)[0]


def _clean(*visits) -> None:
    for v in visits:
        assert v.foreign_requests == [], v.foreign_requests
        assert v.console_errors == [], v.console_errors


def test_dutch_whole_word_and_stem_find_the_same_dutch_pages(visit, site: BuiltSite):
    whole = visit("/zoeken/?q=schulden")
    stem = visit("/zoeken/?q=schuld")
    found_whole, found_stem = _results(whole), _results(stem)
    assert found_whole, "the whole word 'schulden' finds nothing"
    assert _count(whole) == _count(stem) >= len(found_whole)
    assert set(found_whole) == set(found_stem)
    assert all(not p.startswith("/en/") for p in found_whole + found_stem), "English page in Dutch results"
    assert "schuld" in site.text(found_whole[0]).lower()  # the stem: "schuldhulp" matches "schulden" too
    _clean(whole, stem)


def test_english_search_returns_english_pages_only(visit):
    plural = visit("/en/zoeken/?q=debts")
    singular = visit("/en/zoeken/?q=debt")
    found = _results(plural)
    assert found and set(found) == set(_results(singular))
    assert all(p.startswith("/en/") for p in found), "Dutch page in English results"
    assert plural.page.locator("html").get_attribute("lang") == "en"
    _clean(plural, singular)


def test_filters_in_the_url_narrow_the_results_and_are_shown(visit, site: BuiltSite):
    query, theme, kind = _item_to_find()
    v = visit(f"/zoeken/?q={query}&thema={theme}&type={kind}")
    found = _results(v)
    assert found and len(found) == _count(v)
    assert v.page.locator("#kb-search-theme").input_value() == theme
    assert v.page.locator("#kb-search-type").input_value() == kind
    for path in found:
        head = site.page(path)
        assert theme in head.xpath('//meta[@data-pagefind-filter="theme[content]"]/@content'), path
        assert head.xpath('//meta[@data-pagefind-filter="type[content]"]/@content') == [kind], path
    # every filter shows counts
    option = v.page.locator(f"#kb-search-type option[value='{kind}']").inner_text()
    assert re.search(r"\(\d+\)$", option), option
    _clean(v)


def test_changing_a_filter_updates_the_url_and_announces_the_count(visit):
    v = visit("/zoeken/?q=schulden")
    page = v.page
    before = _count(v)
    status = page.locator(".kb-search__status")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    value = page.eval_on_selector("#kb-search-type", "s => [...s.options].find(o => o.value && / \\([1-9]\\d*\\)$/.test(o.text)).value")
    page.select_option("#kb-search-type", value)
    until(page, f"new URLSearchParams(location.search).get('type') === '{value}'")
    until(page, f"document.querySelector('.kb-search__status').textContent.match(/\\d+/) && "
                           f"+document.querySelector('.kb-search__status').textContent.match(/\\d+/)[0] !== {before}")
    assert 0 < _count(v) < before
    assert parse_qs(urlsplit(page.url).query) == {"q": ["schulden"], "type": [value]}
    _clean(v)


def test_filters_work_with_the_keyboard_alone(visit):
    v = visit("/zoeken/?q=schulden")
    page = v.page
    until(page, "document.querySelector('.kb-search__status').textContent.match(/\\d/)")
    for _ in range(60):  # Tab from the top of the page to the type filter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "kb-search-type":
            break
    else:
        raise AssertionError("the type filter cannot be reached with Tab")
    page.keyboard.press("ArrowDown")
    until(page, "new URLSearchParams(location.search).get('type')")
    assert v.console_errors == [] and v.foreign_requests == []


def test_generated_pages_are_findable_by_type(visit):
    v = visit("/zoeken/?type=uitkomsten")
    found = _results(v)
    assert found and all(p.startswith("/uitkomsten/") for p in found)
    _clean(v)


def test_header_search_leads_to_the_search_page_with_the_query(visit):
    v = visit("/en/nieuws/")
    page = v.page
    page.get_by_role("searchbox", name="Search terms").first.fill("debts")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/zoeken/\?q=debts$"))
    assert _results(v)
    _clean(v)


def test_listing_filter_narrows_cards_and_keeps_state_in_the_url(visit, site: BuiltSite):
    section, kind = _listing_with_types()
    cards = site.page(url_of(section.path)).xpath('//div[@id="kb-list"]//li[contains(@class,"kb-card")]')
    v = visit(f"{url_of(section.path)}?type={kind.id}")
    page = v.page
    shown = page.locator("#kb-list li.kb-card:visible")
    assert 0 < shown.count() < len(cards)
    label = text(kind.label, model().default_language)
    assert all(label in t for t in page.locator("#kb-list li.kb-card:visible .kb-card__meta").all_inner_texts())
    status = page.locator("form[data-kb-filter] [role=status]")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == f"{shown.count()} van {len(cards)} getoond"
    page.select_option("#kb-list-type", "")
    assert page.locator("#kb-list li.kb-card:visible").count() == len(cards)
    assert "type=" not in page.url
    _clean(v)


def test_without_javascript_the_pages_offer_browse_links_and_full_lists(visit, site: BuiltSite):
    search = visit("/zoeken/?q=schulden", java_script_enabled=False)
    theme = text(first(records("themes"), "theme").title, model().default_language)
    assert search.page.get_by_role("link", name=theme).first.is_visible()
    assert search.page.locator("nav.kb-browse a").count() >= 6
    section, kind = _listing_with_types()
    listing = visit(f"{url_of(section.path)}?type={kind.id}", java_script_enabled=False)
    total = len(site.page(url_of(section.path)).xpath('//div[@id="kb-list"]//li[contains(@class,"kb-card")]'))
    assert listing.page.locator("#kb-list li.kb-card:visible").count() == total
    _clean(search, listing)


def test_search_page_fits_a_phone(visit):
    query, theme, _ = _item_to_find()
    v = visit(f"/zoeken/?q={query}&thema={theme}", viewport={"width": 360, "height": 740}, is_mobile=True)
    assert _results(v)
    assert v.page.evaluate("document.documentElement.scrollWidth") <= 360
    _clean(v)
