"""The built HTML holds no script that is not the site's own, no event-handler attribute and
no javascript: URL — whichever way content tried to put one there."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html

from kennisbank.judge import judge
from support import BuiltSite, build, copy_fixture

_BAD_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.I)


def scan(root: Path) -> list[str]:
    """Every script from elsewhere, on* attribute and javascript: URL in the built pages."""
    found = []
    for page in sorted(root.rglob("*.html")):
        rel = page.relative_to(root).as_posix()
        tree = html.fromstring(page.read_bytes())
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            for name, value in el.attrib.items():
                if name.lower().startswith("on"):
                    found.append(f"{rel}: <{el.tag} {name}=…>")
                if name.lower() in ("href", "src", "action", "formaction", "xlink:href") and _BAD_URL.match(value):
                    found.append(f"{rel}: <{el.tag} {name}={value[:30]}…>")
            if el.tag == "script" and el.get("src"):
                src = urlsplit(el.get("src"))
                if src.scheme or src.netloc or not src.path.lstrip("./").startswith(("assets/", "pagefind/")):
                    found.append(f"{rel}: <script src={el.get('src')}>")
    return found


def test_built_site_has_no_foreign_script_handler_or_script_url(site: BuiltSite):
    assert scan(site.root) == []


def test_markup_smuggled_through_front_matter_is_shown_as_text(tmp_path):
    """Front matter is shown in listings and cards: quotes and '>' there must not open attributes."""
    root = copy_fixture(tmp_path / "project")
    story = root / "docs/stories/dry-feet.md"
    story.write_text(story.read_text().replace(
        "summary: How Town A kept its cellars dry.",
        "summary: 'Dry\" onmouseover=\"alert(1)\" x=\" and a > b: javascript:alert(2)'"), encoding="utf-8")
    result = build(root, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert scan(root / "site") == []
    listing = (root / "site/stories/index.html").read_text()
    assert "Dry&#34; onmouseover=&#34;alert(1)" in listing or "Dry&quot; onmouseover=&quot;alert(1)" in listing


@pytest.mark.parametrize("which", ["site", "fixture_site"])
def test_the_content_of_every_built_page_passes_the_judge(which, request):
    """What is published, not the source: each page's content region, as the host serves it."""
    built: BuiltSite = request.getfixturevalue(which)
    judged = 0
    for page in sorted(built.root.rglob("*.html")):
        tree = html.fromstring(page.read_bytes())
        for body in tree.xpath('//div[@class="kb-body"]'):
            fragment = "".join(html.tostring(child, encoding="unicode") for child in body)
            assert judge((body.text or "") + fragment, "", page.relative_to(built.root).as_posix(), 1) == [], page
            judged += 1
    assert judged >= (30 if which == "site" else 5), "the content regions were not found"
