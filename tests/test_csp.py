"""The Content Security Policy allows exactly the theme's inline scripts, computed from its templates.

A script that reaches a page some other way is not hashed into the policy: the
build stops on that page (hooks/kennisbank/outputs/headers.py). The same policy
is in a <meta> at the top of every page, for hosts that send no headers.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from lxml import html

from kennisbank.outputs import headers
from support import BuiltSite, build, copy_fixture


def _policy_of(site: BuiltSite) -> str:
    return re.search(r"Content-Security-Policy: (.*)", (site.root / "_headers").read_text()).group(1)


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


@pytest.mark.parametrize("which", ["site", "fixture_site"])
def test_every_page_carries_the_policy_first_and_every_inline_script_is_allowed_by_it(which, request):
    site: BuiltSite = request.getfixturevalue(which)
    policy = _policy_of(site)
    pages = sorted(site.root.rglob("*.html"))
    assert len(pages) > 20
    # The header's policy also allows the script of each redirect page (mkdocs-redirects), which
    # carries no <meta> of its own; a page's <meta> allows exactly the theme's scripts.
    redirects = [p for p in pages if html.fromstring(p.read_text(encoding="utf-8")).xpath('//meta[@http-equiv="refresh"]')]
    redirect_only = {_hash(s) for p in redirects for s in headers.inline_scripts(p.read_text(encoding="utf-8"))}
    redirect_only -= {_hash(s) for p in pages if p not in redirects for s in headers.inline_scripts(p.read_text(encoding="utf-8"))}
    meta_policy = policy.replace("; frame-ancestors 'none'", "")
    for token in redirect_only:
        meta_policy = meta_policy.replace(" " + token, "")
    for page in pages:
        text = page.read_text(encoding="utf-8")
        tree = html.fromstring(text)
        if tree.xpath('//meta[@http-equiv="refresh"]'):
            continue  # mkdocs-redirects' pages (their script is checked below)
        metas = tree.xpath('//head/meta[@http-equiv="Content-Security-Policy"]')
        assert len(metas) == 1, f"{page}: no CSP <meta>"
        assert metas[0].get("content") == meta_policy, page
        first_script = text.find("<script")
        assert first_script == -1 or text.find('http-equiv="Content-Security-Policy"') < first_script, page
    for page in pages:
        for script in headers.inline_scripts(page.read_text(encoding="utf-8")):
            assert _hash(script) in policy, f"{page}: inline script not in the policy: {script[:60]}"


def test_the_policy_holds_no_hash_the_theme_does_not_emit(site: BuiltSite):
    """Computed, not collected: every hash is one of Material's scripts, and none of them is a page's own."""
    hashes = set(re.findall(r"'sha256-[^']+'", _policy_of(site)))
    used = {_hash(s) for page in site.root.rglob("*.html") for s in headers.inline_scripts(page.read_text())}
    assert used <= hashes
    assert len(hashes) < 40, "one hash per theme script and page depth, not one per page"


@pytest.mark.parametrize("injected, what", [
    ("<script>alert(1)</script>", "inline script 'alert(1)'"),
    ("<SCRIPT type=module>alert(2)</SCRIPT>", "inline script 'alert(2)'"),
    ('<script type="application/ld+json">{"a": "</script><script>alert(3)</script>"}</script>', "alert(3)"),
    ('<script type="application/json">{"a": "<img src=x onerror=alert(4)>"}</script>', "data block holding '<'"),
])
def test_a_page_with_a_script_the_theme_does_not_emit_fails_the_build(tmp_path: Path, injected: str, what: str):
    """Whatever slipped a script into a page (here a hook, standing for any gap), the build stops there."""
    project = copy_fixture(tmp_path / "project")
    out = project / "site"
    assert build(project, out).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (project / "inject.py").write_text(
        "from mkdocs.plugins import event_priority\n\n@event_priority(-1000)\n"
        "def on_page_content(html, page, **kwargs):\n"
        f"    return html + {injected!r} if page.file.src_uri.startswith('stories/dry-feet') else html\n",
        encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("hooks:\n", "hooks:\n  - inject.py\n"),
                      encoding="utf-8")
    failed = build(project, out)
    output = failed.stdout + failed.stderr
    assert failed.returncode != 0
    assert "docs/stories/dry-feet" in output and what in output and "that the theme does not emit" in output
    assert "Traceback" not in output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
