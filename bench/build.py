"""Build benchmark: this project's build against a bare Material + i18n build of the same Markdown.

For each N it makes a temporary copy of the project with N synthetic items in
both languages (bench/corpus.py), builds it with the project's hooks and
templates, builds the same Markdown with a bare configuration (Material +
mkdocs-static-i18n + search, same navigation shape, no hooks, no templates),
and prints one table: wall time, peak memory, ms per page, site bytes, bytes of
one story page, the search index a visitor downloads, and the ratio of the two
builds. For this project it also measures one build without the second process
(``KENNISBANK_PARALLEL=0``: its CPU time against the bare build's, and the share of
Pagefind, which runs as a child process), a warm build (the render cache filled by
the build before, nothing changed), a warm build after editing one story, and, in a
`mkdocs serve` session, the time from saving a file until the changed HTML is served
in both languages: one story, one theme's title in data/ (shown on many pages), and
the item template.

    make bench                      # N = 100, 500, 2000; serve at 500 and 2000
    .venv/bin/python bench/build.py --sizes 100 --no-serve
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import ROOT, add_items, copy_project  # noqa: E402

# Builds run as on an editor's machine: Python keeps compiled modules (this machine's environment
# turns that off, which would make this project recompile its engine on every build, while the bare
# build's packages came compiled with their installation).
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}
RUN = """
import json, resource, sys, time
from mkdocs.__main__ import cli
start = time.perf_counter()
try:
    cli(["build", "-q", "-f", sys.argv[1], "-d", sys.argv[2]])
except SystemExit as e:
    if e.code:
        raise
own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": time.perf_counter() - start, "peak_mb": own.ru_maxrss / 1024,
                  "cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
                  "children_cpu": children.ru_utime + children.ru_stime}))
"""


@dataclass
class Result:
    seconds: float
    cpu_seconds: float  # user + system time of the build and every process it started
    peak_mb: float
    pages: int
    site_bytes: int
    story_bytes: int
    search_bytes: int
    children_cpu: float = 0.0  # of the processes the build started (Pagefind, and the second language's)
    peak_pss_mb: float = 0.0

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.seconds / self.pages


def _pss_kb(pid: int) -> int:
    """A process's proportional set size: its resident memory, pages shared with other processes divided among them."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _tree_mb(root: int) -> tuple[float, float]:
    """Resident memory (RSS, and PSS) of a process and all its descendants (the build forks, Pagefind runs
    beside it). RSS counts the pages the forked second process shares with the first twice; PSS once."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, pss, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        pss += _pss_kb(pid)
        todo += children.get(pid, [])
    return total / 2**20, pss / 1024


def measure(config: Path, out: Path, story: str, env: dict[str, str] | None = None) -> Result:
    """One build in a fresh process: wall time, and peak memory of the whole process tree (sampled)."""
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        proc = subprocess.Popen([sys.executable, "-c", RUN, str(config), str(out)], cwd=config.parent,
                                env={**ENV, **(env or {})}, stdout=stdout, stderr=stderr, text=True)
        peak = peak_pss = 0.0
        while proc.poll() is None:
            rss, pss = _tree_mb(proc.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            time.sleep(0.1)
        stdout.seek(0)
        stderr.seek(0)
        output, errors = stdout.read(), stderr.read()
    if proc.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{output[-3000:]}\n{errors[-3000:]}")
    stats = json.loads(output.strip().splitlines()[-1])
    stats["peak_mb"] = max(peak, stats["peak_mb"])
    files = [p for p in out.rglob("*") if p.is_file()]
    search = [p for p in files if p.relative_to(out).parts[0] in ("search", "pagefind")]
    return Result(stats["seconds"], stats["cpu"], stats["peak_mb"], sum(1 for p in files if p.suffix == ".html"),
                  sum(p.stat().st_size for p in files), (out / story / "index.html").stat().st_size,
                  sum(p.stat().st_size for p in search), stats.get("children_cpu", 0.0), peak_pss)


def cold(project: Path) -> None:
    """Empty the project's render cache (kennisbank.render_cache): the next build is a cold one."""
    shutil.rmtree(project / ".cache" / "pages", ignore_errors=True)


def edit_story(story: Path, words: str) -> None:
    """Add a sentence to a story in both languages (bench/corpus.py writes every item in both)."""
    for path in (story, story.with_name(story.name[:-3] + ".en.md")):
        with path.open("a", encoding="utf-8") as f:
            f.write(f"\nEen zin met {words}.\n")


def drop_search(project: Path) -> None:
    """Leave the search page (and so the Pagefind step) out of a project copy."""
    sections = project / "data" / "sections.yml"
    kept = [x for x in yaml.safe_load(sections.read_text(encoding="utf-8")) if x["kind"] != "search"]
    sections.write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), encoding="utf-8")


def bare_copy(project: Path, target: Path, search: bool = True) -> Path:
    """The same Markdown with a bare Material + i18n configuration and the same navigation shape."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)
    shutil.copytree(project / "docs", target / "docs")
    for md in (target / "docs").rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        md.write_text(re.sub(r"^(template|format): .*\n", "", text, flags=re.M), encoding="utf-8")
    for entry in _nav_files(config["nav"]):  # the generated index pages the nav names
        for suffix in ("", ".en"):
            page = target / "docs" / entry.replace(".md", f"{suffix}.md")
            if not page.exists():
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text(f"---\ntitle: {page.parent.name}\n---\n", encoding="utf-8")
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    bare = {
        "site_name": config["site_name"], "site_url": "https://example.org/", "docs_dir": "docs",
        "theme": {"name": "material", "language": "nl", "font": False},
        "plugins": (["search"] if search else []) + [{"i18n": i18n}],
        "markdown_extensions": config["markdown_extensions"], "nav": config["nav"],
    }
    (target / "mkdocs.yml").write_text(yaml.safe_dump(bare, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


class _EnvLoader(yaml.SafeLoader):
    pass


_EnvLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1]
                           if isinstance(node, yaml.SequenceNode) else None)


def _nav_files(nav: list) -> list[str]:
    found = []
    for entry in nav:
        if isinstance(entry, str):
            found.append(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                found += _nav_files(value) if isinstance(value, list) else [value]
    return found


@dataclass
class Serve:
    """Seconds of one `mkdocs serve` session: its first build, then from saving a file to the changed HTML."""
    first: float
    story: float
    data: float
    template: float
    search_edits: float | None = None  # part of the story edit's time: its pages indexed on their own (searchable)
    search_whole: float | None = None  # after the story edit, in a thread: the whole search index again


def serve_session(project: Path, story: Path) -> Serve:
    """Edit a story, a theme's title and the item template in turn; time each until both languages show it
    (the theme's title: on the theme's pages and on the pages of an item tagged with it, which serve
    renders on request or in its thread beside the server).

    Shown means: both pages served with the change, and the server's "Reloading browsers"
    (the moment an open browser reloads) logged."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = project / "serve.log"
    started = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f",
                                 str(project / "mkdocs.yml")], cwd=project, env=ENV, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)

    def served(path: str) -> str:
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=30).read().decode()
        except OSError:
            return ""

    def timed(edit, shown: dict[str, str]) -> float:
        """Seconds from the edit until each page (path -> text it must show) is served with its text."""
        reloads = log.read_text().count("Reloading browsers")
        begun = time.perf_counter()
        edit()
        _wait(lambda: log.read_text().count("Reloading browsers") > reloads
              and all(text in served(path) for path, text in shown.items()), 900)
        seconds = time.perf_counter() - begun
        time.sleep(2)  # the generated pages a full build writes trigger one more (empty) rebuild
        return seconds

    try:
        _wait(lambda: "Serving on" in log.read_text(), 900)
        first = time.perf_counter() - started
        time.sleep(3)
        url = f"{story.parent.name}/{story.name[:-3]}/"
        pages = [url, f"en/{url}"]
        searched = log.read_text().count("search index made again in")
        story_seconds = timed(lambda: edit_story(story, "bankwoordeen"), dict.fromkeys(pages, "bankwoordeen"))
        _wait(lambda: log.read_text().count("search index made again in") > searched, 900)
        whole = float(re.findall(r"search index made again in ([0-9.]+) s", log.read_text())[-1])
        edits = float(re.findall(r"edited page\(s\) searchable in ([0-9.]+) s", log.read_text())[-1])
        themes = project / "data" / "themes.yml"
        theme = yaml.safe_load(themes.read_text(encoding="utf-8"))[0]

        def retitle() -> None:
            text = themes.read_text(encoding="utf-8")
            old = "title: {nl: " + theme["title"]["nl"] + ", en: " + theme["title"]["en"] + "}"
            assert old in text, "the bench expects a theme title on one line"
            themes.write_text(text.replace(old, "title: {nl: Bankthema, en: Benchtheme}"), encoding="utf-8")

        tagged = next(p for p in sorted(story.parent.glob("bench-item-*.md")) if not p.name.endswith(".en.md")
                      and theme["id"] in yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1])["themes"])
        tagged_url = f"{tagged.parent.name}/{tagged.name[:-3]}/"  # one of the many pages that show the theme
        data_seconds = timed(retitle, {f"themas/{theme['id']}/": "Bankthema", f"en/themas/{theme['id']}/": "Benchtheme",
                                       tagged_url: "Bankthema", f"en/{tagged_url}": "Benchtheme"})
        template = project / "overrides" / "kb" / "item.html"
        marked = "{% block kb_after %}<!-- banksjabloon -->"  # inside a block: a child template prints nothing else
        template_seconds = timed(lambda: template.write_text(template.read_text(encoding="utf-8").replace(
            "{% block kb_after %}", marked, 1), encoding="utf-8"), dict.fromkeys(pages, "banksjabloon"))
        return Serve(first, story_seconds, data_seconds, template_seconds, edits, whole)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)


def _wait(condition, timeout: float) -> None:
    deadline = time.time() + timeout
    while not condition():
        if time.time() > deadline:
            raise SystemExit("timed out waiting for mkdocs serve")
        time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve measurements")
    parser.add_argument("--serve-sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--repeat", type=int, default=3,
                        help="cold builds of each kind per size, alternating; times: the fastest, ratios: the median "
                             "of the pairs (this machine is noisy)")
    parser.add_argument("--no-search", action="store_true",
                        help="both builds without search (no Pagefind step here, no lunr index in the bare build)")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "build.md")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        for n in args.sizes:
            project = copy_project(Path(tmp) / f"project-{n}")
            story = add_items(project, n)[0]
            if args.no_search:
                drop_search(project)
            story_url = f"{story.parent.name}/{story.name[:-3]}"
            bare_project = bare_copy(project, Path(tmp) / f"bare-{n}", search=not args.no_search)
            site, bare_site = Path(tmp) / f"site-{n}", Path(tmp) / f"bare-site-{n}"
            row = Row(n)
            for i in range(args.repeat):  # alternate, so both see the same machine
                print(f"N={n} ({i + 1}/{args.repeat}): this project (cold), then bare Material + i18n …",
                      file=sys.stderr, flush=True)
                cold(project)
                row.ours_runs.append(measure(project / "mkdocs.yml", site, story_url))
                row.bare_runs.append(measure(bare_project / "mkdocs.yml", bare_site, story_url))
                print(f"  {row.ours_runs[-1].seconds:.1f} s against {row.bare_runs[-1].seconds:.1f} s "
                      f"({row.ours_runs[-1].seconds / row.bare_runs[-1].seconds:.2f})", file=sys.stderr, flush=True)
            print(f"N={n}: one process (cold), bare, warm, warm after a story edit …", file=sys.stderr, flush=True)
            cold(project)
            row.serial = measure(project / "mkdocs.yml", site, story_url, {"KENNISBANK_PARALLEL": "0"})
            row.serial_bare = measure(bare_project / "mkdocs.yml", bare_site, story_url)
            row.warm = measure(project / "mkdocs.yml", site, story_url)
            edit_story(story, "bankwoordwarm")
            row.warm_edit = measure(project / "mkdocs.yml", site, story_url)
            if n in args.serve_sizes and not args.no_serve:
                print(f"N={n}: a mkdocs serve session …", file=sys.stderr, flush=True)
                row.serve = serve_session(project, story)
            rows.append(row)
            shutil.rmtree(project)
            shutil.rmtree(bare_project)
    table = render(rows, args.no_search)
    print(table)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(table, encoding="utf-8")
    print(f"written to {args.output}", file=sys.stderr)


@dataclass
class Row:
    """One size: every cold run of both builds, in the order they ran (ours, bare, ours, bare, …), and the rest."""
    n: int
    ours_runs: list[Result] = field(default_factory=list)
    bare_runs: list[Result] = field(default_factory=list)
    serial: Result | None = None  # this project without the second process, cold
    serial_bare: Result | None = None  # the bare build right after it
    warm: Result | None = None  # the render cache filled, nothing changed
    warm_edit: Result | None = None  # the render cache filled, one story edited (both languages)
    serve: Serve | None = None

    @property
    def ours(self) -> Result:
        return min(self.ours_runs, key=lambda r: r.seconds)

    @property
    def bare(self) -> Result:
        return min(self.bare_runs, key=lambda r: r.seconds)

    def ratio(self, measure: str = "seconds") -> float:
        """The median over pairs of runs made one after the other: the machine's speed drifts between pairs."""
        return statistics.median(getattr(o, measure) / getattr(b, measure)
                                 for o, b in zip(self.ours_runs, self.bare_runs, strict=False))


def render(rows: list[Row], no_search: bool = False) -> str:
    head = ("| N items (×2 languages) | cold s | bare s | ratio | CPU s | bare CPU s | CPU ratio | one process: CPU s "
            "| its CPU ratio | of which Pagefind s | warm s | warm/cold | warm after a story edit s | peak MB RSS (PSS) "
            "| bare peak MB | pages | story page KB | search index KB (all) |\n|" + "---|" * 18)
    lines = [head]
    for row in rows:
        n, ours, bare = row.n, row.ours, row.bare
        serial, serial_bare, warm, edit = row.serial, row.serial_bare, row.warm, row.warm_edit
        assert serial and serial_bare and warm and edit
        ours_all = [*row.ours_runs, serial, warm, edit]
        peak, peak_pss = max(r.peak_mb for r in ours_all), max(r.peak_pss_mb for r in ours_all)
        lines.append(f"| {n} | {ours.seconds:.1f} | {bare.seconds:.1f} | {row.ratio():.2f} "
                     f"| {ours.cpu_seconds:.1f} | {bare.cpu_seconds:.1f} | {row.ratio('cpu_seconds'):.2f} "
                     f"| {serial.cpu_seconds:.1f} | {serial.cpu_seconds / serial_bare.cpu_seconds:.2f} "
                     f"| {serial.children_cpu:.1f} ({serial.children_cpu / serial.cpu_seconds:.0%}) "
                     f"| {warm.seconds:.1f} | {warm.seconds / ours.seconds:.2f} | {edit.seconds:.1f} "
                     f"| {peak:.0f} ({peak_pss:.0f}) | {bare.peak_mb:.0f} | {ours.pages} | {ours.story_bytes / 1024:.1f} "
                     f"| {ours.search_bytes / 1024:.0f} |")
    served = [row for row in rows if row.serve]
    if served:
        lines += ["", "| N items (×2 languages) | serve: first build s | story edit shown and searchable s "
                      "| of which its pages indexed s | then the whole search index s | data edit shown s "
                      "| template edit shown s |", "|" + "---|" * 7]
        lines += [f"| {row.n} | {row.serve.first:.1f} | {row.serve.story:.1f} | {row.serve.search_edits or 0:.2f} "
                  f"| {row.serve.search_whole or 0:.1f} | {row.serve.data:.1f} | {row.serve.template:.1f} |"
                  for row in served if row.serve]
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    command = "bench/build.py --no-search" if no_search else "make bench"
    note = (f"\nMeasured with `{command}` on {time.strftime('%Y-%m-%d')} ({machine}). Cold: an empty render cache; "
            "each cold time is the fastest of the alternating runs, each ratio the median of the ratios of runs made "
            "one after the other (ours, then bare), since the machine's speed drifts from minute to minute. Build s is "
            "wall time (what a person waits); CPU s adds up every process of the build (this project builds its "
            "languages side by side, so it uses both cores). One process: `KENNISBANK_PARALLEL=0`, cold, against the "
            "bare build run right after it; Pagefind is its child processes' CPU time. Warm: the same build again "
            "with the cache the build before filled; warm/cold against the fastest cold build. Peak MB is the whole "
            "process tree's resident memory, sampled every 0.1 s, over every build of this project: RSS adds up "
            "each process's, so it counts twice what the forked second process shares with the first; PSS (in "
            "brackets) shares such pages out and is what the machine needs. Serve: one "
            "`mkdocs serve` session; an edit is shown when both languages' pages are served with it and the server "
            "has told the browser to reload: a story's body (both languages; by then search finds it too: its pages are "
            "indexed on their own before the reload, and the whole index follows in a thread), a theme's title in data/themes.yml "
            "(its pages and the pages of an item tagged with it; the other pages that show it follow in a thread, and are rendered on request before then), the item template.")
    if no_search:
        note += " Both builds without search: no Pagefind step, no lunr index."
    return "\n".join(lines) + "\n" + note + "\n"


if __name__ == "__main__":
    main()
