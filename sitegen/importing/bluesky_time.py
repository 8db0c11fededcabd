"""Dates and times as exports write them, read leniently and written as ISO-8601.

Bluesky's ``createdAt`` is set by the client: its precision varies (seconds, milliseconds,
microseconds, nanoseconds) and it may end in ``Z``, an offset, or nothing. Mastodon's archive
writes ``2023-05-01T10:00:00Z``. Both come out the same way: a date alone as ``YYYY-MM-DD``, a
time as the UTC instant ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z``, which ``sitegen analyze`` reads.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

INSTANT = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[Tt ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
    r"\s*(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?)?")
FIRST_YEAR, LAST_YEAR = 1, 9998  # what ``sitegen analyze`` accepts (docs/snapshots.md)


def instant(value: object) -> str | None:
    """``value`` as ISO-8601 (see the module's docstring), or None when it is not a date."""
    if not isinstance(value, str):
        return None
    match = INSTANT.fullmatch(value.strip())
    if match is None:
        return None
    try:
        day = datetime(*(int(part) for part in match["date"].split("-")))
        if match["hour"] is None:
            return day.date().isoformat() if FIRST_YEAR <= day.year <= LAST_YEAR else None
        moment = _moment(day, match)
    except (ValueError, OverflowError):
        return None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        return None
    fraction = f".{moment.microsecond:06d}".rstrip("0") if moment.microsecond else ""
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


def _moment(day: datetime, match: re.Match) -> datetime:
    """The UTC instant of a matched date and time (no offset: UTC)."""
    digits = (match["fraction"] or "")[:6].ljust(6, "0")
    moment = day.replace(hour=int(match["hour"]), minute=int(match["minute"]),
                         second=int(match["second"] or 0), microsecond=int(digits))
    return moment - _offset(match["zone"])


def _offset(zone: str | None) -> timedelta:
    if zone is None or zone in "Zz":
        return timedelta(0)
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"offset {zone}")
    return sign * timedelta(hours=hours, minutes=minutes)

