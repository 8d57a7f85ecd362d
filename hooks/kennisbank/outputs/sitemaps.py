"""A sitemap in the folder of every feed that pages link in their head.

Material's JavaScript reads ``sitemap.xml`` relative to the target of every
``<link rel="alternate">`` in a page's head (it maps the pages of alternate
versions of a site). For ``/en/feed.xml`` or ``/themas/<id>/feed.xml`` that is a
sitemap in a folder that has none: a failed request on every page load. Each
such folder gets a real sitemap: the entries of the site's sitemap whose pages
lie under that folder (the sitemap protocol's rule), with their language
alternates.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from lxml import etree

SITEMAP = "sitemap.xml"
WRITES = (SITEMAP, f"{SITEMAP}.gz")  # paths this output writes (gitignore patterns)
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def merge_languages(site_dir: Path, site_url: str, languages: list[str]) -> int:
    """Add the other languages' pages to the site's sitemap; return how many were added.

    The default language's build writes ``sitemap.xml``; every other language's
    build leaves its own in ``<lang>/sitemap.xml`` (see the hook): its pages,
    those under ``<lang>/``, are added to the site's, in the languages' order,
    and the part is removed (``write`` makes a proper one where a feed needs it).
    """
    source = site_dir / SITEMAP
    if not source.is_file():
        return 0
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    tree = etree.parse(str(source), parser)
    added = 0
    for language in languages:
        part = site_dir / language / SITEMAP
        if not part.is_file():
            continue
        prefix = f"{site_url}{language}/"
        for entry in etree.parse(str(part), parser).getroot().iterfind("sm:url", NS):
            if entry.findtext("sm:loc", default="", namespaces=NS).strip().startswith(prefix):
                tree.getroot().append(entry)
                added += 1
        part.unlink()
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    source.write_bytes(data)
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)  # no build time in the file: reproducible
    (site_dir / f"{SITEMAP}.gz").write_bytes(gzip.compress(data, mtime=mtime))
    return added


def write(site_dir: Path, site_url: str, feed_paths: list[str]) -> list[str]:
    """Write a sitemap next to every feed (site paths from the site root) lacking one; return them."""
    source = site_dir / SITEMAP
    if not source.is_file():
        return []
    tree = etree.parse(str(source), etree.XMLParser(resolve_entities=False, no_network=True))
    written = []
    for folder in sorted({p.rpartition("/")[0] for p in feed_paths} - {""}):
        out = site_dir / folder / SITEMAP
        out.write_bytes(_subset(tree, site_url + folder + "/"))
        written.append(f"{folder}/{SITEMAP}")
    return written


def _subset(tree: etree._ElementTree, base: str) -> bytes:
    """A urlset of every page at or under ``base``, each with the alternates of its page."""
    urlset = etree.Element(f"{{{NS['sm']}}}urlset", nsmap={None: NS["sm"], "xhtml": NS["xhtml"]})
    seen: set[str] = set()
    for entry in tree.getroot().iterfind("sm:url", NS):
        loc = entry.findtext("sm:loc", default="", namespaces=NS).strip()
        alternates = entry.findall("xhtml:link", NS)
        for url in [loc, *(a.get("href", "") for a in alternates)]:
            if not url.startswith(base) or url in seen:
                continue
            seen.add(url)
            page = etree.SubElement(urlset, f"{{{NS['sm']}}}url")
            etree.SubElement(page, f"{{{NS['sm']}}}loc").text = url
            for child in entry:
                if child.tag != f"{{{NS['sm']}}}loc":
                    page.append(_copy(child))
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _copy(element: etree._Element) -> etree._Element:
    clone = etree.Element(element.tag, attrib=dict(element.attrib))
    clone.text = element.text
    return clone
