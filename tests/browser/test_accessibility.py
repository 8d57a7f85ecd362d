"""Every page type, in both languages, in a real Chromium served by nginx with the reference
configuration: axe-core finds no WCAG 2.1 A/AA violation, the Content Security Policy is never
violated, nothing scrolls sideways at 320 px, the skip link comes first, and the page makes no
request to another host and logs no console error."""

from __future__ import annotations

import datetime as dt
import json
import os
from importlib.metadata import version
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from real_site import page_types

from support import home, languages, until

pytestmark = pytest.mark.browser

# One page of every type, picked from the content by what it holds (tests/real_site.py): a case
# story, a theme with items, a meeting with a date and a venue … The twin of each in every
# other language is tested too.
PAGE_TYPES = page_types()
CASES = [(f"{name} ({lang})", home(lang).rstrip("/") + path)
         for name, path in PAGE_TYPES.items() for lang in languages()]
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"]}


CHECKS = [
    "axe-core rules for WCAG 2.0 and 2.1, levels A and AA",
    "no Content Security Policy violation (served by nginx with deploy/nginx/kennisbank.conf)",
    "no request to another host and no console error",
    "no sideways scrolling at 320 CSS pixels (reflow, 400 % zoom)",
    "the skip link is the first keyboard stop and shows its focus",
]
_results: list[dict] = []
_tools: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def report(browser):
    """With KB_A11Y_REPORT=<file> (make accessibility-report), write what this suite found to that file."""
    yield
    target = os.environ.get("KB_A11Y_REPORT")
    if not target or not _results:
        return
    _tools.update({"Chromium": browser.version, "Playwright": version("playwright")})
    order = {path: i for i, (_, path) in enumerate(CASES)}
    report = {"date": dt.date.today().isoformat(), "standard": "WCAG 2.1 level A and AA", "tools": dict(sorted(_tools.items())),
              "checks": CHECKS, "pages": sorted(_results, key=lambda r: order.get(r["path"], 0))}
    Path(target).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def describe(violations: list[dict]) -> str:
    return json.dumps([{"id": v["id"], "help": v["help"],
                        "nodes": [n["target"] for n in v["nodes"]][:5]} for v in violations], indent=1)


@pytest.mark.parametrize("name,path", CASES, ids=[c[0] for c in CASES])
def test_no_wcag_or_csp_violations(visit_nginx, name, path):
    v = visit_nginx(path)
    if "?q=" in path:  # wait until the results (or their absence) are announced
        until(v.page, "document.querySelector('[role=status]')?.textContent.trim().length > 0")
    results = Axe().run(v.page, options=WCAG)
    violations = results.response["violations"]
    _tools["axe-core"] = results.response["testEngine"]["version"]
    csp = v.page.evaluate("window.__csp")
    # reflow (WCAG 1.4.10): at 320 CSS px — a phone, or 400 % zoom — nothing scrolls sideways
    v.page.set_viewport_size({"width": 320, "height": 640})
    v.page.wait_for_timeout(100)
    width = v.page.evaluate("document.documentElement.scrollWidth")
    problems = ([f"Content Security Policy: {c}" for c in csp] + [f"request to another host: {u}" for u in v.foreign_requests]
                + [f"console error: {e}" for e in v.console_errors] + ([f"{width} px wide at 320 px"] if width > 320 else []))
    _results.append({"name": name, "path": path, "problems": problems, "violations": [
        {"id": x["id"], "help": x["help"], "impact": x.get("impact"), "count": len(x["nodes"])} for x in violations]})
    assert violations == [], f"{path}:\n{describe(violations)}"
    assert problems == []


def test_skip_link_is_the_first_stop_and_focus_is_visible(visit):
    v = visit(PAGE_TYPES["case story"])
    page = v.page
    page.keyboard.press("Tab")
    first = page.evaluate("[document.activeElement.tagName, document.activeElement.getAttribute('href')]")
    assert first == ["A", "#context"] or first[1].startswith("#"), first
    assert page.evaluate("document.activeElement.getBoundingClientRect().height") > 0
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert outline != "none" or shadow != "none", "focused skip link shows no focus indicator"
