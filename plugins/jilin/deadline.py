"""Jilin's reporting deadlines (吉卫监督发〔2021〕1号 第五条).

Institutions (including those from other provinces serving in Jilin) report the results
of the previous two quarters to the provincial institute by 10 July (January–June) and
10 January of the next year (July–December); the institute reports the province's
annual summary table to the health commission by 20 January of the next year. The
dates are ruleset data and are kept as the notice writes them: it does not move a
due date that falls on a rest day.
"""

from __future__ import annotations

from radrules import Deadline, ParameterView, RulesetError, parse_period

from .types import DueDate, SemiannualDue


def period_deadline(period: str, params: ParameterView) -> Deadline | None:
    """The due date for ``period``: a half year (institution report) or a year (provincial table)."""
    p = parse_period(period)
    try:
        if p.kind == "half":
            use = params.use("semiannual_report_due", on=p.end)
            semi: SemiannualDue = use.value
            due_date = semi.first_half if p.index == 1 else semi.second_half
            months = "1月至6月" if p.index == 1 else "7月至12月"
            note = (
                f"放射卫生技术服务机构（含外省在吉技术服务机构）应于 {due_date.in_year(p.year).isoformat()} 前"
                f"向省职业病防治院上报本机构{p.year}年{months}在吉开展技术服务的检测（监测）结果"
            )
        elif p.kind == "year":
            use = params.use("annual_summary_due", on=p.end)
            due_date = use.value
            note = (
                f"省职业病防治院应于 {due_date.in_year(p.year).isoformat()} 前将{p.year}年度全省放射卫生"
                "技术服务情况汇总表报省卫生健康委"
            )
        else:
            return None
    except RulesetError:
        return None  # a period before the notice: no deadline of this kind
    assert isinstance(due_date, DueDate)
    return Deadline(due=due_date.in_year(p.year), basis=use.sources, note=note)
