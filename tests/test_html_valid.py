"""Every page of the built site is valid HTML by the Nu HTML Checker (the W3C validator's engine).

The checker (vnu.jar, pinned in tests/tools/package-lock.json, installed by `make test`)
runs once over all pages with the system's Java. What it reports about the project's own
markup fails the test. Two findings are in Material for MkDocs' own base template, which
this project does not override (listed in THEME with the reason): those are left alone.
"""

from __future__ import annotations

import json
import shutil
import subprocess

from support import ROOT, BuiltSite

VNU = ROOT / "tests/tools/node_modules/vnu-jar/build/dist/vnu.jar"
THEME = (
    # Material's drawer and search toggles: <input type="checkbox" autocomplete="off">, so that
    # Firefox does not restore a half-open drawer on reload (material/templates/base.html)
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"'),
    # Material's table of contents title <label for="__toc"> on a page whose toggle it leaves out
    ("The value of the “for” attribute of the “label” element", 'for="__toc"'),
)


def _theme_markup(message: dict) -> bool:
    return any(text in message.get("message", "") and extract in message.get("extract", "")
               for text, extract in THEME)


def test_every_page_is_valid_html(site: BuiltSite):
    assert VNU.is_file(), "the Nu HTML Checker is missing: `make test` installs it (npm ci in tests/tools)"
    java = shutil.which("java")
    assert java, "Java is missing: `make test` installs Debian's default-jre-headless"
    pages = sorted(str(p) for p in site.root.rglob("*.html"))
    assert len(pages) > 100
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    ours = [f"{m.get('url', '').removeprefix('file:' + str(site.root))}:{m.get('lastLine', '?')}: {m['message']}"
            for m in messages if not _theme_markup(m)]
    assert ours == [], f"{len(ours)} HTML errors, the first 20:\n" + "\n".join(ours[:20])
