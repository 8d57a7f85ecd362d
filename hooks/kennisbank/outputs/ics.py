"""The calendar of meetings: ``/<events-section>.ics`` (and ``/<lang>/<events-section>.ics``).

Every event with a full date, with its page's URL and its place. Times in
data/ are local times of the site's time zone (extra.kennisbank.timezone);
an event without a time is an all-day event. Events known only to the year
or month are left out: a calendar cannot hold them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from ..config import Settings
from ..engine import Build
from ..model import Event, Site, in_language
from .links import build_moment, host, permalink, target, zone

WRITES = ("*.ics",)  # paths this output writes (gitignore patterns): content may not take them


def path(site: Site) -> str | None:
    """Site path of the calendar (without language prefix), or None without an events section."""
    section = site.section_of_kind("events")
    return f"{section.id}.ics" if section else None


def write(build: Build, settings: Settings, site_dir: Path, language: str) -> str | None:
    """Write one language's calendar; return its site path with language prefix."""
    site = build.site
    rel = path(site)
    if rel is None:
        return None
    out = target(site_dir, settings, language, rel)
    out.write_bytes(calendar(site, settings, language).to_ical())
    return out.relative_to(site_dir).as_posix()


def calendar(site: Site, settings: Settings, language: str) -> Calendar:
    """The calendar of one language: every event dated to the day."""
    default = site.default_language
    section = site.section_of_kind("events")
    cal = Calendar()
    cal.add("prodid", f"-//kennisbank//{host(settings)}//{language.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if section:
        cal.add("x-wr-calname", in_language(section.title, language, default))
    if settings.timezone:
        cal.add("x-wr-timezone", settings.timezone)
    stamp = build_moment()
    dated = [e for e in site.events.values() if e.date and e.date.precision == "day"]
    for event in sorted(dated, key=lambda e: (e.date, e.start_time or "", e.id)):
        url = permalink(settings, language, event.path)
        entry = CalendarEvent()
        entry.add("uid", f"{event.id}@{host(settings)}")
        entry.add("dtstamp", stamp)
        entry.add("summary", in_language(event.title, language, default))
        start, end = _span(event, settings)
        entry.add("dtstart", start)
        if end is not None:
            entry.add("dtend", end)
        entry.add("url", url)
        if event.place:
            entry.add("location", in_language(event.place, language, default))
        summary = in_language(event.summary, language, default)
        entry.add("description", f"{summary}\n\n{url}" if summary else url)
        cal.add_component(entry)
    cal.add_missing_timezones()
    return cal


def _span(event: Event, settings: Settings) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime | None]:
    """Start and end: local times in the site's zone, or a whole day when no time is known."""
    assert event.date is not None
    day = dt.date(event.date.year, event.date.month, event.date.day)
    if not event.start_time:
        return day, day + dt.timedelta(days=1)
    tz = zone(settings)

    def at(clock: str) -> dt.datetime:
        hours, minutes = (int(p) for p in clock.split(":")[:2])
        return dt.datetime.combine(day, dt.time(hours, minutes), tzinfo=tz)

    return at(event.start_time), at(event.end_time) if event.end_time else None
