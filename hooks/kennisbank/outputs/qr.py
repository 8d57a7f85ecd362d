"""``qr.svg`` next to the page of every record of a kind with ``qr`` (kinds.py: outcomes, events):
the QR code of that page's permanent URL.

Meetings project and print these codes, so each one encodes exactly the
absolute URL of the page it sits next to, in that page's language.
"""

from __future__ import annotations

from pathlib import Path

import segno

from ..config import Settings
from ..engine import Build
from ..kinds import KINDS
from .links import permalink, target

FILE = "qr.svg"
WRITES = (FILE,)  # paths this output writes (gitignore patterns): content may not take them


def write(build: Build, settings: Settings, site_dir: Path, language: str) -> int:
    """Write the QR codes of one language's pages of kinds with ``qr``; return how many."""
    site = build.site
    count = 0
    kinds = [kind for kind in KINDS if kind.qr and kind.pages and site.section_of_kind(kind.plural)]
    for record in [record for kind in kinds for record in site.tables[kind.plural].values()]:
        url = permalink(settings, language, record.path)
        qr = segno.make(url, error="m", micro=False)
        # Black on white whatever the page's colours, with the standard quiet zone.
        qr.save(str(target(site_dir, settings, language, record.path + FILE)), kind="svg", scale=4, border=4,
                dark="#000", light="#fff", xmldecl=False, title=url)
        count += 1
    return count
