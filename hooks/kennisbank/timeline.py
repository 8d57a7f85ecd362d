"""Where things stand on the build date: upcoming, ongoing, past, or not known.

Status is never written by hand: a programme or meeting written up in 2020 as
"planned" would still say so years later. It is worked out from the dates in
data/ and the build date, which ``SOURCE_DATE_EPOCH`` fixes so that a build
can be reproduced (a scheduled workflow rebuilds the site weekly, so what the
site says stays true). A date known only to the month or the year is compared
at that precision: a programme that starts "2027" is upcoming all through 2026.
"""

from __future__ import annotations

import datetime as dt
import os

from .model import PartialDate

UPCOMING, ONGOING, PAST, UNKNOWN = "upcoming", "ongoing", "past", "unknown"


def today() -> dt.date:
    """The build date; SOURCE_DATE_EPOCH makes builds reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()


def span(date: PartialDate) -> tuple[dt.date, dt.date]:
    """The first and last day a date covers: a day itself, a whole month, a whole year."""
    if date.precision == "day":
        day = dt.date(date.year, date.month, date.day)
        return day, day
    if date.precision == "month":
        first = dt.date(date.year, date.month, 1)
        return first, dt.date(date.year + date.month // 12, date.month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)


def before(date: PartialDate, now: dt.date) -> bool:
    """Whether a date lies wholly before ``now`` (a month or year: all of it)."""
    return span(date)[1] < now


def after(date: PartialDate, now: dt.date) -> bool:
    """Whether a date lies wholly after ``now``."""
    return span(date)[0] > now


def phase(start: PartialDate | None, end: PartialDate | None, now: dt.date) -> str:
    """Where a period stands: upcoming before its start, past after its end, ongoing between.

    Without an end, a period that has started is not known to be ongoing (it may
    well have ended): UNKNOWN, and pages leave the status out.
    """
    if start is not None and after(start, now):
        return UPCOMING
    if end is not None and before(end, now):
        return PAST
    if start is not None and end is not None:
        return ONGOING
    return UNKNOWN


def event_phase(date: PartialDate | None, now: dt.date) -> str:
    """A meeting is upcoming until its date has passed; without a date, when it is held is not known."""
    if date is None:
        return UNKNOWN
    return PAST if before(date, now) else UPCOMING


def recent(date: PartialDate | None, now: dt.date, days: int) -> bool:
    """Whether a date falls within ``days`` before ``now`` (a month or year counts from its last day)."""
    return date is not None and (now - span(date)[1]).days <= days
