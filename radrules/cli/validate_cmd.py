"""``radrules validate KIND VALUE``: check one identifier, contact value or password."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date

from radrules.cli.common import EXIT_FINDINGS, EXIT_OK, add_format, iso_date, print_json
from radrules.identifiers import (
    InvalidValue,
    division_name,
    validate_division_code,
    validate_email,
    validate_id_number,
    validate_landline,
    validate_mobile,
    validate_password,
    validate_postcode,
    validate_uscc,
)
from radrules.services.qc_codes import validate_qc_code


def _validators(as_of: date | None) -> dict[str, Callable[[str], str]]:
    today = as_of or date.today()
    return {
        "id-number": lambda v: validate_id_number(v, as_of=today),
        "uscc": validate_uscc,
        "mobile": validate_mobile,
        "landline": validate_landline,
        "postcode": validate_postcode,
        "email": validate_email,
        "password": validate_password,
        # The code must exist on --as-of (the report's date); without it, in the latest list.
        "division-code": lambda v: validate_division_code(v, on=as_of),
        "division": lambda v: validate_division_code(v, on=as_of),
        # Format and check character under the issuing jurisdiction's ruleset (docs/qc-codes.md).
        "qc-code": lambda v: validate_qc_code(v, as_of=today).code,
    }


KINDS = tuple(_validators(None))


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "validate",
        help="校验证件号码等 / validate one value",
        description="校验一个值，有效返回0，无效返回1并说明原因。",
    )
    p.add_argument("kind", choices=KINDS, metavar="{" + "|".join(KINDS) + "}")
    p.add_argument("value", metavar="VALUE")
    p.add_argument(
        "--as-of",
        type=iso_date,
        help="身份证号：出生日期不得晚于此日期（默认今天）；行政区划代码：须在此日期存在（默认最新列表）",
    )
    add_format(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    validate = _validators(args.as_of)[args.kind]
    try:
        canonical = validate(args.value)
    except InvalidValue as exc:
        if args.format == "json":
            print_json({"kind": args.kind, "valid": False, "reason": exc.reason})
        else:
            print(f"无效：{exc.reason}")
        return EXIT_FINDINGS
    name = division_name(canonical, on=args.as_of) if args.kind in ("division", "division-code") else None
    if args.format == "json":
        shown = None if args.kind == "password" else canonical
        print_json({"kind": args.kind, "valid": True, "value": shown, **({"name": name} if name else {})})
    else:
        print("有效" if args.kind == "password" else f"有效：{canonical}{' ' + name if name else ''}")
    return EXIT_OK
