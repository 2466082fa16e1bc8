"""Calendar arithmetic of supervision rules: intervals of whole years and ages.

An interval "不超过N年" runs from the day of the last completed training, examination or
test to the same calendar day N years later; a 29 February start ends on 28 February of a
common year (issue 14). The due day itself is on time, the next day is overdue.

Ages follow the civil code's counting of periods (《中华人民共和国民法典》第二百零一条: the
first day is not counted; 第二百零二条: the period ends on the corresponding day, or the
month's last day when there is none) as the Supreme People's Court reads 周岁: "从周岁生日的
第二天起算". Someone born on 26 November 2008 is 年满18周岁 from 27 November 2026; born on
29 February 2008, from 1 March 2026. Which day counts is ruleset data
(``worker_minimum_age.reached``), so a jurisdiction that reads it otherwise says so.
"""

from __future__ import annotations

from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February in a common year.

    Beyond year 9999 it saturates at ``date.max`` (a duty that never falls due in range).
    """
    year = day.year + years
    if not 1 <= year <= 9999:
        return date.max if years > 0 else date.min
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February into a common year
        return date(year, 2, 28)


def age_reached_on(birth: date, years: int, *, day_after_birthday: bool) -> date:
    """The first day on which someone born on ``birth`` counts as 年满 ``years`` 周岁."""
    birthday = add_years(birth, years)
    return birthday + ONE_DAY if day_after_birthday else birthday
