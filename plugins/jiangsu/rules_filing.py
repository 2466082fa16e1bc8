"""Jiangsu rule across reports: report numbers are unique within the institution.

Source 000 §5.1.2.2 3 and §5.2.2.2 3: “报告编号：手动输入，必填，报告编号不允许重复，本单位的检测
报告编号”. Checked among the reports of one filing; storage enforces it across filings.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from radrules import DeviceTestReport, DoseReport, Filing, Finding, RuleContext

from .book import book
from .citations import manual


def _duplicates(
    ctx: RuleContext, key: str, label: str, reports: Sequence[DeviceTestReport | DoseReport]
) -> Iterator[Finding]:
    first: dict[tuple[str, str], int] = {}
    for i, report in enumerate(reports):
        number = (report.institution_uscc.strip().upper(), report.report_no.strip())
        if not number[1]:
            continue
        if number in first:
            yield ctx.finding(
                f"{key}[{i}].report_no",
                f"{label}报告编号 {report.report_no} 与第{first[number] + 1}份{label}报告重复：本单位的报告编号不允许重复",
                values={"report_no": report.report_no, "first": first[number]},
            )
        else:
            first[number] = i


@book.rule(
    "JS.reports.number-unique",
    title="本单位的检测报告编号不允许重复",
    applies_to=Filing,
    cites=[manual("§5.1.2.2 3、报告编号"), manual("§5.2.2.2 3、报告编号")],
)
def number_unique(filing: Filing, ctx: RuleContext) -> Iterator[Finding]:
    """No two device-test reports, and no two dose reports, of one institution share a number."""
    yield from _duplicates(ctx, "device_test_reports", "医用辐射装置检测", filing.device_test_reports)
    yield from _duplicates(ctx, "dose_reports", "个人剂量监测", filing.dose_reports)
