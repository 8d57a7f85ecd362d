"""Atom feeds of the newest content items: one per language, and one per record and language of a
kind with ``feeds`` (kinds.py: themes).

``/feed.xml`` (default language), ``/<lang>/feed.xml``, and ``feed.xml`` in the
folder of every theme page. Each page's head links its language's feed (and a
theme page its theme's feed): see overrides/kb/partials/head-links.html.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from feedgen.feed import FeedGenerator

from ..config import Settings
from ..engine import Build
from ..generate import heading
from ..kinds import KINDS
from ..link import newest_first
from ..model import Item, Site, in_language
from .links import build_moment, home_title, moment, permalink, prefix, target

FILE = "feed.xml"
WRITES = (FILE,)  # paths this output writes (gitignore patterns): content may not take them
LIMIT = 20  # entries per feed: the newest


@dataclass(frozen=True)
class Feed:
    """One feed: the page it belongs to (site path without language) and what it lists."""

    page: str  # '' for the home page, 'themas/x/' for a theme
    title: str
    items: list[Item]

    @property
    def path(self) -> str:
        return self.page + FILE


def feeds(site: Site, language: str) -> list[Feed]:
    """Every feed of a language: the site's, then one per record of the kinds with feeds."""
    name = home_title(site, language)
    found = [Feed("", name, newest_first(list(site.items.values()))[:LIMIT])]
    for kind in KINDS:
        if not (kind.feeds and kind.pages and site.section_of_kind(kind.plural)):
            continue
        for record in site.tables[kind.plural].values():
            title = heading(kind, record, language, site.default_language)
            title = f"{title} — {name}" if name else title
            found.append(Feed(record.path, title, newest_first(record.items)[:LIMIT]))
    return found


def paths(site: Site, settings: Settings) -> list[str]:
    """The site path of every feed in every language (with the language prefix)."""
    return [prefix(settings, language) + feed.path for language in site.languages for feed in feeds(site, language)]


def write(build: Build, settings: Settings, site_dir: Path, language: str) -> list[str]:
    """Write every feed of one language; return their site paths (with language prefix)."""
    written = []
    for feed in feeds(build.site, language):
        out = target(site_dir, settings, language, feed.path)
        _generator(build.site, settings, language, feed).atom_file(str(out), pretty=True)
        written.append(out.relative_to(site_dir).as_posix())
    return written


def _generator(site: Site, settings: Settings, language: str, feed: Feed) -> FeedGenerator:
    default = site.default_language
    fg = FeedGenerator()
    fg.id(permalink(settings, language, feed.page))
    fg.title(feed.title)
    fg.language(language)
    fg.link(href=permalink(settings, language, feed.page), rel="alternate", type="text/html", hreflang=language)
    fg.link(href=permalink(settings, language, feed.path), rel="self", type="application/atom+xml")
    author = {"name": home_title(site, language)}
    if settings.contact_email:
        author["email"] = settings.contact_email
    fg.author(author)
    dates = [moment(d, settings) for d in (i.updated or i.date for i in feed.items) if d]
    fg.updated(max(dates) if dates else build_moment())
    for item in feed.items:
        url = permalink(settings, language, item.path)
        entry = fg.add_entry(order="append")
        entry.id(url)
        entry.title(in_language(item.title, language, default))
        entry.link(href=url, rel="alternate", type="text/html", hreflang=language)
        entry.summary(in_language(item.summary, language, default))
        published = moment(item.date, settings) if item.date else build_moment()
        entry.published(published)
        entry.updated(moment(item.updated, settings) if item.updated else published)
        for theme in item.themes:
            entry.category(term=theme.id, label=in_language(theme.title, language, default),
                           scheme=permalink(settings, language, theme.path))
    return fg
