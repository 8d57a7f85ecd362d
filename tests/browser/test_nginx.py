"""The reference nginx configuration (deploy/nginx/) serves the built site with a strict
Content Security Policy, the usual security headers, per-language 404 pages and caching.
(Every page type runs through it in the accessibility suite, which also checks that no
page has a CSP violation.)"""

from __future__ import annotations

import contextlib
import re
import urllib.error
import urllib.request

import pytest
from real_site import first, model, url_of

from support import ROOT, BuiltSite

pytestmark = pytest.mark.browser


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8", "replace")


def test_pages_carry_a_strict_policy_and_security_headers(nginx):
    status, headers, _ = fetch(nginx + url_of(first(model().items.values(), "item").path))  # any written item's page
    assert status == 200
    csp = headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "'sha256-" in script_src
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cache-Control"] == "no-cache"
    assert "nginx/" not in headers.get("Server", "")


def test_files_are_served_with_their_media_types(nginx):
    assert fetch(nginx + "/")[1]["Content-Type"] == "text/html; charset=utf-8"
    assert fetch(nginx + "/assets/stylesheets/kennisbank.css")[1]["Content-Type"].startswith("text/css")
    assert fetch(nginx + "/bijeenkomsten.ics")[1]["Content-Type"] == "text/calendar; charset=utf-8"
    assert fetch(nginx + "/api/uitkomsten.json")[1]["Content-Type"].startswith("application/json")


def test_favicon_ico_is_the_site_icon_not_a_404(nginx, site: BuiltSite):
    status, headers, body = fetch(nginx + "/favicon.ico")
    assert status == 200 and headers["Content-Type"].startswith("image/svg+xml")
    icon = re.search(r"^  favicon: (\S+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert icon, "mkdocs.yml names the theme's favicon"
    assert body == (site.root / icon.group(1)).read_text(encoding="utf-8"), "nginx serves another icon than mkdocs.yml's"


def test_404_pages_per_language(nginx):
    status, headers, body = fetch(nginx + "/bestaat-niet/")
    assert status == 404 and '<html lang="nl"' in body and "Content-Security-Policy" in headers
    status, _, body = fetch(nginx + "/en/does-not-exist/")
    assert status == 404 and '<html lang="en"' in body


def test_hashed_assets_are_cached_long_and_others_briefly(nginx, site: BuiltSite):
    bundle = next((site.root / "assets/javascripts").glob("bundle.*.min.js")).name
    _, headers, _ = fetch(f"{nginx}/assets/javascripts/{bundle}")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Security-Policy" in headers
    _, headers, _ = fetch(nginx + "/assets/stylesheets/kennisbank.css")
    assert headers["Cache-Control"] == "public, max-age=3600"


def test_header_files_themselves_are_not_served(nginx):
    assert fetch(nginx + "/_headers")[0] == 404
    assert fetch(nginx + "/_headers.nginx")[0] == 404


def test_the_policy_is_enforced_an_unhashed_inline_script_is_refused(visit_nginx):
    """Negative control: the probe sees violations, and the policy blocks injected script."""
    v = visit_nginx("/")
    with contextlib.suppress(Exception):  # Playwright reports the refused script as an error
        v.page.add_script_tag(content="window.__injected = true;")
    assert v.page.evaluate("window.__injected === undefined")
    assert any(e.startswith("script-src") for e in v.page.evaluate("window.__csp"))


def test_hidden_files_and_folders_without_an_index_answer_the_site_404(nginx, site: BuiltSite):
    """nginx must not serve a .git folder or a lock file, nor answer its own 403 for a folder without index."""
    hidden, empty, english = site.root / ".git", site.root / "zonder-index", site.root / "en" / "no-index"
    try:
        hidden.mkdir()
        (hidden / "config").write_text("[remote]\n url = https://token@example.org/x\n", encoding="utf-8")
        (site.root / ".site.kb-lock").write_text("process 1", encoding="utf-8")
        empty.mkdir()
        english.mkdir()
        for path in ("/.git/config", "/.site.kb-lock", "/.git/"):
            status, _, body = fetch(nginx + path)
            assert status == 404 and "token@" not in body and '<html lang="nl"' in body, path
        status, _, body = fetch(nginx + "/zonder-index/")
        assert status == 404 and '<html lang="nl"' in body
        status, _, body = fetch(nginx + "/en/no-index/")
        assert status == 404 and '<html lang="en"' in body
    finally:
        (hidden / "config").unlink()
        hidden.rmdir()
        (site.root / ".site.kb-lock").unlink()
        empty.rmdir()
        english.rmdir()


def _compressed(url: str, encoding: str) -> tuple[str, int]:
    """(Content-Encoding, bytes on the wire) of a request that accepts ``encoding`` (urllib does not decode)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=10) as r:
        return r.headers.get("Content-Encoding", ""), len(r.read())


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_text_is_served_compressed(nginx, site: BuiltSite, encoding: str):
    # every text type the site has: Material's bundles, the site's CSS, a page, the sitemap, a feed, open data
    bundle = next((site.root / "assets/javascripts").glob("bundle.*.min.js")).name
    css = next((site.root / "assets/stylesheets").glob("main.*.min.css")).name
    paths = [f"/assets/javascripts/{bundle}", f"/assets/stylesheets/{css}", "/assets/stylesheets/site.css",
             "/", "/sitemap.xml", "/feed.xml", "/api/uitkomsten.json", "/bijeenkomsten.ics"]
    for path in paths:
        sent, wire = _compressed(nginx + path, encoding)
        size = (site.root / (path.lstrip("/") or "index.html")).stat().st_size
        assert sent == encoding, f"{path} is not sent with {encoding}"
        assert wire < size * 0.6, f"{path}: {wire} bytes on the wire for {size}"


def test_brotli_module_is_in_the_reference_set_up():
    from support import BROTLI  # make test installs Debian's libnginx-mod-http-brotli-filter
    assert BROTLI.is_file(), "scripts/system-packages.sh installs libnginx-mod-http-brotli-filter"


def test_feeds_are_atom_and_robots_names_the_sitemap(nginx, site: BuiltSite):
    for path in ("/feed.xml", "/en/feed.xml"):
        status, headers, body = fetch(nginx + path)
        assert status == 200 and headers["Content-Type"] == "application/atom+xml; charset=utf-8", path
        assert "<feed" in body, path
    status, headers, body = fetch(nginx + "/robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    sitemap = next(line.split(":", 1)[1].strip() for line in body.splitlines() if line.startswith("Sitemap:"))
    assert sitemap.endswith("/sitemap.xml") and (site.root / "sitemap.xml").is_file()
    assert "Disallow: /" not in body.splitlines(), "robots.txt shuts every crawler out"
