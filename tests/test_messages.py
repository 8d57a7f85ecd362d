"""Every message an editor reads exists in Dutch and English: one complete catalogue, and no problem bypasses it.

The catalogue is hooks/kennisbank/messages/<lang>.yml. Every ``say("key")`` in
the engine and the commands must be in both languages with the same
{placeholders}; every ``Problem`` (and everything that hands its what and fix
to one) is made of catalogue texts, never of an English literal; and a build
speaks its site's default language: a Dutch-first site stops with its problems
in Dutch, with file and line, an English-first one in English, and a command
speaks the language asked for.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
import yaml

from kennisbank import content_files, messages, personal_data, schemas, yamlsafe
from kennisbank.__main__ import main
from kennisbank.editor.translations import MISSING, OUTDATED, UNCONFIRMED
from kennisbank.kinds import KINDS
from support import ROOT, build, copy_fixture

ENGINE = ROOT / "hooks/kennisbank"
SOURCES = sorted([*ENGINE.rglob("*.py"), *(ROOT / "hooks/kennisbank_mkdocs").rglob("*.py")])  # the engine and its plugin
CATALOGUES = ENGINE / "messages"

COMPUTED = {
    # prefix of a key the source computes -> the keys it can compute, from the registry that decides them
    "state_": {f"state_{state}" for state in (MISSING, OUTDATED, UNCONFIRMED)},
    "new_unknown_": {"new_unknown_theme", "new_unknown_programme"},
    "noun_": {f"noun_{k.reference_noun}" for k in KINDS} | {f"noun_{k.name}" for k in KINDS if k.pages},
    "schema_type_": {f"schema_type_{t}" for t in schemas.JSON_TYPES},
    "files_kind_": {f"files_kind_{k.noun}" for k in content_files.KINDS.values()},
    "personal_kind_": {f"personal_kind_{k}" for k in personal_data.KINDS_FOUND},
}


@pytest.fixture(autouse=True)
def no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in messages.LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def trees() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"), str(path))) for path in SOURCES]


def called(node: ast.Call) -> str:
    return node.func.id if isinstance(node.func, ast.Name) else node.func.attr if isinstance(node.func, ast.Attribute) else ""


# -- the catalogues ----------------------------------------------------------------------------------


def test_both_languages_have_a_catalogue_in_the_one_place():
    assert messages.languages()[:1] == ("nl",) and "en" in messages.languages()  # Dutch first: the fallback
    assert [p for p in (ROOT / "hooks").rglob("messages") if p.is_dir()] == [CATALOGUES] == [messages.FOLDER]


@pytest.mark.parametrize("language", messages.languages())
def test_a_catalogue_reads_with_the_engines_own_loader_without_a_key_twice(language):
    path = CATALOGUES / f"{language}.yml"
    value, problems = yamlsafe.parse(path.read_text(encoding="utf-8"), path.name)
    assert [str(p) for p in problems] == []
    assert dict(value) == yaml.safe_load(path.read_text(encoding="utf-8")) == messages.catalogue(language)


@pytest.mark.parametrize("language", [lang for lang in messages.languages() if lang != "nl"])
def test_every_key_is_in_every_catalogue_with_a_text_and_the_same_placeholders(language):
    nl, other = messages.catalogue("nl"), messages.catalogue(language)
    assert sorted(set(nl) - set(other)) == [], f"keys missing from {language}.yml"
    assert sorted(set(other) - set(nl)) == [], "keys missing from nl.yml"
    assert [key for key, text in {**nl, **other}.items() if not text.strip()] == []
    assert [key for key in nl if fields(nl[key]) != fields(other[key])] == []
    same = {"new_answer_refused"}  # '  ✗ {reason}': the reason is translated
    assert [key for key in nl if nl[key] == other[key] and key not in same] == [], "not translated"


def said() -> tuple[set[str], dict[str, list[str]]]:
    """(every literal key a ``say(…)`` call names, the prefixes of computed keys per file)."""
    literal: set[str] = set()
    computed: dict[str, list[str]] = {}
    for path, tree in trees():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and called(node) == "say" and node.args):
                continue
            key = node.args[0]
            options = [key.body, key.orelse] if isinstance(key, ast.IfExp) else [key]
            for option in options:
                if isinstance(option, ast.Constant) and isinstance(option.value, str):
                    literal.add(option.value)
                    continue
                first = option.values[0] if isinstance(option, ast.JoinedStr) else \
                    option.left if isinstance(option, ast.BinOp) else None
                assert isinstance(first, ast.Constant), f"{path.name}:{node.lineno}: say() of a key it cannot read"
                computed.setdefault(path.relative_to(ENGINE.parent).as_posix(), []).append(first.value)
    return literal, computed


def test_every_key_said_is_in_the_catalogue_and_every_key_in_it_is_said():
    literal, computed = said()
    assert len(literal) > 300  # the scan finds the calls
    assert computed == {"kennisbank/editor/translations.py": ["state_"], "kennisbank/editor/new.py": ["new_unknown_"],
                        "kennisbank/link.py": ["noun_"], "kennisbank/schemas.py": ["schema_type_"],
                        "kennisbank/content_files.py": ["files_kind_"], "kennisbank/personal_data.py": ["personal_kind_"]}
    possible = set().union(*COMPUTED.values())
    known = set(messages.catalogue("nl"))
    assert sorted((literal | possible) - known) == [], "said but not in the catalogue"
    assert sorted(known - literal - possible) == [], "in the catalogue but never said"


def test_every_kind_is_named_in_both_languages():
    """A record of each kind is named in messages ("unknown theme …", "er is geen thema …")."""
    for language in messages.languages():
        assert sorted(COMPUTED["noun_"] - set(messages.catalogue(language))) == []


# -- no problem in one language only -----------------------------------------------------------------

_PROSE = re.compile(r"[A-Za-z]{2,}\W* \W*[A-Za-z]{2,}")  # two words: a sentence, not a key, a field or a path


def literals(node: ast.AST) -> list[str]:
    """The string literals in an expression, outside ``say(…)``'s key and outside subscripts (``record["id"]``)."""
    if isinstance(node, ast.Call) and called(node) == "say":
        return [text for value in [*node.args[1:], *(k.value for k in node.keywords)] for text in literals(value)]
    if isinstance(node, ast.Subscript):
        return literals(node.value)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    return [text for child in ast.iter_child_nodes(node) for text in literals(child)]


def english(node: ast.AST) -> list[str]:
    """Text written into an argument in one language: the argument itself a literal text, an f-string or
    literal text joined to something, or a sentence anywhere in it (a value given to ``say`` included)."""
    text = isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search("[A-Za-z]", node.value)
    joined = isinstance(node, ast.JoinedStr) or isinstance(node, ast.BinOp) and any(
        isinstance(side, (ast.Constant, ast.JoinedStr)) for side in (node.left, node.right))
    return ([ast.unparse(node)] if text or joined else []) + [t for t in literals(node) if _PROSE.search(t)]


def forwarders(tree: ast.Module) -> dict[str, list[int]]:
    """Functions that hand a ``what`` or a ``fix`` on to a Problem: their name -> those parameters' positions."""
    found: dict[str, list[int]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            names = [a.arg for a in node.args.args if a.arg not in ("self", "cls")]
            positions = [i for i, name in enumerate(names) if name in ("what", "fix")]
            if positions:
                found[node.name] = positions
    return found


def test_no_problem_is_written_in_english_only():
    """What is wrong and how to fix it come from the catalogue: no literal text reaches a Problem.

    Checked: the what and fix of every ``Problem(…)`` and ``YAMLProblem(…)``,
    the same arguments of every function that hands them on (``refuse``,
    ``report``, ``Linker.problem``, ``RenderTimeout``…), and the (what, fix) that
    helpers return or yield (``_describe``, ``_message``, a kind's checks…).
    """
    parsed = trees()
    passing: dict[str, list[int]] = {"Problem": [2, 3], "YAMLProblem": [1, 2]}
    for _, tree in parsed:
        passing.update(forwarders(tree))
    passing["__init__"] = []  # (a class's own constructor: checked where it is called, by its class name)
    passing["RenderTimeout"] = [1, 2]
    found, checked = [], 0
    for path, tree in parsed:
        shown = path.relative_to(ENGINE.parent).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and called(node) in passing:
                keywords = {k.arg: k.value for k in node.keywords}
                values = [node.args[i] for i in passing[called(node)] if i < len(node.args)]
                values += [keywords[name] for name in ("what", "fix") if name in keywords]
                checked += len(values)
                found += [f"{shown}:{node.lineno}: {text}" for value in values for text in english(value)]
            if isinstance(node, ast.FunctionDef):
                for name, default in zip(reversed([a.arg for a in node.args.args]), reversed(node.args.defaults), strict=False):
                    if name in ("what", "fix"):
                        found += [f"{shown}:{node.lineno}: default {text}" for text in english(default)]
                annotation = ast.unparse(node.returns) if node.returns else ""
                if annotation.endswith(("str, str]", "str, str]]")):  # returns or yields (…, what, fix)
                    for inner in ast.walk(node):
                        value = inner.value if isinstance(inner, (ast.Return, ast.Yield)) else None
                        if isinstance(value, ast.Tuple):
                            checked += 2
                            found += [f"{shown}:{inner.lineno}: {text}" for element in value.elts[-2:]
                                      for text in english(element)]
    assert checked > 150  # the scan reaches the call sites
    assert found == []


# -- a build speaks its site's language ---------------------------------------------------------------

BROKEN = ("---\ntitle: Dry feet in Town A\ncolour: blue\n", "---\ntitle: Dry feet in Town A\n")


def broken_project(tmp_path: Path, dutch_first: bool) -> Path:
    """The fixture site with an unknown front-matter field on line 3 of a story; Dutch first if asked."""
    root = copy_fixture(tmp_path / "project")
    story = root / "docs/stories/dry-feet.md"
    text = story.read_text(encoding="utf-8")
    assert text.startswith(BROKEN[1])
    story.write_text(BROKEN[0] + text[len(BROKEN[1]):], encoding="utf-8")
    if dutch_first:
        make_dutch_first(root)
    return root


LANGUAGES = ("        - locale: en\n          name: English\n          default: true\n          build: true\n"
             "        - locale: nl\n          name: Nederlands\n          build: true\n          site_name: Testkennisbank\n")


def make_dutch_first(root: Path) -> None:
    """Dutch becomes the default language, as on the real site, with the fixture's (English) texts as its own."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert LANGUAGES in text and "  language: en\n" in text
    dutch_first = ("        - locale: nl\n          name: Nederlands\n          default: true\n          build: true\n"
                   "          site_name: Testkennisbank\n"
                   "        - locale: en\n          name: English\n          build: true\n")
    config.write_text(text.replace(LANGUAGES, dutch_first).replace("  language: en\n", "  language: nl\n"), encoding="utf-8")
    for translation in (root / "docs").rglob("*.nl.md"):
        translation.unlink()
    for data in (root / "data").glob("*.yml"):
        value = yaml.safe_load(data.read_text(encoding="utf-8"))
        _dutch_too(value)
        data.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _dutch_too(node: object) -> None:
    if isinstance(node, dict):
        if "en" in node and "nl" not in node and set(node) <= {"en", "nl"}:
            node["nl"] = node["en"]
        for value in node.values():
            _dutch_too(value)
    elif isinstance(node, list):
        for value in node:
            _dutch_too(value)


DUTCH = "docs/stories/dry-feet.md:3: onbekend veld 'colour' — haal het weg of kies uit: "
ENGLISH = "docs/stories/dry-feet.md:3: unknown field 'colour' — remove it or use one of: "


def test_a_dutch_first_site_stops_with_its_problem_in_dutch(tmp_path):
    root = broken_project(tmp_path, dutch_first=True)
    result = build(root, tmp_path / "out")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "1 probleem in inhoud of data:\n" + DUTCH in log, log
    assert "unknown field" not in log and "problem in content" not in log


def test_an_english_first_site_stops_with_its_problem_in_english(tmp_path):
    root = broken_project(tmp_path, dutch_first=False)
    result = build(root, tmp_path / "out")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "1 problem in content or data:\n" + ENGLISH in log, log
    assert "onbekend veld" not in log


def test_make_check_speaks_the_site_default_language_unless_asked_for_another(tmp_path, capsys):
    root = broken_project(tmp_path, dutch_first=True)
    config = str(root / "mkdocs.yml")
    assert main(["-f", config, "check"]) == 1
    dutch = capsys.readouterr().out.splitlines()
    assert dutch[0] == "Fouten (de site wordt pas gepubliceerd als deze zijn opgelost):"
    assert [line[:len(DUTCH)] for line in dutch if line.startswith("docs/stories/dry-feet.md:3:")] == [DUTCH]
    assert main(["-f", config, "--lang", "en", "check"]) == 1
    english = capsys.readouterr().out.splitlines()
    assert english[0] == "Errors (the site is not published until these are fixed):"
    assert [line[:len(ENGLISH)] for line in english if line.startswith("docs/stories/dry-feet.md:3:")] == [ENGLISH]


@pytest.mark.parametrize("language,text", [
    ("nl", "docs/a.md:4: het verplichte veld 'date' ontbreekt — voeg 'date:' toe (zie schemas/item.schema.json)"),
    ("en", "docs/a.md:4: missing required field 'date' — add 'date:' (see schemas/item.schema.json)"),
])
def test_a_problem_is_worded_when_it_is_made_in_the_language_spoken(language, text):
    messages.use(language)
    value, problems = yamlsafe.parse("title: A\n", "docs/a.md", first_line=4)
    assert problems == []
    found = [str(p) for p in schemas.validate(value, "item", "docs/a.md") if "'date'" in p.what]
    assert found == [text]
    messages.use("en" if language == "nl" else "nl")
    assert [str(p) for p in schemas.validate(value, "item", "docs/a.md") if "'date'" in p.what] != [text]


@pytest.mark.parametrize("language,shown", [("nl", "12.345 0,5"), ("en", "12,345 0.5")])
def test_numbers_are_written_as_the_language_writes_them(language, shown):
    messages.use(language)
    assert f"{messages.number(12345)} {messages.decimal(0.5)}" == shown
