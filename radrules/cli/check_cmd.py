"""``radrules check``: check filings in bulk (.json: one filing; .jsonl: one per line)."""

from __future__ import annotations

import argparse
import json
import sys
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
from radrules.convert import filing_from_json, parse_json
from radrules.engine.check import CheckResult, check
from radrules.engine.findings import format_citations
from radrules.engine.registry import default_registry
from radrules.engine.serialize import result_json
from radrules.errors import InputError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "check",
        help="检查报送数据 / check filings",
        description="按服务地点所在省份及全国基线的规则检查报送数据。.json 文件为一份，.jsonl 文件每行一份。",
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=".json 或 .jsonl 文件；- 表示从标准输入读取 JSON Lines",
    )
    p.add_argument("--province", help="指定辖区（代码、英文名或中文名），不按服务地址推断")
    p.add_argument("--as-of", type=iso_date, help="按此日期适用规则（YYYY-MM-DD，默认今天）")
    p.add_argument("--quiet", "-q", action="store_true", help="只输出有问题的报送数据和汇总")
    add_format(p, extra=("jsonl",))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    registry = default_registry()
    if args.province:
        registry.resolve(args.province)  # an unknown province is a usage error before any work
    show_progress = sys.stderr.isatty() and (
        len(args.files) > 1 or any(f.endswith(".jsonl") or f == "-" for f in args.files)
    )
    progress = Progress(
        count_documents(args.files) if show_progress else None, "检查中", enabled=show_progress
    )
    worst = EXIT_OK
    checked = failing = unreadable = 0
    collected: list[dict[str, Any]] = []
    try:
        for source, payload in documents(args.files):
            progress.step()
            try:
                if isinstance(payload, InputError):
                    raise payload
                result = check(
                    filing_from_json(parse_json(payload)),
                    as_of=args.as_of,
                    province=args.province,
                    registry=registry,
                )
            except InputError as exc:
                unreadable += 1
                worst = EXIT_INPUT
                print(f"radrules: {exc.with_source(source)}", file=sys.stderr)
                continue
            checked += 1
            if not result.ok:
                failing += 1
                worst = max(worst, EXIT_FINDINGS)
            _emit(args, source, result, collected)
    finally:
        progress.close()
    if args.format == "json":
        print_json(
            {
                "checked": checked,
                "with_errors": failing,
                "unreadable": unreadable,
                "results": collected,
            }
        )
    elif args.format == "text" and (checked + unreadable > 1 or args.quiet):
        print(
            f"共检查 {checked} 份，{failing} 份有错误" + (f"，{unreadable} 份无法读取" if unreadable else "")
        )
    return worst


def _emit(
    args: argparse.Namespace, source: str, result: CheckResult, collected: list[dict[str, Any]]
) -> None:
    if args.format == "json":
        collected.append(result_json(result, source=source))
    elif args.format == "jsonl":
        sys.stdout.write(json.dumps(result_json(result, source=source), ensure_ascii=False) + "\n")
    elif result.findings or not args.quiet:
        print(format_result(source, result))


def format_result(source: str, result: CheckResult) -> str:
    chain = " → ".join(result.jurisdictions)
    versions = ", ".join(f"{k} {v}" for k, v in result.ruleset_versions.items())
    head = f"{source}: "
    if not result.findings:
        head += "未发现问题"
    else:
        head += f"{len(result.errors)} 个错误，{len(result.warnings)} 个警告"
    lines = [f"{head}（辖区 {chain}；规则集 {versions}；适用日期 {result.as_of.isoformat()}）"]
    for f in result.findings:
        basis = "；".join(format_citations(f.citations))
        lines.append(f"  {f.severity.label} {f.rule_id} {f.path}: {f.message}")
        lines.append(f"      依据：{basis}")
    return "\n".join(lines)
