"""The Dutch name of a format in brackets once per page (../shared/GLOSSARY.md): "workshop (werkplaats)"."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from kennisbank import gloss
from kennisbank.adapter import load_settings
from support import ROOT, BuiltSite

PAGE = ('<html><head><meta content="Workshop (werkplaats) Almere"></head><body>'
        '<article class="md-content__inner md-typeset"><h1>Workshop (werkplaats) Almere</h1>'
        '<p title="a workshop (werkplaats)">In a workshop (werkplaats), and another workshop (werkplaats).</p>'
        '<script>var s = " (werkplaats)";</script><p>Workshop (werkplaats) Stroomopwaarts</p>'
        '</article><footer>workshop (werkplaats)</footer></body></html>')


def test_only_the_first_gloss_in_the_main_text_stays():
    out = gloss.once(PAGE, (" (werkplaats)",))
    main = out[out.index("<article"):out.index("<footer")]
    text = re.sub(r"<script>.*?</script>", "", re.sub(r'"[^"]*"', '""', main))
    assert text.count("(werkplaats)") == 1 and "<h1>Workshop (werkplaats) Almere</h1>" in out
    assert "<p>Workshop Stroomopwaarts</p>" in out and "another workshop." in out
    # markup, attributes, scripts, the head and the footer are left as they are
    assert 'content="Workshop (werkplaats) Almere"' in out and 'title="a workshop (werkplaats)"' in out
    assert 'var s = " (werkplaats)";' in out and "<footer>workshop (werkplaats)</footer>" in out


def test_each_handout_is_a_page_of_its_own():
    page = ('<article class="md-content__inner"><p>a workshop (werkplaats)</p>'
            '<article data-gloss-scope><p>Workshop (werkplaats) Almere, the workshop (werkplaats)</p></article>'
            '<article data-gloss-scope><p>Workshop (werkplaats) Almere</p></article></article><footer>')
    out = gloss.once(page, (" (werkplaats)",))
    assert out.count("(werkplaats)") == 3 and "Almere, the workshop</p>" in out


def test_a_gloss_on_a_line_of_its_own_counts_too():
    page = ('<article class="md-content__inner"><p>a workshop (werkplaats)</p>'
            '<svg><text><tspan>Workshop</tspan><tspan>(werkplaats)</tspan></text></svg></article><footer>')
    out = gloss.once(page, (" (werkplaats)",))
    assert out.count("(werkplaats)") == 1 and "<tspan>Workshop</tspan><tspan></tspan>" in out


@given(st.lists(st.sampled_from(["workshop (werkplaats)", "<b>", "</b>", " text ", "<i class='x'>", "</i>"]), max_size=30))
def test_the_gloss_appears_at_most_once_and_nothing_else_changes(parts):
    body = "".join(parts)
    page = f'<article class="md-content__inner">{body}</article><footer></footer>'
    out = gloss.once(page, (" (werkplaats)",))
    assert out.count("(werkplaats)") == min(1, body.count("(werkplaats)"))
    assert out.replace(" (werkplaats)", "") == page.replace(" (werkplaats)", "")


def test_on_every_page_of_the_site_a_gloss_stands_in_the_text_at_most_once(site: BuiltSite):
    glosses = load_settings(str(ROOT / "mkdocs.yml")).gloss_once
    assert glosses, "mkdocs.yml sets extra.kennisbank.gloss_once"
    checked = 0
    for url in site.pages():
        page = site.page(url)
        for main in page.xpath('//article[contains(@class, "md-content__inner")]'):
            for node in main.xpath(".//script|.//style"):
                node.getparent().remove(node)
            scopes = main.xpath(".//*[@data-gloss-scope]")  # (a handout: read on its own sheet)
            for scope in scopes:
                for term in glosses:
                    assert scope.text_content().count(term.strip()) <= 1, (url, term)
                scope.getparent().remove(scope)
            for term in glosses:
                assert main.text_content().count(term.strip()) <= 1, (url, term)
            checked += 1
    assert checked > 50
