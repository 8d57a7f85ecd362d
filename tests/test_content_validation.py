"""Bad content and data stop the build with one exact line per problem.

Each test breaks one thing in a copy of the fixture site and checks the message
an editor would read: `path:line: what is wrong — how to fix it`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kennisbank import engine
from kennisbank.config import Settings
from kennisbank.load import DATA_FILES
from kennisbank.problems import ContentError
from kennisbank.yamlsafe import MAX_BYTES
from support import build, copy_fixture


def project(tmp_path: Path, edits: dict[str, str | None]) -> Settings:
    root = copy_fixture(tmp_path / "project")
    for rel, text in edits.items():
        target = root / rel
        if text is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return Settings(root, root / "docs", root / "data", ("en", "nl"), "en", "https://fixture.example.org/")


def problems(tmp_path: Path, edits: dict[str, str | None]) -> list[str]:
    settings = project(tmp_path, edits)
    with pytest.raises(ContentError) as caught:
        engine.load(settings)
    return [str(p) for p in caught.value.problems]


def read(rel: str) -> str:
    return (Path(__file__).parent / "fixture_site" / rel).read_text(encoding="utf-8")


def test_fixture_site_itself_is_valid(tmp_path):
    build_ = engine.load(project(tmp_path, {}))
    assert set(build_.site.items) == {"stories/dry-feet", "stories/wet-year"}
    assert build_.warnings == []


def test_invalid_yaml_names_file_and_line(tmp_path):
    bad = read("data/themes.yml").replace("  status: planned", "  status: [planned")
    assert problems(tmp_path, {"data/themes.yml": bad}) == [
        "data/themes.yml:8: invalid YAML: expected ',' or ']', but got '<stream end>' — "
        "check indentation, colons and quotes on this line or the one before"]


def test_alias_bomb_is_refused_before_expansion(tmp_path):
    bomb = "- id: a\n  title: &a {en: x}\n" + "".join(f"  t{i}: &b{i} [*a, *a, *a, *a]\n" for i in range(3))
    assert problems(tmp_path, {"data/themes.yml": bomb}) == [
        "data/themes.yml:2: anchor '&a' is not allowed — remove the '&' anchor and write each value out in full"]


def test_oversized_data_file_is_refused_unread(tmp_path):
    huge = "- id: a\n" + "# padding\n" * (MAX_BYTES // 10 + 1)
    assert problems(tmp_path, {"data/themes.yml": huge}) == [
        f"data/themes.yml:1: file is {len(huge.encode()) // 1024} KB, more than the 512 KB allowed — "
        "split it into smaller files"]


def test_duplicate_key_is_refused(tmp_path):
    bad = read("data/themes.yml").replace("  status: active", "  status: active\n  status: planned")
    assert problems(tmp_path, {"data/themes.yml": bad}) == [
        "data/themes.yml:5: key 'status' appears twice (first on line 4) — keep one of the two"]


def test_unknown_theme_in_programme(tmp_path):
    bad = read("data/programmes.yml").replace("themes: [water]", "themes: [water, fire]")
    assert problems(tmp_path, {"data/programmes.yml": bad}) == [
        "data/programmes.yml:4: unknown theme 'fire' in 'themes' — use an id from data/themes.yml (soil, water)"]


def test_content_page_naming_a_missing_theme(tmp_path):
    bad = read("docs/stories/dry-feet.md").replace("themes: [water]", "themes:\n  - water\n  - wind")
    assert problems(tmp_path, {"docs/stories/dry-feet.md": bad}) == [
        "docs/stories/dry-feet.md:8: unknown theme 'wind' in 'themes' — use an id from data/themes.yml (soil, water)"]


def test_duplicate_id(tmp_path):
    bad = read("data/themes.yml") + "- id: water\n  title: {en: Water again}\n  summary: {en: x}\n  status: active\n"
    assert problems(tmp_path, {"data/themes.yml": bad}) == [
        "data/themes.yml:9: id 'water' is used twice (first on line 1) — give each entry its own id"]


def test_missing_required_field(tmp_path):
    bad = read("data/outcomes.yml").replace("  programme: circle-a\n", "")
    assert problems(tmp_path, {"data/outcomes.yml": bad}) == [
        "data/outcomes.yml:1: missing required field 'programme' in [1] — add 'programme:' (see schemas/outcomes.schema.json)"]


def test_outcome_with_unknown_source(tmp_path):
    bad = read("data/outcomes.yml").replace("source: stories/dry-feet", "source: stories/moist-feet")
    assert problems(tmp_path, {"data/outcomes.yml": bad}) == [
        "data/outcomes.yml:6: unknown page 'stories/moist-feet' in 'source' — "
        "use section/slug of an existing page (stories/dry-feet, stories/wet-year)"]


def test_date_that_does_not_exist(tmp_path):
    bad = read("docs/stories/dry-feet.md").replace("date: 2024-06-01", "date: 2024-02-30")
    assert problems(tmp_path, {"docs/stories/dry-feet.md": bad}) == [
        "docs/stories/dry-feet.md:4: 'date': 2024-02-30 is not a real date (day 30 does not exist in 2024-02) — "
        "correct the date (YYYY-MM-DD, YYYY-MM or YYYY)"]


def test_date_in_the_wrong_form(tmp_path):
    bad = read("data/events.yml").replace("date: 2024-06-01", "date: 1 June 2024")
    assert problems(tmp_path, {"data/events.yml": bad}) == [
        "data/events.yml:4: [1].date: '1 June 2024' is not valid — write the date as YYYY-MM-DD, YYYY-MM or YYYY"]


def test_path_like_id_is_refused(tmp_path):
    bad = read("data/themes.yml").replace("id: soil", "id: ../../etc")
    assert problems(tmp_path, {"data/themes.yml": bad}) == [
        "data/themes.yml:5: [2].id: '../../etc' is not valid — "
        "use lowercase letters, digits and single hyphens only, like 'werkplaats-almere'",
        # the story still names the old id, which no longer exists
        "docs/stories/wet-year.md:6: unknown theme 'soil' in 'themes' — use an id from data/themes.yml (water)"]


def test_path_like_file_name_is_refused(tmp_path):
    text = read("docs/stories/wet-year.md")
    assert problems(tmp_path, {"docs/stories/Wet_Year.md": text}) == [
        "docs/stories/Wet_Year.md:1: file name 'Wet_Year' is not a valid slug — "
        "rename the file with lowercase letters, digits and single hyphens, like 'werkplaats-almere.md'"]


# Script in content (raw <script>, event handlers, javascript: URLs) is refused by the judge of the
# rendered HTML, not by this load step: tests/test_judge.py.


def test_html_in_data_text_is_refused(tmp_path):
    bad = read("data/themes.yml").replace("summary: {en: Healthy ground.}", "summary: {en: '<b onclick=x>Healthy</b>'}")
    assert problems(tmp_path, {"data/themes.yml": bad}) == [
        "data/themes.yml:7: [2].summary.en: '<b onclick=x>Healthy</b>' is not valid — remove the HTML tags; write plain text"]


def test_unknown_field(tmp_path):
    bad = read("docs/stories/dry-feet.md").replace("people: [ann]", "people: [ann]\nphone: 0612345678")
    found = problems(tmp_path, {"docs/stories/dry-feet.md": bad})
    assert found[0].startswith("docs/stories/dry-feet.md:10: phone number '0612345678' must not be published")
    assert found[1:] == [
        "docs/stories/dry-feet.md:10: unknown field 'phone' — remove it or use one of: "
        "date, glance, organisations, people, programmes, search, summary, themes, title, type, updated"]


def test_text_without_default_language(tmp_path):
    bad = read("data/themes.yml").replace("title: {en: Soil}", "title: {nl: Bodem}")
    assert problems(tmp_path, {"data/themes.yml": bad}) == [
        "data/themes.yml:6: 'title' has no 'en' text — add 'en: …' (the default language is required)"]


def test_translation_without_original(tmp_path):
    assert problems(tmp_path, {"docs/stories/lost.nl.md": "---\ntitle: Kwijt\nsummary: Weg.\n---\nTekst.\n"}) == [
        "docs/stories/lost.nl.md:1: translation without an original: 'stories/lost.md' does not exist — "
        "add docs/stories/lost.md in en, or rename this file to match an existing item"]


def test_front_matter_missing(tmp_path):
    assert problems(tmp_path, {"docs/stories/bare.md": "# Bare\n\nNo front matter.\n"}) == [
        "docs/stories/bare.md:1: front matter is missing — "
        "start the file with a '---' line, the fields (title: …), and another '---' line"]


def test_front_matter_syntax_error_points_at_file_line(tmp_path):
    bad = read("docs/stories/dry-feet.md").replace("summary: How Town A kept its cellars dry.", "summary: 'unclosed")
    assert problems(tmp_path, {"docs/stories/dry-feet.md": bad}) == [
        "docs/stories/dry-feet.md:5: invalid YAML: found unexpected end of stream — "
        "check indentation, colons and quotes on this line or the one before"]


def test_type_from_another_section(tmp_path):
    bad = read("docs/stories/dry-feet.md").replace("type: story", "type: report")
    assert problems(tmp_path, {"docs/stories/dry-feet.md": bad}) == [
        "docs/stories/dry-feet.md:3: type 'report' does not belong in 'stories/' — use one of: story"]


def test_hand_written_page_in_generated_folder(tmp_path):
    assert problems(tmp_path, {"docs/topics/extra.md": "---\ntitle: Extra\n---\nHand-written.\n"}) == [
        "docs/topics/extra.md:1: 'topics/' is generated from data; hand-written pages are not allowed there — "
        "move the text into data/themes.yml or into another folder"]


def test_unknown_data_file(tmp_path):
    known = ", ".join(f"{name}.yml" for name in DATA_FILES)  # every data file the registry declares, in its order
    assert known.startswith("sections.yml, themes.yml, formats.yml, ") and "events.yml" in known
    assert problems(tmp_path, {"data/theme.yml": "[]\n"}) == [
        f"data/theme.yml:1: unknown data file 'theme.yml' — rename it to one of: {known}"]


def test_all_problems_are_reported_at_once(tmp_path):
    found = problems(tmp_path, {
        "data/programmes.yml": read("data/programmes.yml").replace("format: circle", "format: square"),
        "docs/stories/wet-year.md": read("docs/stories/wet-year.md").replace("themes: [water, soil]", "themes: [air]"),
    })
    assert len(found) == 2
    assert found[0].startswith("data/programmes.yml:3: unknown format 'square'")
    assert found[1].startswith("docs/stories/wet-year.md:6: unknown theme 'air'")


def test_build_stops_and_leaves_no_half_built_site(tmp_path):
    settings = project(tmp_path, {"data/programmes.yml": read("data/programmes.yml").replace("format: circle", "format: square")})
    out = tmp_path / "out"
    result = build(settings.project_dir, out)
    assert result.returncode != 0
    assert "data/programmes.yml:3: unknown format 'square' in 'format'" in result.stdout + result.stderr
    assert not out.exists() or not any(out.rglob("*.html"))


def test_every_schema_is_a_valid_json_schema():
    """The build trusts the schemas (it no longer checks them each time): a broken one fails here."""
    from jsonschema import Draft202012Validator

    from kennisbank.schemas import SCHEMA_DIR, validator

    found = sorted(SCHEMA_DIR.rglob("*.schema.json"))
    assert len(found) >= 13
    for path in found:
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))
    for path in SCHEMA_DIR.glob("*.schema.json"):  # and each loads, its references put in place
        assert validator(path.name.removesuffix(".schema.json")).schema
