"""Search benchmark: does the page a visitor wants come first, and what do they wait for?

Two parts, both in a real Chromium against a built site served on 127.0.0.1 by a
server that gzips text as the reference nginx does (deploy/nginx/kennisbank.conf:
level 6, HTML, CSS, JS, JSON, SVG, XML; Pagefind's index files go out as they are)
and counts the bytes it sends.

* **Judged queries.** The real site is built once; every query of
  ``bench/search-queries.yml`` is typed into the search page of its language and
  submitted, through the page's own script (``kb-search.js``), and the result links
  are read from the page. Per language: success@1 and success@3 (one of the pages
  the query expects is first, or in the first three) and the mean reciprocal rank
  (1/rank of the first expected page among the first 20 results, 0 if none).
* **Scale.** For each N a temporary copy of the project gets N synthetic items in
  both languages (bench/corpus.py) and is built; a fresh browser context opens
  ``/zoeken/``, types a query straight after the load event and waits for the first
  result. Printed: the compressed bytes of every file that had arrived when the first
  result was put on the page (the page and its styles and scripts included; read from
  the browser's Resource Timing entries), the search's own share of them, the time from
  the load event to the first result, the number of results and the build time. ``--engines lunr`` builds
  the copy with Material's own search (``lang: [nl, en]``, stemmer pipeline)
  instead, for the comparison in docs/maintainers/search.md.

    make bench-search                                   # judged set, then N = 100 and 2000
    .venv/bin/python bench/search.py --sizes            # judged set only
    .venv/bin/python bench/search.py --site /tmp/site   # judged set against a site built already
    PAGEFIND_BINARY_PATH=… .venv/bin/python bench/search.py   # another Pagefind binary

``judge()`` is also what tests/browser/test_search_ranking.py runs.
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
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import ROOT, add_items, copy_project  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from support import build  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
QUERIES_FILE = Path(__file__).resolve().parent / "search-queries.yml"
SCALE_QUERIES = ("schulden", "schuld")  # a whole word and its stem: both are in every synthetic item's vocabulary
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".xml")  # nginx's gzip_types, by file name
LUNR = {"search": {"lang": ["nl", "en"], "pipeline": ["stemmer", "stopWordFilter", "trimmer"]}}
SHOWN = 20  # results the search page shows at first: a page further down counts as not found
TARGETS = {"success@3": 0.95, "mrr": 0.90}  # DESIGN.md's quality bar, per language


# -- the judged query set ----------------------------------------------------------------------

@dataclass(frozen=True)
class Query:
    text: str
    expect: tuple[str, ...]
    note: str = ""


@dataclass
class Judged:
    query: Query
    found: list[str]  # result paths, in order

    @property
    def rank(self) -> int:
        """1-based rank of the first expected page among the results shown; 0 when none is."""
        return next((i for i, path in enumerate(self.found[:SHOWN], 1) if path in self.query.expect), 0)


def load_queries(path: Path = QUERIES_FILE) -> dict[str, list[Query]]:
    """The judged queries per language."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {lang: [Query(str(q["q"]), tuple(q["expect"]), q.get("note", "")) for q in rows] for lang, rows in raw.items()}


def search_path(language: str, default_language: str = "nl") -> str:
    """The search page of a language: the section of kind 'search' in data/sections.yml."""
    sections = yaml.safe_load((ROOT / "data" / "sections.yml").read_text(encoding="utf-8"))
    folder = next(s["id"] for s in sections if s["kind"] == "search")
    return f"/{folder}/" if language == default_language else f"/{language}/{folder}/"


def ask(page, text: str) -> list[str]:
    """Type a query into the open search page, submit it, and return the result paths once they are shown.

    Submitting makes the page's script mark the list busy at once (aria-busy) and clear
    the mark when this query's results are in the list, so the wait cannot read the
    results of the query before.
    """
    page.fill("#kb-search-q", text)
    page.press("#kb-search-q", "Enter")
    page.wait_for_selector(".kb-results:not([aria-busy])", state="attached", timeout=30_000)
    hrefs = page.eval_on_selector_all(".kb-result__title a", "els => els.map(a => a.getAttribute('href'))")
    return [_path(h) for h in hrefs]


def _path(href: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(href).path


def judge(open_search: Callable[[str], object], queries: dict[str, list[Query]]) -> dict[str, list[Judged]]:
    """Run every query on the search page of its language; ``open_search(lang)`` returns that page, ready."""
    results: dict[str, list[Judged]] = {}
    for language, rows in queries.items():
        page = open_search(language)
        page.wait_for_selector("form[data-kb-search][data-kb-ready]", state="attached", timeout=30_000)
        results[language] = [Judged(q, ask(page, q.text)) for q in rows]
    return results


def scores(judged: Iterable[Judged]) -> dict[str, float]:
    rows = list(judged)
    n = len(rows) or 1
    return {"queries": len(rows),
            "success@1": round(sum(r.rank == 1 for r in rows) / n, 3),
            "success@3": round(sum(0 < r.rank <= 3 for r in rows) / n, 3),
            "mrr": round(sum(1 / r.rank for r in rows if r.rank) / n, 3)}


def below_target(judged: dict[str, list[Judged]]) -> list[str]:
    """What misses DESIGN.md's bar, per language and measure."""
    return [f"{lang} {measure} {scores(rows)[measure]} < {target}" for lang, rows in judged.items()
            for measure, target in TARGETS.items() if scores(rows)[measure] < target]


def misses(judged: dict[str, list[Judged]]) -> str:
    """The queries whose expected page was not first, with what came first instead."""
    lines = []
    for lang, rows in judged.items():
        for r in rows:
            if r.rank != 1:
                lines.append(f"  {lang} {r.query.text!r}: rank {r.rank or '-'}; first {r.found[:3]}")
    return "\n".join(lines)


def judged_table(judged: dict[str, list[Judged]]) -> str:
    lines = ["| language | queries | success@1 | success@3 | MRR |", "|---|---|---|---|---|"]
    for lang, rows in judged.items():
        s = scores(rows)
        lines.append(f"| {lang} | {s['queries']} | {s['success@1']:.2f} | {s['success@3']:.2f} | {s['mrr']:.2f} |")
    return "\n".join(lines)


# -- serving and the browser -------------------------------------------------------------------

class Counter:
    """What the server sent: path, bytes, and when the last byte went out (epoch seconds)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, int, float]] = []
        self.lock = threading.Lock()

    def add(self, path: str, size: int) -> None:
        with self.lock:
            self.sent.append((path, size, time.time()))

    def before(self, moment: float) -> list[tuple[str, int]]:
        """The files sent before a moment (the page's workers fetch the index: the server sees every file)."""
        with self.lock:
            return [(path, size) for path, size, at in self.sent if at <= moment]


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
            gz = target.suffix in COMPRESSIBLE and len(body) >= 512 and "gzip" in self.headers.get("Accept-Encoding", "")
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


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"])
        try:
            yield b
        finally:
            b.close()


def judge_site(site: Path, queries: dict[str, list[Query]]) -> dict[str, list[Judged]]:
    """The judged set against a built site, served as nginx would."""
    httpd = serve(site, Counter())
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with browser() as b:
            context = b.new_context()
            try:
                def open_search(language: str):
                    page = context.new_page()
                    page.goto(base + search_path(language), wait_until="load")
                    return page
                return judge(open_search, queries)
            finally:
                context.close()
    finally:
        httpd.shutdown()


# -- scale: bytes and time to the first result -------------------------------------------------

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
    files: dict[str, int] = field(default_factory=dict)  # search files sent, by kind


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


# Marks when the first result is put on the page, in the page's own clock.
FIRST_MARK = """
new MutationObserver((changes, observer) => {
  if (document.querySelector('.kb-result, .md-search-result__item')) {
    window.__kbFirst = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true});
"""


def first_result(b, base: str, engine: str, query: str, counter: Counter) -> tuple[float, int, list[tuple[str, int]]]:
    """Open the search, type the query, wait for the first result.

    Returns the ms from typing to the first result, the result count, and the files
    (path, compressed bytes) the server had sent when the first result was on the page.
    """
    counter.sent.clear()
    context = b.new_context()
    context.add_init_script(FIRST_MARK)
    page = context.new_page()
    if engine == "pagefind":
        page.goto(base + search_path("nl"), wait_until="load")
        start = page.evaluate("performance.now()")  # typing at once: the page searches as soon as its index is loaded
        page.fill("#kb-search-q", query)
        page.wait_for_selector(".kb-result", timeout=120_000)
        page.wait_for_selector(".kb-results:not([aria-busy])", state="attached", timeout=120_000)
        status = page.inner_text(".kb-search__status")
        count = int("".join(c for c in status if c.isdigit()) or 0)
    else:
        page.goto(base + "/", wait_until="load")
        start = page.evaluate("performance.now()")
        page.fill(".md-search__input", query)
        page.wait_for_selector(".md-search-result__meta:not(:empty)", timeout=120_000)
        with contextlib.suppress(Exception):  # no result at all: that is a finding, not a failure
            page.wait_for_selector(".md-search-result__item", timeout=5_000)
        meta = page.inner_text(".md-search-result__meta")
        count = int("".join(c for c in meta if c.isdigit()) or 0)
    first = page.evaluate("window.__kbFirst || performance.now()")
    moment = page.evaluate("performance.timeOrigin + (window.__kbFirst || performance.now())") / 1000
    sent = counter.before(moment)
    context.close()
    return first - start, count, sent


def _kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    for kind in ("fragment", "index", "filter"):
        if f"/pagefind/{kind}/" in path:
            return kind
    return name.split(".")[0] if path.startswith("/pagefind/") else "page"


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
        with browser() as b:
            for query in SCALE_QUERIES:
                ms, found, sent = first_result(b, base, engine, query, counter)
                total = sum(size for _, size in sent)
                own = [(path, size) for path, size in sent
                       if path.startswith("/pagefind/") or "/search/" in path or "workers/search" in path]
                files: dict[str, int] = {}
                for path, size in own:
                    files[_kind(path)] = files.get(_kind(path), 0) + size
                rows.append(Row(engine, count, query, round(total / 1024, 1), round(sum(s for _, s in own) / 1024, 1),
                                round(ms), found, round(build_s, 1), files))
                print(json.dumps(asdict(rows[-1])), flush=True)
        httpd.shutdown()
    return rows


def table(rows: list[Row]) -> str:
    head = "| engine | items | query | KB sent before first result | of which search | ms to first result | results | build s |"
    lines = [head, "|" + "---|" * 8]
    for r in rows:
        lines.append(f"| {r.engine} | {r.items:,} | {r.query} | {r.total_kb:,.1f} | {r.search_kb:,.1f} | "
                     f"{r.ms_to_first:,.0f} | {r.results:,} | {r.build_s} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 2000], help="synthetic corpus sizes (none: skip)")
    parser.add_argument("--engines", nargs="+", default=["pagefind"], choices=["pagefind", "lunr"])
    parser.add_argument("--site", type=Path, help="judge this built site instead of building the project")
    parser.add_argument("--queries", type=Path, default=QUERIES_FILE)
    parser.add_argument("--no-judged", action="store_true", help="skip the judged query set")
    parser.add_argument("--json", type=Path, default=ROOT / "bench-results" / "search.json")
    args = parser.parse_args()
    report: dict = {}
    with tempfile.TemporaryDirectory(prefix="kb-bench-search-") as tmp:
        if not args.no_judged:
            site = args.site
            if site is None:
                site = Path(tmp) / "site"
                result = build(ROOT, site, strict=False)
                if result.returncode != 0:
                    raise SystemExit(f"the build failed:\n{result.stdout}\n{result.stderr}")
            judged = judge_site(site, load_queries(args.queries))
            report["judged"] = {lang: {**scores(rows), "misses": [asdict(r) for r in rows if r.rank != 1]}
                                for lang, rows in judged.items()}
            print(judged_table(judged))
            print("not first:\n" + (misses(judged) or "  none"))
            print("\n".join(below_target(judged)) or "targets met: success@3 >= 0.95 and MRR >= 0.90 per language")
        rows: list[Row] = []
        for count in args.sizes:
            rows += measure(count, args.engines, Path(tmp))
        report["scale"] = [asdict(r) for r in rows]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    if rows:
        print(table(rows))


if __name__ == "__main__":
    main()
