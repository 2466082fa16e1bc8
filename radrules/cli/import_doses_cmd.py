"""``radrules import-doses FILE.xlsx``: check a filled-in dose template and import it.

Every row is checked with the rules a JSON filing of the same report meets; every problem
is listed with its spreadsheet row (the header is row 1), column and reason. Exit 0 when
clean (the report is written to ``--out`` if given), 1 when any row or field has an
error (nothing is written), 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from radrules.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, add_format, iso_date, print_json
from radrules.model.enums import ClientKind


def _kind(text: str) -> ClientKind:
    from radrules.documents.dose_sheet import KIND_LABELS

    if text in KIND_LABELS:
        return KIND_LABELS[text]
    if text in ClientKind._value2member_map_:
        return ClientKind(text)
    allowed = "、".join([*KIND_LABELS, *(k.value for k in ClientKind)])
    raise argparse.ArgumentTypeError(f"委托单位类型应为：{allowed}")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import-doses",
        help="导入个人剂量监测结果 Excel / import dose results from Excel",
        description=(
            "逐行校验并导入个人剂量监测结果（radrules template doses 生成的模板）。"
            "报告编号等报告信息取自“报告信息”工作表，命令行参数优先。"
            "无错误返回0；有错误返回1且不导入；文件无法读取返回2。"
        ),
    )
    p.add_argument("file", type=Path, metavar="FILE.xlsx")
    p.add_argument("--out", "-o", metavar="FILING.json", help="无错误时将导入的报告写为报送数据 JSON")
    p.add_argument("--as-of", type=iso_date, help="按此日期适用规则（YYYY-MM-DD，默认今天）")
    p.add_argument("--province", help="指定辖区（代码、英文名或中文名），不按委托单位地区推断")
    info = p.add_argument_group("报告信息（优先于“报告信息”工作表）")
    info.add_argument("--report-no", help="报告编号")
    info.add_argument("--report-date", type=iso_date, help="报告日期 YYYY-MM-DD")
    info.add_argument("--client-name", help="委托单位名称")
    info.add_argument("--client-uscc", help="委托单位统一社会信用代码")
    info.add_argument("--client-kind", type=_kind, help="委托单位类型（如 综合性医院 或 general_hospital）")
    info.add_argument("--client-division", help="委托单位所属地区代码（6位行政区划代码）")
    info.add_argument("--institution-uscc", help="检测机构统一社会信用代码")
    add_format(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from radrules.convert import unstructure
    from radrules.documents.dose_import import ImportProblem, ReportInfo, import_doses
    from radrules.documents.output import atomic_path
    from radrules.engine.registry import default_registry

    if args.province:
        default_registry().resolve(args.province)
    out = Path(args.out) if args.out else None
    if out is not None and not out.parent.is_dir():
        raise UsageError(f"{out.parent}: 输出目录不存在 / no such directory")
    info = ReportInfo(
        report_no=args.report_no,
        report_date=args.report_date,
        client_name=args.client_name,
        client_uscc=args.client_uscc,
        client_kind=args.client_kind,
        client_division=args.client_division,
        institution_uscc=args.institution_uscc,
    )
    result = import_doses(args.file, report=info, as_of=args.as_of, province=args.province)
    if result.report is not None and out is not None:
        with atomic_path(out) as temp, temp.open("w", encoding="utf-8") as handle:
            json.dump({"dose_reports": [unstructure(result.report)]}, handle, ensure_ascii=False)
    if args.format == "json":

        def rows(problems: tuple[ImportProblem, ...]) -> list[dict[str, Any]]:
            return [
                {
                    "sheet": p.sheet,
                    "row": p.row,
                    "column": p.column,
                    "reason": p.reason,
                    "value": p.value,
                    "rule": p.rule_id,
                }
                for p in problems
            ]

        print_json(
            {
                "file": str(args.file),
                "rows": result.rows,
                "imported": result.ok,
                "errors": rows(result.errors),
                "error_count": result.error_count,
                "warnings": rows(result.warnings),
                "warning_count": result.warning_count,
                "jurisdictions": list(result.check_result.jurisdictions) if result.check_result else [],
                "out": str(out) if out is not None and result.ok else None,
            }
        )
    else:
        for problem in result.errors:
            print(f"错误 {problem}")
        if result.error_count > len(result.errors):
            print(f"……另有 {result.error_count - len(result.errors)} 处错误未列出")
        for problem in result.warnings:
            print(f"警告 {problem}")
        if result.warning_count > len(result.warnings):
            print(f"……另有 {result.warning_count - len(result.warnings)} 处警告未列出")
        if result.ok:
            where = f"，已写入 {out}" if out is not None else ""
            print(f"{args.file}: 共 {result.rows} 行，校验通过{where}")
        else:
            print(f"{args.file}: 共 {result.rows} 行，{result.error_count} 处错误，未导入", file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_FINDINGS
