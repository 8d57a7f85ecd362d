"""Permanent absolute URLs for the outputs, and where the file of a site path lies in the built site.

Meetings print and project these URLs, feeds and open data repeat them: the
rules are ``kennisbank.urls``; this module applies them with the settings.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .. import urls
from ..config import Settings
from ..model import PartialDate, Site, Text, in_language
from ..timeline import today


def prefix(settings: Settings, language: str) -> str:
    """The language folder of a site path: '' for the default language, 'en/' for English."""
    return urls.prefix(language, settings.default_language)


def permalink(settings: Settings, language: str, path: str = "") -> str:
    """The absolute URL of a site path (``uitkomsten/x/``) in a language."""
    return urls.permalink(settings.site_url, language, settings.default_language, path)


def target(site_dir: Path, settings: Settings, language: str, path: str) -> Path:
    """The file in the built site for a site path in a language; its folder is created."""
    out = site_dir / f"{prefix(settings, language)}{path}"
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def absolute(settings: Settings) -> bool:
    """Whether site_url is an absolute http(s) URL: without it there are no permanent links."""
    return urlsplit(settings.site_url).scheme in ("http", "https")


def host(settings: Settings) -> str:
    return urlsplit(settings.site_url).netloc


def texts(value: Text | None, site: Site) -> dict[str, str]:
    """A translatable text in every language of the site (with the pages' fallback)."""
    return {lang: in_language(value, lang, site.default_language) for lang in site.languages}


def home_title(site: Site, language: str) -> str:
    """The title of the home page in a language: the name the site gives itself."""
    titles = {p.path: p.meta.get("title", "") for p in site.pages}
    return titles.get(urls.stub("", language, site.default_language)) or titles.get("index.md") or ""


def zone(settings: Settings) -> ZoneInfo | None:
    """The site's time zone (extra.kennisbank.timezone); None means floating local time."""
    return ZoneInfo(settings.timezone) if settings.timezone else None


def moment(date: PartialDate, settings: Settings) -> dt.datetime:
    """The start of a (partial) date as a moment in the site's time zone (UTC when none is set)."""
    return dt.datetime(date.year, date.month or 1, date.day or 1, tzinfo=zone(settings) or dt.UTC)


def build_moment() -> dt.datetime:
    """Midnight UTC of the build date (SOURCE_DATE_EPOCH makes it reproducible)."""
    return dt.datetime.combine(today(), dt.time(0), tzinfo=dt.UTC)
