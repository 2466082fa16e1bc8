"""Benchmark: working-day queries and filing deadlines per second.

Run from the repository root:  .venv/bin/python bench/bench_workdays.py [--n 200000]

Dates are drawn uniformly from 2021-01-01..2026-11-30 (so that a 15-working-day count stays
inside the shipped calendar), generated before timing. Each figure is the best of five
runs. ``filing_deadline`` remembers the deadline of each (province, day), so the bulk
figures are for repeated days, as in an overdue list; the "first time" line asks each
distinct day once on a fresh registry, which is the cost of the hooks themselves. Results and the machine go in docs/performance.md (## Working-day calendar and
deadlines).
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from collections.abc import Callable
from datetime import date, timedelta

import radrules
from radrules.workdays import WorkdayCalendar


def best_rate(label: str, n: int, run: Callable[[], object], repeat: int = 5) -> None:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<58} {n / best:>14,.0f} /s   ({best * 1e9 / n:,.0f} ns each)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    n = parser.parse_args().n
    rng = random.Random(20261126)
    first, span = date(2021, 1, 1), (date(2026, 11, 30) - date(2021, 1, 1)).days
    days = [first + timedelta(days=rng.randrange(span)) for _ in range(n)]
    later = [d + timedelta(days=rng.randrange(1, 30)) for d in days]
    print(f"Python {platform.python_version()} on {platform.machine()}, {n:,} dates\n")

    start = time.perf_counter()
    calendar = WorkdayCalendar.load()
    print(
        f"{'load and index rulesets/calendar (7 years)':<58} {(time.perf_counter() - start) * 1e3:>11,.1f} ms\n"
    )
    radrules.set_default_calendar(calendar)

    best_rate("WorkdayCalendar.is_working_day", n, lambda: [calendar.is_working_day(d) for d in days])
    best_rate(
        "WorkdayCalendar.add_working_days(d, 15)", n, lambda: [calendar.add_working_days(d, 15) for d in days]
    )
    best_rate(
        "WorkdayCalendar.add_working_days(d, -15)",
        n,
        lambda: [calendar.add_working_days(d, -15) for d in days],
    )
    best_rate(
        "WorkdayCalendar.working_days_between(a, b)",
        n,
        lambda: [calendar.working_days_between(a, b) for a, b in zip(days, later, strict=True)],
    )
    best_rate("radrules.add_working_days(d, 15)", n, lambda: [radrules.add_working_days(d, 15) for d in days])
    distinct = sorted(set(days))
    best = float("inf")
    for _ in range(5):
        fresh = radrules.Registry.load()  # an empty memo; load the ruleset outside the timing
        radrules.filing_deadline("fujian", date(2020, 6, 1), registry=fresh)
        start = time.perf_counter()
        for d in distinct:
            radrules.filing_deadline("fujian", d, registry=fresh)
        best = min(best, time.perf_counter() - start)
    label = f"radrules.filing_deadline, first time for each of {len(distinct):,} days"
    print(f"{label:<58} {len(distinct) / best:>14,.0f} /s   ({best * 1e9 / len(distinct):,.0f} ns each)")
    registry = radrules.default_registry()
    best_rate(
        "radrules.filing_deadline('fujian', d)",
        n,
        lambda: [radrules.filing_deadline("fujian", d, registry=registry) for d in days],
    )
    best_rate(
        "radrules.filing_deadline('fujian', d, filed_on=d2)",
        n,
        lambda: [
            radrules.filing_deadline("fujian", d, filed_on=f, registry=registry)
            for d, f in zip(days, later, strict=True)
        ],
    )


if __name__ == "__main__":
    main()
