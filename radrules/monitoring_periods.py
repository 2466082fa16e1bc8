"""How long one personal dose monitoring period may be, shared by every rule that judges it.

卫生部令第55号 第十一条(一): "外照射个人剂量监测周期一般为30天，最长不应超过90天" (wording
from secondary copies [S]). Monitoring by calendar quarter is the common practice, and
GBZ 128 is recalled as allowing "最长不应超过3个月" (not found in a public copy [U]); a
quarter is up to 92 days (1 July – 30 September), so read literally the 90 days would
refuse every third and fourth quarter.

The two are reconciled thus: a period is within the limit when, counting its first and
last day, it is at most ``max_days`` long (the ruleset's ``monitoring_period_max_days``, 90), or
when it lies inside one calendar quarter — one calendar month, two, or the whole quarter.
A period that crosses a quarter boundary and is longer than ``max_days`` exceeds it.
"""

from __future__ import annotations

from datetime import date, timedelta


def monitoring_period_days(start: date, end: date) -> int:
    """The length of a period counting both its first and its last day."""
    return (end - start).days + 1


def calendar_quarter(day: date) -> tuple[date, date]:
    """The first and last day of the calendar quarter that holds ``day``."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    first = date(day.year, first_month, 1)
    after = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return first, after - timedelta(days=1)


def within_one_quarter(start: date, end: date) -> bool:
    """True when ``start`` to ``end`` lies inside a single calendar quarter."""
    # By arithmetic, not by building the quarter's dates: this runs for every period.
    return start <= end and start.year == end.year and (start.month - 1) // 3 == (end.month - 1) // 3


def monitoring_period_within_limit(start: date, end: date, *, max_days: int, quarter: bool = True) -> bool:
    """True when a monitoring period meets 第十一条 as reconciled with calendar quarters.

    ``quarter=False`` counts days only (the ruleset's ``monitoring_period_calendar_quarter``, for a
    regulator that reads the 90 days strictly).

    >>> monitoring_period_within_limit(date(2026, 7, 1), date(2026, 9, 30), max_days=90)  # Q3, 92 days
    True
    >>> monitoring_period_within_limit(date(2026, 8, 15), date(2026, 11, 13), max_days=90)  # 91 days, two quarters
    False
    """
    return monitoring_period_days(start, end) <= max_days or (quarter and within_one_quarter(start, end))
