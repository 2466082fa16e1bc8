"""The report card as a PDF: the library entry point behind ``radrules render``.

>>> pdf = render_card_pdf(filing_json, verification_url=url)   # doctest: +SKIP
>>> Path("card.pdf").write_bytes(pdf)                           # doctest: +SKIP

The QR code carries whatever verification address the caller passes: the address is the
jurisdiction's business (its ruleset names the base address, :mod:`radrules.qc` signs it),
printing only draws it (source 000 §5.3.4 第八步).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from radrules.convert import filing_from_json
from radrules.errors import InputError, RenderError
from radrules.model.card import ReportCard
from radrules.model.filing import Filing

from .card_content import card_document
from .renderer import Renderer, get_renderer


def card_of(value: ReportCard | Filing | Mapping[str, Any]) -> ReportCard:
    """The report card of a card, a filing, or filing JSON (structured strictly)."""
    if isinstance(value, ReportCard):
        return value
    filing = value if isinstance(value, Filing) else filing_from_json(value)
    if filing.report_card is None:
        raise InputError("报送数据中没有报送卡（缺少 report_card）", "report_card")
    return filing.report_card


def render_card_pdf(
    card: ReportCard | Filing | Mapping[str, Any],
    *,
    verification_url: str | None = None,
    renderer: str | Renderer | None = None,
) -> bytes:
    """The A4 PDF of the card, titled 放射卫生技术服务信息报送卡.

    ``verification_url`` is drawn as the QR code in every page footer, centred above the
    QC code. It must vouch for this card's QC code: a card without one, or an address
    naming another code (its ``c`` parameter), raises :class:`RenderError`.
    """
    report_card = card_of(card)
    if verification_url is not None:
        _check_address(verification_url, report_card.qc_code)
    backend = renderer if isinstance(renderer, Renderer) else get_renderer(renderer)
    return backend.render(card_document(report_card, verification_url=verification_url))


def _check_address(url: str, qc_code: str | None) -> None:
    if not qc_code:
        raise RenderError("报送卡尚无质控编号，不能生成质控二维码（质控编号在暂存或提交后生成）")
    named = parse_qs(urlsplit(url).query).get("c")
    if named and named != [qc_code]:
        raise RenderError(f"核验地址中的质控编号 {named[0]} 与报送卡的质控编号 {qc_code} 不一致")
