"""Recurring duties of "不超过N年" between two events (trainings, health examinations,
status tests), shared by the warning rules that judge them.

An interval runs from the day of the last event to the same calendar day N years later
(:func:`radrules.add_years`: 29 February → 28 February); that due day is on time and an
event on the next day is late. A *lapse* is an interval that ran past its due day while
the duty applied (the worker at work, the device in use) — between two recorded events,
or from the last one to the as-of date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta

import attrs

from radrules import Finding, RegisterContext, add_years


@attrs.frozen(kw_only=True)
class Lapse:
    start: date  # the event the interval runs from
    due: date  # its last day on time
    next: date | None  # the late event that ended it; None while it is still open


def lapses(
    events: Iterable[date], years: int, *, as_of: date, active_from: date, active_to: date | None
) -> list[Lapse]:
    """Intervals longer than ``years`` between ``events`` (those on or before ``as_of``)
    whose overdue days fall in the active period ``active_from``..``active_to`` (None: still active)."""
    dates = sorted({d for d in events if d <= as_of})
    active_end = as_of if active_to is None or active_to > as_of else active_to
    out: list[Lapse] = []
    for i, start in enumerate(dates):
        following = dates[i + 1] if i + 1 < len(dates) else None
        stop = following if following is not None else active_end
        if (stop - start).days <= 365 * years:
            continue  # N years are never shorter than 365 × N days: on time, no need to add
        due = add_years(start, years)
        if stop <= due:
            continue
        if max(due + timedelta(days=1), active_from) <= min(stop, active_end):
            out.append(Lapse(start=start, due=due, next=following))
    return out


def coming_due(
    events: Iterable[date], years: int, *, as_of: date, lead_days: int
) -> tuple[date, date] | None:
    """(last event, due day) when the next event falls due within ``lead_days`` of ``as_of``."""
    dates = [d for d in events if d <= as_of]
    if not dates:
        return None
    last = max(dates)
    due = add_years(last, years)
    if due - timedelta(days=lead_days) <= as_of <= due:
        return last, due
    return None


def lapse_warnings(
    ctx: RegisterContext,
    path: str,
    events: Iterable[date],
    years: int,
    *,
    active_from: date,
    active_to: date | None,
    text: Callable[[Lapse], str],
) -> Iterator[Finding]:
    """One warning per lapse, due on its due day and told apart by the day it runs from."""
    for lapse in lapses(events, years, as_of=ctx.as_of, active_from=active_from, active_to=active_to):
        yield ctx.warn(path, text(lapse), due=lapse.due, about=lapse.start.isoformat())


def due_warning(
    ctx: RegisterContext, path: str, events: Iterable[date], years: int, *, text: Callable[[date, date], str]
) -> Iterator[Finding]:
    """A reminder when the next event falls due within the running rule's lead time."""
    soon = coming_due(events, years, as_of=ctx.as_of, lead_days=ctx.lead_days())
    if soon is not None:
        last, day = soon
        yield ctx.warn(path, text(last, day), due=day, about=last.isoformat())
