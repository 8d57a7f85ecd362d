"""The engine is generic, loads once per process, and keeps generated pages out of git."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from kennisbank import engine
from kennisbank.config import Settings
from support import ENV, ROOT, BuiltSite, copy_fixture, free_port


def fixture_settings(root: Path) -> Settings:
    return Settings(root, root / "docs", root / "data", ("en", "nl"), "en", "https://fixture.example.org/")


def test_fixture_site_builds_with_its_own_folders_and_languages(fixture_site: BuiltSite):
    for url in ("/", "/stories/", "/topics/water/", "/projects/circle-a/", "/results/dry-cellars/",
                "/meetings/closing/", "/orgs/town-a/", "/about/"):
        assert fixture_site.page(url).get("lang") == "en"
        assert fixture_site.page("/nl" + url).get("lang") == "nl"
    assert not fixture_site.exists("/themas/")


def test_missing_translation_falls_back_marked_with_its_language(fixture_site: BuiltSite):
    page = fixture_site.page("/nl/stories/wet-year/")
    assert page.get("lang") == "nl"
    assert page.xpath('string(//div[@class="kb-body"]/@lang)') == "en"
    assert page.xpath('string(//h1/@lang)') == "en"
    assert "Deze pagina is nog niet vertaald." in page.text_content()
    # data text without a Dutch side is shown in English, marked as such
    soil = page.xpath('//article//a[contains(@href, "topics/soil/")]/span/@lang')
    assert soil == ["en"]
    outcome = fixture_site.page("/nl/results/dry-cellars/")
    assert outcome.xpath('string(//section[@class="kb-statement"]/div/@lang)') == "en"
    assert outcome.xpath("string(//h1)").strip() == "Droge kelders"


def test_format_rules_come_from_data_in_the_page_language(fixture_site: BuiltSite):
    en = fixture_site.page("/about/").text_content()
    nl = fixture_site.page("/nl/about/").text_content()
    assert "at most 6" in en and "at most 1.5 hours" in en
    assert "hoogstens 6" in nl and "hoogstens 1,5 uur" in nl


def test_event_shows_time_place_and_presented_outcomes(fixture_site: BuiltSite):
    page = fixture_site.page("/meetings/closing/")
    text = page.text_content()
    # the fixture sets no Babel locale for 'en', so dates are American: "June 1, 2024"
    assert "June 1, 2024" in text and "10:00 – 12:30" in text and "Town Hall" in text
    assert "../../results/dry-cellars/" in page.xpath('//section[@aria-labelledby="kb-outcomes"]//a/@href')
    # what is not known is left out of the facts, not written out as "not known"
    facts = [dt.text_content() for dt in fixture_site.page("/meetings/next-one/").xpath('//dl[@class="kb-facts"]//dt')]
    assert "Date" not in facts and "Place" not in facts and "Type" in facts


def test_model_is_loaded_once_per_process_and_reloaded_after_an_edit(tmp_path):
    root = copy_fixture(tmp_path / "p")
    settings = fixture_settings(root)
    first = engine.load(settings)
    engine.write_pages(settings, first)
    assert engine.load(settings) is first  # the second language reuses it, even after writing stubs
    themes = root / "data" / "themes.yml"
    themes.write_text(themes.read_text().replace("Keeping feet dry.", "Dry feet."), encoding="utf-8")
    os.utime(themes, ns=(time.time_ns(), time.time_ns() + 10**9))
    second = engine.load(settings)
    assert second is not first
    assert second.site.themes["water"].summary["en"] == "Dry feet."


def test_stubs_are_rewritten_only_when_changed_and_stale_ones_removed(tmp_path):
    root = copy_fixture(tmp_path / "p")
    settings = fixture_settings(root)
    build = engine.load(settings)
    written, removed = engine.write_pages(settings, build)
    assert written == len(build.pages) and removed == 0
    assert engine.write_pages(settings, engine.load(settings)) == (0, 0)
    events = root / "data" / "events.yml"
    events.write_text(events.read_text().split("- id: next-one")[0], encoding="utf-8")
    os.utime(events, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert engine.write_pages(settings, engine.load(settings)) == (0, 2)
    assert not (root / "docs/meetings/next-one.md").exists()


def test_a_hand_written_file_is_never_overwritten(tmp_path):
    root = copy_fixture(tmp_path / "p")
    (root / "docs/stories/index.md").write_text("---\ntitle: Mine\n---\nMine.\n", encoding="utf-8")
    settings = fixture_settings(root)
    try:
        engine.write_pages(settings, engine.load(settings))
    except engine.ContentError as e:
        assert [str(p) for p in e.problems] == [
            "docs/stories/index.md:1: 'stories/' index pages are generated — remove this file; put the introduction in data/sections.yml"]
    else:
        raise AssertionError("hand-written index was accepted")
    assert (root / "docs/stories/index.md").read_text().startswith("---\ntitle: Mine")


def test_generated_pages_are_ignored_by_git():
    generated = [p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").rglob("*.md")
                 if p.read_text(encoding="utf-8").startswith("---\n# generated by kennisbank")]
    assert generated, "build the site first (the session fixture does)"
    result = subprocess.run(["git", "check-ignore", "--no-index", *generated], cwd=ROOT, capture_output=True, text=True)
    ignored = set(result.stdout.split())
    assert sorted(set(generated) - ignored) == []



def test_serve_rebuilds_once_after_a_data_edit_without_looping(tmp_path):
    root = copy_fixture(tmp_path / "p")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--livereload", "-f", str(root / "mkdocs.yml")],
                                cwd=root, env=ENV, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        def builds() -> int:  # full builds and serve's quick rebuilds (hooks/kennisbank_mkdocs/preview.py)
            return len(re.findall(r"Documentation built in|kennisbank: rebuilt the edited pages", log.read_text()))
        deadline = time.time() + 120
        while builds() < 1 and time.time() < deadline:
            time.sleep(0.5)
        assert builds() >= 1, log.read_text()
        time.sleep(3)
        settled = builds()
        themes = root / "data" / "themes.yml"
        themes.write_text(themes.read_text().replace("Keeping feet dry.", "Feet kept dry."), encoding="utf-8")
        deadline = time.time() + 120
        while builds() == settled and time.time() < deadline:
            time.sleep(0.5)
        assert builds() > settled, "no rebuild after editing data/"
        time.sleep(8)
        after = builds()
        assert after - settled <= 2, f"rebuild loop: {after - settled} builds after one edit\n{log.read_text()[-2000:]}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_a_record_prints_as_its_kind_and_id_not_as_the_whole_linked_model():
    """Records refer to each other both ways: a generated repr printed the whole model, and a
    failing test's traceback (which prints its locals) ran out of memory."""
    from kennisbank import engine
    from kennisbank.adapter import load_settings
    from support import ROOT

    site = engine.load(load_settings(str(ROOT / "mkdocs.yml"))).site
    assert len(repr(site)) < 500
    for table in site.tables.values():
        for record in table.values():
            assert repr(record) == f"{type(record).__name__}({record.id!r})"
