"""A page that takes too long to render stops the build with a message naming it, not a hang.

The load step refuses the Markdown known to be slow (kennisbank.textsafe); the
build's time budget per page (kennisbank.textsafe.RENDER_BUDGET, also in `make check`) stops
whatever is not known yet. Here a slow extension stands for such a page.
"""

from __future__ import annotations

import time
from pathlib import Path

from support import build, copy_fixture


def test_a_page_over_its_render_budget_stops_the_build_with_its_name(tmp_path: Path):
    project = copy_fixture(tmp_path / "project")
    (project / "slow.py").write_text(
        "import time\nfrom mkdocs.plugins import event_priority\n\n@event_priority(-1000)\n"
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    if page.file.src_uri == 'stories/dry-feet.md':\n        time.sleep(30)\n    return markdown\n",
        encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("hooks:\n", "hooks:\n  - slow.py\n"), encoding="utf-8")
    started = time.monotonic()
    result = build(project, project / "site", env={"KENNISBANK_RENDER_BUDGET": "1"})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert time.monotonic() - started < 25, "the build waited for the slow page instead of stopping it"
    assert "docs/stories/dry-feet.md:1: page takes longer than 1 s to render" in output
    assert "Traceback" not in output
    assert not (project / "site").exists()
