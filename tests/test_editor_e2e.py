"""End to end: an editor's new story, a rename and an outdated translation, in one real build.

A copy of the fixture site gets a story made by `new`, has an existing story
renamed by `rename`, and has an original edited after its translation was
marked; then it is built in strict mode, once, and read like a visitor would.
"""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from kennisbank.__main__ import main
from kennisbank.outputs.search_index import MARKER
from support import BuiltSite, build, copy_fixture

SLUG = "a-dam-for-town-b"


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = copy_fixture(tmp_path_factory.mktemp("editor") / "project")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "plugins:\n  - search\n", "plugins:\n  - search\n  - redirects:\n      redirect_maps: {}\n"), encoding="utf-8")
    sections = root / "data/sections.yml"  # a search page, so the build makes a search index too
    sections.write_text(sections.read_text(encoding="utf-8") + "- id: find\n  kind: search\n"
                        "  title: {en: Search, nl: Zoeken}\n  intro: {en: Search the stories.}\n", encoding="utf-8")
    f = ["-f", str(config)]
    assert main([*f, "new", "--type", "story", "--title", "A dam for Town B", "--themes", "soil,water",
                 "--programme", "circle-a", "--date", "2099-01-02", "--summary", "How Town B built a dam."]) == 0
    assert main([*f, "rename", "stories/dry-feet", "stories/dry-feet-town-a"]) == 0
    assert main([*f, "translations", "--mark", "stories/dry-feet-town-a.nl.md"]) == 0
    original = root / "docs/stories/dry-feet-town-a.md"
    original.write_text(original.read_text(encoding="utf-8") + "\nThey met once more in 2025.\n", encoding="utf-8")
    result = build(root, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltSite(root / "site", result.stdout + result.stderr)


def links_on(site: BuiltSite, url: str) -> set[str]:
    return {urljoin(url, href) for href in site.page(url).xpath("//a/@href")}


@pytest.mark.parametrize("url", ["/", "/stories/", "/topics/water/", "/topics/soil/", "/projects/circle-a/"])
def test_new_story_is_listed_where_a_reader_looks(edited: BuiltSite, url: str):
    for prefix in ("", "/nl"):
        assert f"{prefix}/stories/{SLUG}/" in links_on(edited, prefix + url), prefix + url


def test_new_story_has_its_page_in_both_languages_and_feeds_and_search(edited: BuiltSite):
    page = edited.page(f"/stories/{SLUG}/")
    assert page.xpath("string(//h1)").strip() == "A dam for Town B"
    assert [h.text_content().strip() for h in page.xpath("//article//h2")][:5] == [
        "Context", "Question", "Approach", "Result", "Lessons"]
    assert edited.page(f"/nl/stories/{SLUG}/").get("lang") == "nl"
    assert f"/stories/{SLUG}/" in edited.text("/feed.xml")
    assert f"/stories/{SLUG}/" in edited.text("/topics/water/feed.xml")
    # search: the page carries the metadata the search index is built from; a query that
    # finds it runs in Chromium in tests/browser/test_editor_search.py
    for url in (f"/stories/{SLUG}/", f"/nl/stories/{SLUG}/"):
        assert MARKER in edited.text(url).split("</head>", 1)[0], url


def test_old_urls_of_a_renamed_story_redirect_to_the_new_page(edited: BuiltSite):
    for old, new in (("/stories/dry-feet/", "/stories/dry-feet-town-a/"),
                     ("/nl/stories/dry-feet/", "/nl/stories/dry-feet-town-a/")):
        refresh = edited.page(old).xpath('//meta[@http-equiv="refresh"]/@content')[0]
        target = urljoin("https://fixture.example.org" + old, refresh.split("url=", 1)[1])
        assert target == "https://fixture.example.org" + new
        assert edited.exists(new)
    assert "/stories/dry-feet-town-a/" in links_on(edited, "/results/dry-cellars/")


def test_old_citation_files_of_a_renamed_item_are_still_served(edited: BuiltSite):
    # a reference manager fetches cite.bib by URL and cannot follow an HTML redirect
    for prefix in ("", "/nl"):
        for name in ("cite.bib", "cite.ris", "cite.json"):
            old, new = f"{prefix}/stories/dry-feet/{name}", f"{prefix}/stories/dry-feet-town-a/{name}"
            assert edited.exists(old) and edited.text(old) == edited.text(new), old
            assert "dry-feet-town-a" in edited.text(old), old


def test_outdated_translation_says_so_and_links_to_the_original(edited: BuiltSite):
    url = "/nl/stories/dry-feet-town-a/"
    notice = edited.page(url).xpath('//*[contains(@class, "kb-translation-behind")]')
    assert len(notice) == 1
    assert "loopt mogelijk achter" in notice[0].text_content()
    link = notice[0].xpath(".//a")[0]
    assert (urljoin(url, link.get("href")), link.get("hreflang")) == ("/stories/dry-feet-town-a/", "en")
    # the new story's translation is only a template nobody confirmed: also marked
    assert edited.page(f"/nl/stories/{SLUG}/").xpath('//*[contains(@class, "kb-translation-behind")]')
    # originals never carry it
    assert not edited.page("/stories/dry-feet-town-a/").xpath('//*[contains(@class, "kb-translation-behind")]')
