"""``radrules qr CARD.json --out QR.png``: the QC QR code of a card (source 000 §5.3.4 第八步).

CARD.json is a filing (``{"report_card": …}``) or a bare report card, which must already
have its QC code. The PNG encodes the card's signed verification address, from the
jurisdiction's ruleset (``--base-url`` for a deployment's own page); the signing secret
comes from ``RADRULES_QC_SECRET``. The address is printed; the file is written whole or
not at all. ``radrules qr --verify URL`` checks a scanned address instead.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from radrules.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, add_format, iso_date, print_json
from radrules.convert import parse_json, structure
from radrules.engine.check import as_filing
from radrules.engine.registry import default_registry
from radrules.errors import InputError, InvalidValue, QcSignatureError
from radrules.model.card import ReportCard
from radrules.qc import qr_png, secret_from_env
from radrules.services.qc_codes import card_verification_url, verify_qc_url


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "qr",
        help="生成质控二维码 / draw a card's QC QR code",
        description="按报送卡的质控编号生成质控二维码PNG（内容为带签名的核验地址），或用 --verify 核验扫描得到的地址。"
        "签名密钥取自环境变量 RADRULES_QC_SECRET。",
    )
    p.add_argument(
        "card", nargs="?", metavar="CARD.json", help="报送数据（含 report_card）或报送卡 JSON 文件"
    )
    p.add_argument("--out", "-o", metavar="QR.png", help="输出的 PNG 文件")
    p.add_argument("--verify", metavar="URL", help="核验一个二维码地址（签名与质控编号格式）")
    p.add_argument("--as-of", type=iso_date, help="按此日期取规则集参数（YYYY-MM-DD，默认今天）")
    p.add_argument("--province", help="指定辖区（代码、英文名或中文名），不按服务地址推断")
    p.add_argument("--base-url", help="核验页面地址，替代规则集中的地址")
    p.add_argument("--box-size", type=int, default=8, help="每个模块的像素数（默认8）")
    add_format(p)
    p.set_defaults(handler=run)


def _card(path: str) -> ReportCard:
    file = Path(path)
    if not file.is_file():
        raise InputError("文件不存在或不是普通文件 / no such file", source=path)
    try:
        data: Any = parse_json(file.read_bytes())
        if isinstance(data, dict) and "report_card" in data:
            card = as_filing(data).report_card
            assert card is not None
            return card
        return structure(data, ReportCard)
    except InputError as exc:
        raise exc.with_source(path) from None


def _write_atomically(target: Path, payload: bytes) -> None:
    directory = target.parent if str(target.parent) else Path()
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    as_of: date = args.as_of or date.today()
    registry = default_registry()
    if args.verify:
        if args.card or args.out:
            raise UsageError("--verify 不与 CARD.json、--out 同用")
        return _verify(args, as_of)
    if not args.card or not args.out:
        raise UsageError("须给出 CARD.json 和 --out QR.png（或用 --verify URL 核验）")
    if not 1 <= args.box_size <= 40:
        raise UsageError("--box-size 须在1到40之间")
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise UsageError(f"输出文件应为 .png：{args.out}")
    if not out.parent.is_dir():
        raise UsageError(f"输出目录不存在：{out.parent}")
    card = _card(args.card)
    url = card_verification_url(
        card, as_of=as_of, registry=registry, province=args.province, base_url=args.base_url
    )
    _write_atomically(out, qr_png(url, box_size=args.box_size))
    if args.format == "json":
        print_json({"qc_code": card.qc_code, "url": url, "out": str(out)})
    else:
        print(url)
    return EXIT_OK


def _verify(args: argparse.Namespace, as_of: date) -> int:
    secret = secret_from_env()  # a missing secret is a setup error, not an invalid address
    try:
        verified = verify_qc_url(args.verify, as_of=as_of, secret=secret)
    except (QcSignatureError, InvalidValue) as exc:
        if args.format == "json":
            print_json({"valid": False, "reason": str(exc)})
        else:
            print(f"无效：{exc}", file=sys.stdout)
        return EXIT_FINDINGS
    code = verified.code
    if args.format == "json":
        print_json(
            {
                "valid": True,
                "qc_code": code.code,
                "jurisdiction": code.jurisdiction,
                "year": code.year,
                "service_field": code.service_field.value if code.service_field else None,
                "sequence": code.sequence,
            }
        )
    else:
        field = f"，{code.service_field.label}" if code.service_field else ""
        print(f"有效：质控编号 {code.code}（辖区 {code.jurisdiction}{field}）")
    return EXIT_OK
