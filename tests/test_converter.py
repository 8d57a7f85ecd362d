"""Every page converted with one Markdown converter per build (hooks/kennisbank_mkdocs/converter.py)
is the page MkDocs' own ``Page.render`` makes with a new converter for it: the same HTML, table of
contents, title, anchors and links to other pages' anchors, whatever page came before."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support import ROOT, BuiltSite

sys.path.insert(0, str(ROOT / "hooks"))


def _rendered(page: Any) -> tuple:
    def toc(items: Any) -> list:
        return [(i.title, i.url, i.level, toc(i.children)) for i in items]

    links = {file.src_uri: dict(anchors) for file, anchors in (page.links_to_anchors or {}).items()}
    return page.content, toc(page.toc), page._title_from_render, sorted(page.present_anchor_ids or ()), links


def _both_ways(config: Any, files: Any, sources: list[tuple[Any, str]]) -> list[tuple[str, tuple, tuple]]:
    """Each (file, Markdown) converted in order by one Converter, and each by MkDocs' Page.render."""
    from mkdocs.structure.pages import Page

    from kennisbank_mkdocs.converter import Converter

    converter, found = Converter(), []
    for file, text in sources:
        ours, theirs = Page(None, file, config), Page(None, file, config)
        ours.markdown = theirs.markdown = text
        converter.use_for(ours)
        ours.render(config, files)
        Page.render(theirs, config, files)
        found.append((file.src_uri, _rendered(ours), _rendered(theirs)))
    return found


def _project(root: Path) -> tuple[Any, Any]:
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    config = load_config(str(root / "mkdocs.yml"))
    files = get_files(config)
    for file in files.documentation_pages():  # (what the relative-path processor asks of a linked page)
        Page(None, file, config)
    return config, files


def test_every_page_of_the_site_converts_as_with_a_converter_of_its_own(site: BuiltSite):
    """Every Markdown file of docs/ (the generated pages too: the build wrote them), in MkDocs' order."""
    config, files = _project(ROOT)
    pages = [(f, f.content_string) for f in files.documentation_pages()]
    assert len(pages) > 50
    differ = [src for src, ours, theirs in _both_ways(config, files, pages) if ours != theirs]
    assert differ == [], f"converted otherwise than by MkDocs: {differ[:10]}"


BLOCKS = [
    "# Kop\n", "## Kop\n", "## Andere kop {: #eigen }\n", "Tekst met een [link](index.md#kop).\n",
    "!!! note \"Let op\"\n    Binnen de waarschuwing.\n", "??? info \"Meer\"\n    Uitgeklapt.\n",
    "```python\nprint('x')\n```\n", "| a | b |\n|---|---|\n| 1 | 2 |\n", "Term\n:   Uitleg\n",
    '<div id="ruw">ruwe HTML</div>\n', "Een *nadruk* en **sterk** en `code`.\n", "- een\n- twee\n",
    "[^1]: geen voetnoot-extensie\n", "[ref]: index.md\n\nEen [verwijzing][ref].\n",
    "Een [verwijzing][ref] die deze pagina niet bepaalt.\n",
]


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    from support import copy_fixture

    return _project(copy_fixture(tmp_path_factory.mktemp("converter") / "project"))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=8), min_size=2, max_size=6))
def test_pages_in_any_order_convert_as_each_with_a_converter_of_its_own(fixture_project, documents: list[list[str]]):
    """What one page leaves in the converter (headings' ids, references, stashed HTML) is not in the next."""
    config, files = fixture_project
    file = files.documentation_pages()[0]
    found = _both_ways(config, files, [(file, "\n".join(blocks)) for blocks in documents])
    assert [(ours == theirs) for _, ours, theirs in found] == [True] * len(documents)


def test_each_kind_of_block_leaves_nothing_for_a_page_after_it(fixture_project):
    """Every block of BLOCKS on one page, then every block on the next: all pairs, both ways."""
    config, files = fixture_project
    file = files.documentation_pages()[0]
    pairs = [(first, then) for first in BLOCKS for then in BLOCKS]
    found = _both_ways(config, files, [(file, text) for pair in pairs for text in pair])
    differ = [pairs[n // 2] for n, (_, ours, theirs) in enumerate(found) if ours != theirs]
    assert differ == [], f"after the first block, the second converted otherwise: {differ[:5]}"
