"""The shared reading of 卫生部令第55号 第十一条's 90 days with calendar quarters, and the
year arithmetic of "不超过N年" intervals (29 February → 28 February)."""

from __future__ import annotations

from datetime import date

import pytest

from radrules import (
    add_years,
    age_reached_on,
    calendar_quarter,
    monitoring_period_days,
    monitoring_period_within_limit,
)


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        (date(2026, 1, 1), date(2026, 3, 31), True),  # Q1 of a common year: 90 days
        (date(2024, 1, 1), date(2024, 3, 31), True),  # Q1 of a leap year: 91 days, one quarter
        (date(2026, 7, 1), date(2026, 9, 30), True),  # Q3: 92 days, one quarter
        (date(2026, 10, 1), date(2026, 12, 31), True),  # Q4: 92 days
        (date(2026, 8, 1), date(2026, 9, 30), True),  # two calendar months
        (date(2026, 5, 15), date(2026, 8, 12), True),  # 90 days across a quarter boundary
        (date(2026, 5, 15), date(2026, 8, 13), False),  # 91 days across it
        (date(2026, 7, 1), date(2026, 10, 1), False),  # one day into the next quarter
    ],
)
def test_period_within_limit(start: date, end: date, ok: bool) -> None:
    assert monitoring_period_within_limit(start, end, max_days=90) is ok


def test_period_days_count_both_ends_and_quarters_end_right() -> None:
    assert monitoring_period_days(date(2026, 7, 1), date(2026, 9, 30)) == 92
    assert calendar_quarter(date(2026, 12, 31)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert calendar_quarter(date(2026, 2, 14)) == (date(2026, 1, 1), date(2026, 3, 31))


def test_add_years_keeps_the_day_and_maps_29_february_to_28() -> None:
    assert add_years(date(2025, 6, 13), 2) == date(2027, 6, 13)
    assert add_years(date(2024, 2, 29), 2) == date(2026, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert add_years(date(9999, 1, 1), 2) == date.max  # saturates instead of failing


def test_age_is_reached_on_the_day_after_the_birthday_when_so_read() -> None:
    assert age_reached_on(date(2008, 11, 27), 18, day_after_birthday=True) == date(2026, 11, 28)
    assert age_reached_on(date(2008, 2, 29), 18, day_after_birthday=True) == date(2026, 3, 1)
    assert age_reached_on(date(2008, 2, 29), 18, day_after_birthday=False) == date(2026, 2, 28)
