"""Interface strings: one file per language with the same keys, every key the engine uses
exists, and a string a language lacks falls back marked with the language it is in."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from markupsafe import Markup

from kennisbank import strings, timeline
from kennisbank.editor.new import SECTIONS
from kennisbank.kinds import KINDS
from kennisbank.view import View
from support import FIXTURE, ROOT, BuiltSite, build, copy_fixture

OVERRIDES = ROOT / "overrides"
ENGINE = ROOT / "hooks" / "kennisbank"
SCHEMAS = ROOT / "schemas"


def reference_keys() -> set[str]:
    return strings.keys(strings.REFERENCE)


# -- the files -------------------------------------------------------------------------

def test_every_strings_file_has_exactly_the_keys_of_the_reference_file():
    assert strings.REFERENCE in strings.languages()
    reference = reference_keys()
    wrong = {}
    for language in strings.languages():
        have = strings.keys(language)
        if have != reference:
            wrong[f"{language}.yml"] = {"missing": sorted(reference - have), "extra": sorted(have - reference)}
    assert wrong == {}, f"strings files differ from {strings.REFERENCE}.yml: {wrong}"


def test_no_interface_string_is_empty():
    empty = [f"{language}.yml: {key}" for language in strings.languages()
             for key, text in strings.table(language).items() if not text.strip()]
    assert empty == []


def test_placeholders_are_kept_in_every_translation():
    reference = strings.table(strings.REFERENCE)
    wrong = [f"{language}.yml: {key}" for language in strings.languages()
             for key, text in strings.table(language).items()
             if sorted(re.findall(r"\{\w+\}", text)) != sorted(re.findall(r"\{\w+\}", reference.get(key, "")))]
    assert wrong == []


def test_the_cut_flow_mapping_is_whole_again():
    # strings.yml's `{nl: Publicaties, verhalen en nieuws, en: …}` was cut at the first comma
    assert strings.table("nl")["publications_and_stories"] == "Publicaties, verhalen en nieuws"
    assert strings.table("en")["publications_and_stories"] == "Publications, stories and news"


# -- every key used exists -------------------------------------------------------------

def _enum(schema: str, field: str) -> list[str]:
    return json.loads((SCHEMAS / schema).read_text(encoding="utf-8"))["items"]["properties"][field]["enum"]


LABELS = {  # kb.label(prefix, value): the values each prefix is called with come from the schemas
    "status": lambda: _enum("themes.schema.json", "status"),
    "phase": lambda: [timeline.UPCOMING, timeline.ONGOING, timeline.PAST],
    "mode": lambda: _enum("programmes.schema.json", "mode"),
    "kind": lambda: _enum("organisations.schema.json", "kind"),
    "event": lambda: _enum("events.schema.json", "kind"),
}
FACETS = ("theme", "type", "year", "organisation", "programme")  # search.html's facets, list_filter's subset
DYNAMIC = {  # every call with a computed key, by its argument as written, and the keys it can ask for
    '"search_year" if facet == "year" else facet': lambda: ["search_year" if f == "year" else f for f in FACETS],
    "empty": lambda: ["none_yet"],  # item_cards' default; no caller passes another
}
CALL = re.compile(r"\bkb\.(s|plain|label)\(")
LITERAL = re.compile(r"""\s*(["'])([a-z0-9_-]+)\1\s*""")


def _arguments(text: str, start: int) -> str:
    """The text between a call's parentheses (start is just after the opening one)."""
    depth, i = 1, start
    while depth:
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        i += 1
    return text[start:i - 1]


def template_keys() -> dict[str, set[str]]:
    """Every key the templates in overrides/ can ask for, with where."""
    used: dict[str, set[str]] = {}
    unknown = []
    for path in sorted(OVERRIDES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for call in CALL.finditer(text):
            args = _arguments(text, call.end())
            where = f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, call.start()) + 1}"
            if call.group(1) == "label":
                prefix = LITERAL.match(args.split(",")[0])
                known = prefix is not None and prefix.group(2) in LABELS
                keys = [f"{prefix.group(2)}_{v}" for v in LABELS[prefix.group(2)]()] if known else None
            elif LITERAL.fullmatch(args):
                keys = [LITERAL.fullmatch(args).group(2)]
            else:
                keys = DYNAMIC[args.strip()]() if args.strip() in DYNAMIC else None
            if keys is None:
                unknown.append(f"{where}: kb.{call.group(1)}({args})")
                continue
            for key in keys:
                used.setdefault(key, set()).add(where)
    assert unknown == [], "calls with a computed key this test does not know: add them to LABELS or DYNAMIC"
    return used


def python_keys() -> dict[str, set[str]]:
    """Every key the engine's Python asks for: literal keys, and the new-item template's sections."""
    used: dict[str, set[str]] = {}
    literal = re.compile(r"""(?:\binterface_string|\.s|\.plain|\btext)\(\s*(["'])([a-z0-9_]+)\1\s*[,)]""")
    for path in sorted(ENGINE.rglob("*.py")):
        for match in literal.finditer(path.read_text(encoding="utf-8")):
            if path.name != "new.py" and not match.group(0).startswith(("interface_string", ".s", ".plain")):
                continue  # text(...) is the editor's helper in new.py only
            used.setdefault(match.group(2), set()).add(str(path.relative_to(ROOT)))
    # new.py computes these: text('template_' + section), text('template_' + section + '_hint')
    for section in SECTIONS:
        for key in (f"template_{section}", f"template_{section}_hint"):
            used.setdefault(key, set()).add("hooks/kennisbank/editor/new.py")
    # the registry of kinds names these: what one record of a kind is called (search's type
    # labels, view.plain(kind.label_key)), and the title of a subpage (an event's handouts)
    for kind in KINDS:
        if kind.pages and kind.search:
            used.setdefault(kind.label_key, set()).add("hooks/kennisbank/kinds.py")
        for sub in kind.subpages:
            used.setdefault(sub.title, set()).add("hooks/kennisbank/kinds.py")
    # View.label's f"{prefix}_{value}" is checked through the templates' kb.label calls (LABELS)
    return used


def test_every_key_the_templates_use_is_in_the_strings_files():
    used = template_keys()
    assert len(used) > 80  # the scan finds the templates' calls
    missing = {key: sorted(where) for key, where in used.items() if key not in reference_keys()}
    assert missing == {}


def test_every_key_the_engine_code_uses_is_in_the_strings_files():
    used = python_keys()
    assert {"handouts", "not_known", "to", "at_most", "type_page", "type_event", "template_summary",
            "template_lessons_hint"} <= set(used)
    missing = {key: sorted(where) for key, where in used.items() if key not in reference_keys()}
    assert missing == {}


def test_a_key_no_file_has_is_an_error_naming_the_key_and_the_folder():
    with pytest.raises(KeyError) as error:
        strings.interface_string("no_such_key", "en", "nl")
    assert "no_such_key" in str(error.value) and str(strings.FOLDER) in str(error.value)


def test_no_template_puts_a_marked_string_where_markup_cannot_go():
    """kb.s and kb.label may print <span lang>: in an attribute, JSON or a variable use kb.plain."""
    wrong = []
    attribute = re.compile(r"""[\w-]+="[^"]*\{\{[^}]*\bkb\.(?:s|label)\(""")
    kept = re.compile(r"""\{%-?\s*set\b(?:(?!%\}).)*\bkb\.(?:s|label)\(""", re.S)
    for path in sorted(OVERRIDES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (attribute, kept):
            wrong += [f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}" for m in pattern.finditer(text)]
    assert wrong == []


# -- fallback --------------------------------------------------------------------------

def strings_folder(tmp_path: Path, de: str) -> Path:
    """A copy of the engine's strings files plus a de.yml with the given text."""
    folder = tmp_path / "strings"
    shutil.copytree(strings.FOLDER, folder)
    (folder / "de.yml").write_text(de, encoding="utf-8")
    return folder


def test_a_string_missing_from_a_language_falls_back_marked_with_its_language(tmp_path, monkeypatch):
    monkeypatch.setenv("KENNISBANK_STRINGS_DIR", str(strings_folder(tmp_path, "published: Veröffentlicht & mehr\n")))
    kb = View(SimpleNamespace(default_language="nl"), "de")
    assert kb.s("published") == Markup("Veröffentlicht &amp; mehr")  # its own: escaped, not marked
    assert kb.s("updated") == Markup('<span lang="nl">Bijgewerkt</span>')
    assert kb.label("status", "planned") == Markup('<span lang="nl">gepland</span>')
    assert kb.time(None) == Markup('<span lang="nl">nog niet bekend</span>')
    # plain text for attributes and strings built in Python: an attribute cannot carry its own lang
    assert kb.plain("updated") == "Bijgewerkt" and not isinstance(kb.plain("updated"), Markup)
    assert kb.plain("published") == "Veröffentlicht & mehr"
    assert kb.date(None) == "nog niet bekend"
    assert kb.span(2, 4) == "2 tot 4"
    found = strings.interface_string("updated", "de", "nl")
    assert (found.value, found.lang, found.fallback) == ("Bijgewerkt", "nl", True)


def test_a_language_falls_back_to_the_site_default_then_to_the_reference(tmp_path, monkeypatch):
    monkeypatch.setenv("KENNISBANK_STRINGS_DIR", str(strings_folder(tmp_path, "published: Veröffentlicht\n")))
    assert strings.interface_string("updated", "fr", "en") == strings.Localized("Updated", "en", True)
    assert strings.interface_string("updated", "fr", "de") == strings.Localized("Bijgewerkt", "nl", True)
    assert strings.interface_string("published", "de", "en") == strings.Localized("Veröffentlicht", "de", False)
    assert "de" in strings.languages() and strings.keys("de") == {"published"}


def test_a_strings_file_with_a_value_yaml_does_not_read_as_text_is_refused_with_its_line(tmp_path, monkeypatch):
    monkeypatch.setenv("KENNISBANK_STRINGS_DIR", str(strings_folder(tmp_path, "# Deutsch\npublished: yes\n")))
    with pytest.raises(ValueError, match=r"de\.yml:2: 'published' is not a key with a text"):
        strings.languages()


# -- a third language in a real build ----------------------------------------------------

def add_german(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "          site_name: Testkennisbank\n"
    assert anchor in text
    config.write_text(text.replace(anchor, anchor + "        - locale: de\n          name: Deutsch\n          build: true\n"),
                      encoding="utf-8")


def interface_texts(site: BuiltSite, prefix: str, values: set[str]) -> list[tuple[str, str, str]]:
    """(page, text, lang it is in) of every text on a language's pages that is an interface string.

    Material's navigation is left out: it shows the sections' titles (data, not interface
    strings), rendered by the theme and not the engine's templates."""
    found = []
    for url in site.pages():
        if not url.startswith(prefix):
            continue
        page = site.page(url)
        for element in page.iter():
            if not isinstance(element.tag, str) or element.xpath('ancestor-or-self::nav[contains(@class, "md-nav")]'):
                continue
            for text in (element.text, *(child.tail for child in element)):
                if text and text.strip() in values:
                    lang = next(e.get("lang") for e in (element, *element.iterancestors()) if e.get("lang"))
                    found.append((url, text.strip(), lang))
    return found


def german_checked() -> set[str]:
    """The English interface strings the German pages are checked for (the fixture's default is
    English), less those that are also titles of its sections: "Meetings" is data there, and
    data text has its own fallback (kb.text)."""
    sections = (FIXTURE / "data" / "sections.yml").read_text(encoding="utf-8")
    titles = set(re.findall(r"\ben: ([^,}]+)", sections))
    return set(strings.table("en").values()) - titles


def attributes_with_markup(site: BuiltSite, prefix: str) -> list[str]:
    return [f"{url}: {value}" for url in site.pages() if url.startswith(prefix)
            for value in site.page(url).xpath("//@*") if "<span" in value]


@pytest.fixture(scope="module")
def german_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltSite, BuiltSite]:
    """The fixture site with German added: without a strings file, and with a partial de.yml."""
    built = []
    for name, env in (("without", None), ("with", "de.yml")):
        root = tmp_path_factory.mktemp(f"german-{name}")
        project = copy_fixture(root / "project")
        add_german(project)
        extra = {}
        if env:
            folder = strings_folder(root, "publications_and_stories: Publikationen, Geschichten und Neuigkeiten\n"
                                          "meta: Angaben\n")
            extra = {"KENNISBANK_STRINGS_DIR": str(folder)}
        result = build(project, project / "site", env=extra)
        assert result.returncode == 0, f"build with German {name} a strings file failed:\n{result.stdout}\n{result.stderr}"
        built.append(BuiltSite(project / "site", result.stdout + result.stderr))
    return built[0], built[1]


def test_a_language_without_a_strings_file_builds_and_marks_every_interface_string(german_sites):
    site, _ = german_sites
    found = interface_texts(site, "/de/", german_checked())
    assert len({text for _, text, _ in found}) > 30  # the check sees the pages' interface strings
    unmarked = [f for f in found if f[2] != "en"]
    assert unmarked == []
    soil = site.page("/de/topics/soil/")
    assert soil.get("lang") == "de"
    assert soil.xpath('//h2[@id="kb-items"]/span[@lang="en"]/text()') == ["Publications, stories and news"]
    # attributes get the plain text: no markup inside them
    assert attributes_with_markup(site, "/de/") == []
    assert site.page("/de/projects/circle-a/").xpath('string(//dl[@class="kb-facts"]/@aria-label)') == "Details"


def test_a_language_with_its_strings_file_shows_its_own_and_marks_the_rest(german_sites):
    _, site = german_sites
    soil = site.page("/de/topics/soil/")
    heading = soil.xpath('//h2[@id="kb-items"]')[0]
    assert heading.text_content() == "Publikationen, Geschichten und Neuigkeiten" and heading.xpath("not(.//*[@lang])")
    assert site.page("/de/projects/circle-a/").xpath('string(//dl[@class="kb-facts"]/@aria-label)') == "Angaben"
    # what de.yml lacks is English, marked
    unmarked = [f for f in interface_texts(site, "/de/", german_checked()) if f[2] != "en"]
    assert unmarked == []
    assert attributes_with_markup(site, "/de/") == []
    # the other languages are as before
    assert site.page("/nl/topics/soil/").xpath('string(//h2[@id="kb-items"])') == "Publicaties, verhalen en nieuws"
