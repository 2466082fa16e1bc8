"""The platform's clock: China Standard Time (UTC+08:00, no daylight saving).

Every date the rules compare — a deadline, a training's day, an account's end, a QC
number's year — is a date in China, whatever time zone the server's host is set to: a
deadline of 2026-03-01 closes at midnight in China, and a host on UTC must not think it is
still yesterday for the first eight hours of a Chinese day. Stored instants stay in UTC;
this module is where they become China's dates and times.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8), "UTC+08:00")


def now() -> datetime:
    """The current time in China, with its offset."""
    return datetime.now(CHINA)


def today() -> date:
    """Today's date in China."""
    return now().date()


def local(instant: datetime) -> datetime:
    """An instant shown in China's time (a naive value is taken as UTC, as stored)."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(CHINA)
