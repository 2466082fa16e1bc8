"""``radrules schema``: print (or write) the JSON Schema of the filing format, of training data, or of a unit's register."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from radrules.cli.common import EXIT_OK, print_json
from radrules.schema import filing_schema, register_schema, training_schema


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("schema", help="输出报送数据的 JSON Schema / print the filing JSON Schema")
    p.add_argument("--out", type=Path, help="写入文件而不是标准输出")
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--register",
        action="store_true",
        help="放射诊疗机构登记信息（许可证、设备、放射工作人员）的 JSON Schema",
    )
    which.add_argument(
        "--training",
        action="store_true",
        help="培训管理数据（培训计划、报名、选班、成绩、证书）的 JSON Schema",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    schema = training_schema() if args.training else register_schema() if args.register else filing_schema()
    if args.out is None:
        print_json(schema)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return EXIT_OK
