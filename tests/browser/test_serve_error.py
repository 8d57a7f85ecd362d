"""`make serve`: a content error replaces the page in the browser, and the fixed page comes back by itself.

An editor saves a file with a mistake while the site is open: instead of a page that waits for a
build that never comes (the error only in the terminal), the browser shows the problem with its
file, line and fix, and reloads to the page once the file is fixed, as Hugo and Vite do.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from playwright.sync_api import Browser

from support import ENV, copy_fixture, free_port, until, wait_for_log

pytestmark = pytest.mark.browser




@pytest.mark.parametrize("width", [390, 1366])
def test_a_content_error_shows_in_the_browser_and_the_fix_reloads_the_page(browser: Browser, tmp_path, width):
    root = copy_fixture(tmp_path / "p")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}",
                                 "--livereload", "-f", str(root / "mkdocs.yml")],
                                cwd=root, env=ENV, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        wait_for_log(log, "Serving on", 1)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/stories/dry-feet/")
        heading = page.locator("h1").first.inner_text()
        assert heading and "cannot be built" not in heading

        themes = root / "data" / "themes.yml"
        good = themes.read_text(encoding="utf-8")
        lines = good.splitlines(keepends=True)
        broken_line = next(i for i, line in enumerate(lines) if line.startswith("- id:")) + 1
        themes.write_text("".join(lines[:broken_line - 1] + ["- id: Not A Valid Id\n"] + lines[broken_line:]),
                          encoding="utf-8")
        until(page, "document.title.includes('cannot be built')", timeout=120)
        problems = page.locator("main li").all_inner_texts()
        assert any(f"data/themes.yml:{broken_line}" in p and "Not A Valid Id" in p for p in problems), problems
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.evaluate("document.documentElement.scrollWidth") <= width

        themes.write_text(good, encoding="utf-8")
        until(page, "!document.title.includes('cannot be built')", timeout=120)
        assert page.locator("h1").first.inner_text() == heading
    finally:
        context.close()
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
