"""Every page type, in both languages, in a real Chromium served by nginx with the reference
configuration: axe-core finds no WCAG 2.1 A/AA violation, the Content Security Policy is never
violated, nothing scrolls sideways at 320 px, the skip link comes first, and the page makes no
request to another host and logs no console error."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

# One page of every type. The English twin of each is tested too.
PAGE_TYPES = {
    "home": "/",
    "section index": "/publicaties/",
    "white paper": "/publicaties/whitepaper-arbeidsparticipatie-en-schulden/",
    "case story": "/praktijkverhalen/werkplaats-almere/",
    "news item": "/nieuws/aanmelden-werkplaats/",
    "themes index": "/themas/",
    "theme": "/themas/arbeidsparticipatie-en-schulden/",
    "programmes index": "/trajecten/",
    "programme": "/trajecten/werkplaats-almere/",
    "outcomes index": "/uitkomsten/",
    "outcome": "/uitkomsten/almere-minder-bureaucratie/",
    "events index": "/bijeenkomsten/",
    "event": "/bijeenkomsten/kick-off-lerende-praktijken/",
    "organisations index": "/organisaties/",
    "organisation": "/organisaties/gemeente-almere/",
    "about page": "/over/",
    "format page": "/over/werkplaats/",
    "404": "/404.html",
    "search page": "/zoeken/",
    "search with results": "/zoeken/?q=schulden",
    "search without results": "/zoeken/?q=qqxyzzyqq",
}
CASES = [(f"{name} ({lang})", ("/en" if lang == "en" else "") + path)
         for name, path in PAGE_TYPES.items() for lang in ("nl", "en")]
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"]}


def describe(violations: list[dict]) -> str:
    return json.dumps([{"id": v["id"], "help": v["help"],
                        "nodes": [n["target"] for n in v["nodes"]][:5]} for v in violations], indent=1)


@pytest.mark.parametrize("name,path", CASES, ids=[c[0] for c in CASES])
def test_no_wcag_or_csp_violations(visit_nginx, name, path):
    v = visit_nginx(path)
    if "?q=" in path:  # wait until the results (or their absence) are announced
        v.page.wait_for_function("document.querySelector('[role=status]')?.textContent.trim().length > 0")
    results = Axe().run(v.page, options=WCAG)
    violations = results.response["violations"]
    assert violations == [], f"{path}:\n{describe(violations)}"
    assert v.page.evaluate("window.__csp") == []
    assert v.foreign_requests == []
    assert v.console_errors == []
    # reflow (WCAG 1.4.10): at 320 CSS px — a phone, or 400 % zoom — nothing scrolls sideways
    v.page.set_viewport_size({"width": 320, "height": 640})
    v.page.wait_for_timeout(100)
    width = v.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{path} is {width}px wide at a 320px viewport"


def test_skip_link_is_the_first_stop_and_focus_is_visible(visit):
    v = visit("/praktijkverhalen/werkplaats-almere/")
    page = v.page
    page.keyboard.press("Tab")
    first = page.evaluate("[document.activeElement.tagName, document.activeElement.getAttribute('href')]")
    assert first == ["A", "#context"] or first[1].startswith("#"), first
    assert page.evaluate("document.activeElement.getBoundingClientRect().height") > 0
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert outline != "none" or shadow != "none", "focused skip link shows no focus indicator"
