"""Search benchmark: what a visitor downloads and waits for before the first result.

For each N it makes a temporary copy of the project with N synthetic items in
both languages (bench/corpus.py) and builds it twice:

* ``pagefind`` — the project as it is: Pagefind index, search page ``/zoeken/``;
* ``lunr``     — Material's built-in search instead (``search`` plugin with
  ``lang: [nl, en]`` and the stemmer pipeline), without the search page.

Each build is served on 127.0.0.1 by a server that gzips text like any static
host and counts the bytes it sends. A fresh Chromium context opens the page a
visitor searches from (``/zoeken/`` or the home page with Material's search
dialog), types a query, and waits for the first result. Printed per engine, N
and query: bytes sent from the first request to the first result (page
included), the search's own bytes, the time from the page's load event (the
visitor types at once) to the first result,
the number of results, and the build time.

    make bench-search                               # N = 100 and 2000
    .venv/bin/python bench/search.py --sizes 100    # quicker
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import ROOT, add_items, copy_project  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from support import build  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
QUERIES = ("schulden", "schuld")  # a whole word and its stem: both are in every synthetic item's vocabulary
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".xml")
LUNR = {"search": {"lang": ["nl", "en"], "pipeline": ["stemmer", "stopWordFilter", "trimmer"]}}


@dataclass
class Row:
    engine: str
    items: int
    query: str
    total_kb: float  # everything sent from the first request to the first result
    search_kb: float  # the search engine's own files (index, worker, wasm)
    ms_to_first: float  # from the page's load event (the visitor types at once) to the first result on screen
    results: int
    build_s: float


class Counter:
    """Bytes sent per path, reset per visit."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, int]] = []
        self.lock = threading.Lock()

    def add(self, path: str, size: int) -> None:
        with self.lock:
            self.sent.append((path, size))


def serve(root: Path, counter: Counter) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path = self.translate_path(self.path)
            target = Path(path) / "index.html" if Path(path).is_dir() else Path(path)
            if not target.is_file():
                self.send_error(404)
                return
            body = target.read_bytes()
            gz = target.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
            if gz:
                body = gzip.compress(body, 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(target)))
            if gz:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            counter.add(self.path.split("?")[0], len(body))

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def make_project(base: Path, count: int, engine: str) -> Path:
    project = copy_project(base / engine)
    add_items(project, count)
    if engine == "lunr":
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        text = text.replace("plugins:\n", "plugins:\n  - " + json.dumps(LUNR) + "\n", 1)
        config.write_text(text, encoding="utf-8")
        sections = project / "data" / "sections.yml"
        kept = [s for s in yaml.safe_load(sections.read_text(encoding="utf-8")) if s["kind"] != "search"]
        sections.write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


def first_result(browser, base: str, engine: str, query: str) -> tuple[float, int]:
    """Open the search, type the query, wait for the first result: (ms from typing, result count)."""
    context = browser.new_context()
    page = context.new_page()
    if engine == "pagefind":
        page.goto(base + "/zoeken/", wait_until="load")
        start = page.evaluate("performance.now()")  # typing at once: the page searches as soon as its index is loaded
        page.fill("#kb-search-q", query)
        page.wait_for_selector(".kb-result", timeout=120_000)
        ms = page.evaluate("performance.now()") - start
        page.wait_for_function("!document.querySelector('.kb-results').hasAttribute('aria-busy')")
        status = page.inner_text(".kb-search__status")
        count = int("".join(c for c in status if c.isdigit()) or 0)
    else:
        page.goto(base + "/", wait_until="load")
        start = page.evaluate("performance.now()")
        page.fill(".md-search__input", query)
        page.wait_for_selector(".md-search-result__meta:not(:empty)", timeout=120_000)
        with contextlib.suppress(Exception):  # no result at all: that is a finding, not a failure
            page.wait_for_selector(".md-search-result__item", timeout=5_000)
        ms = page.evaluate("performance.now()") - start
        meta = page.inner_text(".md-search-result__meta")
        count = int("".join(c for c in meta if c.isdigit()) or 0)
    context.close()
    return ms, count


def measure(count: int, engines: list[str], work: Path) -> list[Row]:
    rows = []
    for engine in engines:
        project = make_project(work / str(count), count, engine)
        out = project / "site"
        started = time.perf_counter()
        result = build(project, out, strict=False)
        build_s = time.perf_counter() - started
        if result.returncode != 0:
            raise SystemExit(f"{engine} build of {count} items failed:\n{result.stdout}\n{result.stderr}")
        counter = Counter()
        httpd = serve(out, counter)
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"])
            for query in QUERIES:
                counter.sent.clear()
                ms, found = first_result(browser, base, engine, query)
                total = sum(size for _, size in counter.sent)
                own = sum(size for path, size in counter.sent
                          if path.startswith("/pagefind/") or "/search/" in path or "workers/search" in path)
                rows.append(Row(engine, count, query, round(total / 1024, 1), round(own / 1024, 1), round(ms),
                                found, round(build_s, 1)))
                print(json.dumps(asdict(rows[-1])), flush=True)
            browser.close()
        httpd.shutdown()
    return rows


def table(rows: list[Row]) -> str:
    head = "| engine | items | query | KB sent before first result | of which search | ms to first result | results | build s |"
    lines = [head, "|" + "---|" * 8]
    for r in rows:
        lines.append(f"| {r.engine} | {r.items} | {r.query} | {r.total_kb:,.1f} | {r.search_kb:,.1f} | "
                     f"{r.ms_to_first:,.0f} | {r.results} | {r.build_s} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 2000])
    parser.add_argument("--engines", nargs="+", default=["pagefind", "lunr"], choices=["pagefind", "lunr"])
    parser.add_argument("--json", type=Path, default=ROOT / "bench-results" / "search.json")
    args = parser.parse_args()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="kb-bench-search-") as tmp:
        for count in args.sizes:
            rows += measure(count, args.engines, Path(tmp))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps([asdict(r) for r in rows], indent=2), encoding="utf-8")
    print(table(rows))


if __name__ == "__main__":
    main()
