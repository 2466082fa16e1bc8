"""National rules on personal dose monitoring reports (个人剂量监测报告): one record per worker and period.

What every province's platform asks of a dose report (source 000 §5.2.2.2: report number,
client and report date required; one result per radiation worker and monitoring period)
and what makes a record a record under GBZ 128-2019: a worker identified by a valid ID
number, a monitoring period that ends after it starts, a dose that is not negative, and no
two results for the same worker over the same days. Province rules (the Jiangsu 90-day
period limit, say) come on top of these. The spreadsheet import runs exactly these rules,
so a file and a JSON filing are judged alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from radrules import (
    DoseReport,
    Finding,
    InvalidValue,
    RuleContext,
    validate_id_number,
    validate_uscc,
)

from .book import book
from .citations import GB_11643, GB_32100, GBZ_128, manual

_ENTRY = manual("§5.2.2.2 结果录入")


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


@book.rule(
    "NAT.dose.report.required",
    title="个人剂量监测报告须有报告编号和监测结果",
    applies_to=DoseReport,
    cites=[_ENTRY],
)
def report_required(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """The report number and the client's name are filled in, and the report holds at least one result."""
    if _blank(report.report_no):
        yield ctx.finding("report_no", "报告编号为必填项")
    if _blank(report.client.name):
        yield ctx.finding("client.name", "委托单位名称为必填项")
    if not report.records:
        yield ctx.finding("records", "报告中没有个人剂量监测结果")


@book.rule(
    "NAT.dose.report.uscc",
    title="委托单位与检测机构的统一社会信用代码有效",
    applies_to=DoseReport,
    cites=[GB_32100, _ENTRY],
)
def report_uscc(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """The client's and the institution's credit codes pass GB 32100."""
    for path, label, value in (
        ("client.uscc", "委托单位统一社会信用代码", report.client.uscc),
        ("institution_uscc", "检测机构统一社会信用代码", report.institution_uscc),
    ):
        if _blank(value):
            yield ctx.finding(path, f"{label}为必填项")
            continue
        try:
            validate_uscc(value)
        except InvalidValue as exc:
            yield ctx.finding(path, f"{label}：{exc.reason}", values={"value": value})


@book.rule(
    "NAT.dose.report.date-not-future",
    title="报告日期不能晚于当前日期",
    applies_to=DoseReport,
    cites=[manual("§5.2.2.1 报告日期“最大只能选择到当前日期”")],
)
def report_date_not_future(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """The report date is not after the as-of date of the check."""
    if report.report_date > ctx.as_of:
        yield ctx.finding(
            "report_date",
            f"报告日期 {report.report_date.isoformat()} 晚于 {ctx.as_of.isoformat()}",
            values={"report_date": report.report_date.isoformat(), "as_of": ctx.as_of.isoformat()},
        )


@book.rule(
    "NAT.dose.worker.identity",
    title="放射工作人员须有姓名和有效的身份证号",
    applies_to=DoseReport,
    cites=[GB_11643, manual("§5.2.2.1 工作人员、身份证")],
)
def worker_identity(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """Each record names its worker and carries a GB 11643 ID number of someone already born."""
    for i, record in enumerate(report.records):
        worker = record.worker
        if _blank(worker.name):
            yield ctx.finding(f"records[{i}].worker.name", "姓名为必填项")
        if _blank(worker.id_number):
            yield ctx.finding(f"records[{i}].worker.id_number", "身份证号为必填项")
            continue
        try:
            validate_id_number(worker.id_number, as_of=ctx.as_of)
        except InvalidValue as exc:
            yield ctx.finding(
                f"records[{i}].worker.id_number", exc.reason, values={"value": worker.id_number}
            )


@book.rule(
    "NAT.dose.period.order",
    title="监测周期的结束日期不能早于开始日期，且不晚于报告日期",
    applies_to=DoseReport,
    cites=[GBZ_128, _ENTRY],
)
def period_order(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """A monitoring period ends on or after its start, and before the report that states its dose."""
    for i, record in enumerate(report.records):
        start, end = record.period_start, record.period_end
        if end < start:
            yield ctx.finding(
                f"records[{i}].period_end",
                f"监测结束日期 {end.isoformat()} 早于监测开始日期 {start.isoformat()}",
                values={"period_start": start.isoformat(), "period_end": end.isoformat()},
            )
        elif end > report.report_date:
            yield ctx.finding(
                f"records[{i}].period_end",
                f"监测结束日期 {end.isoformat()} 晚于报告日期 {report.report_date.isoformat()}",
                values={"period_end": end.isoformat(), "report_date": report.report_date.isoformat()},
            )


@book.rule(
    "NAT.dose.value.non-negative",
    title="个人剂量当量不能为负数",
    applies_to=DoseReport,
    cites=[GBZ_128],
)
def dose_non_negative(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """Hp(10) and, where given, Hp(0.07) are zero or more (a result below the detection limit is recorded, not negative)."""
    for i, record in enumerate(report.records):
        if record.hp10 < 0:
            yield ctx.finding(
                f"records[{i}].hp10", f"Hp(10) 为 {record.hp10}，不能为负数", values={"hp10": record.hp10}
            )
        if record.hp007 is not None and record.hp007 < 0:
            yield ctx.finding(
                f"records[{i}].hp007",
                f"Hp(0.07) 为 {record.hp007}，不能为负数",
                values={"hp007": record.hp007},
            )


@book.rule(
    "NAT.dose.records.no-overlap",
    title="同一人员的监测周期不能重叠",
    applies_to=DoseReport,
    cites=[GBZ_128, _ENTRY],
)
def no_overlap(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    """One worker has one result per day of monitoring: two records of one ID number must not share a day."""
    by_worker: dict[str, list[tuple[date, date, int]]] = {}
    for i, record in enumerate(report.records):
        key = record.worker.id_number.strip().upper()
        if key and record.period_start <= record.period_end:
            by_worker.setdefault(key, []).append((record.period_start, record.period_end, i))
    for periods in by_worker.values():
        if len(periods) < 2:
            continue
        periods.sort()
        latest_end, latest_index = periods[0][1], periods[0][2]
        for start, end, index in periods[1:]:
            if start <= latest_end:
                other = report.records[latest_index]
                yield ctx.finding(
                    f"records[{index}].period_start",
                    f"与第{latest_index + 1}条记录（{other.period_start.isoformat()} 至 "
                    f"{other.period_end.isoformat()}）的监测周期重叠",
                    values={"other_record": latest_index},
                )
            if end > latest_end:
                latest_end, latest_index = end, index
