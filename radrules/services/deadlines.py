"""Deadlines that provinces set: for filing a card, and for periodic summaries.

A deadline (:class:`radrules.answers.Deadline`) says when something is due, or that
nothing is due (``due`` is None, with ``note`` saying why), and on what legal basis.
Provinces compute them in the ``radrules_filing_deadline`` and ``radrules_period_deadline``
hooks; :func:`filing_deadline`
and :func:`period_deadline` ask the jurisdiction chain, most specific first, and add what
follows from a filing date.

Lateness is counted in working days after the due date. A filing made on a rest day
counts up to the next working day, so a late filing is always at least one working day
late: due Friday, filed Saturday or the following Monday, is one working day late.
"""

from __future__ import annotations

import threading
import weakref
from datetime import date
from typing import Any

import attrs

from radrules import hookspecs
from radrules.answers import Deadline, PeriodDeadline, citations_json
from radrules.engine.findings import Citation
from radrules.engine.periods import parse_period
from radrules.engine.registry import Registry, default_registry
from radrules.engine.view import ParameterView
from radrules.errors import NoDeadline
from radrules.workdays import WorkdayCalendar, default_calendar


@attrs.frozen(kw_only=True)
class FilingDeadline:
    """When a card for a report issued on ``issued_on`` is due, and, given ``filed_on``, whether it was late.

    ``on_time`` and ``late_working_days`` are None unless ``filed_on`` is given. Where
    there is no obligation (``due`` None) any filing is on time.
    """

    jurisdiction: str
    issued_on: date
    due: date | None
    basis: tuple[Citation, ...]
    note: str
    working_days: int | None = None
    filed_on: date | None = None
    on_time: bool | None = None
    late_working_days: int | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "jurisdiction": self.jurisdiction,
            "issued": self.issued_on.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "working_days": self.working_days,
            "basis": citations_json(self.basis),
            "note": self.note,
        }
        if self.filed_on is not None:
            data.update(
                filed=self.filed_on.isoformat(),
                on_time=self.on_time,
                late_working_days=self.late_working_days,
            )
        return data


def late_working_days(due: date, filed_on: date, calendar: WorkdayCalendar | None = None) -> int:
    """Working days a filing on ``filed_on`` is late for ``due``: 0 when on time, else at least 1."""
    if filed_on <= due:
        return 0
    cal = calendar or default_calendar()
    return cal.working_days_between(due, cal.next_working_day(filed_on))


class _Lookups:
    """Per-registry memo of resolved provinces, parameter views and deadlines by day.

    Deadlines are asked for in bulk (a regulator's overdue list over thousands of cards
    issued on a few hundred distinct days), so resolving the same province, building the
    same view and asking the hooks again for the same day would dominate the cost. A
    deadline depends only on the jurisdiction's ruleset (immutable once loaded), the day
    and the working-day calendar, which is part of the key.
    """

    __slots__ = ("chains", "deadlines", "lock", "views")

    def __init__(self) -> None:
        self.chains: dict[str, tuple[str, ...]] = {}
        self.views: dict[tuple[tuple[str, ...], date], ParameterView] = {}
        self.deadlines: dict[tuple[str, date, WorkdayCalendar], tuple[str, Deadline]] = {}
        self.lock = threading.Lock()


_lookups: weakref.WeakKeyDictionary[Registry, _Lookups] = weakref.WeakKeyDictionary()
_MAX_MEMO = 16384


def _memo(reg: Registry) -> _Lookups:
    memo = _lookups.get(reg)
    if memo is None:
        memo = _lookups.setdefault(reg, _Lookups())
    return memo


def _chain_and_view(reg: Registry, province: str, day: date) -> tuple[tuple[str, ...], ParameterView]:
    memo = _memo(reg)
    chain = memo.chains.get(province)
    if chain is None:
        chain = reg.chain(reg.resolve(province))
        memo.chains[province] = chain
    view = memo.views.get((chain, day))
    if view is None:
        view = ParameterView(chain, reg.rulesets(chain), day)
        with memo.lock:
            if len(memo.views) >= _MAX_MEMO:
                memo.views.clear()
            memo.views[(chain, day)] = view
    return chain, view


def _ask_filing_deadline(reg: Registry, province: str, issued_on: date) -> tuple[str, Deadline]:
    chain, params = _chain_and_view(reg, province, issued_on)
    found = reg.ask(hookspecs.radrules_filing_deadline, chain, issued_on=issued_on, params=params)
    if found is not None:
        return found
    name = reg.jurisdictions[chain[-1]].name
    raise NoDeadline(f"{name}（{chain[-1]}）的规则中没有报送卡的报送期限")


def filing_deadline(
    province: str,
    issued_on: date,
    *,
    filed_on: date | None = None,
    registry: Registry | None = None,
) -> FilingDeadline:
    """The filing deadline in ``province`` (code, slug or name) for a report issued on ``issued_on``.

    Raises :class:`NoDeadline` when no jurisdiction of the chain sets one and
    :class:`~radrules.errors.CalendarYearMissing` when the count needs a year with no data.
    """
    reg = registry or default_registry()
    memo = _memo(reg)
    key = (province, issued_on, default_calendar())
    known = memo.deadlines.get(key)
    if known is None:
        known = _ask_filing_deadline(reg, province, issued_on)
        with memo.lock:
            if len(memo.deadlines) >= _MAX_MEMO:
                memo.deadlines.clear()
            memo.deadlines[key] = known
    code, found = known
    on_time: bool | None = None
    late: int | None = None
    if filed_on is not None:
        if found.due is None:
            on_time, late = True, 0
        else:
            on_time = filed_on <= found.due
            late = late_working_days(found.due, filed_on)
    return FilingDeadline(
        jurisdiction=code,
        issued_on=issued_on,
        due=found.due,
        basis=found.basis,
        note=found.note,
        working_days=found.working_days,
        filed_on=filed_on,
        on_time=on_time,
        late_working_days=late,
    )


def period_deadline(province: str, period: str, *, registry: Registry | None = None) -> PeriodDeadline:
    """When the summary for ``period`` (``2026H1``, ``2026``) is due in ``province``.

    The hook reads the ruleset as of the period's last day. Raises
    :class:`~radrules.errors.PeriodError` for a malformed period and
    :class:`NoDeadline` when the jurisdiction sets no deadline for that kind of period.
    """
    reg = registry or default_registry()
    parsed = parse_period(period)
    chain, params = _chain_and_view(reg, province, parsed.end)
    found = reg.ask(hookspecs.radrules_period_deadline, chain, period=parsed.text, params=params)
    if found is not None:
        code, deadline = found
        return PeriodDeadline(
            jurisdiction=code, period=parsed, due=deadline.due, basis=deadline.basis, note=deadline.note
        )
    name = reg.jurisdictions[chain[-1]].name
    raise NoDeadline(f"{name}（{chain[-1]}）的规则中没有 {parsed.label}（{parsed.text}）汇总的报送期限")
