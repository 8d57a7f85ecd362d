"""Dates as editors type them: ISO (2024-03-14, 2024-03, 2024), Dutch (14-03-2024, 14/3/2024,
14 maart 2024, maart 2024) and English month names (14 March 2024, March 14, 2024).

``normalise`` returns the ISO form the front matter holds, or raises ``DateRefused``
whose message (in the command's language) says why and which form to use. A
date is read day first (14-03-2024 is 14 March), the Dutch order.
"""

from __future__ import annotations

import calendar
import re

from ..messages import say


class DateRefused(ValueError):
    """Not a date, or a date that does not exist; the message says why and what to write."""


_NAMES = (
        ("januari", "january", "jan"), ("februari", "february", "feb", "febr"), ("maart", "march", "mrt", "mar"),
        ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
        ("augustus", "august", "aug"), ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"),
        ("november", "nov"), ("december", "dec"))
MONTHS: dict[str, int] = {name: number for number, names in enumerate(_NAMES, start=1) for name in names}
"""Month names and abbreviations, Dutch and English, to their number."""

_ISO = re.compile(r"(?P<year>[1-9]\d{3})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")
_DAY_FIRST = re.compile(r"(?:(?P<day>\d{1,2})[-/.])?(?P<month>\d{1,2})[-/.](?P<year>[1-9]\d{3})")
_NAMED = re.compile(r"(?:(?P<day>\d{1,2})\.?\s+)?(?P<name>[a-z]+)\.?,?\s+(?:(?P<day2>\d{1,2}),?\s+)?(?P<year>[1-9]\d{3})")


def normalise(value: str) -> str:
    """'14 maart 2024', '14-03-2024', '2024-3-14' -> '2024-03-14'; '03-2024' -> '2024-03'; '2024' -> '2024'."""
    text = " ".join(str(value).strip().lower().split())
    if not text:
        raise DateRefused(say("date_empty", forms=say("date_forms")))
    year, month, day = _parts(text, value)
    if month is not None and not 1 <= month <= 12:
        raise DateRefused(say("date_no_month", value=value, month=month, forms=say("date_forms")))
    if month is not None and day is not None:
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            raise DateRefused(say("date_no_day", value=value, day=day, month=f"{year:04d}-{month:02d}", days=days,
                                  last=f"{year:04d}-{month:02d}-{days:02d}"))
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}" if month is not None else f"{year:04d}"


def _number(text: str | None) -> int | None:
    return None if text is None else int(text)


def _parts(text: str, value: str) -> tuple[int, int | None, int | None]:
    for pattern in (_ISO, _DAY_FIRST):
        match = pattern.fullmatch(text)
        if match:
            return int(match["year"]), _number(match["month"]), _number(match["day"])
    match = _NAMED.fullmatch(text)
    if match and not (match["day"] and match["day2"]):
        if match["name"] not in MONTHS:
            raise DateRefused(say("date_unknown_month", value=value, name=match["name"], forms=say("date_forms")))
        return int(match["year"]), MONTHS[match["name"]], _number(match["day"] or match["day2"])
    raise DateRefused(say("date_unreadable", value=value, forms=say("date_forms")))
