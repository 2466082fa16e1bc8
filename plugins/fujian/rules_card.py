"""Fujian's rule on cards: filed within the deadline of 第五条 (闽卫职健函〔2021〕847号).

A card filed after its due date, or still unfiled on the date of the check after it, is
an error that says how many working days late it is. The error records the breach but
does not block submission: a late card must still be filed. A deadline that cannot be counted
because a year has no working-day calendar is a warning that says which year, never a
guess.
"""

from __future__ import annotations

from collections.abc import Iterator

from radrules import CalendarYearMissing, Finding, ReportCard, RuleContext, Severity, late_working_days

from .book import book
from .citations import FILING_TERM
from .deadline import deadline_for


@book.rule(
    "FJ.card.filing-deadline",
    title="报送卡须在规定期限内报送（出具报告后15个工作日内）",
    applies_to=ReportCard,
    cites=[FILING_TERM],
    parameters=["filing_term"],
    # A record, not a gate: refusing a late card would keep it from being filed at all. The
    # error stays on the card for the regulators, who must act on late filing (第六条).
    blocks=(),
)
def filing_deadline(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """Filed (or, unfiled, as of the check date) no later than the due date of 第五条.

    The due date is the 15th working day after the report's issue date for reports issued
    from 2022-01-01, and 2022-01-31 for reports issued from 2021-02-01 to 2021-12-31;
    earlier reports need not be filed. Lateness is counted in working days after the due
    date; a filing on a rest day counts up to the next working day.
    """
    issued = card.report_issued_on
    use = ctx.param_use("filing_term", on=issued)
    try:
        deadline = deadline_for(issued, use)
    except CalendarYearMissing as exc:
        yield ctx.finding(
            "report_issued_on",
            f"无法计算报送期限：{exc}",
            values={"report_issued_on": issued.isoformat(), "missing_year": exc.year},
            severity=Severity.warning,
        )
        return
    due = deadline.due
    if due is None:
        return
    filed = card.filed_on
    term = f"出具报告后第 {deadline.working_days} 个工作日" if deadline.working_days else "通知规定的日期"
    values: dict[str, object] = {
        "report_issued_on": issued.isoformat(),
        "due": due.isoformat(),
        "working_days": deadline.working_days,
        "filed_on": filed.isoformat() if filed else None,
        "as_of": ctx.as_of.isoformat(),
    }
    if (filed or ctx.as_of) <= due:
        if filed is None:
            yield ctx.finding(
                "filed_on",
                f"请于 {due.isoformat()}（{term}）前完成信息报送",
                values=values,
                severity=Severity.info,
            )
        return
    try:
        late: int | None = late_working_days(due, filed or ctx.as_of)
        lateness = f" {late} 个工作日"
    except CalendarYearMissing as exc:
        late = None
        lateness = f"的工作日数无法计算（缺少 {exc.year} 年的节假日安排数据）"
    values["late_working_days"] = late
    if filed is not None:
        message = f"报送日期 {filed.isoformat()} 晚于报送截止日期 {due.isoformat()}（{term}），逾期{lateness}"
    else:
        message = (
            f"出具报告日期为 {issued.isoformat()}，应于 {due.isoformat()}（{term}）前报送；"
            f"截至 {ctx.as_of.isoformat()} 仍未报送，已逾期{lateness}"
        )
    yield ctx.finding("filed_on", message, values=values)
