"""`mkdocs serve` after edits shows the site a fresh `mkdocs serve` of the same sources shows.

An edit to an item's body takes serve's quick path (hooks/kennisbank_mkdocs/preview.py:
only that item's pages are rendered again, the search index follows in a thread);
anything else a full build that takes unchanged pages from the render cache. One
serve session gets a series of both kinds of edits; its site folder is then
compared byte for byte with the first build of a new session, without the cache.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from support import ENV, ROOT

sys.path.insert(0, str(ROOT / "bench"))
from corpus import add_items, copy_project  # noqa: E402

QUICK = "kennisbank: rebuilt the edited pages"
SEARCHED = "kennisbank: search index made again"
RELOADED = "Reloading browsers"


class Session:
    """One `mkdocs serve` of a project, its log, and its site folder (found in its own TMPDIR)."""

    def __init__(self, project: Path, port: int, tmp: Path, env: dict[str, str]) -> None:
        tmp.mkdir()
        self.tmp, self.log_path = tmp, tmp.parent / f"{tmp.name}.log"
        environment = {**ENV, "TMPDIR": str(tmp), "SOURCE_DATE_EPOCH": "1780000000", **env}
        with self.log_path.open("w") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                         cwd=project, env=environment, stdout=log, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        self.port = port
        self.until(lambda: "Serving on" in self.log(), "the first build")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def until(self, condition, what: str, timeout: float = 300) -> None:
        deadline = time.time() + timeout
        while not condition():
            assert self.proc.poll() is None, f"mkdocs serve stopped:\n{self.log()[-3000:]}"
            assert time.time() < deadline, f"waited {timeout} s for {what}:\n{self.log()[-3000:]}"
            time.sleep(0.1)

    def site(self) -> Path:
        return next(p for p in self.tmp.iterdir() if p.name.startswith("mkdocs_"))

    def get(self, path: str) -> str:
        return urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=10).read().decode()

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=60)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\n{text}\n")


def test_serve_after_quick_and_full_rebuilds_shows_what_a_fresh_serve_shows(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    nl, en = add_items(project, 6)[:2]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    session = Session(project, port, tmp_path / "one", {})
    try:
        page = f"{nl.parent.name}/{nl.name[:-3]}/"
        edits = [  # (what, edit, quick?)
            ("a story's Dutch body", lambda: _append(nl, "Een zin met woordeen."), True),
            ("both bodies of a story", lambda: (_append(nl, "Een zin met woordtwee."), _append(en, "A line with wordtwo.")), True),
            ("a story's title", lambda: nl.write_text(re.sub(r"^title: .*$", "title: Een nieuwe titel", nl.read_text(encoding="utf-8"),
                                                                count=1, flags=re.M), encoding="utf-8"), False),
            ("the English body after a full build", lambda: _append(en, "A line with wordthree."), True),
            ("a theme in data/", lambda: (project / "data" / "themes.yml").write_text(
                (project / "data" / "themes.yml").read_text(encoding="utf-8").replace("title: {nl: ", "title: {nl: Het ", 1),
                encoding="utf-8"), False),
            ("a story's body after a data edit", lambda: _append(nl, "Een zin met woordvier."), True),
        ]
        for what, edit, quick in edits:
            log = session.log()
            reloads, quicks, searches = log.count(RELOADED), log.count(QUICK), log.count(SEARCHED)
            edit()
            session.until(lambda n=reloads: session.log().count(RELOADED) > n, f"the rebuild after editing {what}")
            took_quick = session.log().count(QUICK) > quicks
            assert took_quick == quick, f"editing {what}: the quick path was {'' if took_quick else 'not '}taken"
            if quick:
                session.until(lambda n=searches: session.log().count(SEARCHED) > n, f"the search index after editing {what}")
            time.sleep(0.6)  # more than the server's polling interval: the next edit is a change of its own
        assert "woordvier" in session.get(page)
        served = _files(session.site())
    finally:
        session.stop()
    fresh = Session(project, port, tmp_path / "two", {"KENNISBANK_RENDER_CACHE": "0"})
    try:
        expected = _files(fresh.site())
    finally:
        fresh.stop()
    assert sorted(served) == sorted(expected), f"other files: {sorted(set(served) ^ set(expected))[:10]}"
    stale = [name for name in expected if served[name] != expected[name]]
    assert not stale, f"after the edits, serve shows other files than a fresh serve: {stale[:10]}"
