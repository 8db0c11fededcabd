"""Dates in Twitter exports, written as ISO-8601 in UTC (``2023-08-12T16:10:37Z``).

Twitter writes two forms: the v1.1 API and the account archive use ``Sat Aug 12 16:10:37 +0000
2023`` (``%a %b %d %H:%M:%S %z %Y`` with English names), the v2 API and the archive's account
files ISO-8601 with milliseconds (``2023-08-12T16:10:37.000Z``). The English names are read
with a fixed table: ``strptime``'s ``%a`` and ``%b`` follow the locale, so a machine set to
German would refuse ``Aug`` (and accept ``Okt``).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

MONTHS = {name: number for number, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

TWITTER_FORM = re.compile(
    r"(?P<weekday>[A-Z][a-z]{2}) (?P<month>[A-Z][a-z]{2}) (?P<day>\d{2}) "
    r"(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2}) "
    r"(?P<sign>[+-])(?P<offset_hours>\d{2})(?P<offset_minutes>\d{2}) (?P<year>\d{4})")
ISO_FORM = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<time>\d{2}:\d{2}:\d{2})(?:\.\d+)?"
    r"(?P<zone>Z|[+-]\d{2}:?\d{2})?")

TWITTER_EXAMPLE = "Sat Aug 12 16:10:37 +0000 2023"
ISO_EXAMPLE = "2023-08-12T16:10:37.000Z"


def twitter_time(text: str) -> str:
    """``Sat Aug 12 16:10:37 +0000 2023`` as ``2023-08-12T16:10:37Z``; ValueError otherwise."""
    match = TWITTER_FORM.fullmatch(text.strip())
    if match is None or match["month"] not in MONTHS or match["weekday"] not in WEEKDAYS:
        raise ValueError(f"expected a date like '{TWITTER_EXAMPLE}', got {text!r}")
    offset = timedelta(hours=int(match["offset_hours"]), minutes=int(match["offset_minutes"]))
    zone = timezone(offset if match["sign"] == "+" else -offset)
    try:
        moment = datetime(int(match["year"]), MONTHS[match["month"]], int(match["day"]),
                          int(match["hour"]), int(match["minute"]), int(match["second"]),
                          tzinfo=zone)
    except ValueError:
        raise ValueError(f"no such date: {text!r}") from None
    return _utc(moment)


def iso_time(text: str) -> str:
    """``2023-08-12T16:10:37.000Z`` (or another ISO-8601 time) as ``2023-08-12T16:10:37Z``;
    a time without an offset is taken as UTC; ValueError otherwise."""
    match = ISO_FORM.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"expected a date like '{ISO_EXAMPLE}', got {text!r}")
    zone = match["zone"] or "+00:00"
    zone = "+00:00" if zone == "Z" else zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
    try:
        moment = datetime.fromisoformat(f"{match['date']}T{match['time']}{zone}")
    except ValueError:
        raise ValueError(f"no such date: {text!r}") from None
    return _utc(moment)


def any_time(text: str) -> str:
    """Either form, as ISO-8601 in UTC; ValueError naming both forms otherwise."""
    try:
        return iso_time(text) if text[:1].isdigit() else twitter_time(text)
    except ValueError:
        raise ValueError(f"expected a date like '{TWITTER_EXAMPLE}' or '{ISO_EXAMPLE}', "
                         f"got {text!r}") from None


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
