"""Lighthouse benchmark (not a test): every page type in every language, served as a host would.

Builds the project, serves ``site/`` with the reference nginx configuration
(deploy/nginx/, brotli where the module is installed: tests/support.reference_nginx),
and runs Lighthouse (pinned in bench/lighthouse/package-lock.json) in Debian's
Chromium with its mobile settings on one page of each type: each language's home
page, every section's index and its first page, a record's page below it (an
event's handouts), the search page with a query, and the 404 page (Lighthouse
scores a page answered with 404 as an error: it is left out). Prints a table, writes
it to bench/results/lighthouse.md, and exits non-zero when a score is below the targets of issue #16 (performance 98,
accessibility, best practices and SEO 100).

    make bench-lighthouse            # or: .venv/bin/python bench/lighthouse.py --runs 3

Lighthouse simulates a slow phone and network from one trace, so its scores move
less than timings do; with ``--runs`` the median of each score is reported. Run it
on a quiet machine: another build on the second core lowers the performance score.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
from support import build, reference_nginx  # noqa: E402

TOOL = HERE / "lighthouse"
LIGHTHOUSE = TOOL / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run"
QUERIES = {"nl": "schulden", "en": "debt"}  # a query for the search page, per language folder


def page_types(site: Path, languages: list[str]) -> list[str]:
    """One URL path per page type and language, read off the built site's folders."""
    found: list[str] = []
    for language in languages:
        base = site / language if language != languages[0] else site
        prefix = "" if base == site else f"/{language}"
        found.append(f"{prefix}/")
        for section in sorted(p for p in base.iterdir() if p.is_dir() and (p / "index.html").is_file()):
            if section.name in languages:
                continue
            index = f"{prefix}/{section.name}/"
            search = (section / "index.html").read_text(encoding="utf-8").count("data-kb-search=") > 0
            found.append(index + (f"?q={QUERIES.get(language, 'a')}" if search else ""))
            pages = sorted(p for p in section.iterdir() if (p / "index.html").is_file())
            if pages:
                found.append(f"{index}{pages[0].name}/")
                below = sorted(p for p in pages[0].iterdir() if (p / "index.html").is_file())
                if below:
                    found.append(f"{index}{pages[0].name}/{below[0].name}/")
    return found


def lighthouse(url: str, out: Path, tries: int = 3) -> dict[str, float]:
    """One Lighthouse run's scores; a run that fails (Chromium now and then does not start) is tried again."""
    for attempt in range(1, tries + 1):
        run = subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                              f"--chrome-flags={FLAGS}", "--only-categories=" + ",".join(CATEGORIES)],
                             env={"CHROME_PATH": "/usr/bin/chromium", "PATH": "/usr/bin:/bin"},
                             capture_output=True, text=True, timeout=300)
        if run.returncode == 0:
            break
        print(f"  Lighthouse failed on {url} (try {attempt} of {tries}): {run.stderr.strip()[-300:]}", flush=True)
    else:
        raise SystemExit(f"Lighthouse failed {tries} times on {url}")
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    audits = report["audits"]
    scores["LCP s"] = round(audits["largest-contentful-paint"]["numericValue"] / 1000, 2)
    scores["TBT ms"] = round(audits["total-blocking-time"]["numericValue"])
    scores["CLS"] = round(audits["cumulative-layout-shift"]["numericValue"], 3)
    scores["KiB"] = round(audits["total-byte-weight"]["numericValue"] / 1024)
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (the median is reported)")
    parser.add_argument("--only", nargs="*", default=None, help="these URL paths instead of every page type")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "lighthouse.md", help="where the table goes")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("installing Lighthouse (bench/lighthouse/package-lock.json) ...", flush=True)
        subprocess.run(["npm", "ci", "--prefix", str(TOOL), "--silent", "--no-audit", "--no-fund"], check=True)
    with tempfile.TemporaryDirectory(prefix="kb-lighthouse-") as tmp:
        work = Path(tmp)
        print("building the site ...", flush=True)
        built = build(ROOT, work / "site")
        assert built.returncode == 0, built.stdout + built.stderr
        site = work / "site"
        first = re.search(r'<html lang="([^"]+)"', (site / "index.html").read_text(encoding="utf-8"))
        languages = [first.group(1) if first else ""]  # the default language at the root, the others in folders
        languages += sorted(p.name for p in site.iterdir() if p.is_dir() and (p / "404.html").is_file())
        paths = args.only or page_types(site, languages)
        (work / "nginx").mkdir()
        rows = []
        with reference_nginx(site, work / "nginx") as base:
            for i, path in enumerate(paths, 1):
                runs = [lighthouse(base + path, work / f"report-{run}.json") for run in range(args.runs)]
                row = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
                rows.append((path, row))
                print(f"[{i}/{len(paths)}] {path}: " + ", ".join(f"{k} {v}" for k, v in row.items()), flush=True)
    keys = list(rows[0][1])
    table = ["| page | " + " | ".join(keys) + " |", "|---|" + "---|" * len(keys)]
    table += [f"| `{path}` | " + " | ".join(str(row[k]) for k in keys) + " |" for path, row in rows]
    below = [(path, c, row[c]) for path, row in rows for c in CATEGORIES if row[c] < TARGETS[c]]
    lowest = {c: min(row[c] for _, row in rows) for c in CATEGORIES}
    verdict = f"lowest: {lowest}; targets {TARGETS}: " + ("met" if not below else f"missed on {below}")
    note = (f"Measured with `make bench-lighthouse` on {datetime.date.today()} (Lighthouse {version()}, mobile, "
            f"median of {args.runs} run(s) per page; the reference nginx on 127.0.0.1).")
    print("\n" + "\n".join(table) + "\n\n" + verdict)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(table) + f"\n\n{verdict}\n\n{note}\n", encoding="utf-8")
    return 1 if below else 0


def version() -> str:
    return json.loads((TOOL / "node_modules" / "lighthouse" / "package.json").read_text(encoding="utf-8"))["version"]


if __name__ == "__main__":
    sys.exit(main())
