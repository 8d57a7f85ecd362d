"""``robots.txt``: every page may be crawled, and where the sitemap is.

Search engines ask every host for ``/robots.txt``; without one they get the
site's 404 page. The sitemap line needs the absolute site_url, like the other
outputs with permanent links (outputs/__init__.py).
"""

from __future__ import annotations

from pathlib import Path

from .sitemaps import SITEMAP

FILE = "robots.txt"
WRITES = (FILE,)  # paths this output writes (gitignore patterns): content may not take them


def write(site_dir: Path, site_url: str) -> Path:
    """Write robots.txt at the root of the built site; return its path."""
    out = site_dir / FILE
    out.write_text("# Every page of this site may be crawled; the sitemap lists them in every language.\n"
                   f"User-agent: *\nDisallow:\n\nSitemap: {site_url.rstrip('/')}/{SITEMAP}\n", encoding="utf-8")
    return out
