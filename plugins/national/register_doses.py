"""A worker's dose history as the dose warning rules read it, computed once per evaluation.

A period belongs to the calendar year in which it ends (a quarterly period never crosses
a year; for one that does, the year of its end is an inference [U], chosen because a
dose is known only once the period is read out). Sums are rounded to 1e-6 mSv so that
20 mSv entered as 4.9 + 5.1 + 5 + 5 is exactly 20 and not above it.
"""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from radrules import RegisterContext, RegisteredWorker, WorkerDose, monitoring_period_days, within_one_quarter

_ONE_DAY = timedelta(days=1)


@attrs.frozen(kw_only=True)
class DoseHistory:
    """What the dose rules read, computed in one pass; the maxima let a rule return at once
    when nothing can exceed its limit, which is the common case."""

    entries: tuple[tuple[int, WorkerDose], ...]  # countable periods ended by the as-of date, by start
    years: dict[int, float]  # calendar year → Hp(10) sum (mSv)
    longest: int  # days of the longest period (0: none)
    longest_crossing: int  # days of the longest period not inside one calendar quarter (0: none)
    annualized: float  # the largest Hp(10) × 年监测周期数 of a period (mSv a year)
    widest_gap: int  # most days between two consecutive periods (-1: fewer than two)
    overlapping: bool  # a period starts on or before the end of the previous one
    last_end: date | None  # the end of the latest period


def readable(dose: WorkerDose, as_of: date) -> bool:
    """A period that can be counted: it ends after it starts, by the as-of date, with a dose ≥ 0."""
    return dose.period_start <= dose.period_end <= as_of and dose.hp10 >= 0


def _compute(worker: RegisteredWorker, as_of: date) -> DoseHistory:
    # One plain loop: this runs once per worker and evaluation, over every period on record.
    entries: list[tuple[int, WorkerDose]] = []
    years: dict[int, float] = {}
    longest = crossing = 0
    annualized = 0.0
    ordered = True
    last_start: date | None = None
    last_end: date | None = None
    for i, d in enumerate(worker.doses):
        start, end, hp10 = d.period_start, d.period_end, d.hp10
        if not (start <= end <= as_of and hp10 >= 0):
            continue
        if last_start is not None and start < last_start:
            ordered = False
        last_start = start
        entries.append((i, d))
        if last_end is None or end > last_end:
            last_end = end
        years[end.year] = years.get(end.year, 0.0) + hp10
        days = monitoring_period_days(start, end)
        if days > longest:
            longest = days
        if days > crossing and not within_one_quarter(start, end):
            crossing = days
        per_year = hp10 * monitoring_periods_per_year(start, end)
        if per_year > annualized:
            annualized = per_year
    if not ordered:
        entries.sort(key=lambda p: (p[1].period_start, p[0]))
    gap = -1
    overlapping = False
    for k in range(1, len(entries)):
        between = (entries[k][1].period_start - entries[k - 1][1].period_end).days - 1
        if between > gap:
            gap = between
        if between < 0:
            overlapping = True
    return DoseHistory(
        entries=tuple(entries),
        years={y: round(v, 6) for y, v in sorted(years.items())},
        longest=longest,
        longest_crossing=crossing,
        annualized=annualized,
        widest_gap=gap,
        overlapping=overlapping,
        last_end=last_end,
    )


def history(worker: RegisteredWorker, ctx: RegisterContext) -> DoseHistory:
    return ctx.memo(worker, "dose-history", lambda: _compute(worker, ctx.as_of))


def monitoring_periods_per_year(start: date, end: date) -> float:
    """年监测周期数 of a period: 12 / months for whole calendar months (a quarter: 4), else
    365 / days rounded (at least 1)."""
    if start.day == 1 and (end + _ONE_DAY).day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        return 12 / months
    return float(max(1, round(365 / ((end - start).days + 1))))


def monitoring_period_text(dose: WorkerDose) -> str:
    return f"{dose.period_start.isoformat()}~{dose.period_end.isoformat()}"
