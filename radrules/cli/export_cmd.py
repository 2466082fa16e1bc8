"""``radrules export KIND FILE... --out OUT.xlsx``: query results to Excel, streamed.

``device-tests`` writes one row per sample of every device-test report in the filings
(source 000 §5.1.2.1); ``cards`` one row per report card (§5.4.2). Inputs are filings as
.json (one) or .jsonl (one per line), read one at a time, so 100,000 rows never sit in
memory. A filing that cannot be read stops the export and no file is written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from radrules.cli.common import EXIT_OK, Progress, UsageError
from radrules.convert import filing_from_json, parse_json
from radrules.errors import InputError
from radrules.model.card import ReportCard
from radrules.model.device_test import DeviceTestReport
from radrules.model.filing import Filing

KINDS = ("device-tests", "cards")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "export",
        help="导出查询结果到 Excel / export query results to Excel",
        description="device-tests：医用辐射装置检测结果（每个样品一行）；cards：报送卡查询结果（每张报送卡一行）。"
        "输入为报送数据 .json（一份）或 .jsonl（每行一份）。",
    )
    p.add_argument("kind", choices=KINDS)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".json 或 .jsonl 文件")
    p.add_argument("--out", "-o", required=True, metavar="OUT.xlsx", help="输出文件")
    p.add_argument("--title", help="表格标题")
    p.set_defaults(handler=run)


def _filings(paths: list[Path]) -> Iterator[Filing]:
    for path in paths:
        if not path.is_file():
            raise InputError("文件不存在或不是普通文件 / no such file", source=str(path))
        if path.suffix != ".jsonl":
            try:
                yield filing_from_json(parse_json(path.read_bytes()))
            except InputError as exc:
                raise exc.with_source(str(path)) from None
            continue
        try:
            with path.open(encoding="utf-8") as handle:
                for number, line in enumerate(handle, 1):
                    if not line.strip():
                        continue
                    try:
                        yield filing_from_json(parse_json(line))
                    except InputError as exc:
                        raise exc.with_source(f"{path}:{number}") from None
        except UnicodeDecodeError:
            raise InputError("文件不是 UTF-8 编码的文本", source=str(path)) from None


def _cards(paths: list[Path]) -> Iterator[ReportCard]:
    for filing in _filings(paths):
        if filing.report_card is not None:
            yield filing.report_card


def _device_tests(paths: list[Path]) -> Iterator[DeviceTestReport]:
    for filing in _filings(paths):
        yield from filing.device_test_reports


def run(args: argparse.Namespace) -> int:
    from radrules.documents.exports import export_cards, export_device_tests

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"{out}: 输出文件扩展名须为 .xlsx")
    if not out.parent.is_dir():
        raise UsageError(f"{out.parent}: 输出目录不存在 / no such directory")
    progress = Progress(None, "导出中")
    try:
        options = {"title": args.title} if args.title else {}
        if args.kind == "cards":
            rows = export_cards(_cards(args.files), out, on_row=lambda _: progress.step(), **options)
        else:
            rows = export_device_tests(
                _device_tests(args.files), out, on_row=lambda _: progress.step(), **options
            )
    finally:
        progress.close()
    print(f"已导出 {rows} 行到 {out}", file=sys.stderr)
    return EXIT_OK
