"""A build publishes atomically: a failed, crashed or killed build leaves the previous site byte for byte.

The build writes beside the site folder and swaps it in at the end
(hooks/kennisbank/publish.py); a second build into the same folder is refused;
the process that builds the other languages dies with its parent; nothing is
left beside the site folder afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from kennisbank.publish import BuildLocked, Publication
from support import ENV, MKDOCS, build, copy_fixture


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _forking_fixture(tmp_path: Path, slow: float = 0.0) -> Path:
    """The fixture without Material's search (so the build forks), optionally slowed down page by page."""
    project = copy_fixture(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - search\n", "")
    if slow:
        (project / "slow_hook.py").write_text(
            "import time\n\ndef on_post_page(output, **kwargs):\n"
            f"    time.sleep({slow})\n    return output\n", encoding="utf-8")  # while pages are written
        text = text.replace("hooks:\n", "hooks:\n  - slow_hook.py\n")
    config.write_text(text, encoding="utf-8")
    return project


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if ".kb-new-" in p.name or ".kb-old-" in p.name)


def _processes_of(project: Path) -> list[int]:
    """Pids of processes whose command line names the project (the build and its fork)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if str(project).encode() in cmdline and int(entry.name) != os.getpid():
                found.append(int(entry.name))
    return found


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    project = _forking_fixture(tmp_path)
    out = tmp_path / "out" / "site"
    first = build(project, out)
    assert first.returncode == 0, first.stdout + first.stderr
    return project, out, _snapshot(out)


def test_a_build_that_fails_on_content_leaves_the_previous_site_byte_for_byte(published):
    project, out, before = published
    story = project / "docs" / "stories" / "dry-feet.md"
    story.write_text(story.read_text(encoding="utf-8").replace("themes: [", "themes: [no-such-theme, "),
                     encoding="utf-8")
    failed = build(project, out)
    assert failed.returncode != 0
    assert "no-such-theme" in failed.stdout + failed.stderr
    assert _snapshot(out) == before
    assert _leftovers(out) == []


def test_a_build_that_fails_late_in_strict_mode_leaves_the_previous_site(published):
    """A broken link is only counted after every page is written: the staged site must not be swapped in."""
    project, out, before = published
    story = project / "docs" / "stories" / "dry-feet.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n[broken](no-such-page.md)\n", encoding="utf-8")
    failed = build(project, out)
    assert failed.returncode != 0 and "strict mode" in failed.stdout + failed.stderr
    assert _snapshot(out) == before
    assert _leftovers(out) == []


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_build_leaves_the_previous_site_and_its_second_process_dies_too(published, how):
    project, out, before = published
    slowed = _forking_fixture(project.parent / "slowed", slow=0.15)
    process = subprocess.Popen([*MKDOCS, "build", "-f", str(slowed / "mkdocs.yml"), "-d", str(out)], cwd=slowed,
                               env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
            (p / "stories").exists() for p in out.parent.iterdir() if ".kb-new-" in p.name):
        time.sleep(0.05)  # until the build writes pages into its staging folder
    time.sleep(0.3)
    assert process.poll() is None, "the build ended before it could be killed:\n" + process.stdout.read()
    process.send_signal(how)
    process.wait(timeout=30)
    time.sleep(1.0)
    assert _processes_of(slowed) == [], "a process of the killed build is still running"
    assert _snapshot(out) == before
    if how == signal.SIGTERM:  # a build that is told to stop cleans up after itself
        assert _leftovers(out) == []
    again = build(project, out)  # what a SIGKILL leaves, the next build removes
    assert again.returncode == 0, again.stdout + again.stderr
    assert _leftovers(out) == [] and _snapshot(out) == before


def test_a_second_build_into_the_same_folder_is_refused_while_the_first_runs(tmp_path: Path):
    out = tmp_path / "site"
    first = Publication(out)
    first.begin()
    try:
        with pytest.raises(BuildLocked, match="is being built by process"):
            Publication(out).begin()
        project = copy_fixture(tmp_path / "project")
        refused = build(project, out)
        assert refused.returncode != 0
        assert "is being built by process" in refused.stdout + refused.stderr
        assert "Traceback" not in refused.stdout + refused.stderr
    finally:
        first.abort()
    assert not out.exists() and _leftovers(out) == []


def test_a_successful_build_replaces_the_site_and_leaves_nothing_beside_it(published):
    project, out, before = published
    (out / "stale.html").write_text("old", encoding="utf-8")
    again = build(project, out)
    assert again.returncode == 0, again.stdout + again.stderr
    assert not (out / "stale.html").exists()
    assert _snapshot(out) == before
    assert _leftovers(out) == []
