"""``radrules validate KIND VALUE``: check one identifier, contact value or password."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date

from radrules.cli.common import EXIT_FINDINGS, EXIT_OK, add_format, iso_date, print_json
from radrules.identifiers import (
    InvalidValue,
    validate_division_code,
    validate_email,
    validate_id_number,
    validate_landline,
    validate_mobile,
    validate_password,
    validate_postcode,
    validate_uscc,
)
from radrules.qc_codes import validate_qc_code


def _validators(as_of: date) -> dict[str, Callable[[str], str]]:
    return {
        "id-number": lambda v: validate_id_number(v, as_of=as_of),
        "uscc": validate_uscc,
        "mobile": validate_mobile,
        "landline": validate_landline,
        "postcode": validate_postcode,
        "email": validate_email,
        "password": validate_password,
        "division-code": validate_division_code,
        # Format and check character under the issuing jurisdiction's ruleset (docs/qc-codes.md).
        "qc-code": lambda v: validate_qc_code(v, as_of=as_of).code,
    }


KINDS = tuple(_validators(date.today()))


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "validate",
        help="校验证件号码等 / validate one value",
        description="校验一个值，有效返回0，无效返回1并说明原因。",
    )
    p.add_argument("kind", choices=KINDS, metavar="{" + "|".join(KINDS) + "}")
    p.add_argument("value", metavar="VALUE")
    p.add_argument("--as-of", type=iso_date, help="身份证号：出生日期不得晚于此日期（默认今天）")
    add_format(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    validate = _validators(args.as_of or date.today())[args.kind]
    try:
        canonical = validate(args.value)
    except InvalidValue as exc:
        if args.format == "json":
            print_json({"kind": args.kind, "valid": False, "reason": exc.reason})
        else:
            print(f"无效：{exc.reason}")
        return EXIT_FINDINGS
    if args.format == "json":
        shown = None if args.kind == "password" else canonical
        print_json({"kind": args.kind, "valid": True, "value": shown})
    else:
        print("有效" if args.kind == "password" else f"有效：{canonical}")
    return EXIT_OK
