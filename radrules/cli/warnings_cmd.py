"""``radrules warnings``: the graded warnings of radiation units' registers (.json: one
register; .jsonl: one per line), and ``radrules warning-rules``: the catalogue of warning rules.

Exit codes as for ``check``: 0 when no warning is ``medium`` or ``high``, 1 when one is,
2 when an input cannot be read (with the one-line reason on stderr). Text output masks
ID numbers; JSON output does not (it is for systems entitled to the register).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from radrules.cli.common import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    Progress,
    add_format,
    count_documents,
    documents,
    iso_date,
    print_json,
)
from radrules.convert import parse_json, unstructure
from radrules.engine.findings import format_citations
from radrules.engine.registry import default_registry
from radrules.errors import InputError
from radrules.identifiers.division import describe_division
from radrules.identifiers.id_number import mask_id_number
from radrules.supervision import catalogue
from radrules.supervision.evaluate import warnings
from radrules.supervision.policy import WarningLevel
from radrules.supervision.serialize import warning_json
from radrules.supervision.warning import RegisterWarning, WarningReport, summarize

#: The largest register read (bytes of JSON): 10,000 workers with full archives fit well below.
MAX_REGISTER_BYTES = 64 * 1024 * 1024


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "warnings",
        help="放射诊疗机构登记信息的分级分类预警 / graded warnings of a unit's register",
        description="按机构所在省份及全国基线的预警规则评估放射诊疗机构的登记信息（许可证、设备、放射工作人员）。"
        ".json 文件为一份，.jsonl 文件每行一份。",
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE", help=".json 或 .jsonl 文件；- 表示从标准输入读取 JSON Lines"
    )
    p.add_argument("--as-of", type=iso_date, required=True, help="按此日期评估（YYYY-MM-DD）")
    p.add_argument("--quiet", "-q", action="store_true", help="只输出有预警的登记和汇总")
    add_format(p)
    p.set_defaults(handler=run)

    r = sub.add_parser(
        "warning-rules",
        help="列出预警规则及其等级、类别和通知对象 / list warning rules",
        description="列出已加载插件的全部预警规则，及规则集中的等级、类别、通知对象和出处。",
    )
    add_format(r, extra=("markdown",))
    r.set_defaults(handler=run_rules)


def run(args: argparse.Namespace) -> int:
    registry = default_registry()
    show_progress = sys.stderr.isatty() and (
        len(args.files) > 1 or any(f.endswith(".jsonl") or f == "-" for f in args.files)
    )
    progress = Progress(
        count_documents(args.files) if show_progress else None, "评估中", enabled=show_progress
    )
    worst = EXIT_OK
    evaluated = actionable = unreadable = 0
    collected: list[dict[str, Any]] = []
    everything: list[RegisterWarning] = []
    try:
        for source, payload in documents(args.files, max_bytes=MAX_REGISTER_BYTES):
            progress.step()
            try:
                if isinstance(payload, InputError):
                    raise payload
                report = warnings(parse_json(payload), as_of=args.as_of, registry=registry)
            except InputError as exc:
                unreadable += 1
                worst = EXIT_INPUT
                print(f"radrules: {exc.with_source(source)}", file=sys.stderr)
                continue
            evaluated += 1
            everything.extend(report.warnings)
            if report.actionable:
                actionable += 1
                worst = max(worst, EXIT_FINDINGS)
            if args.format == "json":
                collected.extend({**warning_json(w, report), "source": source} for w in report.warnings)
            elif report.warnings or not args.quiet:
                print(format_report(source, report))
    finally:
        progress.close()
    if args.format == "json":
        summary = {"registers": evaluated, "actionable": actionable, "unreadable": unreadable}
        print_json(
            {
                "as_of": args.as_of.isoformat(),
                "warnings": collected,
                "summary": summary | summarize(everything),
            }
        )
    elif evaluated + unreadable > 1 or args.quiet:
        print(
            f"共评估 {evaluated} 份登记，{actionable} 份有预警或严重预警"
            + (f"，{unreadable} 份无法读取" if unreadable else "")
        )
    return worst


def _counts(report: WarningReport) -> str:
    by_level = report.summary()["by_level"]
    gravest_first = sorted(WarningLevel, key=lambda level: level.rank)
    return "，".join(f"{report.label(level)} {by_level[level.value]}" for level in gravest_first)


def format_report(source: str, report: WarningReport) -> str:
    unit = report.unit
    chain = " → ".join(report.jurisdictions)
    versions = ", ".join(f"{k} {v}" for k, v in report.ruleset_versions.items())
    context = f"（辖区 {chain}；规则集 {versions}；评估日期 {report.as_of.isoformat()}）"
    head = f"{source}: {unit.name}（{unit.uscc}）"
    if not report.warnings:
        return f"{head} 无预警{context}"
    lines = [f"{head} {len(report.warnings)} 条：{_counts(report)}{context}"]
    for w in report.warnings:
        subject = w.subject
        shown = mask_id_number(subject.id) if subject.kind == "worker" else subject.id
        lines.append(f"  {w.level_label} {w.rule_id} {subject.name}（{shown}） {w.path}")
        lines.append(f"      {w.message}")
        lines.append(f"      依据：{'；'.join(format_citations(w.citations))}")
        told = "、".join(["本单位", *(describe_division(code, on=report.as_of) for code in w.notify)])
        lines.append(f"      通知：{told}" + (f"    到期日：{w.due.isoformat()}" if w.due else ""))
    return "\n".join(lines)


def run_rules(args: argparse.Namespace) -> int:
    registry = default_registry()
    infos = catalogue.catalogue(registry)
    if args.format == "markdown":
        print(catalogue.markdown(registry))
    elif args.format == "json":
        print_json([_rule_json(i) for i in infos])
    else:
        for i in infos:
            lead = f" 提前{i.lead_days}天" if i.lead_days is not None else ""
            print(f"{i.rule.id:44s} {i.level_label}{lead} {i.grade.category.value:8s} {i.rule.title}")
    return EXIT_OK


def _rule_json(info: catalogue.WarningRuleInfo) -> dict[str, Any]:
    rule = info.rule
    return {
        "id": rule.id,
        "jurisdiction": rule.jurisdiction,
        "title": rule.title,
        "applies_to": rule.applies_to.__name__,
        "level": info.grade.level.value,
        "level_label": info.level_label,
        "category": info.grade.category.value,
        "recipients": [a.value for a in info.recipients],
        "lead_days": info.lead_days,
        "graded_as_of": info.as_of.isoformat(),
        "valid_from": _day(rule.valid_from),
        "valid_to": _day(rule.valid_to),
        "citations": unstructure(rule.citations),
        "parameters": list(rule.parameters),
    }


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None
