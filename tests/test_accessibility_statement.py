"""The accessibility statement shows the latest recorded results of the browser suite,
and those results cover every page type the suite tests."""

from __future__ import annotations

import json

from real_site import page_types

from support import ROOT, BuiltSite, languages

REPORT = ROOT / "reports" / "accessibility.json"


def suite_cases() -> set[str]:
    """The names of the cases the browser suite runs ('case story (nl)'): a type of page in a
    language. The suite picks each page from the content, so a renamed item changes the path
    it tests, not the type: the recorded report stays valid."""
    return {f"{name} ({lang})" for name in page_types() for lang in languages()}


def test_recorded_report_covers_every_page_type_the_suite_tests():
    report = json.loads(REPORT.read_text(encoding="utf-8"))
    recorded = {p["name"] for p in report["pages"]}
    missing = sorted(suite_cases() - recorded)
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
