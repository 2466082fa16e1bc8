"""Jiangsu rules on personal dose monitoring reports (个人剂量监测填报, source 000 §5.2).

A worker can be selected only when the client has assigned this institution to monitor
them and the monitoring period lies within that assignment (§5.2.2.2 3, “放射工作人员姓名
前方选择框无法选择时……”). The period is at most 90 days (《放射工作人员职业健康管理办法》
第十一条: 外照射个人剂量监测周期一般为30天，最长不应超过90天), counted with both ends.
"""

from __future__ import annotations

from collections.abc import Iterator

from radrules import DoseRecord, DoseReport, Finding, ReportStatus, RuleContext

from .book import book
from .citations import WORKER_HEALTH_MEASURES, manual

_ENTRY = manual("§5.2.2.2 3、检测信息填写说明")


def _who(record: DoseRecord) -> str:
    return f"{record.worker.name}（{record.worker.id_number}）"


def _period(record: DoseRecord) -> str:
    return f"{record.period_start.isoformat()}~{record.period_end.isoformat()}"


@book.rule(
    "JS.dose.basic-info",
    title="剂量报告须填写报告编号；提交的报告须至少有一名人员的监测结果",
    applies_to=DoseReport,
    cites=[manual("§5.2.2.2 3、基本信息填写说明")],
)
def basic_info(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """报告编号 is required; a submitted report has at least one record."""
    if not report.report_no.strip():
        yield ctx.finding("report_no", "报告编号为必填项")
    if report.status is ReportStatus.submitted and not report.records:
        yield ctx.finding("records", "已提交的个人剂量监测报告须至少有一名放射工作人员的监测结果")


@book.rule(
    "JS.dose.dates",
    title="监测周期的结束不早于开始、不晚于报告日期，报告日期不晚于当前日期",
    applies_to=DoseReport,
    cites=[manual("§5.2.2.2 3、报告日期"), _ENTRY],
)
def dates(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """period start ≤ period end ≤ report date ≤ as-of date."""
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
                f"{_who(record)} 的监测周期 {_period(record)} 结束于报告日期 {report.report_date.isoformat()} 之后",
                values={
                    "period_end": record.period_end.isoformat(),
                    "report_date": report.report_date.isoformat(),
                },
            )


@book.rule(
    "JS.dose.period-length",
    title="个人剂量监测周期最长90天",
    applies_to=DoseReport,
    cites=[WORKER_HEALTH_MEASURES, _ENTRY],
    parameters=["dose_period_max_days"],
)
def period_length(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """A monitoring period, counted with both its first and last day, is at most 90 days
    (normally 30): 1 January to 31 March of a common year is 90 days and passes."""
    if not report.records:
        return
    limit: int = ctx.param("dose_period_max_days")
    for i, record in enumerate(report.records):
        if record.period_end < record.period_start:
            continue  # JS.dose.dates says so
        days = (record.period_end - record.period_start).days + 1
        if days > limit:
            yield ctx.finding(
                f"records[{i}].period_end",
                f"{_who(record)} 的监测周期 {_period(record)} 共{days}天，超过最长{limit}天"
                f"（外照射个人剂量监测周期一般为30天，最长不应超过{limit}天）",
                values={"days": days, "max_days": limit},
            )


@book.rule(
    "JS.dose.worker-client",
    title="放射工作人员须为委托单位的人员",
    applies_to=DoseReport,
    cites=[_ENTRY, manual("§5.2.1")],
)
def worker_client(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """Workers are chosen from the client's radiation workers; the institution cannot add them."""
    for i, record in enumerate(report.records):
        if record.worker.employer_uscc.strip().upper() != report.client.uscc.strip().upper():
            yield ctx.finding(
                f"records[{i}].worker.employer_uscc",
                f"{_who(record)} 不是委托单位 {report.client.name} 的放射工作人员；人员信息须由委托单位维护",
                values={"employer_uscc": record.worker.employer_uscc, "client_uscc": report.client.uscc},
            )


@book.rule(
    "JS.dose.assignment",
    title="委托单位须已将本机构维护为该人员的检测机构，且监测周期在监测时间范围内",
    applies_to=DoseReport,
    cites=[_ENTRY],
)
def assignment(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """The worker is assigned to this institution for a span that contains the whole period."""
    institution = report.institution_uscc.strip().upper()
    for i, record in enumerate(report.records):
        ours = [a for a in record.worker.assignments if a.institution_uscc.strip().upper() == institution]
        if not ours:
            yield ctx.finding(
                f"records[{i}].worker.assignments",
                f"委托单位未将本机构维护为 {_who(record)} 的个人剂量检测机构，不能填报其监测结果；"
                f"须由放射诊疗单位自行维护",
                values={"institution_uscc": report.institution_uscc},
            )
            continue
        covering = [
            a
            for a in ours
            if a.start <= record.period_start and (a.end is None or record.period_end <= a.end)
        ]
        if not covering:
            spans = "、".join(f"{a.start.isoformat()}~{a.end.isoformat() if a.end else '至今'}" for a in ours)
            yield ctx.finding(
                f"records[{i}].period_start",
                f"{_who(record)} 的监测周期 {_period(record)} 不在委托单位维护的监测时间范围（{spans}）内",
                values={
                    "period_start": record.period_start.isoformat(),
                    "period_end": record.period_end.isoformat(),
                },
            )


@book.rule(
    "JS.dose.values",
    title="个人剂量当量不能为负数",
    applies_to=DoseReport,
    cites=[_ENTRY],
)
def values(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """Hp(10) and Hp(0.07) are zero or more (mSv)."""
    for i, record in enumerate(report.records):
        for name, label, value in (("hp10", "Hp(10)", record.hp10), ("hp007", "Hp(0.07)", record.hp007)):
            if value is not None and value < 0:
                yield ctx.finding(
                    f"records[{i}].{name}",
                    f"{_who(record)} 的{label} {value} mSv 不能为负数",
                    values={name: value},
                )


@book.rule(
    "JS.dose.record-overlap",
    title="同一人员在同一报告中的监测周期不能重叠",
    applies_to=DoseReport,
    cites=[_ENTRY, WORKER_HEALTH_MEASURES],
)
def record_overlap(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """One worker's periods in a report do not overlap: a day's dose is counted once."""
    seen: dict[str, list[int]] = {}
    for i, record in enumerate(report.records):
        key = record.worker.id_number.strip().upper()
        for j in seen.get(key, []):
            other = report.records[j]
            if record.period_start <= other.period_end and other.period_start <= record.period_end:
                yield ctx.finding(
                    f"records[{i}].period_start",
                    f"{_who(record)} 的监测周期 {_period(record)} 与第{j + 1}条记录的 {_period(other)} 重叠",
                    values={"other": j},
                )
                break
        seen.setdefault(key, []).append(i)
