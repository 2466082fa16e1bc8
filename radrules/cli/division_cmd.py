"""``radrules division [CODE]``: name an administrative division and list what lies under it.

The same dated table the rules check codes against (GB/T 2260, the civil-affairs ministry's
yearly lists; townships from the 2023 统计用区划代码), so a picker built on this output and
the checks agree.
"""

from __future__ import annotations

import argparse

from radrules.cli.common import EXIT_FINDINGS, EXIT_OK, add_format, iso_date, print_json
from radrules.identifiers.division import division_children, division_info, lookup_division


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "division",
        help="行政区划：名称与下级 / name a division code and list its children",
        description="显示行政区划代码的名称及其下级区划；不给代码时列出省级行政区。",
    )
    p.add_argument("code", nargs="?", metavar="CODE", help="6位（区县及以上）或9位（乡镇街道）代码")
    p.add_argument("--on", type=iso_date, help="按此日期的区划（默认最新列表），如 2012-06-30")
    add_format(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    info = division_info()
    code = args.code.strip() if args.code else None
    found = lookup_division(code, on=args.on) if code else None
    if code and found is None:
        when = f"{args.on.isoformat()} " if args.on else "最新列表中"
        reason = f"{when}没有行政区划代码 {code}（民政部{info.first_list}–{info.last_list}年列表）"
        if args.format == "json":
            print_json({"code": code, "found": False, "reason": reason})
        else:
            print(f"无效：{reason}")
        return EXIT_FINDINGS
    children = division_children(code, on=args.on)
    if args.format == "json":
        print_json(
            {
                "code": code,
                "found": True,
                "name": found.full_name if found else None,
                "level": found.level if found else None,
                "children": [{"code": d.code, "name": d.name, "level": d.level} for d in children],
                "data": {
                    "lists": [info.first_list, info.last_list],
                    "townships_as_of": info.townships_as_of,
                },
            }
        )
        return EXIT_OK
    if found is not None:
        print(f"{found.full_name}（{found.code}）")
    for d in children:
        print(f"{d.code}\t{d.name}")
    if not children:
        county = found is not None and found.level == "county"
        print(f"（{info.townships_as_of} 的统计用区划代码中无其乡镇街道）" if county else "（无下级区划）")
    return EXIT_OK
