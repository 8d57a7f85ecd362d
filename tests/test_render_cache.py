"""A warm build, which takes unchanged pages from the render cache, writes the site a clean build writes.

kennisbank.render_cache keys every page by what its HTML is made from. These
tests make random series of edits (story bodies, titles, data records, a
template, hand-written pages, new, renamed and deleted items) to a copy of the
project, build after each edit with the cache, and compare that site byte for
byte with a build of the same sources without it. A key that misses an input
shows here as a stale page.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kennisbank.render_cache import ENTRY, Entry, RenderCache, read_entry
from support import ROOT, build

sys.path.insert(0, str(ROOT / "bench"))
from corpus import add_items, copy_project  # noqa: E402

# One build date for every build: the date is part of every page's key.
ENV = {"SOURCE_DATE_EPOCH": "1780000000", "KENNISBANK_PARALLEL": "0"}
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=3, max_size=24).map(str.strip).filter(bool)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _items(project: Path) -> list[Path]:
    """The Dutch files of the synthetic items now in the project, in a stable order."""
    return sorted(project.glob("docs/*/bench-item-*[0-9].md"))


def _retitle(path: Path, words: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", lambda _: f"title: {json.dumps('Titel ' + words)}", text, count=1, flags=re.M),
                    encoding="utf-8")


def _edit(project: Path, kind: str, pick: int, words: str) -> str:
    """Make one edit to the project; return what it was (for the failure message)."""
    items = _items(project)
    item = items[pick % len(items)]
    english = item.with_name(item.name[:-3] + ".en.md")
    if kind == "body":
        with item.open("a", encoding="utf-8") as f:
            f.write(f"\nEen zin over {words}.\n")
    elif kind == "english body":
        with english.open("a", encoding="utf-8") as f:
            f.write(f"\nA sentence about {words}.\n")
    elif kind == "title":
        _retitle(item, words)
    elif kind == "data":  # a theme's title: shown on every page that lists the theme
        themes = project / "data" / "themes.yml"
        text = themes.read_text(encoding="utf-8")
        themes.write_text(re.sub(r"title: \{nl: ([^,]*),", lambda m: f"title: {{nl: {m.group(1)} {words},", text, count=1),
                          encoding="utf-8")
    elif kind == "template":
        template = project / "overrides" / "kb" / "item.html"
        text = template.read_text(encoding="utf-8")  # inside a block: a child template prints nothing else
        assert "{% block kb_after %}" in text
        template.write_text(text.replace("{% block kb_after %}", f"{{% block kb_after %}}<!-- {words} -->", 1),
                            encoding="utf-8")
    elif kind == "page":  # a hand-written page the navigation lists
        page = project / "docs" / "over" / "index.md"
        with page.open("a", encoding="utf-8") as f:
            f.write(f"\nNog een zin over {words}.\n")
    elif kind == "new":
        slug = "bench-item-new-" + re.sub(r"\W+", "-", words)
        for source in (item, english):
            target = source.with_name(source.name.replace(item.name[:-3], slug))
            if not target.exists():
                target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
                if source is item:
                    _retitle(target, words)
    elif kind == "rename":
        slug = item.name[:-3] + "-r"
        for source in (item, english):
            source.rename(source.with_name(source.name.replace(item.name[:-3], slug, 1)))
    elif kind == "delete" and len(items) > 3:
        item.unlink()
        english.unlink()
    return f"{kind} {item.relative_to(project)} ({words!r})"


KINDS = ["body", "title", "english body", "data", "new", "rename", "delete", "page", "template"]
EDITS = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 1000), WORDS), min_size=3, max_size=5)
EVERY_KIND = [(kind, n * 3, f"woord {kind}") for n, kind in enumerate(KINDS)]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with a few synthetic items (made once; each example copies it)."""
    base = copy_project(tmp_path_factory.mktemp("render-cache") / "project")
    assert (base / "docs" / "over" / "index.md").is_file()
    add_items(base, 8)
    return base


@settings(max_examples=1, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
@example(edits=EVERY_KIND)  # every kind of edit at least once, the cheap ones (not re-rendering all) first
def test_warm_builds_after_random_edits_are_the_clean_build_byte_for_byte(project: Path, tmp_path_factory, edits):
    import shutil

    work = tmp_path_factory.mktemp("edits")
    copy = work / "project"
    shutil.copytree(project, copy)
    first = build(copy, work / "warm", env=ENV)
    assert first.returncode == 0, first.stdout + first.stderr
    done = []
    for kind, pick, words in edits:
        done.append(_edit(copy, kind, pick, words))
        warm = build(copy, work / "warm", env=ENV)
        assert warm.returncode == 0, f"after {done}:\n{warm.stdout}{warm.stderr}"
        clean = build(copy, work / "clean", env={**ENV, "KENNISBANK_RENDER_CACHE": "0"})
        assert clean.returncode == 0, clean.stderr
        cached, fresh = _files(work / "warm"), _files(work / "clean")
        assert sorted(cached) == sorted(fresh), f"after {done}: other files: {sorted(set(cached) ^ set(fresh))[:10]}"
        stale = [name for name in fresh if cached[name] != fresh[name]]
        assert not stale, f"after {done}, the warm build differs from the clean one in {stale[:10]}"
    assert list((copy / ".cache" / "pages").glob(f"*/*{ENTRY}")), "the warm builds kept no page in the cache"


def test_a_warm_build_renders_only_the_edited_story(tmp_path: Path, project: Path):
    """After a story's body changes, only that story's pages (both languages) are rendered again."""
    import shutil

    copy = tmp_path / "project"
    shutil.copytree(project, copy)
    assert build(copy, tmp_path / "site", env=ENV).returncode == 0
    entries = set((copy / ".cache" / "pages").glob(f"*/*{ENTRY}"))
    story = _items(copy)[0]
    with story.open("a", encoding="utf-8") as f:
        f.write("\nEen nieuwe zin.\n")
    assert build(copy, tmp_path / "site", env=ENV).returncode == 0
    new = set((copy / ".cache" / "pages").glob(f"*/*{ENTRY}")) - entries
    shown = sorted(read_entry(p).html.count(story.name[:-3]) > 0 for p in new)
    assert len(new) == 2 and all(shown), f"{len(new)} pages rendered again after one story's body changed"


def test_a_page_whose_rendering_warned_warns_again_when_taken_from_the_cache(tmp_path: Path, project: Path):
    """--strict fails a warm build as it fails a cold one: a broken link's warning is logged again."""
    import shutil

    copy = tmp_path / "project"
    shutil.copytree(project, copy)
    story = _items(copy)[0]
    with story.open("a", encoding="utf-8") as f:
        f.write("\nZie [de ontbrekende pagina](bestaat-niet.md).\n")
    for attempt in ("cold", "warm"):
        result = build(copy, tmp_path / "site", env=ENV)
        assert result.returncode != 0 and "bestaat-niet.md" in result.stderr + result.stdout, (
            f"the {attempt} build did not fail on the broken link:\n{result.stderr}")


@settings(max_examples=12, deadline=None)
@given(st.text(min_size=1, max_size=120), st.lists(st.text(max_size=12), max_size=4))
def test_an_entry_reads_back_as_written_and_a_damaged_one_is_a_miss(tmp_path_factory, html, anchors):
    """Entries are a line of JSON and the page as it is: any page reads back whole; a file cut short
    anywhere, or with its last byte changed, is rendered again (a miss), never served in part."""
    cache = RenderCache(tmp_path_factory.mktemp("cache"))
    entry = Entry(html, "Titel\n", anchors, {"a.md": {"x": "b.md#x"}}, [("mkdocs", 30, "let op")], [["themes", "t", "title"]])
    cache.put("ab" * 32, entry)
    assert cache.get("ab" * 32) == entry
    path = next(cache.folder.glob(f"*/*{ENTRY}"))
    raw = path.read_bytes()
    for cut in range(len(raw)):
        for tail in (b"", b"\xff", b"}", b"\n"):
            if raw[:cut] + tail != raw:
                path.write_bytes(raw[:cut] + tail)
                assert cache.get("ab" * 32) is None, (cut, tail)
    for head in (b"1", b"[]", b"null", b'"x"'):  # a first line that is JSON, but not an entry's
        path.write_bytes(head + raw[raw.index(b"\n"):])
        assert cache.get("ab" * 32) is None, head
