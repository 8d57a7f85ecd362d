"""Search without a browser: the index is built per language, the right pages carry
search metadata, the search page and list filters work without JavaScript, and
the engine does the same for the fixture site with other folder names."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import urljoin

import pytest
from real_site import first, model, records, sections, url_of

from support import BuiltSite, build, copy_fixture
from support import languages as site_languages

HOOKS = Path(__file__).resolve().parents[1] / "hooks"


def _filters(site: BuiltSite, url: str, name: str) -> list[str]:
    return site.page(url).xpath(f'//head/meta[@data-pagefind-filter="{name}[content]"]/@content')


def test_index_has_one_part_per_language(site: BuiltSite):
    entry = json.loads((site.root / "pagefind" / "pagefind-entry.json").read_text())
    languages = entry["languages"]
    assert set(languages) == set(site_languages())
    assert all(languages[lang]["page_count"] > 20 for lang in site_languages())
    for lang in site_languages():
        assert list((site.root / "pagefind").glob(f"wasm.{lang}.pagefind")), f"no {lang} stemmer bundle"


def _fragments(site: BuiltSite, language: str) -> dict[str, dict]:
    """Pagefind's per-page records (gzip, a signature, then JSON), by page URL."""
    found = {}
    for path in (site.root / "pagefind" / "fragment").glob(f"{language}_*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        record = json.loads(raw[raw.index(b"{"):])
        found[record["url"]] = record
    return found


def _headings(site: BuiltSite, url: str) -> list[str]:
    """The ids of a page's own headings (the related block's: other pages' titles, left out)."""
    return [h for h in site.page(url).xpath("//article//h2/@id") if h != "kb-related"]


def test_search_results_hold_the_page_text_and_lead_only_to_its_headings(site: BuiltSite):
    language = model().default_language
    fragments = _fragments(site, language)
    item = first(model().items.values(), "item with headings in its text", lambda i: bool(_headings(site, url_of(i.path))))
    url = url_of(item.path)
    story, page = fragments[url], site.page(url)
    headings = _headings(site, url)
    assert [a["id"] for a in story["anchors"]] == headings, f"{url}: a result may only jump to a heading"
    content = " ".join(story["content"].split())
    shown = [item.title[language]] + [" ".join("".join(h.xpath("text()")).split())  # (without the ¶ of its link)
                                      for h in page.xpath("//article//h2[@id]") if h.get("id") in headings]
    for words in shown:
        assert words in content, f"{url}: the search result does not hold {words!r}"
    for furniture in ("Zoeken", "Privacy"):  # header and footer words are not the page's text
        assert furniture not in story["content"], furniture
    assert all(not a["id"].startswith("__") for record in fragments.values() for a in record["anchors"])


def test_items_and_generated_pages_carry_filters_but_listings_do_not(site: BuiltSite):
    for item in model().items.values():
        # (strings and booleans only in the asserts: pytest's report of an item prints the whole linked model)
        url, kind, has_theme, has_date = url_of(item.path), item.type.id, bool(item.themes), bool(item.date)
        assert _filters(site, url, "type") == [kind], url
        assert bool(_filters(site, url, "theme")) == has_theme, url
        assert bool(_filters(site, url, "year")) == has_date, url
    assert any(i.themes and i.date for i in model().items.values()), "no item of the real site has a theme and a date"
    last = site_languages()[-1]
    for plural in ("themes", "programmes"):
        for language in (site_languages()[0], last):
            generated = url_of(first(records(plural), plural).path, language)
            assert _filters(site, generated, "type"), generated
    for not_indexed in ("", sections("content")[0].path, sections("search")[0].path, url_of(sections("themes")[0].path, last)[1:]):
        assert not site.page("/" + not_indexed).xpath('//meta[@data-pagefind-meta]'), not_indexed


def test_search_page_offers_labelled_form_and_browse_links_without_javascript(site: BuiltSite):
    for url, lang in (("/zoeken/", "nl"), ("/en/zoeken/", "en")):
        page = site.page(url)
        assert page.xpath("/html/@lang") == [lang]
        form = page.xpath('//form[@role="search"][@data-kb-search]')[0]
        field = form.xpath('.//input[@type="search"]')[0]
        assert form.xpath(f'.//label[@for="{field.get("id")}"]'), "search field has no label"
        assert field.get("name") == "q"
        assert {s.get("name") for s in form.xpath(".//select")} == {"thema", "type", "jaar", "organisatie", "traject"}
        for select in form.xpath(".//select"):
            assert form.xpath(f'.//label[@for="{select.get("id")}"]')
        assert page.xpath('//*[@role="status"][@aria-live="polite"]')
        browse = {urljoin(url, a.get("href")) for a in page.xpath('//nav[contains(@class,"kb-browse")]//a')}
        browsed = [s.path for s in (*sections("content"), *sections("themes"), *sections("programmes"))]
        browsed += [r.path for plural in ("themes", "programmes") for r in records(plural)]
        missing = {url_of(path, lang) for path in browsed} - browse
        assert not missing, f"{url}: no browse link to {sorted(missing)}"


def test_every_page_has_a_header_search_that_leads_to_the_search_page(site: BuiltSite):
    search = sections("search")[0].path
    listing, record = sections("content")[0].path, first(records("outcomes"), "outcome").path
    for url, target in ((url_of(listing), "../" + search), (url_of(record, site_languages()[-1]), "../../" + search)):
        form = site.page(url).xpath('//header//form[@role="search"]')[0]
        assert form.get("action") == target and form.get("method") == "get" and form.get("aria-label")
        field = form.xpath(".//input")[0]
        assert field.get("name") == "q" and form.xpath(f'.//label[@for="{field.get("id")}"]')


def test_listing_shows_every_item_without_javascript_and_describes_each_for_the_filter(site: BuiltSite):
    page = site.page("/publicaties/")
    form = page.xpath('//form[@data-kb-filter="kb-list"]')[0]
    assert form.get("hidden") is not None, "the filter must stay hidden until JavaScript runs"
    cards = page.xpath('//div[@id="kb-list"]//li[contains(@class,"kb-card")]//h2/a/@href')
    data = json.loads(page.xpath('//script[@id="kb-list-data"]')[0].text)
    assert cards and [row["href"] for row in data["items"]] == cards
    assert all(row["type"] and row["theme"] for row in data["items"])


def test_index_failure_stops_the_build_with_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import sys

    sys.path.insert(0, str(HOOKS))
    from kennisbank.outputs import search_index
    from kennisbank.problems import ContentError

    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    page = site / "a" / "index.html"
    page.write_text('<html lang="nl"><head><meta data-pagefind-meta="type[content]" content="x"></head>'
                    "<body><h1>Schulden</h1></body></html>", encoding="utf-8")
    part = search_index.searchable(page.read_text(encoding="utf-8"))
    assert part is not None
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-binary"))
    with pytest.raises(ContentError, match="search index could not be written") as error:
        search_index.write_part(site, "nl", {page: part})
    assert "No such file or directory" in str(error.value), "the message should pass on what failed"
    assert not (site / "pagefind").exists(), "half an index was left behind"


def test_fixture_site_gets_a_search_page_under_its_own_folder(tmp_path: Path):
    project = copy_fixture(tmp_path / "project")
    with (project / "data" / "sections.yml").open("a", encoding="utf-8") as f:
        f.write("- id: find\n  kind: search\n  title: {en: Find, nl: Vinden}\n  intro: {en: Search the stories.}\n")
    result = build(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    built = BuiltSite(project / "site", result.stdout)
    assert built.exists("/find/") and built.exists("/nl/find/")
    form = built.page("/stories/").xpath('//header//form[@role="search"]')[0]
    assert form.get("action") == "../find/"
    assert built.page("/find/").xpath('//form[@data-kb-search]//input[@type="search"]/@name') == ["q"]  # the engine's default name
    languages = json.loads((built.root / "pagefind" / "pagefind-entry.json").read_text())["languages"]
    assert set(languages) == {"en", "nl"}
