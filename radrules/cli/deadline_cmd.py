"""``radrules deadline``: when a card or a periodic summary is due in a province.

``--issued DATE [--filed DATE]`` asks for the filing deadline of a card whose report was
issued on DATE (Fujian: 15 working days, source 004 第五条); ``--period 2026H1`` for the due
date of a periodic summary (Jilin: 10 July and 10 January, source 003 五). The answer
comes from the province's plugin through the deadline hooks. Exit codes: 0 on time or no
filing date given; 1 filed late; 2 bad input, no such deadline, or a year with no
working-day calendar (the message names the year).
"""

from __future__ import annotations

import argparse

from radrules.answers import PeriodDeadline
from radrules.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, add_format, iso_date, print_json
from radrules.engine.findings import Citation, format_citations
from radrules.services.deadlines import FilingDeadline, filing_deadline, period_deadline
from radrules.workdays import default_calendar


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "deadline",
        help="计算报送期限 / filing and summary deadlines",
        description="计算报送卡的报送截止日期（--issued，可加 --filed 判断是否逾期），或定期汇总的报送截止日期（--period）。"
        "退出码：0 按时或未给出报送日期；1 逾期；2 输入错误、无此期限或缺少所需年份的节假日数据。",
    )
    p.add_argument("--province", required=True, help="辖区（代码、英文名或中文名），如 fujian、35、福建")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--issued", type=iso_date, metavar="DATE", help="出具技术服务报告的日期（YYYY-MM-DD）")
    what.add_argument("--period", metavar="PERIOD", help="汇总期间：2026H1、2026H2、2026（年度）")
    p.add_argument(
        "--filed", type=iso_date, metavar="DATE", help="实际报送日期（YYYY-MM-DD），与 --issued 同用"
    )
    add_format(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.filed is not None and args.issued is None:
        raise UsageError("--filed 只能与 --issued 同用")
    if args.issued is not None:
        result = filing_deadline(args.province, args.issued, filed_on=args.filed)
        if args.format == "json":
            print_json(result.to_json())
        else:
            print(format_filing(result))
        return EXIT_FINDINGS if result.on_time is False else EXIT_OK
    period = period_deadline(args.province, args.period)
    if args.format == "json":
        print_json(period.to_json())
    else:
        print(format_period(period))
    return EXIT_OK


def _basis(basis: tuple[Citation, ...]) -> list[str]:
    return [f"  - {text}" for text in format_citations(basis)]


def format_filing(result: FilingDeadline) -> str:
    calendar = default_calendar()
    lines = [f"出具报告日期：{calendar.describe(result.issued_on)}"]
    if result.due is None:
        lines.append("报送截止日期：无（不要求报送）")
    else:
        counted = f"（出具报告后第 {result.working_days} 个工作日）" if result.working_days else ""
        lines.append(f"报送截止日期：{calendar.describe(result.due)}{counted}")
    if result.filed_on is not None:
        verdict = "按时" if result.on_time else f"逾期 {result.late_working_days} 个工作日"
        lines.append(f"实际报送日期：{calendar.describe(result.filed_on)}，{verdict}")
    if result.note:
        lines.append(f"说明：{result.note}")
    lines.append("依据：")
    lines += _basis(result.basis)
    return "\n".join(lines)


def format_period(result: PeriodDeadline) -> str:
    p = result.period
    lines = [
        f"汇总期间：{p.label}（{p.start.isoformat()} 至 {p.end.isoformat()}）",
        f"报送截止日期：{result.due.isoformat() if result.due else '无'}",
    ]
    if result.note:
        lines.append(f"说明：{result.note}")
    lines.append("依据：")
    lines += _basis(result.basis)
    return "\n".join(lines)
