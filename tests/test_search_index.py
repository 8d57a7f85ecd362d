"""Search without a browser: the index is built per language, the right pages carry
search metadata (in valid <meta> tags), service pages and the home pages stay out,
each page is found by the synonyms, numerals and compound parts of
data/search-terms.yml, the search page and list filters work without JavaScript,
and the engine does the same for the fixture site with other folder names."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import urljoin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from real_site import first, model, records, sections, url_of
from selectolax.lexbor import LexborHTMLParser

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
    """The ids of a page's own headings (the related block's, other pages' titles, and the citation's left out)."""
    return [h for h in site.page(url).xpath("//article//h2/@id") if h not in ("kb-related", "kb-cite")]


def test_search_results_hold_the_page_text_and_lead_only_to_its_headings(site: BuiltSite):
    language = model().default_language
    fragments = _fragments(site, language)
    item = first(model().items.values(), "item with headings in its text", lambda i: bool(_headings(site, url_of(i.path))))
    url = url_of(item.path)
    story, page = fragments[url], site.page(url)
    headings = _headings(site, url)
    anchors = [a["id"] for a in story["anchors"]]
    targets = set(page.xpath("//main//*[self::h1 or self::h2 or self::h3 or self::h4]/@id") + page.xpath("//article/@id"))
    assert set(anchors) <= targets, f"{url}: a result may only jump to a heading (or the start of the text)"
    assert set(headings) <= set(anchors), f"{url}: a heading of the text is not a place to jump to"
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
    for not_indexed in ("", f"{last}/", sections("content")[0].path, sections("search")[0].path,
                        url_of(sections("themes")[0].path, last)[1:]):
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


def test_every_meta_tag_of_every_page_is_valid_html(site: BuiltSite):
    """A <meta> needs name, property, charset, http-equiv or itemprop (Nu HTML Checker); Pagefind's are named too."""
    for url in site.pages():
        for tag in site.page(url).xpath("//meta"):
            assert {"name", "property", "charset", "http-equiv", "itemprop"} & set(tag.attrib), \
                f"{url}: <meta {' '.join(f'{k}={v!r}' for k, v in tag.attrib.items())}> has no name"


def _urls(site: BuiltSite, language: str) -> set[str]:
    return set(_fragments(site, language))


def test_home_pages_and_service_pages_do_not_compete_with_content(site: BuiltSite):
    from kennisbank.config import SEARCH_WEIGHTS

    for language in site_languages():
        indexed = _urls(site, language)
        assert url_of("", language) not in indexed, f"the {language} home page is in the index"
        for url, record in _fragments(site, language).items():
            weight = record["meta"].get("weight")
            assert weight and float(weight) > 0, f"{url}: no ranking weight in the index"
        accessibility = [u for u, r in _fragments(site, language).items()
                         if r["meta"]["weight"] == str(SEARCH_WEIGHTS["kb/accessibility.html"])]
        assert accessibility, f"{language}: the accessibility statement should be findable by name, weighted down"
    item = first(model().items.values(), "item")
    organisation = first(records("organisations"), "organisation")
    fragments = _fragments(site, model().default_language)
    assert float(fragments[url_of(item.path)]["meta"]["weight"]) > float(fragments[url_of(organisation.path)]["meta"]["weight"])


def test_pages_are_found_by_the_other_words_of_their_search_term_groups(site: BuiltSite):
    """Every page whose own text holds a word of a group in data/search-terms.yml is indexed with the group's other words."""
    from kennisbank.outputs import search_index as si

    checked = 0
    for language in site_languages():
        groups = si.groups(model().search_terms, language)
        for url, record in _fragments(site, language).items():
            own = si.prepare(si.searchable(site.text(url)) or "")
            words = [si.fold(w) for w in own.words]
            joined, single = f" {' '.join(words)} ", set(words)
            content = [si.fold(w) for w in si.tokens(record["content"])]
            for group in groups:
                held = group.found_in(joined, single, language)
                if held:
                    found = group.found_in(f" {' '.join(content)} ", set(content), language)
                    missing = [" ".join(w) for w in group.words if " ".join(w) not in found]
                    assert not missing, f"{url}: holds {held[0]!r} but is not found by {missing}"
                    checked += 1
    assert checked > 20, "hardly any page holds a word of data/search-terms.yml"


def test_the_word_list_for_suggestions_is_small_and_holds_the_titles(site: BuiltSite):
    from kennisbank.outputs import search_index as si

    for language in site_languages():
        path = site.root / "pagefind" / si.WORDS_FILE.format(language=language)
        words = json.loads(path.read_text(encoding="utf-8"))
        assert len(gzip.compress(path.read_bytes())) < 40_000, f"{path.name} is too big to load on a phone"
        titles = {w for r in _fragments(site, language).values() for w in si.tokens(r["meta"]["title"])
                  if len(w) >= 4 and w.isalpha()}
        assert titles <= set(words), f"{path.name} lacks title words: {sorted(titles - set(words))[:5]}"


def test_compound_words_give_their_parts_and_groups_their_words():
    """The engine's word rules, on made-up words: a compound's second part, a synonym, a numeral."""
    import sys

    sys.path.insert(0, str(HOOKS))
    from kennisbank.outputs import search_index as si

    terms = [{"words": {"nl": ["zzp", "zelfstandige"]}}, {"words": {"nl": ["10", "tien"]}},
             {"words": {"nl": ["schuldhulpverlening"]}, "also": {"nl": ["hulpverlening"]}}]
    vocabulary = si.Vocabulary("nl", si.groups(terms, "nl"))
    page = si.Page("", si.tokens("Zelfstandigen en schulden"),
                   si.tokens("Zelfstandigen met schulden. Een plan in tien stappen. Schuldhulpverlening en ketenpartners."))
    for other in (si.Page("", [], si.tokens("partners keten schuld")),):
        vocabulary.add(other)
    vocabulary.add(page)
    extra = vocabulary.extra(page)
    assert "zzp" in extra["title"], extra  # a synonym of a title word counts as much as the title
    assert {"10", "hulpverlening", "partners"} <= set(extra["body"]), extra
    assert "tien" not in extra["body"], "a page is not given a word it holds already"
    assert vocabulary.parts("ketenpartners") == ["partners"]
    assert vocabulary.parts("kennisbank") == [], "a split needs a known first part"
    prepared = si.prepare("<html><body><main><article><h1>x</h1><p>kb-extra-words</p></article></main></body></html>")
    html = si.extra_words(prepared.html, {"title": ["a<b"], "body": []})
    assert 'data-pagefind-meta="terms"' in html and "a&lt;b" in html, html
    assert LexborHTMLParser(html).css_first("article > div[data-pagefind-meta]").text() == "a<b.", \
        "the extra words are the article's last block, as text"
    assert si.EXTRA_PLACE not in si.extra_words(prepared.html, {"title": [], "body": []})


def test_a_bad_search_terms_file_is_refused_with_its_line(tmp_path: Path):
    import sys

    sys.path.insert(0, str(HOOKS))
    from kennisbank.load import read_data

    (tmp_path / "search-terms.yml").write_text("- words: {nl: [zzp, zelfstandige]}\n- words: {nl: [10, tien]}\n",
                                               encoding="utf-8")
    problems = read_data(tmp_path, tmp_path).problems
    assert problems and problems[0].line == 2, [str(p) for p in problems]


def test_search_weights_are_a_setting_with_checked_values(tmp_path: Path):
    import sys

    sys.path.insert(0, str(HOOKS))
    from kennisbank.config import SEARCH_WEIGHTS, Settings

    settings = Settings.from_options(tmp_path, tmp_path, "", ["nl"], "nl", {"search_weights": {"organisation": 0.2}})
    assert settings.search_weight("organisation") == 0.2
    assert settings.search_weight("page", "kb/home.html") == SEARCH_WEIGHTS["kb/home.html"] == 0
    assert settings.search_weight("item") == 1
    with pytest.raises(ValueError, match="search_weights"):
        Settings.from_options(tmp_path, tmp_path, "", ["nl"], "nl", {"search_weights": {"item": "high"}})


_WORDS = st.sampled_from(["zzp", "zelfstandige", "zelfstandigen", "tien", "10", "schuld", "schulden", "keten",
                          "ketenpartners", "partners", "schuldhulpverlening", "hulpverlening", "werk", "werken",
                          "budget", "beheer", "budgetbeheer", "armoede", "cliëntenraad", "clientenraad"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.fixed_dictionaries({"words": st.fixed_dictionaries({"nl": st.lists(
           st.lists(_WORDS, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=4)})}), max_size=6),
       st.lists(_WORDS, max_size=4), st.lists(_WORDS, max_size=40), st.lists(st.lists(_WORDS, max_size=20), max_size=3))
def test_a_page_gets_the_extra_words_of_every_group_it_holds_whatever_the_groups(terms, title, body, others):
    """``Vocabulary.extra`` looks only at the groups a page may hold (by their last words): it gives what
    trying every group gives."""
    from kennisbank.outputs import search_index as si

    vocabulary = si.Vocabulary("nl", si.groups(terms, "nl"))
    page = si.Page("", title, body)
    for words in [*others, body]:
        vocabulary.add(si.Page("", [], words))
    found: dict[str, list[str]] = {"title": [], "body": []}
    for where, words in (("title", page.title), ("body", page.words)):  # every group, one after the other
        parts = [part for word in sorted(set(words)) for part in vocabulary.parts(word)]
        folded = [si.fold(w) for w in words] + [""] + [si.fold(p) for p in parts]
        joined, single = f" {' '.join(folded)} ", set(folded)
        for group in vocabulary.groups:
            held = group.found_in(joined, single, "nl")
            if held:
                found[where] += [" ".join(w) for w in group.words if " ".join(w) not in held] + group.also
        found[where] += parts
    assert vocabulary.extra(page) == {"title": sorted(set(found["title"])),
                                      "body": sorted(set(found["body"]) - set(found["title"]))}


def test_every_searchable_page_is_known_to_serve_by_its_path_and_a_build_has_no_serve_edits(site: BuiltSite):
    """`mkdocs serve` leaves out the index's result of each page it indexed again on its own (search_index.Edits):
    it finds that result by the page's path, so every page in the index must be found so. A built site has
    none of serve's index of edited pages, and its search pages do not ask for it."""
    from kennisbank.outputs import search_index as si

    pages = [p for p in site.root.rglob("*.html") if si.searchable(p.read_text(encoding="utf-8")) is not None]
    ids = si.page_ids(site.root / si.FOLDER)
    assert {si.url_of(site.root, p) for p in pages} == set(ids), "a page in the index is not known by its path"
    assert not (site.root / si.FOLDER / si.EDITS).exists()
    forms = [form for p in site.root.rglob("*.html")
             for form in LexborHTMLParser(p.read_text(encoding="utf-8")).css("form[data-kb-search]")]
    assert forms, "no search page"
    assert not [f for f in forms if "data-kb-edits" in f.attrs], "a built search page asks for serve's edits"


def test_serve_indexes_only_the_edited_pages_and_names_their_old_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """search_index.Edits, as `mkdocs serve` uses it after a quick rebuild (the search page in a browser:
    tests/browser/test_serve_search.py): only pages whose text changed, with the index's ids of their old text."""
    from kennisbank.outputs import search_index as si

    project = copy_fixture(tmp_path / "project")
    with (project / "data" / "sections.yml").open("a", encoding="utf-8") as f:
        f.write("- id: find\n  kind: search\n  title: {en: Find, nl: Vinden}\n  intro: {en: Search the stories.}\n")
    result = build(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    root = project / "site"
    parts: dict[str, dict[Path, str | None]] = {"en": {}, "nl": {}}
    for path in root.rglob("*.html"):
        parts["nl" if path.relative_to(root).parts[0] == "nl" else "en"][path] = si.searchable(path.read_text(encoding="utf-8"))
    edits = si.Edits()
    edits.reset(root, parts, [])
    listed = root / si.FOLDER / si.EDITS / si.EDITS_FILE
    assert json.loads(listed.read_text()) == {}, "nothing is edited yet"

    story = root / "stories" / "dry-feet" / "index.html"
    text = parts["en"][story]
    assert text is not None and "six times" in text
    edited = {**parts, "en": {**parts["en"], story: text.replace("six times", "zebrafinch times")}}
    assert edits.write(root, edited, []) == 1
    old_id = si.page_ids(root / si.FOLDER)[si.url_of(root, story)]
    assert json.loads(listed.read_text()) == {"en": {"pages": 1, "hide": [old_id]}}
    entry = json.loads((listed.parent / si.ENTRY).read_text())
    assert {k: v["page_count"] for k, v in entry["languages"].items()} == {"en": 1}
    fragments = [gzip.decompress(p.read_bytes()) for p in (listed.parent / "fragment").glob("*.pf_fragment")]
    assert len(fragments) == 1 and b"zebrafinch" in fragments[0] and b"six times" not in fragments[0]

    assert edits.write(root, parts, []) == 0, "an edit undone is no edit"
    assert json.loads(listed.read_text()) == {}
    assert edits.write(root, edited, []) == 1
    monkeypatch.setattr(si, "EDITS_MAX", 1)
    home = root / "nl" / "stories" / "dry-feet" / "index.html"
    more = {**edited, "nl": {**parts["nl"], home: str(parts["nl"][home]).replace("</main>", "<p>Nieuw.</p></main>")}}
    assert edits.write(root, more, []) == 2
    assert json.loads(listed.read_text()) == {"en": {"pages": 1, "hide": [old_id]}}, \
        "with more edited pages than EDITS_MAX, the edits stay as they were until the whole index has them"


def test_the_index_made_from_the_search_metadata_of_the_head_is_the_index_of_the_whole_head(site: BuiltSite,
                                                                                             tmp_path: Path):
    """Pagefind gets only the head's search metadata (searchable): the rest of the head, half of what it
    was given before, changed nothing in the index. Made both ways from every page of each language."""
    from kennisbank.outputs import search_index as si

    def whole_head(html: str) -> str:
        part = si.searchable(html) or ""
        return html[:html.find("</head>")] + part[part.find("</head>"):]

    terms = model().search_terms
    first_language, *others = site_languages()
    for language in site_languages():
        made = {}
        for name, keep in (("trimmed", si.searchable), ("whole", whole_head)):
            folder = tmp_path / name / language
            pages = {}
            for path in site.root.rglob("*.html"):
                html = path.read_text(encoding="utf-8")
                top = path.relative_to(site.root).parts[0]
                in_language = top == language if language != first_language else top not in others
                if in_language and si.searchable(html) is not None:
                    pages[folder / path.relative_to(site.root)] = keep(html)
            assert pages
            trimmed = next(iter(pages.values()))
            assert name == "whole" or 'http-equiv="Content-Security-Policy"' not in trimmed
            si.write_part(folder, language, pages, terms)
            part = folder / si.FOLDER / si.PARTS / language
            made[name] = {p.relative_to(part).as_posix(): p.read_bytes() for p in sorted(part.rglob("*")) if p.is_file()}
        assert made["trimmed"].keys() == made["whole"].keys(), f"{language}: other files"
        assert [n for n in made["whole"] if made["whole"][n] != made["trimmed"][n]] == [], f"{language}: files differ"
