"""``radrules summary``: a periodic summary of filings, as an Excel workbook or JSON.

The province's plugin builds the summary (hook ``radrules_summary``): Jilin's semiannual
institution report (``--period 2026H1``) and the provincial annual table (``--year 2026
--scope province``), source 003 五. Inputs are filings as ``.json`` (one) or ``.jsonl``
(one per line). Nothing is written unless every input can be read: the workbook is
written to a temporary file beside ``--out`` and moved into place at the end.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from radrules.answers import Summary
from radrules.cli.common import EXIT_OK, UsageError, add_format, print_json
from radrules.convert import filing_from_json, parse_json
from radrules.documents.tables import write_xlsx
from radrules.engine.findings import format_citations
from radrules.errors import InputError
from radrules.model.filing import Filing
from radrules.services.summaries import SCOPES, build_summary, summary_json, table_totals


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "summary",
        help="汇总报送数据 / build a periodic summary",
        description="按省份规定汇总技术服务报送数据，如吉林省的机构半年汇总（--period 2026H1）"
        "和全省年度汇总表（--year 2026 --scope province）。",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help=".json（一份）或 .jsonl（每行一份）报送数据")
    p.add_argument("--province", required=True, help="辖区（代码、英文名或中文名），如 jilin")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--period", help="汇总期间，如 2026H1、2026H2")
    when.add_argument("--year", type=int, help="年度，如 2026（等同 --period 2026）")
    p.add_argument(
        "--scope",
        choices=SCOPES,
        default="institution",
        help="institution：一个机构的汇总（默认）；province：全省汇总",
    )
    p.add_argument("--out", type=Path, metavar="SUMMARY.xlsx", help="写出 Excel 工作簿")
    add_format(p)
    p.set_defaults(handler=run)


def _lines(path: Path) -> Iterator[tuple[str, str]]:
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield f"{path}:{number}", line
    except UnicodeDecodeError:
        raise InputError("文件不是 UTF-8 编码的文本", source=str(path)) from None


def read_filings(names: list[str]) -> tuple[list[Filing], list[str]]:
    """Every filing in the inputs with its source label; the first unreadable one is an error."""
    filings: list[Filing] = []
    sources: list[str] = []
    for name in names:
        path = Path(name)
        if not path.is_file():
            raise InputError("文件不存在或不是普通文件 / no such file", source=name)
        items = _lines(path) if path.suffix == ".jsonl" else iter([(name, path.read_bytes())])
        for source, payload in items:
            try:
                filings.append(filing_from_json(parse_json(payload)))
            except InputError as exc:
                raise exc.with_source(source) from None
            sources.append(source)
    return filings, sources


def write_atomically(summary: Summary, out: Path) -> None:
    """Write the workbook to a temporary file in ``out``'s folder, then rename it into place."""
    folder = out.parent if str(out.parent) else Path()
    if not folder.is_dir():
        raise UsageError(f"{out}: 目录 {folder} 不存在")
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    temp = Path(name)
    try:
        write_xlsx(summary.tables, temp)
        mask = os.umask(0)
        os.umask(mask)
        temp.chmod(0o666 & ~mask)  # mkstemp makes the file private; the workbook is an ordinary file
        temp.replace(out)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    if args.out is not None and args.out.suffix.lower() != ".xlsx":
        raise UsageError(f"{args.out}: 输出文件应以 .xlsx 结尾")
    period = args.period if args.period is not None else str(args.year)
    filings, sources = read_filings(args.files)
    summary = build_summary(args.province, period=period, filings=filings, scope=args.scope)
    if args.out is not None:
        write_atomically(summary, args.out)
    if args.format == "json":
        data = summary_json(summary)
        for item in data["skipped"]:
            item["source"] = sources[item["index"]]
        if args.out is not None:
            data["out"] = str(args.out)
        print_json(data)
    else:
        print(format_summary(summary, sources, args.out))
    return EXIT_OK


def format_summary(summary: Summary, sources: list[str], out: Path | None) -> str:
    lines = [summary.title]
    if summary.deadline is not None and summary.deadline.due is not None:
        lines.append(f"报送截止日期：{summary.deadline.due.isoformat()}")
    lines.append(f"纳入汇总：{summary.included} 份；未纳入：{len(summary.skipped)} 份")
    for skipped in summary.skipped:
        lines.append(f"  未纳入 {sources[skipped.index]}：{skipped.reason}")
    for table in summary.tables:
        if not table.totals:
            continue
        totals = table_totals(table)
        shown = "，".join(f"{c.header} {totals[i]}" for i, c in enumerate(table.columns) if i in table.totals)
        lines.append(f"{table.sheet} 合计：{shown}")
    if out is not None:
        lines.append(f"已写出：{out}")
    if summary.basis:
        lines.append("依据：" + "；".join(format_citations(summary.basis)))
    return "\n".join(lines)
