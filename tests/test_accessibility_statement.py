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


def test_statement_follows_the_dutch_model_and_does_not_claim_an_audit(site: BuiltSite):
    # digitoegankelijk.nl: status, scope, measures, contact, date; automated checks are no WCAG-EM audit
    for url, headings, status in (
            ("/toegankelijkheid/", ["Status", "Waarvoor deze verklaring geldt", "Wat we doen", "Iets gevonden?", "Datum"],
             "C: eerste maatregelen genomen"),
            ("/en/toegankelijkheid/", ["Status", "What this statement covers", "What we do", "Found something?", "Date"],
             "C: first measures taken")):
        page = site.page(url)
        found = [" ".join("".join(h.xpath("text()")).split()) for h in page.xpath("//article//h2")]  # not the ¶ link
        assert [h for h in headings if h not in found] == [], (url, found)
        text = " ".join(page.text_content().split())
        assert status in text and "WCAG-EM" in text, url


def test_every_page_states_its_language_and_every_image_has_a_text_alternative(site: BuiltSite):
    # the statement says the build checks these on all pages: so this test walks all of them
    others = languages()[1:]
    pages = site.pages()
    assert len(pages) > 100
    for url in pages:
        page = site.page(url)
        folder = url.strip("/").split("/", 1)[0]
        assert page.get("lang") == (folder if folder in others else languages()[0]), url
        for img in page.xpath("//img"):  # alt="" marks an image as decoration, on purpose
            assert img.get("alt") is not None, (url, img.get("src"))
