"""The languages are built side by side, in two processes, and the site is the same.

`mkdocs build` forks once the model is loaded: one process builds the default
language, the other the rest (hooks/kennisbank_mkdocs/languages.py). These tests hold the
two promises that makes: the site is byte for byte the one a build of one
language after the other writes, and a failure in either process fails the build.
The previous build's files are deleted by a process of their own, beside the
build: what is left is the same site a build into an empty folder writes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from support import ROOT, BuiltSite, build, copy_fixture, home, languages

SERIAL = {"KENNISBANK_PARALLEL": "0"}
FORKED = "in a second process"
needs_two_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the build never forks")


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _assert_same_site(serial: Path, parallel: Path) -> None:
    one, other = _files(serial), _files(parallel)
    assert sorted(one) == sorted(other), (
        f"only one after the other: {sorted(set(one) - set(other))[:10]}; "
        f"only side by side: {sorted(set(other) - set(one))[:10]}")
    differ = [name for name in one if one[name] != other[name]]
    assert not differ, f"these files differ between the two ways of building: {differ[:10]}"


def _without_material_search(project: Path) -> Path:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - search\n", ""), encoding="utf-8")
    return project


@needs_two_cores
def test_fixture_site_built_side_by_side_is_the_same_as_one_language_after_the_other(tmp_path: Path):
    project = _without_material_search(copy_fixture(tmp_path / "project"))
    parallel = build(project, tmp_path / "parallel")
    assert parallel.returncode == 0, parallel.stdout + parallel.stderr
    assert FORKED in parallel.stderr, "the build did not build its second language in a second process"
    serial = build(project, tmp_path / "serial", env=SERIAL)
    assert serial.returncode == 0, serial.stdout + serial.stderr
    assert FORKED not in serial.stderr
    _assert_same_site(tmp_path / "serial", tmp_path / "parallel")


@needs_two_cores
def test_side_by_side_the_search_index_is_made_after_the_second_process_ended(tmp_path: Path):
    """Pagefind holds a language's pages in memory: run beside both build processes, it took a build
    of 2,000 items over a gigabyte (make bench). Each process stages its language; the first runs
    both Pagefinds once the second has ended."""
    from pagefind_bin import get_executable

    project = _without_material_search(copy_fixture(tmp_path / "project"))
    with (project / "data" / "sections.yml").open("a", encoding="utf-8") as f:
        f.write("- id: find\n  kind: search\n  title: {en: Find, nl: Vinden}\n  intro: {en: Search the stories.}\n")
    runs, wrapper = tmp_path / "runs.log", tmp_path / "pagefind"
    # Each run writes: the process that started it, and how many other processes that one has running.
    wrapper.write_text("#!/bin/sh\nothers=0\n"
                       "for c in $(cat /proc/$PPID/task/*/children); do [ \"$c\" = \"$$\" ] || others=$((others + 1)); done\n"
                       f'echo "$PPID $others $(pwd)" >> {runs}\n'
                       f'exec {get_executable()} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    result = build(project, tmp_path / "site", env={"PAGEFIND_BINARY_PATH": str(wrapper)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert FORKED in result.stderr
    lines = [line.split(" ", 2) for line in runs.read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(folder).name for _, _, folder in lines) == [f"{lang}.later" for lang in sorted(languages())], \
        "one Pagefind run per language"
    assert len({parent for parent, _, _ in lines}) == 1, f"the languages were indexed by different processes: {lines}"
    assert all(others == "0" for _, others, _ in lines), f"Pagefind ran while the second process was running: {lines}"
    entry = (tmp_path / "site" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    assert all(f'"{lang}"' in entry for lang in languages()), entry


def test_a_site_with_material_search_builds_its_languages_in_one_process(fixture_site: BuiltSite, tmp_path: Path):
    """Material's search plugin gathers every language's pages in the process that writes the index."""
    result = build(copy_fixture(tmp_path / "project"), tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert FORKED not in result.stderr
    index = (tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"nl/' in index.replace(" ", "") and '"location":"stories/' in index.replace(" ", "")


@needs_two_cores
def test_knowledge_base_built_side_by_side_is_the_same_as_one_language_after_the_other(site: BuiltSite,
                                                                                     tmp_path: Path):
    serial = build(ROOT, tmp_path / "serial", env=SERIAL)
    assert serial.returncode == 0, serial.stdout + serial.stderr
    _assert_same_site(tmp_path / "serial", site.root)


@needs_two_cores
def test_a_failure_in_the_second_language_fails_the_whole_build(tmp_path: Path):
    project = _without_material_search(copy_fixture(tmp_path / "project"))
    translation = project / "docs" / "stories" / "dry-feet.nl.md"
    translation.write_text(translation.read_text(encoding="utf-8") + "\nZie [het verslag](verslag-bestaat-niet.md).\n",
                           encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0, "a strict build with a broken link in the Dutch pages passed"
    log = result.stdout + result.stderr
    assert "verslag-bestaat-niet.md" in log, "the message should name the broken link"
    assert "other languages' build failed" in log


def test_the_404_page_of_the_second_language_offers_both_home_pages(site: BuiltSite):
    """Rendered after every page of the first language, it used to link to the last of them."""
    links = site.page("/en/404.html").xpath('//a[contains(@class,"md-select__link")]')
    assert {(a.get("hreflang"), a.get("href")) for a in links} == {(lang, home(lang)) for lang in languages()}


def test_building_again_removes_the_old_site_but_keeps_its_hidden_files(tmp_path: Path):
    """The old files are deleted beside the build (kennisbank.publish), as MkDocs would delete them."""
    project = _without_material_search(copy_fixture(tmp_path / "project"))
    out = tmp_path / "site"
    assert build(project, out).returncode == 0
    (out / "stale.html").write_text("<p>a page removed since</p>", encoding="utf-8")
    (out / "stories" / "gone").mkdir()
    (out / "stories" / "gone" / "index.html").write_text("<p>gone</p>", encoding="utf-8")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    again = build(project, out)
    assert again.returncode == 0, again.stdout + again.stderr
    assert not (out / "stale.html").exists() and not (out / "stories" / "gone").exists()
    assert (out / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert not list(out.glob(".kb-old-*")), "the old files were not all deleted when the build ended"
    shutil.rmtree(out / ".git")
    assert build(project, tmp_path / "fresh").returncode == 0
    _assert_same_site(tmp_path / "fresh", out)
