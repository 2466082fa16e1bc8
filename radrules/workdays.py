"""Working days in China (工作日), for deadlines counted in working days.

A day is a working day when it is Monday to Friday and not within a statutory holiday, or
when it is a weekend day the year's notice makes a make-up working day (调休上班). The
holidays and make-up days come from ``rulesets/calendar/<year>.yaml``, one file per
国务院办公厅 notice year (see docs/calendar.md). A computation that touches a year with no
file raises :class:`~radrules.errors.CalendarYearMissing`; there is never a weekends-only
guess, because a wrong deadline is worse than none.

The calendar precomputes, for every covered day, the number of working days up to it and
the position of every working day, so each query is a few list look-ups:

>>> from datetime import date
>>> from radrules import add_working_days, working_days_between
>>> add_working_days(date(2026, 2, 13), 1)       # Friday before 春节; Saturday 2-14 is worked
datetime.date(2026, 2, 14)
>>> working_days_between(date(2026, 2, 13), date(2026, 2, 24))
2

Counting conventions, the same throughout:

* ``add_working_days(d, n)`` for ``n > 0`` is the n-th working day after ``d``; ``d`` itself
  is never counted, whether or not it is a working day. For ``n < 0`` it is the |n|-th
  working day before ``d``; for ``n == 0`` it is ``d`` unchanged.
* ``working_days_between(a, b)`` counts the working days in ``(a, b]``: after ``a``, up to
  and including ``b``; it is negative, ``-working_days_between(b, a)``, when ``b < a``.
* Hence, for ``n >= 1``, ``working_days_between(d, add_working_days(d, n)) == n``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from radrules.engine.findings import Citation
from radrules.errors import CalendarYearMissing
from radrules.ruleset.calendar_files import CalendarYear, Notice, load_year, year_files

CALENDAR_ENV = "RADRULES_CALENDAR_DIR"


class WorkdayCalendar:
    """The working days of the years given, indexed for constant-time queries.

    Build one with :meth:`load` (a folder of year files) or from :class:`CalendarYear`
    values. Years need not be contiguous, but a computation that crosses a missing year
    raises :class:`CalendarYearMissing` for it.
    """

    __slots__ = (
        "_base",
        "_citations",
        "_cum",
        "_dates",
        "_gap_cum",
        "_has_gaps",
        "_holiday",
        "_make_up",
        "_pos",
        "_size",
        "_work",
        "data",
        "source",
    )

    def __init__(self, years: Iterable[CalendarYear], *, source: str = "") -> None:
        self.data: dict[int, CalendarYear] = {}
        for year in years:
            if year.year in self.data:
                raise ValueError(f"calendar year {year.year} given twice")
            self.data[year.year] = year
        self.source = source
        self._citations: dict[tuple[int, int], tuple[Citation, ...]] = {}
        if not self.data:
            self._base = 0
            self._size = 0
            self._work: list[int] = []
            self._cum: list[int] = []
            self._gap_cum: list[int] = []
            self._pos: list[int] = []
            self._dates: list[date] = []
            self._has_gaps = False
            self._holiday: dict[date, str] = {}
            self._make_up: dict[date, str] = {}
            return
        first, last = min(self.data), max(self.data)
        self._base = date(first, 1, 1).toordinal()
        self._size = date(last, 12, 31).toordinal() - self._base + 1
        self._holiday = {day: span.name for y in self.data.values() for day, span in y.days_off()}
        self._make_up = {day: span.name for y in self.data.values() for day, span in y.make_up_days()}
        work: list[int] = []
        known: list[bool] = []
        for i in range(self._size):
            day = date.fromordinal(self._base + i)
            covered = day.year in self.data
            known.append(covered)
            if not covered:
                work.append(0)
            elif day in self._make_up:
                work.append(1)
            else:
                work.append(int(day.weekday() < 5 and day not in self._holiday))
        cum: list[int] = []
        gap_cum: list[int] = []
        running = gaps = 0
        for i in range(self._size):
            running += work[i]
            gaps += not known[i]
            cum.append(running)
            gap_cum.append(gaps)
        self._work = work
        self._cum = cum
        self._gap_cum = gap_cum
        self._has_gaps = gaps > 0
        self._pos = [i for i in range(self._size) if work[i]]
        self._dates = [date.fromordinal(self._base + i) for i in range(self._size)]

    # -- construction ------------------------------------------------------------------

    @classmethod
    def load(cls, folder: Traversable | Path | None = None) -> WorkdayCalendar:
        """Read every ``<year>.yaml`` of ``folder`` (default: the shipped ``rulesets/calendar``)."""
        where = folder if folder is not None else default_folder()
        years = [load_year(file, f"{where}/{file.name}") for _, file in year_files(where)]
        return cls(years, source=str(where))

    # -- queries -------------------------------------------------------------------------

    @property
    def years(self) -> tuple[int, ...]:
        """The years with data, ascending."""
        return tuple(sorted(self.data))

    def _missing(self, year: int) -> CalendarYearMissing:
        years = self.years
        return CalendarYearMissing(year, covered=(years[0], years[-1]) if years else None)

    def _index(self, day: date) -> int:
        i = day.toordinal() - self._base
        if not 0 <= i < self._size or (self._has_gaps and day.year not in self.data):
            raise self._missing(day.year)
        return i

    def _check_span(self, i: int, j: int) -> None:
        """Raise for the first missing year strictly between indexes ``i`` < ``j``."""
        if self._gap_cum[j] != self._gap_cum[i]:
            for year in range(self._dates[i].year + 1, self._dates[j].year):
                if year not in self.data:
                    raise self._missing(year)

    def is_working_day(self, day: date) -> bool:
        return bool(self._work[self._index(day)])

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after ``day`` (``day`` not counted); see the module docstring."""
        i = self._index(day)
        if n > 0:
            k = self._cum[i] + n - 1
            if k >= len(self._pos):
                raise self._missing(self.years[-1] + 1)
        elif n < 0:
            k = self._cum[i] - self._work[i] + n
            if k < 0:
                raise self._missing(self.years[0] - 1)
        else:
            return day
        j = self._pos[k]
        if self._has_gaps:
            self._check_span(min(i, j), max(i, j))
        return self._dates[j]

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in ``(a, b]``; negative when ``b`` is before ``a``."""
        i = self._index(a)
        j = self._index(b)
        if self._has_gaps:
            self._check_span(min(i, j), max(i, j))
        return self._cum[j] - self._cum[i]

    def next_working_day(self, day: date) -> date:
        """``day`` when it is a working day, else the first working day after it."""
        return day if self.is_working_day(day) else self.add_working_days(day, 1)

    def holiday_name(self, day: date) -> str | None:
        """The holiday ``day`` falls in (``春节``), or None; a make-up day reads ``春节调休上班``."""
        self._index(day)
        if day in self._holiday:
            return self._holiday[day]
        if day in self._make_up:
            return f"{self._make_up[day]}调休上班"
        return None

    def describe(self, day: date) -> str:
        """``2026-02-14（星期六，春节调休上班）``: a date as messages show it."""
        name = self.holiday_name(day) if self.covers(day.year) else None
        week = f"星期{'一二三四五六日'[day.weekday()]}"
        return f"{day.isoformat()}（{week}，{name}）" if name else f"{day.isoformat()}（{week}）"

    def covers(self, year: int) -> bool:
        return year in self.data

    def notices(self, start: date, end: date | None = None) -> tuple[Notice, ...]:
        """The notices behind the years from ``start`` to ``end``, for citing a count."""
        last = (end or start).year
        out: list[Notice] = []
        for year in range(min(start.year, last), max(start.year, last) + 1):
            if year in self.data:
                out.extend(self.data[year].notices)
        return tuple(out)

    def citations(self, start: date, end: date | None = None) -> tuple[Citation, ...]:
        """:meth:`notices` as citations, ready for a deadline's basis."""
        key = (start.year, (end or start).year)
        found = self._citations.get(key)
        if found is None:
            found = tuple(Citation(document=n.document) for n in self.notices(start, end))
            self._citations[key] = found
        return found


def default_folder() -> Traversable | Path:
    """``$RADRULES_CALENDAR_DIR`` when set, else the calendar shipped in ``radrules_rulesets``."""
    override = os.environ.get(CALENDAR_ENV)
    if override:
        return Path(override)
    return files("radrules_rulesets") / "calendar"


_default: WorkdayCalendar | None = None
_lock = threading.Lock()


def default_calendar() -> WorkdayCalendar:
    """The process-wide calendar, loaded on first use from :func:`default_folder`."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = WorkdayCalendar.load()
    return _default


def set_default_calendar(calendar: WorkdayCalendar | None) -> None:
    """Replace (or, with None, forget) the process-wide calendar; for tests and embedders."""
    global _default
    _default = calendar


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day, by the default calendar."""
    return default_calendar().is_working_day(day)


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after ``day``, ``day`` not counted (n < 0: before; 0: ``day``)."""
    return default_calendar().add_working_days(day, n)


def working_days_between(a: date, b: date) -> int:
    """The number of working days in ``(a, b]`` by the default calendar."""
    return default_calendar().working_days_between(a, b)


__all__ = [
    "CALENDAR_ENV",
    "WorkdayCalendar",
    "add_working_days",
    "default_calendar",
    "is_working_day",
    "set_default_calendar",
    "working_days_between",
]
