"""`make serve`: search finds an edit as soon as the page shows it, in a real Chromium.

Making the whole search index again takes seconds at a few thousand pages. After a
quick rebuild serve indexes the edited pages on their own before the browsers reload
(search_index.Edits), and the search page merges that small index into the whole one,
leaving out the whole index's results of those pages. Here the whole index is made
slow on purpose (a Pagefind that, over many pages, waits until the test lets it go), so
what the search page finds right after the reload can only come from the edited pages' index.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support import ENV, copy_fixture, free_port, wait_for_log

pytestmark = pytest.mark.browser

RELOADED = "Reloading browsers"
SEARCHED = "kennisbank: search index made again"


def _slow_pagefind(folder: Path) -> tuple[Path, Path]:
    """A Pagefind that, before a run over more than 3 pages, waits while a flag file exists (at most 120 s)."""
    from pagefind_bin import get_executable

    flag, wrapper = folder / "hold", folder / "pagefind"
    wrapper.write_text("#!/bin/sh\n"
                       f"if [ \"$(find . -name '*.html' | wc -l)\" -gt 3 ]; then\n"
                       f"  n=0; while [ -e {flag} ] && [ $n -lt 1200 ]; do sleep 0.1; n=$((n + 1)); done\n"
                       "fi\n"
                       f'exec {get_executable()} "$@"\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return wrapper, flag



def _reopen(v, url: str) -> None:
    """The search page opened again, from a blank page: the old page's live-reload script would
    otherwise reload it while the browser goes to the new one (the navigation is then aborted)."""
    v.page.goto("about:blank")
    v.page.goto(url)


def _found(v, query: str) -> list[str]:
    """The result paths of a search on this page, once it has settled."""
    page = v.page
    page.wait_for_selector("form[data-kb-ready]", state="attached")
    page.fill("#kb-search-q", query)
    page.press("#kb-search-q", "Enter")
    page.locator(".kb-search__status").filter(has_text=re.compile(r"\S")).wait_for()
    page.wait_for_selector(".kb-results:not([aria-busy])", state="attached")
    page.wait_for_function(f"new URLSearchParams(location.search).get('q') === {json.dumps(query)}")
    return [urlsplit(h).path for h in page.eval_on_selector_all(".kb-result__title a", "els => els.map(a => a.href)")]


def test_serve_search_finds_an_edit_as_soon_as_its_page_shows_it_and_not_the_old_text(visit_site, tmp_path: Path):
    root = copy_fixture(tmp_path / "p")
    with (root / "data" / "sections.yml").open("a", encoding="utf-8") as f:
        f.write("- id: find\n  kind: search\n  title: {en: Find, nl: Vinden}\n  intro: {en: Search the stories.}\n")
    wrapper, flag = _slow_pagefind(tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                                env={**ENV, "PAGEFIND_BINARY_PATH": str(wrapper), "TMPDIR": str(tmp_path)},
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base, story, edited = f"http://127.0.0.1:{port}", "/stories/dry-feet/", root / "docs" / "stories" / "dry-feet.md"
    visit = visit_site(base)
    try:
        wait_for_log(log, "Serving on", 1)
        visits = [visit("/find/", viewport={"width": width, "height": 900}) for width in (390, 1366)]
        for v in visits:
            assert story in _found(v, "six"), "before the edit, the story is found by a word of its text"
            assert story not in _found(v, "zebrafinch")

        for v in visits:  # (no live-reload script running while serve rebuilds)
            v.page.goto("about:blank")
        flag.touch()  # from now on the whole index waits until the flag is gone
        reloads, searched = log.read_text().count(RELOADED), log.read_text().count(SEARCHED)
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace("The circle met six times.", "The circle met zebrafinch times."), encoding="utf-8")
        wait_for_log(log, RELOADED, reloads + 1)
        assert log.read_text().count(SEARCHED) == searched, "the whole index should still be being made"
        for v in visits:  # the search page opened again, as the reload does
            _reopen(v, base + "/find/")
            assert story in _found(v, "zebrafinch"), "right after the reload, search finds the edited text"
            assert story not in _found(v, "six"), "right after the reload, search still finds the text as it was"
            assert "/stories/wet-year/" in _found(v, "wet"), "the pages not edited are found as before"
        assert log.read_text().count(SEARCHED) == searched, "the whole index was made meanwhile: what was found " \
            "may have come from it"

        flag.unlink()  # the whole index is made now
        wait_for_log(log, SEARCHED, searched + 1)
        site = next(p for p in tmp_path.iterdir() if p.name.startswith("mkdocs_"))
        assert json.loads((site / "pagefind" / "edits" / "kb-edits.json").read_text()) == {}, \
            "once the whole index has the edit, nothing is left for the edited pages' index"
        for v in visits:
            _reopen(v, base + "/find/")
            assert story in _found(v, "zebrafinch") and story not in _found(v, "six")
            assert v.foreign_requests == [] and v.console_errors == [], (v.foreign_requests, v.console_errors)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
