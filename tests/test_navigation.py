"""Finding one's way, on every page of the built site: a skip link to the start of the content,
breadcrumbs in the page's language, a nav that lists every section with something in it, and no
page that only search or the sitemap leads to. (How it looks and what the keyboard does is tested
in a browser: tests/browser/test_layout.py.)"""

from __future__ import annotations

from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from real_site import model, settings, url_of

from kennisbank.strings import interface_string
from support import BuiltSite, build, copy_fixture, home, languages


def is_redirect(site: BuiltSite, url: str) -> bool:
    """A page at an old address (kb/redirect.html): the browser moves on to the new one at once."""
    return bool(site.page(url).xpath('//meta[@http-equiv="refresh"]'))


def links_of(site: BuiltSite, url: str) -> set[str]:
    """The site URLs a page links to with <a href>, without query and fragment."""
    out = set()
    for href in site.page(url).xpath("//a/@href"):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith(("#", "mailto:")):
            continue
        out.add(urljoin(url, parts.path))
    return out


def test_every_page_has_a_skip_link_to_the_start_of_its_content(site: BuiltSite):
    """One skip link per page, to an element that exists and holds the page's <h1>: the 404s,
    the pages made from data and the pages at old addresses too."""
    wrong = []
    for url in site.pages():
        page = site.page(url)
        skips = page.xpath('//a[contains(concat(" ", @class, " "), " kb-skip ")]/@href')
        if len(skips) != 1 or not skips[0].startswith("#"):
            wrong.append(f"{url}: {len(skips)} skip links {skips}")
            continue
        target = page.xpath(f'//*[@id="{skips[0][1:]}"]')
        if not target:
            wrong.append(f"{url}: the skip link leads to {skips[0]}, which the page does not have")
        elif not target[0].xpath(".//h1") or page.xpath("//h1")[0] is not target[0].xpath(".//h1")[0]:
            wrong.append(f"{url}: the skip link's target {skips[0]} does not start with the page's <h1>")
    assert len(site.pages()) > 100, "the walk found too few pages"
    assert wrong == []


def test_every_page_is_reachable_from_the_home_pages(site: BuiltSite):
    """Following links from / and /en/ reaches every page: none is found only by search or the
    sitemap (the 404s and the pages at old addresses are not meant to be linked)."""
    pages = {u for u in site.pages() if not u.endswith("/404.html") and not is_redirect(site, u)}
    seen = {home(lang) for lang in languages()}
    queue = deque(seen)
    while queue:
        url = queue.popleft()
        for target in links_of(site, url):
            if target in pages and target not in seen:
                seen.add(target)
                queue.append(target)
    unreached = sorted(pages - seen)
    assert unreached == [], f"{len(unreached)} pages no link leads to: {unreached}"


def nav_links(site: BuiltSite, url: str) -> set[str]:
    nav = site.page(url).xpath('//nav[contains(@class, "md-nav--primary")]//a/@href')
    return {urljoin(url, href) for href in nav}


def test_the_nav_lists_every_section_in_every_language(site: BuiltSite):
    for lang in languages():
        for page in (url_of("", lang), url_of(next(iter(model().sections.values())).path, lang)):
            listed = nav_links(site, page)
            missing = [url_of(s.path, lang) for s in model().sections.values() if url_of(s.path, lang) not in listed]
            assert missing == [], f"the nav of {page} does not list {missing}"


def test_the_sidebar_names_the_site_once(site: BuiltSite):
    for lang in languages():
        page = site.page(url_of("", lang))
        name = page.xpath('string(//nav[contains(@class, "md-nav--primary")]/label[contains(@class, "md-nav__title")])').strip()
        entries = [" ".join(a.text_content().split()) for a in page.xpath('//nav[contains(@class, "md-nav--primary")]//a')]
        assert name and name not in entries, (lang, name, entries)
        assert interface_string("home_short", lang, languages()[0]).value in entries


def test_breadcrumbs_lead_up_from_items_and_generated_pages(site: BuiltSite):
    """An item's and a record's page start with home › section › the page, in its language;
    the home page has none."""
    site_model = model()
    item = next(iter(site_model.items.values()))
    theme = next(iter(site_model.themes.values()))
    for lang in languages():
        assert not site.page(url_of("", lang)).xpath('//nav[@class="kb-breadcrumbs"]'), url_of("", lang)
        for record, section in ((item, site_model.sections[item.section]),
                                (theme, site_model.section_of_kind("themes"))):
            url = url_of(record.path, lang)
            crumbs = site.page(url).xpath('//nav[@class="kb-breadcrumbs"]')
            assert len(crumbs) == 1, url
            assert crumbs[0].get("aria-label") == interface_string("breadcrumb", lang, languages()[0]).value
            steps = crumbs[0].xpath("./ol/li")
            assert [urljoin(url, h) for h in crumbs[0].xpath("./ol/li/a/@href")] == [url_of("", lang), url_of(section.path, lang)]
            assert steps[-1].get("aria-current") == "page" and not steps[-1].xpath(".//a"), url


def test_english_pages_show_no_dutch_interface_text(site: BuiltSite):
    """The heading links' title and the footer are in the page's language (mkdocs.yml gives one
    permalink_title for every language; the English footer has its own copyright line)."""
    other = languages()[-1]
    prefix = home(other)
    dutch_title = interface_string("section_link", languages()[0], languages()[0]).value
    wrong = []
    for url in site.pages():
        if not url.startswith(prefix):
            continue
        page = site.page(url)
        titles = page.xpath('//a[@class="headerlink"][not(ancestor::*[@lang][1][@lang!="' + other + '"])]/@title')
        wrong += [f"{url}: heading link titled '{t}'" for t in titles if t == dutch_title]
        footer = " ".join(page.xpath('string(//div[contains(@class, "md-copyright")])').split())
        if " en " in f" {footer} ":
            wrong.append(f"{url}: footer '{footer}'")
    assert wrong == []


@pytest.fixture(scope="module")
def with_empty_section(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The fixture site with one more content section that has no items yet, listed in its nav."""
    project = copy_fixture(tmp_path_factory.mktemp("empty-section") / "project")
    sections = project / "data" / "sections.yml"
    sections.write_text(sections.read_text(encoding="utf-8") + (
        "- id: notes\n  kind: content\n  title: {en: Notes, nl: Notities}\n  intro: {en: Notes to come.}\n"
        "  types:\n    - id: note\n      label: {en: Note, nl: Notitie}\n"), encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - orgs/index.md\n", "  - orgs/index.md\n  - notes/index.md\n"), encoding="utf-8")
    out = project / "site"
    result = build(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltSite(out, result.stdout + result.stderr)


def test_a_section_with_nothing_in_it_is_left_out_of_the_nav(with_empty_section: BuiltSite):
    site = with_empty_section
    assert site.exists("/notes/"), "the empty section's index page is still built"
    listed = nav_links(site, "/")
    assert "/notes/" not in listed and "/stories/" in listed, sorted(listed)


def test_the_home_page_search_works_without_javascript(site: BuiltSite):
    """A plain GET form to the search page, with the search page's query parameter."""
    search = next(s for s in model().sections.values() if s.kind == "search")
    for lang in languages():
        url = url_of("", lang)
        forms = [f for f in site.page(url).xpath("//article//form")
                 if urljoin(url, f.get("action", "")) == url_of(search.path, lang)]
        assert forms, f"{url} has no search form leading to {url_of(search.path, lang)}"
        assert (forms[0].get("method") or "get").lower() == "get"
        assert forms[0].xpath(f'.//input[@name="{settings().search_parameters["query"]}"]'), url


def test_home_page_names_a_theme_without_content_but_gives_it_no_card(site: BuiltSite):
    empty = [t for t in model().themes.values() if not (t.items or t.programmes)]
    if not empty:
        pytest.skip("every theme of the real site has content")
    for lang in languages():
        url = url_of("", lang)
        page = site.page(url)
        for theme in empty:
            target = url_of(theme.path, lang)
            linked = [a for a in page.xpath("//article//a") if urljoin(url, a.get("href")) == target]
            assert linked, f"{url} does not name {target}"
            assert not any(a.xpath('ancestor::li[contains(@class, "kb-card")]') for a in linked), f"{url}: {target} has a card"
