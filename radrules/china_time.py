"""China's time (UTC+08:00, no daylight saving) and the day in China of an instant.

The rules count in China's calendar days: a card is filed, a QC number issued, a
registration submitted on a day in China. An instant recorded in UTC at 20:30 on
6 December is 04:30 on 7 December in Beijing, and that is the day it counts on.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8), "UTC+08:00")


def china_date(at: datetime) -> date:
    """The day in China of ``at``; a naive value is taken as China's time already."""
    return at.astimezone(CHINA).date() if at.tzinfo is not None else at.date()
