"""``radrules render CARD.json --out CARD.pdf``: print a report card to PDF.

The QR code in the page footers carries a verification address (source 000 §5.3.4 第八步):
by default the jurisdiction's verification address from its ruleset, signed with the secret
in ``RADRULES_QC_SECRET``; ``--verify-base`` replaces the base address, ``--verify-url`` gives
a signed address to print as it is. A card without a QC code prints no QR code.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from radrules.cli.common import EXIT_OK, UsageError, iso_date
from radrules.convert import parse_json
from radrules.errors import InputError
from radrules.model.card import ReportCard


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "render",
        help="生成报送卡PDF / print a report card to PDF",
        description="将报送数据中的报送卡生成为A4 PDF（放射卫生技术服务信息报送卡），页脚居中印质控编号及其二维码。",
    )
    p.add_argument("card", type=Path, metavar="CARD.json", help="报送数据 JSON（含 report_card）")
    p.add_argument(
        "--out", "-o", metavar="CARD.pdf", help="输出文件（默认与输入同名，扩展名 .pdf；- 表示标准输出）"
    )
    address = p.add_mutually_exclusive_group()
    address.add_argument(
        "--verify-base",
        metavar="URL",
        help="核验地址的基础地址；用环境变量 RADRULES_QC_SECRET 对质控编号签名后生成二维码",
    )
    address.add_argument("--verify-url", metavar="URL", help="已签名的完整核验地址，原样生成二维码")
    p.add_argument("--as-of", type=iso_date, help="按此日期读取规则集中的核验地址（默认今天）")
    p.add_argument("--renderer", default=None, help="文档生成后端（默认 fpdf2）")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from radrules.documents.card_pdf import card_of, render_card_pdf
    from radrules.documents.fonts import is_prepared
    from radrules.documents.output import write_bytes_atomic

    try:
        text = args.card.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取文件 / cannot read: {exc.strerror}", source=str(args.card)) from None
    try:
        card = card_of(parse_json(text))
    except InputError as exc:
        raise exc.with_source(str(args.card)) from None
    url = args.verify_url
    if args.verify_base:
        from radrules.qc import secret_from_env, verification_url

        if not card.qc_code:
            raise UsageError("报送卡尚无质控编号（report_card.qc_code），不能生成核验地址")
        url = verification_url(args.verify_base, card.qc_code, secret_from_env())
    elif url is None and card.qc_code:
        url = _ruleset_address(card, args.as_of or date.today())
    if not is_prepared():
        print("radrules: 首次使用，正在准备中文字体（约需10–30秒，仅此一次）…", file=sys.stderr)
    pdf = render_card_pdf(card, verification_url=url, renderer=args.renderer)
    if args.out == "-":
        sys.stdout.buffer.write(pdf)
        sys.stdout.buffer.flush()
        return EXIT_OK
    out = Path(args.out) if args.out else args.card.with_suffix(".pdf")
    if not out.parent.is_dir():
        raise UsageError(f"{out.parent}: 输出目录不存在 / no such directory")
    write_bytes_atomic(out, pdf)
    print(f"已生成 {out}", file=sys.stderr)
    return EXIT_OK


def _ruleset_address(card: ReportCard, as_of: date) -> str | None:
    """The card's signed address at its jurisdiction's verification page, if it has one."""
    from radrules.errors import QcCodeError
    from radrules.services.qc_codes import card_verification_url, verification_base

    try:
        base = verification_base(card, as_of=as_of)
    except QcCodeError:
        print(
            "radrules: 该辖区的规则集没有质控二维码核验地址，未印二维码（可用 --verify-base 指定）",
            file=sys.stderr,
        )
        return None
    return card_verification_url(card, as_of=as_of, base_url=base)
