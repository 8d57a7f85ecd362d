"""The editors' commands on real files: copies of the fixture site, the exact lines an editor reads.

check, new, translations, rename and urls, each run as `python -m kennisbank`
runs them (through ``main``) or through the function the command calls. The
locale is cleared, so the commands speak the site's default language: English
for the fixture site, Dutch for the real one (tests/test_editor_messages.py
checks the choice of language).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from real_site import url_of

from kennisbank import engine, messages
from kennisbank.__main__ import main
from kennisbank.adapter import load_settings
from kennisbank.config import Settings
from kennisbank.editor import check, new, redirects, translations
from kennisbank.editor.urls import MANIFEST, page_url, read_manifest, urls_in_site, write_manifest
from kennisbank.personal_data import elfproef, iban_valid
from kennisbank.problems import ContentError
from support import ROOT, BuiltSite, copy_fixture

MAILBOX = "team@fixture.example.org"
REDIRECTS = "  - redirects:\n      redirect_maps: {}\n"


@pytest.fixture(autouse=True)
def no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in messages.LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def project(tmp_path: Path, edits: dict[str, str] | None = None, redirects_plugin: bool = False) -> Settings:
    root = copy_fixture(tmp_path / "project")
    for rel, text in (edits or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("    data_dir: data\n", f"    data_dir: data\n    contact_email: {MAILBOX}\n")
    if redirects_plugin:
        text = text.replace("plugins:\n  - search\n", "plugins:\n  - search\n" + REDIRECTS)
    config.write_text(text, encoding="utf-8")
    return Settings(root, root / "docs", root / "data", ("en", "nl"), "en", "https://fixture.example.org/", MAILBOX)


def real_settings() -> Settings:
    return load_settings(str(ROOT / "mkdocs.yml"))


def run(settings: Settings, *args: str, capsys: pytest.CaptureFixture) -> tuple[int, list[str]]:
    code = main(["-f", str(settings.project_dir / "mkdocs.yml"), *args])
    return code, capsys.readouterr().out.splitlines()


STORY = """---
title: Dry feet in Town A
type: story
date: 2024-06-01
summary: How Town A kept its cellars dry.
themes: [water]
---
{body}
"""


# -- personal data: refused by the build itself ----------------------------------------------------


def test_build_refuses_personal_data_with_file_line_and_fix(tmp_path):
    body = ("Call Ann on 06-12345678 or (020) 123 45 67.\n"
            f"Write to ann@example.org, not to {MAILBOX}.\n"
            "Her BSN is 111222333 and her account NL91 ABNA 0417 1643 00.\n"
            "Our free line 0800-1234567, order 123456789 and code NL91ABNA0417164301 are fine.")
    settings = project(tmp_path, {"docs/stories/dry-feet.md": STORY.format(body=body)})
    with pytest.raises(ContentError) as caught:
        engine.load(settings)
    mailbox = f"the programme's mailbox {MAILBOX}"
    assert [str(p) for p in caught.value.problems] == [  # sorted by line, then text
        f"docs/stories/dry-feet.md:8: phone number '(020) 123 45 67' must not be published — remove it; for contact use {mailbox}",
        f"docs/stories/dry-feet.md:8: phone number '06-12345678' must not be published — remove it; for contact use {mailbox}",
        f"docs/stories/dry-feet.md:9: e-mail address 'ann@example.org' must not be published — use {mailbox} instead",
        "docs/stories/dry-feet.md:10: '111222333' looks like a citizen service number (BSN), which must not be published — remove it",
        "docs/stories/dry-feet.md:10: bank account number (IBAN) 'NL91 ABNA 0417 1643 00' must not be published — remove it",
    ]


def test_build_refuses_personal_data_in_data_files(tmp_path):
    themes = (ROOT / "tests/fixture_site/data/themes.yml").read_text(encoding="utf-8")
    settings = project(tmp_path, {"data/themes.yml": themes + "# contact: +31 6 1234 5678\n"})
    with pytest.raises(ContentError) as caught:
        engine.load(settings)
    line = themes.count("\n") + 1
    assert [str(p) for p in caught.value.problems] == [
        f"data/themes.yml:{line}: phone number '+31 6 1234 5678' must not be published — "
        f"remove it; for contact use the programme's mailbox {MAILBOX}"]


def test_a_file_found_clean_before_is_scanned_again_once_it_holds_personal_data(tmp_path, monkeypatch):
    """A warm build skips files whose bytes the scan found clean before (render_cache.CleanFiles):
    an edit changes the bytes, so the edited file is scanned, in a new process as in this one."""
    monkeypatch.setenv("KENNISBANK_RENDER_CACHE", str(tmp_path / "cache"))
    settings = project(tmp_path, {"docs/stories/dry-feet.md": STORY.format(body="Nothing personal here.")})
    engine._load(settings)  # noqa: SLF001 (a load of its own, not the process's cached model)
    assert list((tmp_path / "cache" / "clean").glob("*.json")), "the clean files are kept for the next build"
    engine._per_file.clear()  # noqa: SLF001 (as a new process starts)
    (settings.docs_dir / "stories/dry-feet.md").write_text(STORY.format(body="Call Ann on 06-12345678."), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        engine._load(settings)  # noqa: SLF001
    assert any("06-12345678" in str(problem) for problem in caught.value.problems)


@pytest.mark.parametrize("number,valid", [("111222333", True), ("123456782", True), ("123456789", False),
                                          ("000000000", False), ("12345678", False)])
def test_elfproef(number, valid):
    assert elfproef(number) is valid


@pytest.mark.parametrize("iban,valid", [("NL91ABNA0417164300", True), ("NL91 ABNA 0417 1643 00", True),
                                        ("BE68539007547034", True), ("NL91ABNA0417164301", False), ("NL91", False)])
def test_iban_mod97(iban, valid):
    assert iban_valid(iban) is valid


# -- check -------------------------------------------------------------------------------------------


def test_check_reports_editor_problems_errors_apart_with_summary(tmp_path, capsys):
    body = ("![](cellar.png)\n"
            "See [the other story](wet-yeer.md), [the topic](../topics/water.md) and [home](/nl/).\n"
            "And [a lost page](/stories/nowhere/) and [an outside site](https://example.org/x).\n"
            "<div class=\"box\">Boxed</div> with <abbr title=\"Town A\">TA</abbr>.\n"
            "`<div>` in code is fine.\n")
    settings = project(tmp_path, {"docs/stories/dry-feet.md": STORY.format(body=body)})
    (settings.docs_dir / "stories" / "cellar.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))  # a picture
    code, out = run(settings, "check", capsys=capsys)
    assert code == 1
    assert out == [
        "Errors (the site is not published until these are fixed):",
        "docs/stories/dry-feet.md:8: image 'cellar.png' has no alt text — "
        "describe what it shows between the brackets: ![What the image shows](…)",
        "docs/stories/dry-feet.md:9: link to 'wet-yeer.md': docs/stories/wet-yeer.md does not exist — "
        "correct the file name; the link is relative to this file's folder",
        "docs/stories/dry-feet.md:10: link to '/stories/nowhere/': no such page or file on this site — "
        "correct the address, or link to the page's .md file relative to this file, like ../nieuws/slug.md",
        "docs/stories/dry-feet.md:11: raw HTML <div> is not allowed in content — "
        "write Markdown instead (headings, lists, links, images, tables; see CONTRIBUTING.md)",
        "Warnings (please look at these):",
        "docs/stories/dry-feet.nl.md:1: translation does not record which version of docs/stories/dry-feet.md "
        "it follows — if it matches that file, run `make translations MARK=docs/stories/dry-feet.nl.md` or add "
        f"'translated_from: {engine.load(settings).site.items['stories/dry-feet'].fingerprint}' to its front matter",
        "docs/stories/wet-year.md:1: no 'nl' translation — add docs/stories/wet-year.nl.md with the text in that language",
        "check: 4 error(s), 2 warning(s) in 7 Markdown files and data/ — fix the errors before you ask for a review.",
    ]


def test_check_of_the_real_site_finds_no_errors_but_the_summary_a_new_draft_has_still_to_get(capsys):
    """The real content passes `make check`, in Dutch, its default language. A story just made
    with `make new` is the one exception: its editor has still to write its summary (in every
    language), which the check says and the pull request's Check content step refuses. This
    suite tests the software, so such a draft does not fail `make test`."""
    code, out = run(real_settings(), "check", capsys=capsys)
    nl = yaml.safe_load((ROOT / "hooks/kennisbank/messages/nl.yml").read_text(encoding="utf-8"))
    assert out[-1].startswith("check: ")
    errors = out[out.index(nl["check_errors"]) + 1:] if nl["check_errors"] in out else []
    errors = errors[:errors.index(nl["check_warnings"])] if nl["check_warnings"] in errors else errors[:-1]
    draft = f": {nl['template_summary']} — {nl['template_summary_fix']}"
    assert [e for e in errors if not e.endswith(draft)] == [], "\n".join(out)
    assert code == (1 if errors else 0)
    if not errors:
        assert out[-1].startswith("check: 0 fout(en)")


def test_check_names_github_annotations(tmp_path, capsys):
    settings = project(tmp_path, {"docs/stories/dry-feet.md": STORY.format(body="![](a.png)")})
    code, out = run(settings, "check", "--github", capsys=capsys)
    assert code == 1
    assert "::error file=docs/stories/dry-feet.md,line=8::image 'a.png' has no alt text — " \
           "describe what it shows between the brackets: ![What the image shows](…)" in out


# -- new -----------------------------------------------------------------------------------------------


def test_new_writes_valid_files_in_every_language_that_the_site_loads(tmp_path, capsys):
    settings = project(tmp_path)
    code, out = run(settings, "new", "--type", "story", "--title", "Één nieuwe aanpak: Town B's cellars",
                    "--themes", "water,soil", "--programme", "circle-a", "--date", "2024-09-01", capsys=capsys)
    assert code == 0, out
    slug = "een-nieuwe-aanpak-town-b-s-cellars"
    assert out[:2] == [f"created docs/stories/{slug}.md", f"created docs/stories/{slug}.nl.md"]
    item = engine.load(settings).site.items[f"stories/{slug}"]
    assert item.title == {"en": "Één nieuwe aanpak: Town B's cellars", "nl": "Één nieuwe aanpak: Town B's cellars"}
    assert [t.id for t in item.themes] == ["water", "soil"] and [p.id for p in item.programmes] == ["circle-a"]
    assert item.type.id == "story" and str(item.date) == "2024-09-01"
    original = (settings.docs_dir / f"stories/{slug}.md").read_text(encoding="utf-8")
    translation = (settings.docs_dir / f"stories/{slug}.nl.md").read_text(encoding="utf-8")
    assert [line for line in original.splitlines() if line.startswith("## ")] == [
        "## Context", "## Question", "## Approach", "## Result", "## Lessons"]
    assert [line for line in translation.splitlines() if line.startswith("## ")] == [
        "## Context", "## Vraag", "## Aanpak", "## Resultaat", "## Lessen"]
    # the placeholder summary is caught by the check before anyone reviews, at its line
    assert original.splitlines()[4].startswith("summary: ") and translation.splitlines()[2].startswith("summary: ")
    problems = [str(p) for p in check.check(settings) if not p.warning]
    assert problems == [f"docs/stories/{slug}.md:5: 'summary' is still the template's text — "
                        "write one or two sentences about this item in 'summary:'",
                        f"docs/stories/{slug}.nl.md:3: 'summary' is still the template's text — "
                        "write one or two sentences about this item in 'summary:'"]


def test_new_refuses_an_existing_slug_and_unknown_ids(tmp_path, capsys):
    settings = project(tmp_path)
    code, out = run(settings, "new", "--type", "story", "--title", "Dry feet", "--themes", "water", capsys=capsys)
    assert (code, out) == (1, ["error: 'stories/dry-feet' exists already (dry-feet.md, dry-feet.nl.md): "
                               "choose another title or give another slug (--slug / SLUG=)"])
    code, out = run(settings, "new", "--type", "story", "--title", "X", "--themes", "fire", capsys=capsys)
    assert (code, out) == (1, ["error: unknown theme 'fire': use one of water, soil"])
    code, out = run(settings, "new", "--type", "poem", "--title", "X", "--themes", "water", capsys=capsys)
    assert (code, out) == (1, ["error: unknown type 'poem': use one of story"])
    code, out = run(settings, "new", "--title", "X", capsys=capsys)  # not a terminal: nothing is asked
    assert (code, out) == (1, ["error: missing --type, --themes: give them as options "
                               "(make new TYPE=… TITLE=\"…\" THEMES=a,b)"])


FIXTURE_SETTINGS = Settings(ROOT / "tests/fixture_site", ROOT / "tests/fixture_site/docs",
                            ROOT / "tests/fixture_site/data", ("en", "nl"), "en", "https://x/")


def test_new_asks_for_what_is_missing():
    messages.use("en")
    answers = iter(["story", "Asked title", "water", "", "", "A summary."])
    request = new.complete(new.Request("", "", [], []), new.Catalogue(FIXTURE_SETTINGS), lambda prompt: next(answers))
    assert (request.type, request.title, request.themes, request.programmes, request.date, request.summary,
            request.slug) == ("story", "Asked title", ["water"], [], "", "A summary.", "asked-title")


def test_new_checks_each_answer_at_once_and_asks_again_keeping_the_others():
    messages.use("en")
    answers = iter(["poem", "story", "  ", "Dry feet", "Asked title", "fire", "water, soil", "circle-z", "",
                    "31-02-2024", "14 maart 2024", "A summary."])
    asked: list[str] = []
    told: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt.split(" (")[0].split(":")[0])
        return next(answers)

    request = new.complete(new.Request("", "", [], []), new.Catalogue(FIXTURE_SETTINGS), ask, told.append)
    assert asked == ["Type", "Type", "Title", "Title", "Title", "Themes, separated by commas", "Themes, separated by commas",
                     "Programme(s), separated by commas; empty for none", "Programme(s), separated by commas; empty for none",
                     "Date", "Date", "Summary in one or two sentences"]
    assert told == [
        "  ✗ unknown type 'poem': use one of story",
        "  ✗ the title is empty",
        "  ✗ 'stories/dry-feet' exists already (dry-feet.md, dry-feet.nl.md): choose another title or give "
        "another slug (--slug / SLUG=)",
        "  ✗ unknown theme 'fire': use one of water, soil",
        "  ✗ unknown programme 'circle-z': use one of circle-a",
        "  ✗ '31-02-2024': day 31 does not exist in 2024-02, which has 29 days — write a real date as YYYY-MM-DD, "
        "for example 2024-02-29"]
    assert (request.type, request.title, request.themes, request.programmes, request.date, request.summary,
            request.slug) == ("story", "Asked title", ["water", "soil"], [], "2024-03-14", "A summary.", "asked-title")


def test_new_in_a_terminal_asks_again_for_a_given_value_that_is_refused():
    messages.use("nl")
    answers = iter(["story", "", ""])
    told: list[str] = []
    request = new.complete(new.Request("poem", "Asked title", ["water"], [], summary="S."),
                           new.Catalogue(FIXTURE_SETTINGS), lambda prompt: next(answers), told.append)
    assert told == ["  ✗ onbekende soort 'poem': kies uit story"]
    assert (request.type, request.title, request.themes) == ("story", "Asked title", ["water"])


@pytest.mark.parametrize("given", ["14-03-2024", "14/3/2024", "14 maart 2024", "2024-03-14", "March 14, 2024"])
def test_new_takes_a_dutch_date_and_writes_it_as_iso(tmp_path, capsys, given):
    settings = project(tmp_path)
    code, out = run(settings, "new", "--type", "story", "--title", "Dated", "--themes", "water", "--date", given,
                    capsys=capsys)
    assert code == 0, out
    assert 'date: "2024-03-14"' in (settings.docs_dir / "stories/dated.md").read_text(encoding="utf-8")


def test_new_refuses_an_impossible_date_with_the_form_to_use(tmp_path, capsys):
    settings = project(tmp_path)
    code, out = run(settings, "new", "--type", "story", "--title", "Dated", "--themes", "water",
                    "--date", "31-02-2024", capsys=capsys)
    assert (code, out) == (1, ["error: '31-02-2024': day 31 does not exist in 2024-02, which has 29 days — "
                               "write a real date as YYYY-MM-DD, for example 2024-02-29"])
    code, out = run(settings, "--lang", "nl", "new", "--type", "story", "--title", "Dated", "--themes", "water",
                    "--date", "14 smarch 2024", capsys=capsys)
    assert code == 1 and out[0].startswith("fout: '14 smarch 2024': 'smarch' is geen maand: schrijf de datum als JJJJ-MM-DD")
    assert not (settings.docs_dir / "stories/dated.md").exists()


# -- urls.txt: what CI checks against a build, check finds without one ------------------------------


def test_check_reports_what_a_build_publishes_that_urls_txt_lacks_and_new_adds_its_own(tmp_path, capsys):
    settings = project(tmp_path)
    manifest = settings.project_dir / MANIFEST
    write_manifest(manifest, list(check.published(settings, engine.load(settings))))
    assert [p for p in check.check(settings) if not p.warning] == []
    # a new story: its pages and citation files (stories has citations) are added by `new`
    code, out = run(settings, "new", "--type", "story", "--title", "Listed", "--themes", "water",
                    "--summary", "A story.", capsys=capsys)
    assert code == 0, out
    listed = set(read_manifest(manifest))
    assert {"/stories/listed/", "/nl/stories/listed/", "/stories/listed/cite.bib", "/nl/stories/listed/cite.ris"} <= listed
    assert [p for p in check.check(settings) if MANIFEST in p.what] == []
    # a new image, linked from a story: CI would fail on it, so the check does too
    story = settings.docs_dir / "stories/dry-feet.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n![A dry cellar](cellar.png)\n", encoding="utf-8")
    (settings.docs_dir / "stories/cellar.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))
    code, out = run(settings, "check", capsys=capsys)
    assert code == 1
    assert "docs/stories/cellar.png:1: /stories/cellar.png will be published but is not in urls.txt — " \
           "run `make urls`, or add the line /stories/cellar.png to urls.txt, and commit urls.txt" in out


def test_check_gives_a_missing_image_the_image_hint(tmp_path, capsys):
    settings = project(tmp_path, {"docs/stories/dry-feet.md": STORY.format(body="![A dry cellar](cellar.png)\n"
                                                                               "![The map](/img/map.png)")})
    code, out = run(settings, "check", capsys=capsys)
    assert code == 1
    assert out[1:3] == [
        "docs/stories/dry-feet.md:8: image 'cellar.png': docs/stories/cellar.png does not exist — put the image "
        "file in docs/stories (beside this file) or correct the file name; the path is relative to this file's folder",
        "docs/stories/dry-feet.md:9: image '/img/map.png': no such file on this site — put the image beside this "
        "file and refer to it by its file name only, like ![What it shows](photo.jpg)"]


# -- translations ------------------------------------------------------------------------------------


def test_fingerprint_is_the_sha256_of_the_original_file():
    site = engine.load(real_settings()).site
    for item in site.items.values():
        raw = (ROOT / "docs" / item.files["nl"]).read_bytes()
        assert item.fingerprint == hashlib.sha256(raw).hexdigest()[:12]


def test_translations_lists_missing_outdated_and_unconfirmed_then_marks(tmp_path, capsys):
    settings = project(tmp_path)
    code, out = run(settings, "translations", capsys=capsys)
    assert code == 0
    fingerprint = engine.load(settings).site.items["stories/dry-feet"].fingerprint
    assert out == [
        "docs/stories/dry-feet.nl.md: unconfirmed: translation does not record which version of docs/stories/dry-feet.md "
        "it follows — if it matches that file, run `make translations MARK=docs/stories/dry-feet.nl.md` "
        f"or add 'translated_from: {fingerprint}' to its front matter",
        "docs/stories/wet-year.md: missing: no 'nl' translation — add docs/stories/wet-year.nl.md "
        "(title and summary in its front matter)",
        "2 items: 1 translation(s) missing, 0 outdated, 1 unconfirmed."]
    code, out = run(settings, "translations", "--mark", "docs/stories/dry-feet.nl.md", capsys=capsys)
    assert out == ["marked as up to date: docs/stories/dry-feet.nl.md", "1 translation(s) marked."]
    text = (settings.docs_dir / "stories/dry-feet.nl.md").read_text(encoding="utf-8")
    assert text.startswith(f"---\ntitle: Droge voeten in Gemeente A\nsummary: Hoe Gemeente A de kelders droog hield.\n"
                           f"translated_from: {fingerprint}\n---\n")
    assert translations.state(engine.load(settings).site.items["stories/dry-feet"], "nl") is None
    original = settings.docs_dir / "stories/dry-feet.md"
    original.write_text(original.read_text(encoding="utf-8") + "\nThey met once more.\n", encoding="utf-8")
    assert translations.state(engine.load(settings).site.items["stories/dry-feet"], "nl") == translations.OUTDATED


def test_a_translation_says_it_may_be_behind_exactly_when_it_does_not_follow_the_original_as_it_is(site: BuiltSite):
    """Read off the content: a translation whose translated_from is the original's fingerprint
    shows no notice; one that records another version, or none (a new draft), shows it."""
    model = engine.load(real_settings()).site
    checked = 0
    for item in model.items.values():
        for language in item.files:
            if language == model.default_language:
                continue
            page = site.page(url_of(item.path, language))
            behind = item.translated_from.get(language) != item.fingerprint
            shown = bool(page.xpath('//*[contains(@class, "kb-translation-behind")]'))
            assert shown == behind, f"{item.files[language]}: notice {'missing' if behind else 'shown'}"
            checked += 1
    assert checked


# -- rename ---------------------------------------------------------------------------------------------


def test_rename_moves_files_adds_redirects_and_updates_references(tmp_path, capsys):
    settings = project(tmp_path, {"docs/about/index.md": (ROOT / "tests/fixture_site/docs/about/index.md").read_text()
                                  + "\nRead [the story](../stories/dry-feet.md#what-happened) or "
                                    "[its page](/nl/stories/dry-feet/).\n"}, redirects_plugin=True)
    code, out = run(settings, "rename", "stories/dry-feet", "stories/dry-feet-town-a", capsys=capsys)
    assert code == 0, out
    docs = settings.docs_dir
    assert not (docs / "stories/dry-feet.md").exists() and (docs / "stories/dry-feet-town-a.md").exists()
    assert (docs / "stories/dry-feet-town-a.nl.md").exists()
    assert redirects.read(settings.project_dir / "mkdocs.yml") == {
        "stories/dry-feet.md": "stories/dry-feet-town-a.md",
        "nl/stories/dry-feet.md": "https://fixture.example.org/nl/stories/dry-feet-town-a/"}
    assert "  source: stories/dry-feet-town-a\n" in (settings.data_dir / "outcomes.yml").read_text(encoding="utf-8")
    about = (docs / "about/index.md").read_text(encoding="utf-8")
    assert ("Read [the story](../stories/dry-feet-town-a.md#what-happened) or "
            "[its page](/nl/stories/dry-feet-town-a/).") in about
    assert engine.load(settings).site.outcomes["dry-cellars"].source_item.id == "dry-feet-town-a"
    # renaming back takes the old name's redirect away, and points the other one at the page
    code, out = run(settings, "rename", "stories/dry-feet-town-a", "stories/dry-feet", capsys=capsys)
    assert code == 0, out
    assert redirects.read(settings.project_dir / "mkdocs.yml") == {
        "stories/dry-feet-town-a.md": "stories/dry-feet.md",
        "nl/stories/dry-feet-town-a.md": "https://fixture.example.org/nl/stories/dry-feet/"}


def test_rename_refuses_what_it_cannot_do(tmp_path, capsys):
    settings = project(tmp_path)
    code, out = run(settings, "rename", "stories/dry-feet", "stories/wet-year", capsys=capsys)
    assert (code, out) == (1, ["error: 'stories/wet-year' exists already: choose another slug"])
    code, out = run(settings, "rename", "stories/dry-feet", "stories/new-name", capsys=capsys)
    assert (code, out) == (1, ["error: mkdocs.yml has no 'redirect_maps:' — add the redirects plugin under "
                               "'plugins:' (- redirects: then redirect_maps: {}) and run the command again"])
    assert (settings.docs_dir / "stories/dry-feet.md").exists()
    code, out = run(settings, "rename", "stories/nothing", "stories/new-name", capsys=capsys)
    assert code == 1 and out[0].startswith("error: 'stories/nothing' is not an item")


# -- urls -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rel,url", [("index.md", "/"), ("index.en.md", "/en/"), ("nieuws/x.md", "/nieuws/x/"),
                                     ("nieuws/x.en.md", "/en/nieuws/x/"), ("over/index.en.md", "/en/over/"),
                                     ("assets/logo.svg", "/assets/logo.svg")])
def test_page_url(rel, url):
    assert page_url(rel, ("nl", "en"), "nl") == url


def test_no_published_url_disappears(site: BuiltSite):
    published = read_manifest(ROOT / MANIFEST)
    assert len(published) > 100
    gone = [url for url in published if not site.exists(url)]
    assert gone == [], ("published URLs are no longer built; add a redirect for each (make rename, or "
                        f"redirect_maps in mkdocs.yml): {gone}")


def test_every_built_url_is_recorded(site: BuiltSite):
    missing = sorted(set(urls_in_site(site.root)) - set(read_manifest(ROOT / MANIFEST)))
    assert missing == [], f"run `make urls` and commit {MANIFEST}, or add these lines to it: {missing}"
