"""'In het kort' / 'At a glance': the key facts of a publication or case story at the top of
its page, from the front matter's `glance` (schemas/item.schema.json).

On the fixture site (English first, Dutch second) a copied story gets a glance inside the
test: the block shows the fields given, in the page's language, marks a field the
translation lacks with the original's lang, and leaves out what is not given. A field the
schema does not know, or one a translation has and its original not, is refused with
file:line. On the real site, publications and case stories show the block, translated into every
language (a new item may not have one yet).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from kennisbank import engine
from kennisbank.adapter import load_settings
from kennisbank.config import Settings
from kennisbank.problems import ContentError
from kennisbank.strings import interface_string
from support import ROOT, BuiltSite, build, copy_fixture

STORY = "docs/stories/dry-feet.md"
TRANSLATION = "docs/stories/dry-feet.nl.md"
GLANCE_EN = ("glance:\n"
             "  goal: Keep the cellars dry.\n"
             "  approach: Six meetings of the circle.\n"
             "  result: >-\n"
             "    No cellar flooded\n"
             "    that winter.\n")
GLANCE_NL = "glance:\n  goal: De kelders droog houden.\n"
SECTIONS = ("publicaties", "praktijkverhalen")  # the sections whose items carry a glance (data/sections.yml)


def with_glance(root: Path, rel: str, glance: str) -> None:
    """Put a glance at the end of a copied file's front matter."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + 1
    path.write_text(text[:end] + glance + text[end:], encoding="utf-8")


def glance(page: html.HtmlElement) -> html.HtmlElement | None:
    found = page.xpath('//section[@class="kb-glance"]')
    assert len(found) <= 1
    return found[0] if found else None


def rows(block: html.HtmlElement) -> dict[str, html.HtmlElement]:
    """Label -> its <dd>, in the order shown."""
    return {" ".join(dt.text_content().split()): dt.getnext() for dt in block.xpath(".//dl//dt")}


@pytest.fixture(scope="module")
def glance_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = copy_fixture(tmp_path_factory.mktemp("glance") / "project")
    with_glance(root, STORY, GLANCE_EN)
    with_glance(root, TRANSLATION, GLANCE_NL)
    out = root / "site"
    result = build(root, out)
    assert result.returncode == 0, f"fixture build failed:\n{result.stdout}\n{result.stderr}"
    return BuiltSite(out, result.stdout + result.stderr)


def test_the_block_shows_the_fields_given_in_the_page_language(glance_site: BuiltSite):
    block = glance(glance_site.page("/stories/dry-feet/"))
    assert block is not None
    assert block.xpath("string(.//h2)").strip() == "At a glance"
    assert block.xpath(".//h2/@id") == block.xpath("@aria-labelledby")
    found = rows(block)
    assert list(found) == ["Goal", "Approach", "Organisations", "Result"]  # no target group, no source
    assert found["Goal"].text_content() == "Keep the cellars dry."
    assert found["Result"].text_content() == "No cellar flooded that winter."  # folded: one line
    assert block.xpath(".//*[@lang]") == []  # all in the page's own language
    link = found["Organisations"].xpath(".//a")
    assert [a.text_content() for a in link] == ["Town A"] and link[0].get("href") == "../../orgs/town-a/"


def test_a_field_the_translation_lacks_is_shown_in_the_original_marked_with_its_lang(glance_site: BuiltSite):
    page = glance_site.page("/nl/stories/dry-feet/")
    assert page.get("lang") == "nl"
    block = glance(page)
    assert block is not None
    assert block.xpath("string(.//h2)").strip() == "In het kort"
    found = rows(block)
    assert list(found) == ["Doel", "Aanpak", "Organisaties", "Resultaat"]
    assert found["Doel"].text_content() == "De kelders droog houden." and not found["Doel"].xpath(".//*[@lang]")
    for label, english in (("Aanpak", "Six meetings of the circle."), ("Resultaat", "No cellar flooded that winter.")):
        marked = found[label].xpath("./span[@lang]")
        assert [(s.get("lang"), s.text_content()) for s in marked] == [("en", english)], label
    assert [a.text_content() for a in found["Organisaties"].xpath(".//a")] == ["Gemeente A"]


def test_an_item_without_a_glance_has_no_block(glance_site: BuiltSite):
    for url in ("/stories/wet-year/", "/nl/stories/wet-year/"):
        assert glance(glance_site.page(url)) is None, url


def test_the_block_comes_before_the_text(glance_site: BuiltSite):
    page = glance_site.page("/stories/dry-feet/")
    order = [e.get("class") for e in page.xpath('//*[@class="kb-lead" or @class="kb-glance" or @class="kb-body"]')]
    assert order == ["kb-lead", "kb-glance", "kb-body"]


# -- refused, with the line to fix -------------------------------------------------------

def problems(tmp_path: Path, edits: dict[str, str]) -> list[str]:
    root = copy_fixture(tmp_path / "project")
    for rel, text in edits.items():
        with_glance(root, rel, text)
    settings = Settings(root, root / "docs", root / "data", ("en", "nl"), "en", "https://fixture.example.org/")
    with pytest.raises(ContentError) as caught:
        engine.load(settings)
    return [str(p) for p in caught.value.problems]


def test_an_unknown_glance_field_is_refused_with_file_and_line(tmp_path):
    # the front matter has 9 lines after its opening ---: glance is line 10, its fields 11 and 12
    assert problems(tmp_path, {STORY: "glance:\n  goal: Dry cellars.\n  budget: 2000 euro\n"}) == [
        f"{STORY}:12: unknown field 'budget' in glance — "
        "remove it or use one of: approach, goal, result, source, target_group"]


def test_an_unknown_field_in_a_translation_is_refused_too(tmp_path):
    assert problems(tmp_path, {STORY: GLANCE_EN, TRANSLATION: "glance:\n  doel: Droge kelders.\n"}) == [
        f"{TRANSLATION}:5: unknown field 'doel' in glance — "
        "remove it or use one of: approach, goal, result, source, target_group"]


def test_a_translated_field_the_original_does_not_have_is_refused(tmp_path):
    assert problems(tmp_path, {STORY: GLANCE_EN, TRANSLATION: "glance:\n  source: Het verslag van de kring.\n"}) == [
        f"{TRANSLATION}:5: 'glance.source' is not in the original — "
        "add it to the glance of docs/stories/dry-feet.md first, or remove it here"]


def test_a_glance_with_html_or_more_than_one_line_is_refused(tmp_path):
    found = problems(tmp_path, {STORY: 'glance:\n  goal: "Dry <b>cellars</b>"\n  result: "One\\ntwo"\n'})
    assert found == [
        f"{STORY}:11: glance.goal: 'Dry <b>cellars</b>' is not valid — remove the HTML tags; write plain text",
        f"{STORY}:12: glance.result: 'One\\ntwo' is not valid — remove the HTML tags; write plain text"]


# -- the real site -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def real() -> engine.Build:
    return engine.load(load_settings(str(ROOT / "mkdocs.yml")))


def test_publications_and_case_stories_have_glances_each_in_every_language(real: engine.Build):
    """Both sections use the block, and every glance is translated. A new item may not have one
    yet (`make new` writes none and `make check` asks for none): which items do is content."""
    site = real.site
    assert set(SECTIONS) <= set(site.sections), "the sections of publications and case stories were renamed"
    for section in SECTIONS:
        # (names and texts only in the asserts: pytest's report of an item prints the whole linked model)
        glances = {item.id: item.glance for item in site.items_in(section) if item.glance}
        assert glances, f"no item in {section}/ has a glance ('In het kort')"
        for slug, fields in glances.items():
            untranslated = [name for name, text in fields.items() if set(text) != set(site.languages)]
            assert untranslated == [], f"{section}/{slug}: glance not in every language: {untranslated}"


def test_every_publication_and_case_story_page_shows_its_glance(site: BuiltSite, real: engine.Build):
    default = real.site.default_language
    for section in SECTIONS:
        listing = site.page(f"/{section}/")
        listed = {href.strip("./").split("/")[-1] for href in listing.xpath('//*[@class="kb-card__title"]//a/@href')}
        items = {i.id for i in real.site.items_in(section)}
        with_glance = {i.id for i in real.site.items_in(section) if i.glance}
        assert listed == items, f"/{section}/ lists other items than data"
        for slug in sorted(listed):
            for language in real.site.languages:
                url = f"/{section}/{slug}/" if language == default else f"/{language}/{section}/{slug}/"
                page = site.page(url)
                block = glance(page)
                if slug not in with_glance:
                    assert block is None, f"{url} shows a glance its front matter does not have"
                    continue
                assert block is not None, f"{url} has no glance"
                assert block.xpath("string(.//h2)").strip() == interface_string("glance", language, default).value, url
                assert len(rows(block)) >= 2, url
                assert block.xpath(".//*[@lang]") == [], f"{url}: a glance field falls back to another language"
