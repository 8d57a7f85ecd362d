"""The layout a reader sees, on a phone (390 px) and a desktop (1366 px), for every page type in
every language (tests/real_site.py picks the pages): nothing scrolls sideways, a phone shows the
page's title without scrolling, listings stand as a grid of cards with even gaps, and the skip link
is the first keyboard stop and moves the focus to the start of the content.

Each page is saved as a full-page screenshot in tests/artifacts/screenshots/ (git-ignored), to
look at after a change: <page type>-<language>-<width>.png."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from real_site import page_types

from support import ROOT, home, languages, until

pytestmark = pytest.mark.browser

SHOTS = ROOT / "tests" / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 800}
PAGE_TYPES = page_types()
CASES = [(f"{name} ({lang})", name, lang, home(lang).rstrip("/") + path)
         for name, path in PAGE_TYPES.items() for lang in languages()]
# Page types whose first list of cards is long enough to stand side by side on a desktop.
LISTINGS = ["home", "section index", "themes index", "organisations index", "theme"]


def open_at(visit, path: str, viewport: dict):
    phone = viewport["width"] == PHONE["width"]
    v = visit(path, viewport=viewport, is_mobile=phone, has_touch=phone)
    if "?q=" in path:  # the results (or their absence) are announced once the search has run
        until(v.page, "document.querySelector('[role=status]')?.textContent.trim().length > 0")
    return v


def shoot(page, name: str, lang: str, viewport: dict) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    page.screenshot(path=str(SHOTS / f"{slug}-{lang}-{viewport['width']}.png"), full_page=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1366"])
@pytest.mark.parametrize("case,name,lang,path", CASES, ids=[c[0] for c in CASES])
def test_page_fits_the_screen(visit, case, name, lang, path, viewport):
    v = open_at(visit, path, viewport)
    page = v.page
    shoot(page, name, lang, viewport)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{path} scrolls sideways at {viewport['width']} px: {width[0]} px wide"
    if viewport["width"] == PHONE["width"]:
        box = page.evaluate("""() => { const h = document.querySelector('h1'); if (!h) return null;
            const r = h.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, visible: !!h.offsetParent}; }""")
        assert box and box["visible"], f"{path} has no visible <h1>"
        assert box["top"] >= 0 and box["bottom"] <= viewport["height"], f"{path}: the <h1> is not in the first screen: {box}"
    assert v.foreign_requests == [] and v.console_errors == []


def card_boxes(page) -> list[dict]:
    """The boxes of the cards of the page's first list of two or more cards."""
    return page.evaluate("""() => {
        const list = [...document.querySelectorAll('ul.kb-cards')].find(u => u.querySelectorAll(':scope > li').length > 1);
        return list ? [...list.querySelectorAll(':scope > li')].map(li => {
            const r = li.getBoundingClientRect(); return {x: r.x, y: r.y, right: r.right, bottom: r.bottom}; }) : []; }""")


def rows_of(boxes: list[dict]) -> list[list[dict]]:
    rows: dict[int, list[dict]] = {}
    for b in boxes:
        rows.setdefault(round(b["y"]), []).append(b)
    return [sorted(r, key=lambda b: b["x"]) for _, r in sorted(rows.items())]


def overlapping(boxes: list[dict]) -> list[tuple[int, int]]:
    return [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes) if i < j
            and a["x"] < b["right"] - 0.5 and b["x"] < a["right"] - 0.5 and a["y"] < b["bottom"] - 0.5 and b["y"] < a["bottom"] - 0.5]


def spread(values: list[float]) -> float:
    return max(values) - min(values) if values else 0.0


@pytest.mark.parametrize("lang", languages())
@pytest.mark.parametrize("name", LISTINGS)
def test_cards_stand_side_by_side_on_a_desktop_with_even_gaps(visit, name, lang):
    path = home(lang).rstrip("/") + PAGE_TYPES[name]
    page = open_at(visit, path, DESKTOP).page
    boxes = card_boxes(page)
    assert len(boxes) > 1, f"{path} has no list of cards"
    rows = rows_of(boxes)
    assert len(rows[0]) >= 2, f"{path}: the cards stand one below the other on a desktop: {boxes}"
    assert overlapping(boxes) == [], f"{path}: cards overlap: {boxes}"
    across = [b["x"] - a["right"] for row in rows for a, b in pairwise(row)]
    down = [rows[i + 1][0]["y"] - max(b["bottom"] for b in rows[i]) for i in range(len(rows) - 1)]
    assert min(across) > 4 and spread(across) <= 1, f"{path}: uneven gaps between cards side by side: {across}"
    assert spread(down) <= 1 and (not down or min(down) > 4), f"{path}: uneven gaps between rows of cards: {down}"
    if down:
        assert abs(across[0] - down[0]) <= 1, f"{path}: the gaps across ({across[0]}) and down ({down[0]}) differ"


@pytest.mark.parametrize("lang", languages())
@pytest.mark.parametrize("name", LISTINGS)
def test_cards_stand_in_one_column_on_a_phone_full_width(visit, name, lang):
    path = home(lang).rstrip("/") + PAGE_TYPES[name]
    page = open_at(visit, path, PHONE).page
    boxes = card_boxes(page)
    assert len(boxes) > 1, f"{path} has no list of cards"
    assert spread([b["x"] for b in boxes]) <= 1, f"{path}: cards side by side on a phone: {boxes}"
    content = page.evaluate("(() => { const r = document.querySelector('#kb-main').getBoundingClientRect();"
                            " return [r.x, r.right]; })()")
    assert abs(boxes[0]["x"] - content[0]) <= 1 and abs(boxes[0]["right"] - content[1]) <= 1, \
        f"{path}: the cards do not take the content's width ({content}): {boxes[0]}"
    down = [b["y"] - a["bottom"] for a, b in pairwise(boxes)]
    assert min(down) > 4 and spread(down) <= 1, f"{path}: cards touch or have uneven gaps: {down}"


@pytest.mark.parametrize("case,name,lang,path", CASES, ids=[c[0] for c in CASES])
def test_skip_link_is_the_first_stop_and_moves_the_focus_to_the_content(visit, case, name, lang, path):
    page = open_at(visit, path, DESKTOP).page
    page.keyboard.press("Tab")
    first = page.evaluate("(() => { const a = document.activeElement;"
                          " return {cls: a.className, href: a.getAttribute('href'), shown: a.getBoundingClientRect().height > 0}; })()")
    assert "kb-skip" in first["cls"] and first["href"] == "#kb-main" and first["shown"], f"{path}: first stop {first}"
    page.keyboard.press("Enter")
    until(page, "document.activeElement && document.activeElement.id === 'kb-main'", timeout=2)
    assert page.evaluate("document.querySelector('#kb-main h1') === document.querySelector('h1')"), \
        f"{path}: the content the skip link leads to does not start with the page's <h1>"
    page.keyboard.press("Tab")  # the next stop is in the content, past the header and the nav
    assert page.evaluate("document.querySelector('#kb-main').contains(document.activeElement)"), \
        f"{path}: after the skip link, Tab leaves the content"
