"""The search page as a finder, in a real Chromium on a phone (390 px) and on a laptop (1366 px):
the filters behind a "Filters (n)" button on a phone with the first result on the first screen,
the chosen filters as buttons that remove them, the count announced once, newest first, no
filter option that gives nothing, clearing the filters keeps the query, the language switch
keeps query and filters, no layout shift, the header search on a phone, "Meer resultaten",
and the list filters' button on a phone. (tests/browser/test_search.py: what is found.)"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from real_site import first, model, sections, settings, text, url_of

from support import ROOT, BuiltSite, still, until

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
SCREENS = pytest.mark.parametrize("screen", [PHONE, LAPTOP], ids=["390px", "1366px"])
P = settings().search_parameters
NL = yaml.safe_load((ROOT / "hooks/kennisbank/strings/nl.yml").read_text(encoding="utf-8"))
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
# Layout shifts, as Chromium reports them (Cumulative Layout Shift), and every text the status is given.
PROBES = """
window.__cls = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
  .observe({type: 'layout-shift', buffered: true});
window.__said = [];
document.addEventListener('DOMContentLoaded', () => {
  const status = document.querySelector('.kb-search__status');
  if (status) new MutationObserver(() => window.__said.push(status.textContent))
    .observe(status, {childList: true, characterData: true, subtree: true});
});
"""
# A slow script: the page is painted before kb-search.js runs, as on a slow connection.
DELAY = "await new Promise(resolve => setTimeout(resolve, 400));\n"


def search(path: str = "", **params: str) -> str:
    """The Dutch search page with these facets (by facet name) in the URL."""
    query = urlencode({P[facet]: value for facet, value in params.items()})
    return url_of(sections("search")[0].path) + path + ("?" + query if query else "")


def settle(page) -> None:
    """Wait until the search has announced its result (the status is written last)."""
    page.locator(".kb-search__status").filter(has_text=re.compile(r"\S")).wait_for()
    page.wait_for_selector(".kb-results:not([aria-busy])", state="attached")


def count(page) -> int:
    found = re.search(r"\d+", page.locator(".kb-search__status").inner_text())
    return int(found.group()) if found else 0


def paths(page) -> list[str]:
    return [urlsplit(h).path for h in page.eval_on_selector_all(".kb-result__title a", "els => els.map(a => a.href)")]


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def clean(v) -> None:
    assert v.foreign_requests == [], v.foreign_requests
    assert v.console_errors == [], v.console_errors


def findable():
    """(query, theme, type) that find an item together: a word of its title, its first theme, its type."""
    item = first(model().items.values(), "item with a theme", lambda i: bool(i.themes))
    words = re.findall(r"[^\W\d_]+", text(item.title, model().default_language))
    return max(words, key=len).lower(), item.themes[0], item.type


def biggest_theme(site: BuiltSite) -> tuple[str, int]:
    """The theme with the most indexed Dutch pages, and how many (for 'Meer resultaten')."""
    found: Counter[str] = Counter()
    for url in site.pages():
        if not url.startswith("/en/") and site.exists(url):
            found.update(site.page(url).xpath('//meta[@name="kb-search-theme"]/@content'))
    return found.most_common(1)[0]


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found, f"{selector} is not rendered"
    return found


@SCREENS
def test_on_a_phone_the_filters_are_behind_a_button_and_the_first_result_is_on_the_first_screen(visit, screen):
    query, theme, _ = findable()
    v = visit(search(query=query, theme=theme.id), **screen)
    page = v.page
    settle(page)
    toggle = page.locator(".kb-search__toggle")
    fields = page.locator("#kb-search-filters")
    height = screen["viewport"]["height"]
    top = box(page, ".kb-result")["y"]
    if screen is PHONE:
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert toggle.get_attribute("aria-controls") == "kb-search-filters"
        assert toggle.inner_text().strip() == NL["search_filters_chosen"].replace("{n}", "1")
        assert not fields.is_visible(), "the filters take the first screen on a phone"
        assert box(page, ".kb-search__toggle")["y"] + box(page, ".kb-search__toggle")["height"] <= height
        assert top + 60 <= height, f"the first result starts at {top} px, below the first screen of {height} px"
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true" and fields.is_visible()
        assert page.locator("#kb-search-theme").is_visible()
        toggle.press("Enter")  # the keyboard closes it again
        assert toggle.get_attribute("aria-expanded") == "false" and not fields.is_visible()
    else:
        assert not toggle.is_visible() and fields.is_visible()
        assert top < height, f"the first result starts at {top} px, below the first screen"
    assert page.evaluate("document.documentElement.scrollWidth") <= screen["viewport"]["width"]
    clean(v)


@SCREENS
def test_chosen_filters_are_buttons_that_remove_them(visit, screen):
    query, theme, kind = findable()
    v = visit(search(query=query, theme=theme.id, type=kind.id), **screen)
    page = v.page
    settle(page)
    narrowed = count(page)
    theme_name = f"{NL['search_remove_filter']} {NL['theme']} {text(theme.title, 'nl')}"
    type_name = f"{NL['search_remove_filter']} {NL['type']} {text(kind.label, 'nl')}"
    chips = page.locator(".kb-search__chips button")
    assert chips.count() == 2
    assert page.get_by_role("button", name=theme_name, exact=True).is_visible()
    assert page.get_by_role("button", name=type_name, exact=True).is_visible()
    # removed with the keyboard: the results and the URL follow, focus stays on the chips
    page.get_by_role("button", name=theme_name, exact=True).focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "a focused chip shows no focus"
    page.keyboard.press("Enter")
    until(page, f"!new URLSearchParams(location.search).has('{P['theme']}')")
    settle(page)
    assert params(page) == {P["query"]: [query], P["type"]: [kind.id]}
    assert chips.count() == 1 and page.locator("#kb-search-theme").input_value() == ""
    assert page.evaluate("document.activeElement.textContent").startswith(NL["search_remove_filter"])
    until(page, f"+(document.querySelector('.kb-search__status').textContent.match(/\\d+/) || [0])[0] >= {narrowed}")
    assert count(page) >= narrowed
    page.get_by_role("button", name=type_name, exact=True).click()
    until(page, f"!new URLSearchParams(location.search).has('{P['type']}')")
    assert params(page) == {P["query"]: [query]}
    assert not page.locator(".kb-search__chosen").is_visible()
    clean(v)


@SCREENS
def test_the_count_is_shown_and_announced_once_per_search(visit, screen):
    v = visit("/", **screen)
    v.page.context.add_init_script(PROBES)
    page = v.page
    page.goto(v.page.url.rstrip("/") + search(query="schulden"), wait_until="networkidle")
    settle(page)
    status = page.locator(".kb-search__status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert status.is_visible()
    n = count(page)
    assert status.inner_text() == NL["search_many"].replace("{n}", str(n))
    assert n >= len(paths(page)) > 0
    said = [s for s in page.evaluate("window.__said") if s.strip()]
    assert said == [status.inner_text()], f"the status was given {said}"
    value = page.eval_on_selector("#kb-search-type", "s => [...s.options].find(o => o.value).value")
    if screen is PHONE:
        page.locator(".kb-search__toggle").click()
    page.select_option("#kb-search-type", value)
    until(page, "() => window.__said.filter(s => s.trim()).length > 1")
    page.wait_for_timeout(300)
    said = [s for s in page.evaluate("window.__said") if s.strip()]
    assert len(said) == 2 and said[1] == status.inner_text(), f"one change of filter gave {said}"
    clean(v)


def _dates(site: BuiltSite, found: list[str]) -> list[str]:
    return [site.page(p).xpath('//meta[@name="kb-search-sort"]/@content')[0] for p in found]


@SCREENS
def test_newest_first_orders_the_results_by_date_and_is_in_the_url(visit, site: BuiltSite, screen):
    v = visit(search(query="schulden", sort="newest"), **screen)
    page = v.page
    settle(page)
    assert page.locator("#kb-search-sort").input_value() == "newest"
    assert page.locator("#kb-search-sort").get_attribute("name") == P["sort"]
    if page.locator(".kb-results__more").is_visible():
        page.locator(".kb-results__more").click()
        until(page, "document.querySelectorAll('.kb-result').length > 20")
    newest = paths(page)
    dates = _dates(site, newest)
    assert len(set(dates)) > 2, "too few dates to test the order"
    assert dates == sorted(dates, reverse=True), list(zip(newest, dates, strict=True))
    # back to relevance with the select: the URL loses the parameter, the order changes
    page.select_option("#kb-search-sort", "")
    until(page, f"!new URLSearchParams(location.search).has('{P['sort']}')")
    settle(page)
    relevant = paths(page)
    assert set(relevant) <= set(newest) and relevant != newest[: len(relevant)]
    page.select_option("#kb-search-sort", "newest")
    until(page, f"new URLSearchParams(location.search).get('{P['sort']}') === 'newest'")
    settle(page)
    assert paths(page) == newest[:20]
    clean(v)


@SCREENS
def test_no_filter_option_gives_zero_results(visit, screen):
    query, theme, _ = findable()
    for url in (search(query="schulden"), search(query=query, theme=theme.id)):
        v = visit(url, **screen)
        page = v.page
        settle(page)
        until(page, "() => [...document.querySelectorAll('#kb-search-theme option')].some(o => / \\(\\d+\\)$/.test(o.text))")
        for option in page.eval_on_selector_all(
                "#kb-search-filters option", "os => os.map(o => [o.parentElement.id, o.value, o.text, o.selected])"):
            select, value, label, selected = option
            if value and not selected:
                n = re.search(r"\((\d+)\)$", label)
                assert n and int(n.group(1)) > 0, f"{url}: {select} offers {label!r}"
        clean(v)
    # and each option gives as many results as it says
    v = visit(search(query="schulden"), **screen)
    page = v.page
    settle(page)
    if screen is PHONE:
        page.locator(".kb-search__toggle").click()
    offered = page.eval_on_selector_all("#kb-search-theme option", "os => os.filter(o => o.value).map(o => [o.value, o.text])")
    assert offered
    for value, label in offered:
        page.select_option("#kb-search-theme", value)
        until(page, f"new URLSearchParams(location.search).get('{P['theme']}') === '{value}'")
        settle(page)
        until(page, f"document.querySelector('#kb-search-theme').selectedOptions[0].text.endsWith('({count(page)})')")
        assert count(page) == int(re.search(r"\((\d+)\)$", label).group(1)) > 0, (value, label, count(page))
        page.select_option("#kb-search-theme", "")
    clean(v)


@SCREENS
def test_clearing_the_filters_keeps_the_query(visit, screen):
    query, theme, kind = findable()
    v = visit(search(query=query, theme=theme.id, type=kind.id, sort="newest"), **screen)
    page = v.page
    settle(page)
    page.get_by_role("button", name=NL["search_clear"], exact=True).click()
    until(page, f"!new URLSearchParams(location.search).has('{P['theme']}')")
    settle(page)
    assert params(page) == {P["query"]: [query], P["sort"]: ["newest"]}
    assert page.locator("#kb-search-q").input_value() == query
    assert all(s == "" for s in page.eval_on_selector_all("#kb-search-filters select", "ss => ss.map(s => s.value)"))
    assert not page.locator(".kb-search__chosen").is_visible() and paths(page)
    assert page.evaluate("document.activeElement.id") == "kb-search-q"
    clean(v)


@SCREENS
def test_switching_language_keeps_query_and_filters(visit, screen):
    query, theme, kind = findable()
    v = visit(search(query=query, theme=theme.id), **screen)
    page = v.page
    settle(page)
    link = page.locator("a.md-select__link[hreflang=en]")
    target = urlsplit(link.get_attribute("href"))
    assert target.path == url_of(sections("search")[0].path, "en")
    assert parse_qs(target.query) == {P["query"]: [query], P["theme"]: [theme.id]}
    # a filter chosen on the page goes along too
    if screen is PHONE:
        page.locator(".kb-search__toggle").click()
    page.select_option("#kb-search-type", kind.id)
    until(page, f"new URL(document.querySelector('a.md-select__link[hreflang=en]').href).search.includes('{P['type']}=')")
    page.locator(".md-select > button").click()
    link.click()
    page.wait_for_url(re.compile(r"/en/"))
    settle(page)
    assert page.locator("html").get_attribute("lang") == "en"
    assert params(page) == {P["query"]: [query], P["theme"]: [theme.id], P["type"]: [kind.id]}
    assert page.locator("#kb-search-q").input_value() == query
    assert page.locator("#kb-search-theme").input_value() == theme.id
    assert page.locator(".kb-search__chips button").count() == 2
    assert page.get_by_role("button", name=f"Remove filter: Theme {text(theme.title, 'en')}", exact=True).is_visible()
    back = urlsplit(page.locator("a.md-select__link[hreflang=nl]").get_attribute("href"))
    assert parse_qs(back.query) == params(page)
    clean(v)


@SCREENS
@pytest.mark.parametrize("with_filter", [False, True], ids=["query", "query and filter"])
def test_the_results_come_without_a_layout_shift(visit, screen, with_filter):
    query, theme, _ = findable()
    url = search(query="schulden", **({"theme": theme.id} if with_filter else {}))
    v = visit("/", **screen)
    page = v.page
    page.context.add_init_script(PROBES)

    def slow(route):  # the page paints before the script runs
        response = route.fetch()
        route.fulfill(response=response, body=DELAY + response.text())

    page.route("**/assets/javascripts/kb-search.js", slow)
    page.goto(page.url.rstrip("/") + url, wait_until="networkidle")
    settle(page)
    page.wait_for_timeout(500)
    cls = page.evaluate("window.__cls")
    # The target is CLS < 0.1; this finder measures 0, and the filters shown only once the
    # script ran (as before) gave 0.036 at 1366 px: a test at 0.1 would not see them.
    assert cls < 0.01, f"{url}: Cumulative Layout Shift {cls:.3f}"
    clean(v)


@SCREENS
def test_the_header_search_works_on_a_phone(visit, screen):
    listing = url_of(sections("content")[0].path)
    v = visit(listing, **screen)
    page = v.page
    field = page.locator("#kb-header-q")
    if screen is PHONE:
        magnifier = page.locator("label[for=kb-header-q]")
        assert magnifier.is_visible()
        magnifier.tap()
    else:
        assert box(page, "#kb-header-q")["width"] > 100
        field.click()
    assert page.evaluate("document.activeElement.id") == "kb-header-q", "the field does not get the focus"
    assert field.is_visible() and box(page, "#kb-header-q")["width"] > 150
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused header field shows no focus"
    page.keyboard.type("schulden")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/zoeken/\?q=schulden$"))
    settle(page)
    assert paths(page)
    clean(v)


def test_the_header_search_opens_with_the_keyboard_on_a_phone(visit):
    v = visit(url_of(sections("content")[0].path), **PHONE)
    page = v.page
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "kb-header-q":
            break
    else:
        raise AssertionError("Tab does not reach the header search on a phone")
    assert box(page, "#kb-header-q")["width"] > 150
    clean(v)


def test_an_empty_header_search_focuses_the_search_field(visit):
    v = visit(search() + f"?{P['query']}=", **PHONE)
    assert v.page.evaluate("document.activeElement.id") == "kb-search-q"
    clean(v)


@SCREENS
def test_more_results_is_hidden_without_more_and_shows_the_next_ones(visit, site: BuiltSite, screen):
    none = visit(search(query="xqzvwkjpfh"), **screen)
    settle(none.page)
    assert none.page.locator(".kb-search__status").inner_text() == NL["search_none"]
    assert none.page.eval_on_selector(".kb-results__more", "b => getComputedStyle(b).display") == "none"
    assert none.page.locator("nav.kb-browse").is_visible(), "no results: the browse links are gone"
    clean(none)
    theme, total = biggest_theme(site)
    assert total > 20, "no theme has more than one page of results"
    v = visit(search(theme=theme), **screen)
    page = v.page
    settle(page)
    more = page.get_by_role("button", name=NL["search_more"], exact=True)
    assert count(page) == total and len(paths(page)) == 20 and more.is_visible()
    assert not page.locator("nav.kb-browse").is_visible()
    more.click()
    until(page, "document.querySelectorAll('.kb-result').length > 20")
    found = paths(page)
    assert len(found) == min(total, 40) and len(set(found)) == len(found)
    assert page.evaluate("document.activeElement.closest('.kb-result') === document.querySelectorAll('.kb-result')[20]")
    if total <= 40:
        assert not more.is_visible()
    clean(v)


@SCREENS
def test_list_filters_are_behind_a_button_on_a_phone(visit, screen):
    section = first(sections("content"), "content section with items of two types", lambda s: len(s.types) > 1)
    v = visit(url_of(section.path), **screen)
    page = v.page
    toggle = page.locator("form[data-kb-filter] .kb-filter__toggle")
    select = page.locator("#kb-list-type")
    if screen is PHONE:
        assert toggle.is_visible() and not select.is_visible()
        assert box(page, "#kb-list li.kb-card")["y"] < screen["viewport"]["height"] / 2
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
    else:
        assert not toggle.is_visible()
    assert select.is_visible()
    value = page.eval_on_selector("#kb-list-type", "s => [...s.options].find(o => o.value).value")
    page.select_option("#kb-list-type", value)
    assert toggle.inner_text().strip() == NL["search_filters_chosen"].replace("{n}", "1")
    for label in page.eval_on_selector_all("form[data-kb-filter] option", "os => os.filter(o => o.value && !o.selected).map(o => o.text)"):
        assert not label.endswith("(0)"), label
    link = urlsplit(page.locator("a.md-select__link[hreflang=en]").get_attribute("href"))
    assert parse_qs(link.query) == {P["type"]: [value]}
    clean(v)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_finder_on_a_phone_is_accessible(visit, language):
    query, theme, _ = findable()
    url = search(query=query, theme=theme.id)
    if language != model().default_language:
        url = "/" + language + url
    v = visit(url, **PHONE)
    page = v.page
    settle(page)
    page.locator(".kb-search__toggle").click()
    still(page)  # the toggle's focus colours fade in: measured once they are there
    violations = Axe().run(page, options=WCAG).response["violations"]
    assert violations == [], [(x["id"], [n["target"] for n in x["nodes"]][:3]) for x in violations]
    clean(v)
