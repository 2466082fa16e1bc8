"""``radrules check``: check filings in bulk (.json: one filing; .jsonl: one per line).

The output formats are in :mod:`radrules.cli.check_output`; ``--jobs`` runs the checks on
several processes (:mod:`radrules.cli.check_parallel`).
"""

from __future__ import annotations

import argparse
import sys

from radrules.cli.check_output import Options, Outcome
from radrules.cli.check_parallel import check_one, default_jobs, run_parallel
from radrules.cli.common import (
    Progress,
    add_format,
    count_documents,
    documents,
    iso_date,
    print_json,
)
from radrules.engine.registry import default_registry


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
    p.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=0,
        metavar="N",
        help="并行检查的进程数（默认：本机可用的核数；1 表示在本进程内逐份检查）",
    )
    add_format(p, extra=("jsonl",))
    p.set_defaults(handler=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 256:
        raise argparse.ArgumentTypeError(f"进程数应为 1–256 的整数，实际为 {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    registry = default_registry()
    if args.province:
        registry.resolve(args.province)  # an unknown province is a usage error before any work
    jobs = args.jobs or default_jobs()
    show_progress = sys.stderr.isatty() and (
        len(args.files) > 1 or any(f.endswith(".jsonl") or f == "-" for f in args.files)
    )
    progress = Progress(
        count_documents(args.files) if show_progress else None, "检查中", enabled=show_progress
    )
    options = Options(args.as_of, args.province, args.format, args.quiet)
    total = Outcome()
    try:
        if jobs > 1:
            total = run_parallel(options, args.files, jobs, progress)
        else:
            for source, payload in documents(args.files):
                progress.step()
                out = Outcome()
                check_one(options, registry, source, payload, out)
                if out.stderr:
                    sys.stderr.write("".join(out.stderr))
                if out.stdout:
                    sys.stdout.write("".join(out.stdout))
                total.add(out)
    finally:
        progress.close()
    checked, failing, unreadable = total.checked, total.failing, total.unreadable
    if args.format == "json":
        print_json(
            {
                "checked": checked,
                "with_errors": failing,
                "unreadable": unreadable,
                "results": total.collected,
            }
        )
    elif args.format == "text" and (checked + unreadable > 1 or args.quiet):
        print(
            f"共检查 {checked} 份，{failing} 份有错误" + (f"，{unreadable} 份无法读取" if unreadable else "")
        )
    return total.worst
