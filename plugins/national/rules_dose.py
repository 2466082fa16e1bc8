"""National rules on personal dose monitoring reports: what every dose report meets.

The monitoring period is at most 90 days (《放射工作人员职业健康管理办法》, 卫生部令第55号,
第十一条: 外照射个人剂量监测周期一般为30天，最长不应超过90天), counted with both ends, or one
calendar quarter (GBZ 128-2019, unconfirmed; see :mod:`radrules.monitoring_periods`);
periods end no later than the report that states them; doses are not negative; one
worker's periods in a report do not overlap. Field meanings follow the platform that
collects the reports (source 000 §5.2.2.2). No national document radrules holds states
the report number, the date order or non-negative doses: those three rules
(``NAT.dose.basic-info``, ``NAT.dose.dates``, ``NAT.dose.values``) rest on the Jiangsu
manual alone, and cite it.
"""

from __future__ import annotations

from collections.abc import Iterator

from radrules import (
    DoseRecord,
    DoseReport,
    Finding,
    ReportStatus,
    RuleContext,
    monitoring_period_days,
    monitoring_period_within_limit,
)

from .book import book
from .citations import GBZ_128, WORKER_HEALTH_MEASURES, manual

_ENTRY = manual("§5.2.2.2 3、检测信息填写说明")


def _who(record: DoseRecord) -> str:
    return f"{record.worker.name}（{record.worker.id_number}）"


def _monitoring_period(record: DoseRecord) -> str:
    return f"{record.period_start.isoformat()}~{record.period_end.isoformat()}"


@book.rule(
    "NAT.dose.basic-info",
    title="剂量报告须填写报告编号；提交的报告须至少有一名人员的监测结果",
    applies_to=DoseReport,
    cites=[manual("§5.2.2.2 3、基本信息填写说明")],
)
def basic_info(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """报告编号 is required; a submitted report has at least one record.

    The only basis is the Jiangsu platform's manual (source 000 §5.2.2.2 3); no national
    document radrules holds says so.
    """
    if not report.report_no.strip():
        yield ctx.finding("report_no", "报告编号为必填项")
    if report.status is ReportStatus.submitted and not report.records:
        yield ctx.finding("records", "已提交的个人剂量监测报告须至少有一名放射工作人员的监测结果")


@book.rule(
    "NAT.dose.dates",
    title="监测周期的结束不早于开始、不晚于报告日期，报告日期不晚于当前日期",
    applies_to=DoseReport,
    cites=[manual("§5.2.2.2 3、报告日期"), _ENTRY],
)
def dates(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """period start ≤ period end ≤ report date ≤ as-of date.

    The only basis is the Jiangsu platform's manual (source 000 §5.2.2.2 3); no national
    document radrules holds says so.
    """
    if report.report_date > ctx.as_of:
        yield ctx.finding(
            "report_date",
            f"报告日期 {report.report_date.isoformat()} 晚于当前日期 {ctx.as_of.isoformat()}",
            values={"report_date": report.report_date.isoformat()},
        )
    for i, record in enumerate(report.records):
        if record.period_end < record.period_start:
            yield ctx.finding(
                f"records[{i}].period_end",
                f"{_who(record)} 的监测周期结束日期 {record.period_end.isoformat()} 早于开始日期 "
                f"{record.period_start.isoformat()}",
                values={
                    "period_start": record.period_start.isoformat(),
                    "period_end": record.period_end.isoformat(),
                },
            )
        elif record.period_end > report.report_date:
            yield ctx.finding(
                f"records[{i}].period_end",
                f"{_who(record)} 的监测周期 {_monitoring_period(record)} 结束于报告日期 {report.report_date.isoformat()} 之后",
                values={
                    "period_end": record.period_end.isoformat(),
                    "report_date": report.report_date.isoformat(),
                },
            )


@book.rule(
    "NAT.dose.period-length",
    title="个人剂量监测周期最长90天，按季度监测的以一个自然季度为限",
    applies_to=DoseReport,
    cites=[WORKER_HEALTH_MEASURES, GBZ_128],
    parameters=["monitoring_period_max_days", "monitoring_period_calendar_quarter"],
)
def period_length(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """A monitoring period, counted with both its first and last day, is at most 90 days
    (卫生部令第55号 第十一条: 一般为30天，最长不应超过90天), or lies within one calendar
    quarter (GBZ 128-2019, recalled and unconfirmed: 最长不应超过3个月).

    1 January to 31 March of a common year is 90 days and passes; 1 July to 30 September
    (92 days) is one calendar quarter and passes; 30 June to 28 September (91 days) runs past
    the quarter and fails, as does any period of 93 days or more. The reconciliation is
    :func:`radrules.monitoring_period_within_limit`; ``monitoring_period_calendar_quarter`` switches the
    quarter reading off where a regulator counts 90 days strictly.
    """
    if not report.records:
        return
    limit: int = ctx.param("monitoring_period_max_days")
    quarter: bool = ctx.param("monitoring_period_calendar_quarter")
    for i, record in enumerate(report.records):
        if record.period_end < record.period_start:
            continue  # NAT.dose.dates says so
        if monitoring_period_within_limit(
            record.period_start, record.period_end, max_days=limit, quarter=quarter
        ):
            continue
        days = monitoring_period_days(record.period_start, record.period_end)
        beyond = "，且不在同一自然季度内（按季度监测的以一个自然季度为限）" if quarter else ""
        yield ctx.finding(
            f"records[{i}].period_end",
            f"{_who(record)} 的监测周期 {_monitoring_period(record)} 共{days}天，超过最长{limit}天{beyond}"
            f"（外照射个人剂量监测周期一般为30天，最长不应超过{limit}天）",
            values={"days": days, "max_days": limit, "calendar_quarter": quarter},
        )


@book.rule(
    "NAT.dose.values",
    title="个人剂量当量不能为负数",
    applies_to=DoseReport,
    cites=[_ENTRY],
)
def values(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """Hp(10) and Hp(0.07) are zero or more (mSv).

    The only basis is the Jiangsu platform's manual (source 000 §5.2.2.2 3, the dose entry
    form); no national document radrules holds says so.
    """
    for i, record in enumerate(report.records):
        for name, label, value in (("hp10", "Hp(10)", record.hp10), ("hp007", "Hp(0.07)", record.hp007)):
            if value is not None and value < 0:
                yield ctx.finding(
                    f"records[{i}].{name}",
                    f"{_who(record)} 的{label} {value} mSv 不能为负数",
                    values={name: value},
                )


@book.rule(
    "NAT.dose.record-overlap",
    title="同一人员在同一报告中的监测周期不能重叠",
    applies_to=DoseReport,
    cites=[WORKER_HEALTH_MEASURES],
)
def record_overlap(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """One worker's periods in a report do not overlap: a day's dose is counted once.

    Read from 卫生部令第55号 第十一条 (monitoring periods and the dose record kept for life).
    """
    seen: dict[str, list[int]] = {}
    for i, record in enumerate(report.records):
        key = record.worker.id_number.strip().upper()
        for j in seen.get(key, []):
            other = report.records[j]
            if record.period_start <= other.period_end and other.period_start <= record.period_end:
                yield ctx.finding(
                    f"records[{i}].period_start",
                    f"{_who(record)} 的监测周期 {_monitoring_period(record)} 与第{j + 1}条记录的 {_monitoring_period(other)} 重叠",
                    values={"other": j},
                )
                break
        seen.setdefault(key, []).append(i)
