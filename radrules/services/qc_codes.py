"""Issuing and checking QC codes (质控编号), and the signed addresses their QR codes carry.

The Jiangsu platform gives each report card a QC code when the card is first saved or
submitted (source 000 §5.3.4 第六步 “质控编号：暂存或提交后由系统自动生成”), and a QR code
for the report's page footers (第八步). One code per card, never reused.

Who does what:

* the jurisdiction's plugin says which series a card's code is numbered in
  (``radrules_qc_series``), formats the code (``radrules_qc_code``), checks a code
  (``radrules_qc_code_check``) and gives the verification address
  (``radrules_qc_verification_base``), all from its ruleset;
* storage allocates the sequence number (``radrules_qc_sequence``), atomically — the web
  shell in its database. :class:`radrules.testing.InMemoryQcSequence` is for examples and
  tests only;
* this module calls them in order and signs the verification address. What needs no
  plugin — check characters, signing, QR images — is :mod:`radrules.qc`.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

import attrs

from radrules import hookspecs
from radrules.answers import QcSeries
from radrules.engine.registry import Registry, default_registry
from radrules.errors import InvalidValue, QcCodeError
from radrules.model.card import ReportCard
from radrules.model.enums import ServiceField
from radrules.qc import secret_from_env, verification_url, verify_url


@attrs.frozen(kw_only=True)
class CheckedQcCode:
    """A valid QC code and the jurisdiction whose format it follows."""

    code: str
    jurisdiction: str
    year: int | None
    service_field: ServiceField | None
    sequence: int | None


@attrs.frozen(kw_only=True)
class VerifiedQcCode:
    """A verification address whose signature holds and whose code is well formed."""

    url: str
    base_url: str
    code: CheckedQcCode


class QcSequence(Protocol):
    """What :func:`issue_qc_code` accepts as ``sequence``: the next number of a series."""

    def next(self, jurisdiction: str, year: int, prefix: str) -> int: ...


def qc_series_for(
    card: ReportCard, *, on: date, registry: Registry | None = None, province: str | None = None
) -> tuple[str, QcSeries] | None:
    """The jurisdiction that numbers the card's QC code and its series, or None where no
    jurisdiction in the card's chain issues QC codes.

    Asynchronous storage (the web shell) asks this first, draws the number from its own
    counter, and hands it to :func:`issue_qc_code` as ``sequence``.
    """
    reg = registry or default_registry()
    chain = reg.chain_for(province=province, division_code=card.service_division_code)
    return reg.ask(hookspecs.radrules_qc_series, chain, card=card, issued_on=on, params=reg.view(chain, on))


def issue_qc_code(
    card: ReportCard,
    *,
    on: date,
    registry: Registry | None = None,
    province: str | None = None,
    sequence: QcSequence | None = None,
) -> str | None:
    """The card's QC code: its existing one, a new one issued ``on`` that day, or None where
    the jurisdiction issues no QC codes (only Jiangsu's platform does, source 000 第六步).

    A card keeps its first code for good (one per card, never reused), so this returns
    ``card.qc_code`` when set. Otherwise it asks the jurisdiction for the series, storage
    for the next number in it (``sequence`` is used only when no plugin allocates one),
    and the jurisdiction for the formatted code.
    """
    if card.qc_code:
        return card.qc_code
    reg = registry or default_registry()
    found = qc_series_for(card, on=on, registry=reg, province=province)
    if found is None:
        return None
    jurisdiction, series = found
    params = reg.view(reg.chain_for(province=province, division_code=card.service_division_code), on)
    number = reg.hook.radrules_qc_sequence(jurisdiction=jurisdiction, year=series.year, prefix=series.prefix)
    if number is None:
        if sequence is None:
            raise QcCodeError(
                "没有质控编号序号来源：存储须实现 radrules_qc_sequence 钩子（示例和测试可传入 InMemoryQcSequence）"
            )
        number = sequence.next(jurisdiction, series.year, series.prefix)
    if number < 1:
        raise QcCodeError(f"质控编号序号须为正整数，存储返回了 {number}")
    code = reg.ask(
        hookspecs.radrules_qc_code, (jurisdiction,), card=card, series=series, sequence=number, params=params
    )
    if code is None:
        raise QcCodeError(f"辖区 {jurisdiction} 给出了编号序列却没有格式化质控编号（radrules_qc_code）")
    return code[1]


def validate_qc_code(
    code: str,
    *,
    jurisdiction: str | None = None,
    as_of: date,
    registry: Registry | None = None,
) -> CheckedQcCode:
    """``code`` as a :class:`CheckedQcCode`, or :class:`InvalidValue` saying what is wrong."""
    reg = registry or default_registry()
    normalized = code.strip().upper()
    codes = [reg.resolve(jurisdiction)] if jurisdiction else list(reg.jurisdictions)
    for j in codes:
        found = reg.ask(
            hookspecs.radrules_qc_code_check, (j,), code=normalized, params=reg.view(reg.chain(j), as_of)
        )
        if found is None or not found[1].recognised:
            continue
        answer = found[1]
        if answer.problems:
            raise InvalidValue("；".join(answer.problems))
        return CheckedQcCode(
            code=normalized,
            jurisdiction=j,
            year=answer.year,
            service_field=answer.service_field,
            sequence=answer.sequence,
        )
    where = f"辖区 {jurisdiction} 的" if jurisdiction else "任何已加载辖区的"
    raise InvalidValue(f"“{code}”不是{where}质控编号格式")


def verification_base(
    card: ReportCard, *, as_of: date, registry: Registry | None = None, province: str | None = None
) -> str:
    """The verification address of the card's jurisdiction, from its ruleset."""
    reg = registry or default_registry()
    chain = reg.chain_for(province=province, division_code=card.service_division_code)
    found = reg.ask(hookspecs.radrules_qc_verification_base, chain, params=reg.view(chain, as_of))
    if found is None:
        raise QcCodeError(f"辖区 {'/'.join(chain)} 的规则集没有质控二维码核验地址")
    return str(found[1])


def card_verification_url(
    card: ReportCard,
    *,
    as_of: date,
    secret: bytes | None = None,
    registry: Registry | None = None,
    province: str | None = None,
    base_url: str | None = None,
) -> str:
    """The signed address the card's QC QR code carries (source 000 §5.3.4 第八步).

    The base address comes from the jurisdiction's ruleset unless ``base_url`` (the address
    of a particular deployment's verification page) is given; the secret from
    ``RADRULES_QC_SECRET`` unless ``secret`` is given.
    """
    if not card.qc_code:
        raise QcCodeError("报送卡尚无质控编号：暂存或提交后才生成质控编号和二维码")
    validate_qc_code(card.qc_code, as_of=as_of, registry=registry)
    base = base_url or verification_base(card, as_of=as_of, registry=registry, province=province)
    return verification_url(base, card.qc_code, secret if secret is not None else secret_from_env())


def verify_qc_url(
    url: str, *, as_of: date, secret: bytes | None = None, registry: Registry | None = None
) -> VerifiedQcCode:
    """The QC code a scanned address vouches for, after checking its signature and format.

    Raises :class:`radrules.qc.QcSignatureError` for a forged or altered address and
    :class:`InvalidValue` for a code no jurisdiction would have issued.
    """
    verified = verify_url(url, secret if secret is not None else secret_from_env())
    checked = validate_qc_code(verified.qc_code, as_of=as_of, registry=registry)
    return VerifiedQcCode(url=url, base_url=verified.base_url, code=checked)


__all__ = [
    "CheckedQcCode",
    "QcSequence",
    "VerifiedQcCode",
    "card_verification_url",
    "issue_qc_code",
    "qc_series_for",
    "validate_qc_code",
    "verification_base",
    "verify_qc_url",
]
