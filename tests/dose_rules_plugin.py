"""A test-only province plugin with dose-report rules, to show the import runs whatever rules apply.

Jurisdiction 33 (Zhejiang, where the test client is) gets rules of the shapes real provinces
use: an error on a record field, an error that names another record by position, an error
on the report, and a warning. The first three replace the national dose rules they mirror
(``overrides``), so each case here is about exactly one rule.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from radrules import Citation, DoseReport, Finding, Jurisdiction, Rule, RuleBook, RuleContext, hookimpl

book = RuleBook("33")
CITE = [Citation(document="测试文件〔2026〕1号", article="第一条")]


@book.rule(
    "TEST.dose.non-negative",
    title="剂量不能为负",
    applies_to=DoseReport,
    cites=CITE,
    overrides="NAT.dose.values",
)
def non_negative(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    for i, record in enumerate(report.records):
        if record.hp10 < 0:
            yield ctx.finding(f"records[{i}].hp10", f"Hp(10) 为 {record.hp10}，不能为负数")


@book.rule(
    "TEST.dose.order", title="结束不早于开始", applies_to=DoseReport, cites=CITE, overrides="NAT.dose.dates"
)
def order(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    for i, record in enumerate(report.records):
        if record.period_end < record.period_start:
            yield ctx.finding(f"records[{i}].period_end", "监测结束日期早于开始日期")


@book.rule(
    "TEST.dose.overlap",
    title="周期不重叠",
    applies_to=DoseReport,
    cites=CITE,
    overrides="NAT.dose.record-overlap",
)
def overlap(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    seen: dict[str, list[int]] = {}
    for i, record in enumerate(report.records):
        for j in seen.get(record.worker.id_number, []):
            other = report.records[j]
            if record.period_start <= other.period_end and other.period_start <= record.period_end:
                yield ctx.finding(f"records[{i}].period_start", f"与第{j + 1}条记录的监测周期重叠")
        seen.setdefault(record.worker.id_number, []).append(i)


@book.rule("TEST.dose.id-length", title="身份证号18位", applies_to=DoseReport, cites=CITE)
def id_length(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    for i, record in enumerate(report.records):
        if len(record.worker.id_number) != 18:
            yield ctx.finding(f"records[{i}].worker.id_number", "身份证号长度不对")


@book.rule("TEST.dose.report-no", title="报告编号前缀", applies_to=DoseReport, cites=CITE)
def report_no(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    if not report.report_no.startswith("ZJ"):
        yield ctx.finding("report_no", "报告编号应以 ZJ 开头")


@book.rule("TEST.dose.high", title="剂量偏高", applies_to=DoseReport, cites=CITE, severity="warning")
def high(report: DoseReport, ctx: RuleContext) -> Iterator[Finding]:
    for i, record in enumerate(report.records):
        if record.hp10 > 1.25:
            yield ctx.finding(f"records[{i}].hp10", "单周期剂量超过 1.25 mSv，请核实")


@hookimpl
def radrules_jurisdictions() -> Sequence[Jurisdiction]:
    return [Jurisdiction(code="33", slug="test-zhejiang", name="测试浙江")]


@hookimpl
def radrules_rules() -> Sequence[Rule]:
    return book.rules
