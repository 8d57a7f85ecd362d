"""`mkdocs serve` after edits shows the site a fresh `mkdocs serve` of the same sources shows.

An edit to an item's body, its front matter or a record in data/ takes serve's quick
path (hooks/kennisbank_mkdocs/preview.py: only the pages that show what changed are
rendered again, the search index follows in a thread); a record added, removed or
moved, or a title the navigation shows, a full build that takes unchanged pages
from the render cache. One
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


def _sub(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert changed != text, f"the test expects {pattern!r} in {path.name}"
    path.write_text(changed, encoding="utf-8")


def _move_first_record(path: Path) -> None:
    """The first record of a data file moved to its end (the listings show another order)."""
    head, first, *rest = re.split(r"(?m)^(?=- id: )", path.read_text(encoding="utf-8"))
    path.write_text(head + "".join(rest).rstrip("\n") + "\n" + first, encoding="utf-8")


def _edit_in_turn(session: Session, edits: list, shown_at_once: dict[str, tuple[str, str]]) -> None:
    """Each edit, then wait until serve has rebuilt (and, after a quick rebuild, made the search index again)."""
    for what, edit, quick in edits:
        log = session.log()
        reloads, quicks, searches = log.count(RELOADED), log.count(QUICK), log.count(SEARCHED)
        edit()
        session.until(lambda n=reloads: session.log().count(RELOADED) > n, f"the rebuild after editing {what}")
        if what in shown_at_once:  # (rendered on request when the thread beside the server has not yet)
            path, text = shown_at_once[what]
            assert text in session.get(path), f"after editing {what}, /{path} does not show it"
        took_quick = session.log().count(QUICK) > quicks
        assert took_quick == quick, f"editing {what}: the quick path was {'' if took_quick else 'not '}taken"
        if quick:
            session.until(lambda n=searches: session.log().count(SEARCHED) > n, f"the search index after editing {what}")
        time.sleep(0.6)  # more than the server's polling interval: the next edit is a change of its own


def _as_a_fresh_serve_shows(project: Path, port: int, tmp: Path, served: dict[str, bytes], after: str) -> None:
    fresh = Session(project, port, tmp, {"KENNISBANK_RENDER_CACHE": "0"})
    try:
        expected = _files(fresh.site())
    finally:
        fresh.stop()
    assert sorted(served) == sorted(expected), f"after {after}, other files: {sorted(set(served) ^ set(expected))[:10]}"
    stale = [name for name in expected if served[name] != expected[name]]
    assert not stale, f"after {after}, serve shows other files than a fresh serve: {stale[:10]}"


def test_serve_after_quick_and_full_rebuilds_shows_what_a_fresh_serve_shows(tmp_path: Path):
    """Two sessions: quick rebuilds only (a stale page would stay stale), then full and quick rebuilds
    in turn, in a session that starts from the render cache (the fields each page read come from it)."""
    project = copy_project(tmp_path / "project")
    nl, en = add_items(project, 6)[:2]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    page = f"{nl.parent.name}/{nl.name[:-3]}/"
    data = project / "data"
    quick_only = [  # (what, edit, quick?)
        ("a story's Dutch body", lambda: _append(nl, "Een zin met woordeen."), True),
        ("both bodies of a story", lambda: (_append(nl, "Een zin met woordtwee."), _append(en, "A line with wordtwo.")), True),
        ("a story's title", lambda: _sub(nl, r"^title: .*$", "title: Een nieuwe titel"), True),
        ("the English body after a title edit", lambda: _append(en, "A line with wordthree."), True),
        ("a theme's title in data/", lambda: _sub(data / "themes.yml", r"title: \{nl: ", "title: {nl: Het "), True),
        ("a story's themes", lambda: _sub(nl, r"^themes:\n(- .*\n)+", "themes:\n- zelfstandigen-met-schulden\n"), True),
        ("a programme's title and a story's body at once", lambda: (
            _sub(data / "programmes.yml", r"title: \{nl: Werkplaats Almere", "title: {nl: De werkplaats Almere"),
            _append(nl, "Een zin met woordvier.")), True),
        ("a comment in data/", lambda: _append(data / "organisations.yml", "# een opmerking"), True),
    ]
    in_turn = [
        ("a theme's summary, in a session started from the cache", lambda: _sub(
            data / "themes.yml", r"(summary:\n    nl: >-\n      )", r"\1Kort: "), True),
        ("an organisation moved down its file", lambda: _move_first_record(data / "organisations.yml"), False),
        ("a story's body after a full build", lambda: _append(nl, "Een zin met woordvijf."), True),
        ("a section's title (the navigation shows it)", lambda: _sub(data / "sections.yml", r"title: \{nl: ", "title: {nl: De "), False),
        ("a story's title after a full build", lambda: _sub(nl, r"^title: .*$", "title: Weer een nieuwe titel"), True),
    ]
    shown_at_once = {  # a page that shows the edit but is not the edited file's, asked for as the browsers reload
        "a theme's title in data/": ("themas/", "Het "),
        "a programme's title and a story's body at once": ("trajecten/", "De werkplaats Almere"),
    }
    for number, (edits, after) in enumerate([(quick_only, "quick rebuilds"), (in_turn, "full and quick rebuilds")]):
        session = Session(project, port, tmp_path / f"session-{number}", {})
        try:
            _edit_in_turn(session, edits, shown_at_once)
            served = _files(session.site())
        finally:
            session.stop()
        _as_a_fresh_serve_shows(project, port, tmp_path / f"fresh-{number}", served, after)
    assert b"woordvijf" in served[f"{page}index.html"]
