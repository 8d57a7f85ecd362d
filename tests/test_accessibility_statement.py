"""The accessibility statement shows the latest recorded results of the browser suite,
and those results cover every page type the suite tests."""

from __future__ import annotations

import json

from support import ROOT, BuiltSite

REPORT = ROOT / "reports" / "accessibility.json"


def suite_paths() -> set[str]:
    source = (ROOT / "tests/browser/test_accessibility.py").read_text(encoding="utf-8")
    block = source[source.index("PAGE_TYPES = {"): source.index("}", source.index("PAGE_TYPES = {"))]
    paths = {line.split(": ", 1)[1].strip().strip('",') for line in block.splitlines()[1:] if ": " in line}
    return paths | {"/en" + p for p in paths}


def test_recorded_report_covers_every_page_type_the_suite_tests():
    report = json.loads(REPORT.read_text(encoding="utf-8"))
    recorded = {p["path"] for p in report["pages"]}
    missing = sorted(suite_paths() - recorded)
    assert missing == [], f"reports/accessibility.json is out of date (run `make accessibility-report`): {missing}"


def test_statement_shows_the_latest_results_in_both_languages(site: BuiltSite):
    report = json.loads(REPORT.read_text(encoding="utf-8"))
    failing = [p for p in report["pages"] if p["violations"] or p.get("problems")]
    for url, lang, verdict in (("/toegankelijkheid/", "nl", "Alle geteste pagina's voldoen"),
                               ("/en/toegankelijkheid/", "en", "Every page tested meets every rule checked")):
        page = site.page(url)
        assert page.get("lang") == lang
        text = " ".join(page.text_content().split())
        assert page.xpath('string(//section[@aria-labelledby="kb-a11y-results"]//time/@datetime)') == report["date"]
        assert f"axe-core {report['tools']['axe-core']}" in text
        assert f"{len(report['pages'])}" in text
        assert (verdict in text) == (not failing)
        assert "lerendepraktijk@schouderseronder.nl" in text
