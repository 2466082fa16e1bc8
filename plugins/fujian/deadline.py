"""The filing deadline of a card in Fujian (闽卫职健函〔2021〕847号 第五条).

Reports issued from 2022-01-01 are due within 15 working days after the issue date: the
issue date is not counted and the 15th working day after it is the last day on time.
Reports of the 2021 window (2021-02-01 to 2021-12-31) are due 2022-01-31, the date the
notice writes, although that day fell in the 2022 Spring Festival holiday: the notice
sets a date, not a count, and this library does not move it. Reports issued before
2021-02-01 carry no filing obligation.
"""

from __future__ import annotations

from datetime import date, timedelta

from radrules import Citation, Deadline, ParameterUse, WorkdayCalendar, default_calendar

from .types import FilingTerm


def deadline_for(issued_on: date, use: ParameterUse, calendar: WorkdayCalendar | None = None) -> Deadline:
    """The deadline for a report issued on ``issued_on`` under the ``filing_term`` value ``use``."""
    term: FilingTerm = use.value
    basis: tuple[Citation, ...] = use.sources
    if not term.required:
        since = f"{(use.valid_to + timedelta(days=1)).isoformat()} 以后" if use.valid_to else "规定期间内"
        return Deadline(
            due=None,
            basis=basis,
            note=f"通知只要求报送 {since}完成的技术服务项目；出具报告日期 {issued_on.isoformat()} 的项目无报送义务",
        )
    if term.due is not None:
        window = (
            f"{use.valid_from.isoformat()} 至 {use.valid_to.isoformat()}"
            if use.valid_from and use.valid_to
            else "该期间"
        )
        return Deadline(
            due=term.due,
            basis=basis,
            note=f"{window} 期间完成的技术服务项目，应当于 {term.due.isoformat()} 前完成信息报送",
        )
    assert term.working_days is not None
    cal = calendar or default_calendar()
    due = cal.add_working_days(issued_on, term.working_days)
    return Deadline(
        due=due,
        basis=basis + cal.citations(issued_on, due),
        note=f"出具报告后的 {term.working_days} 个工作日内完成信息报送：出具报告当日不计，"
        f"其后第 {term.working_days} 个工作日（{due.isoformat()}）为最后一日",
        working_days=term.working_days,
    )
