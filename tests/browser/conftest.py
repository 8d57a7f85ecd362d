"""Browser fixtures: the built site served on 127.0.0.1, and Debian's Chromium driven by Playwright.

Every page opened through ``visit`` aborts and records requests to any other
host and records console errors, so each test can assert there were none.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from support import BuiltSite, reference_nginx

CHROMIUM = "/usr/bin/chromium"
# Records every Content Security Policy violation of a page in window.__csp.
CSP_PROBE = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve_dir(root: Path) -> http.server.ThreadingHTTPServer:
    """A built site on a free local port; 404s answered with the language's 404 page."""

    class Handler(_Quiet):
        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            page = root / ("en/404.html" if self.path.startswith("/en/") else "404.html")
            if code == 404 and page.exists():
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().send_error(code, message, explain)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="session")
def server(site: BuiltSite) -> Iterator[str]:
    """The built site on a free local port."""
    httpd = serve_dir(site.root)
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"])
        yield b
        b.close()


@dataclass
class Visit:
    page: Page
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def visitor(browser: Browser, base: str, contexts: list, wait_until: str = "networkidle") -> Callable[..., Visit]:
    """A function that opens a site path in a fresh browser context and records what went wrong."""

    def open_(path: str, **context_options: object) -> Visit:
        context = browser.new_context(**context_options)
        context.add_init_script(CSP_PROBE)
        contexts.append(context)
        page = context.new_page()
        record = Visit(page)
        own = urlsplit(base).netloc

        def route(r):
            if urlsplit(r.request.url).netloc not in (own, ""):
                record.foreign_requests.append(r.request.url)
                r.abort()
            else:
                r.continue_()

        page.route("**/*", route)
        page.on("console", lambda m: record.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: record.console_errors.append(str(e)))
        page.goto(base + path, wait_until=wait_until)  # type: ignore[arg-type]
        return record

    return open_


def visits(browser: Browser, base: str) -> Iterator[Callable[..., Visit]]:
    """A visitor for one test; its browser contexts are closed afterwards."""
    contexts: list = []
    try:
        yield visitor(browser, base, contexts)
    finally:
        for c in contexts:
            c.close()


@pytest.fixture
def visit(browser: Browser, server: str) -> Iterator[Callable[..., Visit]]:
    """Open a site path in a fresh context; returns a Visit recording foreign requests and console errors."""
    yield from visits(browser, server)


@pytest.fixture
def visit_site(browser: Browser) -> Iterator[Callable[[str], Callable[..., Visit]]]:
    """Like visit, for a site served at another address (``mkdocs serve``): ``visit_site(base)(path)``.
    The page counts as open once it has loaded (serve's live reload keeps a request open)."""
    contexts: list = []
    try:
        yield lambda base: visitor(browser, base, contexts, wait_until="load")
    finally:
        for c in contexts:
            c.close()


@pytest.fixture(scope="session")
def nginx(site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx on 127.0.0.1 with deploy/nginx/kennisbank.conf, serving the built site."""
    with reference_nginx(site.root, tmp_path_factory.mktemp("nginx")) as base:
        yield base


@pytest.fixture
def visit_nginx(browser: Browser, nginx: str) -> Iterator[Callable[..., Visit]]:
    """Like visit, but through nginx with the reference configuration and its Content Security Policy."""
    yield from visits(browser, nginx)
