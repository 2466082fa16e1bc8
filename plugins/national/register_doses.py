"""A worker's dose history as the dose warning rules read it, computed once per evaluation.

A period belongs to the calendar year in which it ends (a quarterly period never crosses
a year; for one that does, the year of its end is an inference [U], chosen because a
dose is known only once the period is read out). Sums are rounded to 1e-6 mSv so that
20 mSv entered as 4.9 + 5.1 + 5 + 5 is exactly 20 and not above it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import attrs

from radrules import RegisterContext, RegisteredWorker, WorkerDose

_ONE_DAY = timedelta(days=1)


@attrs.frozen(kw_only=True)
class DoseHistory:
    entries: tuple[tuple[int, WorkerDose], ...]  # countable periods ended by the as-of date, by start
    years: dict[int, float]  # calendar year → Hp(10) sum (mSv)


def readable(dose: WorkerDose, as_of: date) -> bool:
    """A period that can be counted: it ends after it starts, by the as-of date, with a dose ≥ 0."""
    return dose.period_start <= dose.period_end <= as_of and dose.hp10 >= 0


def history(worker: RegisteredWorker, ctx: RegisterContext) -> DoseHistory:
    def compute() -> DoseHistory:
        entries = sorted(
            ((i, d) for i, d in enumerate(worker.doses) if readable(d, ctx.as_of)),
            key=lambda p: (p[1].period_start, p[0]),
        )
        years: dict[int, float] = defaultdict(float)
        for _, d in entries:
            years[d.period_end.year] += d.hp10
        return DoseHistory(entries=tuple(entries), years={y: round(v, 6) for y, v in sorted(years.items())})

    return ctx.memo(worker, "dose-history", compute)


def periods_per_year(start: date, end: date) -> float:
    """年监测周期数 of a period: 12 / months for whole calendar months (a quarter: 4), else
    365 / days rounded (at least 1)."""
    if start.day == 1 and (end + _ONE_DAY).day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        return 12 / months
    return float(max(1, round(365 / ((end - start).days + 1))))


def period_text(dose: WorkerDose) -> str:
    return f"{dose.period_start.isoformat()}~{dose.period_end.isoformat()}"
