"""``radrules template doses --out FILE.xlsx``: write an Excel import template.

The dose template is the platform's 导入模板下载 (source 000 §5.2.2.2): a data sheet with
the header row the import reads, a sheet explaining each column, and a sheet for the
report's own fields.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from radrules.cli.common import EXIT_OK, UsageError

KINDS = ("doses",)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "template",
        help="生成 Excel 导入模板 / write an Excel import template",
        description="生成导入模板。doses：个人剂量监测结果导入模板（第1个工作表为表头，第2个为填写说明，第3个为报告信息）。",
    )
    p.add_argument("kind", choices=KINDS, help="模板类型：doses 个人剂量监测结果")
    p.add_argument("--out", "-o", required=True, metavar="FILE.xlsx", help="输出文件")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from radrules.documents.dose_template import write_dose_template

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"{out}: 输出文件扩展名须为 .xlsx")
    if not out.parent.is_dir():
        raise UsageError(f"{out.parent}: 输出目录不存在 / no such directory")
    write_dose_template(out)
    print(f"已生成 {out}", file=sys.stderr)
    return EXIT_OK
