"""The reference nginx configuration (deploy/nginx/) serves the built site with a strict
Content Security Policy, the usual security headers, per-language 404 pages and caching;
every page type then runs in Chromium without a single CSP violation."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from support import ROOT, BuiltSite
from test_accessibility import PAGE_TYPES
from conftest import visitor

pytestmark = pytest.mark.browser
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CSP_PROBE = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));
"""


@pytest.fixture(scope="module")
def nginx(site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx on 127.0.0.1 with deploy/nginx/kennisbank.conf, serving the built site."""
    assert Path(NGINX).exists(), "nginx is not installed: .ci/run installs Debian's nginx-light"
    prefix = tmp_path_factory.mktemp("nginx")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = (ROOT / "deploy/nginx/kennisbank.conf").read_text(encoding="utf-8")
    server = server.replace("/srv/kennisbank/site", str(site.root)).replace("listen 80;", f"listen 127.0.0.1:{port};")
    (prefix / "server.conf").write_text(server, encoding="utf-8")
    temp = "".join(f"{kind}_temp_path {prefix}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (prefix / "nginx.conf").write_text(
        f"user root;\nworker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n"
        f"events {{}}\nhttp {{\n access_log off;\n{temp} include {prefix}/server.conf;\n}}\n", encoding="utf-8")
    proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            break
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None:
                raise AssertionError(f"nginx did not start: {proc.stdout.read().decode()}")
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8", "replace")


def test_pages_carry_a_strict_policy_and_security_headers(nginx):
    status, headers, _ = fetch(nginx + "/praktijkverhalen/werkplaats-almere/")
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


PATHS = [p for p in PAGE_TYPES.values()] + ["/en" + p for p in PAGE_TYPES.values()]


@pytest.fixture(scope="module")
def visit_nginx(browser, nginx):
    contexts: list = []
    yield visitor(browser, nginx, contexts)
    for c in contexts:
        c.close()


@pytest.mark.parametrize("path", PATHS)
def test_no_csp_violation_in_the_browser(visit_nginx, path):
    v = visit_nginx(path)
    v.page.add_init_script(CSP_PROBE)
    v.page.reload(wait_until="networkidle")
    violations = v.page.evaluate("window.__csp")
    refused = [e for e in v.console_errors if "Content Security Policy" in e]
    assert violations == [] and refused == [], (violations, refused)
    assert v.foreign_requests == []


def test_the_policy_is_enforced_an_unhashed_inline_script_is_refused(visit_nginx):
    """Negative control: the probe sees violations, and the policy blocks injected script."""
    v = visit_nginx("/")
    v.page.add_init_script(CSP_PROBE)
    v.page.reload(wait_until="networkidle")
    try:
        v.page.add_script_tag(content="window.__injected = true;")
    except Exception:  # Playwright reports the refused script as an error
        pass
    assert v.page.evaluate("window.__injected === undefined")
    assert any(e.startswith("script-src") for e in v.page.evaluate("window.__csp"))
