"""Jiangsu rules on personal dose monitoring reports (个人剂量监测填报, source 000 §5.2).

A worker can be selected only when the client has assigned this institution to monitor
them and the monitoring period lies within that assignment (§5.2.2.2 3, “放射工作人员姓名
前方选择框无法选择时……”). The rules every dose report meets wherever it is filed — dates,
the 90-day period, non-negative doses — are the national baseline's (``NAT.dose.*``).
"""

from __future__ import annotations

from collections.abc import Iterator

from radrules import DoseRecord, DoseReport, Finding, RuleContext

from .book import book
from .citations import manual

_ENTRY = manual("§5.2.2.2 3、检测信息填写说明")


def _who(record: DoseRecord) -> str:
    return f"{record.worker.name}（{record.worker.id_number}）"


def _monitoring_period(record: DoseRecord) -> str:
    return f"{record.period_start.isoformat()}~{record.period_end.isoformat()}"


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
                f"{_who(record)} 的监测周期 {_monitoring_period(record)} 不在委托单位维护的监测时间范围（{spans}）内",
                values={
                    "period_start": record.period_start.isoformat(),
                    "period_end": record.period_end.isoformat(),
                },
            )
