"""The diagrams in a real Chromium, served by nginx with the reference configuration: at a phone's
width (390 px) and a desktop's (1366 px) one layout of each is shown, its text is large enough to
read and, measured in the fonts the browser really uses, stays inside its box and the picture and
never runs into another text; axe-core finds no WCAG 2.1 A/AA violation on these pages, and the
Content Security Policy is never violated (the diagrams are inline SVG: no script, no other host)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from test_diagrams import CASES

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366)
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"]}

# For each diagram shown: its layout, how large it is drawn, the smallest text in CSS pixels, and
# every text that leaves the picture, the box its anchor lies in, or runs into another text.
MEASURE = """
() => [...document.querySelectorAll('section.kb-diagram')].map(section => {
  const shown = [...section.querySelectorAll('svg.kb-dg--wide, svg.kb-dg--narrow')]
    .filter(svg => getComputedStyle(svg).display !== 'none');
  return shown.map(svg => {
    const view = svg.viewBox.baseVal, scale = svg.getBoundingClientRect().width / view.width;
    const boxes = [...svg.querySelectorAll('rect')].filter(r =>
      /kb-dg-(box|panel|cell|head)/.test(r.getAttribute('class'))).map(r => r.getBBox());
    const texts = [...svg.querySelectorAll('text')].map(t => ({
      text: t.textContent, box: t.getBBox(), size: parseFloat(t.getAttribute('font-size')),
      axis: (t.getAttribute('class') || '').includes('kb-dg-scale'),
      x: parseFloat(t.getAttribute('x')), y: parseFloat(t.querySelector('tspan')?.getAttribute('y') || t.getAttribute('y'))}));
    const inside = (b, o, slack) => b.x >= o.x - slack && b.y >= o.y - slack &&
      b.x + b.width <= o.x + o.width + slack && b.y + b.height <= o.y + o.height + slack;
    const problems = [];
    for (const t of texts) {
      if (!inside(t.box, {x: 0, y: 0, width: view.width, height: view.height}, 0.5)) problems.push('outside the picture: ' + t.text);
      const home = boxes.filter(b => t.x >= b.x && t.x <= b.x + b.width && t.y >= b.y && t.y <= b.y + b.height)
        .sort((a, b) => a.width * a.height - b.width * b.height)[0];
      if (home && !inside(t.box, home, 0.5)) problems.push('out of its box: ' + t.text);
    }
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i].box, b = texts[j].box;
      // a glyph's box includes its line's leading: 2 units of it may touch the next line's
      if (a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 2 && b.y < a.y + a.height - 2)
        problems.push('runs into another text: ' + texts[i].text + ' / ' + texts[j].text);
    }
    const labels = texts.filter(t => !t.axis).map(t => t.size * scale), axis = texts.filter(t => t.axis).map(t => t.size * scale);
    return {layout: svg.classList.contains('kb-dg--wide') ? 'wide' : 'narrow', width: svg.getBoundingClientRect().width,
            smallest: Math.min(...labels), smallestAxis: axis.length ? Math.min(...axis) : 99, problems};
  });
})
"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name,url,language", CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_one_layout_is_shown_readable_and_every_text_stays_in_its_box(visit_nginx, name, url, language, width):
    v = visit_nginx(url, viewport={"width": width, "height": 900})
    figures = v.page.evaluate(MEASURE)
    assert figures and all(len(shown) == 1 for shown in figures), (url, width, figures)
    for (shown,) in figures:
        assert shown["layout"] == ("narrow" if width < 720 else "wide"), (url, width, shown)
        assert shown["problems"] == [], (url, width, shown["problems"])
        assert shown["smallest"] >= 12, (url, width, shown)  # labels: no smaller than a caption
        assert shown["smallestAxis"] >= 10, (url, width, shown)  # a scale's years and months
    assert v.foreign_requests == [] and v.console_errors == []


@pytest.mark.parametrize("name,url,language", CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_diagram_pages_have_no_wcag_or_csp_violations(visit_nginx, name, url, language):
    v = visit_nginx(url)
    violations = Axe().run(v.page, options=WCAG).response["violations"]
    assert [(x["id"], [n["target"] for n in x["nodes"]][:3]) for x in violations] == [], url
    assert v.page.evaluate("window.__csp") == []
    v.page.set_viewport_size({"width": 320, "height": 640})  # reflow: nothing scrolls sideways at 320 px
    v.page.wait_for_timeout(100)
    assert v.page.evaluate("document.documentElement.scrollWidth") <= 320, url
