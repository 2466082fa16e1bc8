"""Reporting periods named as text: ``2026`` (year), ``2026H1`` / ``2026H2`` (half years),
``2026Q3`` (quarter), ``2026-07`` (month).

Periodic summaries are due some time after their period ends (Jilin's semiannual
report, source 003 五); the period's own dates decide which filings it covers.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import attrs

from radrules.errors import PeriodError

_PATTERN = re.compile(r"(?P<year>\d{4})(?:(?P<half>H[12])|(?P<quarter>Q[1-4])|-(?P<month>0[1-9]|1[0-2]))?")


@attrs.frozen(kw_only=True)
class Period:
    text: str
    kind: str  # "year", "half", "quarter" or "month"
    year: int
    index: int  # 1 for a year; the half, quarter or month number otherwise
    start: date
    end: date

    @property
    def label(self) -> str:
        """The period in Chinese: ``2026年上半年``, ``2026年第3季度``."""
        if self.kind == "year":
            return f"{self.year}年"
        if self.kind == "half":
            return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
        if self.kind == "quarter":
            return f"{self.year}年第{self.index}季度"
        return f"{self.year}年{self.index}月"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def parse_period(text: str) -> Period:
    """Parse a period name; :class:`PeriodError` explains the accepted forms."""
    value = text.strip().upper()
    match = _PATTERN.fullmatch(value)
    if match is None or not 1900 <= int(match["year"]) <= 9999:
        raise PeriodError(
            f"期间 {text!r} 无法识别；应为 2026（年度）、2026H1 / 2026H2（半年）、2026Q1（季度）或 2026-07（月）"
        )
    year = int(match["year"])
    if match["half"]:
        index = int(match["half"][1])
        kind, first_month, months = "half", 6 * index - 5, 6
    elif match["quarter"]:
        index = int(match["quarter"][1])
        kind, first_month, months = "quarter", 3 * index - 2, 3
    elif match["month"]:
        index = int(match["month"])
        kind, first_month, months = "month", index, 1
    else:
        index = 1
        kind, first_month, months = "year", 1, 12
    return Period(
        text=value,
        kind=kind,
        year=year,
        index=index,
        start=date(year, first_month, 1),
        end=_month_end(year, first_month + months - 1),
    )
