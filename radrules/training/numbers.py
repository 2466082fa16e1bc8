"""Certificate numbers (证书编号): a dated format the province owns, numbers drawn by storage.

Source 002 shows certificate numbers (§6.4 证书编号) but not how they are made, and one
number serves every specialty a person passed in a class (“多个专业合格则证书编号和附件为同一
个”). As with the QC codes of the reporting platform (:mod:`radrules.qc`), the
format is ruleset data of the province — ``training_certificate_format``, dated, so a
new format starts on a day without touching old numbers — and the sequence number comes
from storage, which draws it atomically from a counter per series (the web shell in its
database; :class:`radrules.InMemoryQcSequence` serves examples and tests, since a
certificate sequence has the same ``next(jurisdiction, year, prefix)``).

The Jiangsu format is ``JSPX-2026-01-000123-7``: prefix, year of issue, plan-type code,
sequence, and an ISO/IEC 7064 MOD 37,36 check character over the rest without separators,
which catches any single mistyped character and any swap of two neighbours — what a
person reading a number off paper into the verification page gets wrong.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Protocol

import attrs

from radrules.engine.registry import Registry, default_registry
from radrules.errors import RadrulesError, RulesetError
from radrules.model.training import TrainingPlan
from radrules.qc import CHECK_ALPHABET, qc_check_character, qc_check_character_ok

#: The ruleset parameter holding a province's format; its jurisdiction numbers the certificates.
FORMAT_PARAMETER = "training_certificate_format"


class CertificateError(RadrulesError):
    """A certificate cannot be numbered, issued or verified; the message says why."""


@attrs.frozen(kw_only=True)
class CertificateNumberFormat:
    """A province's certificate-number format (the value of ``training_certificate_format``).

    ``type_codes`` gives each plan type its code; ``other_type_code`` serves a type the
    CDC added later without a code of its own.
    """

    prefix: str
    type_codes: dict[str, str]
    other_type_code: str
    separator: str = "-"
    sequence_digits: int = 6

    def __attrs_post_init__(self) -> None:
        parts = [self.prefix, self.other_type_code, *self.type_codes.values()]
        if any(not p or any(c not in CHECK_ALPHABET for c in p) for p in parts):
            raise ValueError("前缀和培训班类型代码只能由数字和大写英文字母组成")
        if self.separator in CHECK_ALPHABET or len(self.separator) > 1:
            raise ValueError("分隔符须为一个非字母数字的字符，或为空")
        if not 3 <= self.sequence_digits <= 9:
            raise ValueError("顺序号位数须在3到9之间")

    def type_code(self, plan_type: str) -> str:
        return self.type_codes.get(plan_type, self.other_type_code)


@attrs.frozen(kw_only=True)
class CertificateSeries:
    """One counter of storage: certificates of ``prefix`` (which includes the year) are
    numbered 1, 2, 3 … in the jurisdiction that owns the format."""

    jurisdiction: str
    year: int
    prefix: str


class CertificateSequence(Protocol):
    """What numbers a series: the next number of ``prefix`` in ``year`` (storage's counter)."""

    def next(self, jurisdiction: str, year: int, prefix: str) -> int: ...


def _chain(plan: TrainingPlan, reg: Registry, province: str | None) -> tuple[str, ...]:
    return reg.chain(reg.resolve(province)) if province else reg.chain_for_division(plan.division_code)


def certificate_format(
    plan: TrainingPlan, *, on: date, registry: Registry | None = None, province: str | None = None
) -> tuple[str, CertificateNumberFormat]:
    """The jurisdiction that numbers the plan's certificates issued ``on``, and its format."""
    reg = registry or default_registry()
    view = reg.view(_chain(plan, reg, province), on)
    if not view.has(FORMAT_PARAMETER):
        raise CertificateError(
            f"辖区 {'/'.join(view.chain)} 的规则集没有培训合格证书编号格式（{FORMAT_PARAMETER}）"
        )
    try:
        use = view.use(FORMAT_PARAMETER)
    except RulesetError as exc:
        raise CertificateError(f"{on.isoformat()} 没有生效的培训合格证书编号格式：{exc.message}") from None
    if not isinstance(use.value, CertificateNumberFormat):
        raise CertificateError(f"参数 {FORMAT_PARAMETER} 的取值类型不对（应为 CertificateNumberFormat）")
    return use.jurisdiction, use.value


def certificate_series(
    plan: TrainingPlan, *, on: date, registry: Registry | None = None, province: str | None = None
) -> CertificateSeries:
    """The series a certificate of ``plan`` issued ``on`` is numbered in.

    Storage asks this, draws the next number of the series from its own counter, and
    passes it to :func:`issue_certificate_number` (or :func:`format_certificate_number`).
    """
    jurisdiction, fmt = certificate_format(plan, on=on, registry=registry, province=province)
    sep = fmt.separator
    return CertificateSeries(
        jurisdiction=jurisdiction,
        year=on.year,
        prefix=f"{fmt.prefix}{sep}{on.year}{sep}{fmt.type_code(plan.plan_type)}",
    )


def format_certificate_number(series: CertificateSeries, sequence: int, fmt: CertificateNumberFormat) -> str:
    """The number with ``sequence`` in ``series``: ``JSPX-2026-01-000123-7``."""
    if not 1 <= sequence < 10**fmt.sequence_digits:
        raise CertificateError(f"证书顺序号 {sequence} 超出 1–{10**fmt.sequence_digits - 1} 的范围")
    sep = fmt.separator
    number = f"{series.prefix}{sep}{sequence:0{fmt.sequence_digits}d}"
    return f"{number}{sep}{qc_check_character(number.replace(sep, '') if sep else number)}"


def issue_certificate_number(
    plan: TrainingPlan,
    *,
    on: date,
    sequence: CertificateSequence,
    registry: Registry | None = None,
    province: str | None = None,
) -> str:
    """A new certificate number for ``plan`` issued ``on``, with the next number of its series."""
    jurisdiction, fmt = certificate_format(plan, on=on, registry=registry, province=province)
    series = certificate_series(plan, on=on, registry=registry, province=province)
    drawn = sequence.next(jurisdiction, series.year, series.prefix)
    return format_certificate_number(series, drawn, fmt)


def certificate_number_problems(number: str, fmt: CertificateNumberFormat) -> tuple[str, ...]:
    """What is wrong with ``number`` under ``fmt`` (empty when it is well formed)."""
    sep = re.escape(fmt.separator)
    codes = "|".join(re.escape(c) for c in sorted({fmt.other_type_code, *fmt.type_codes.values()}))
    shape = re.compile(
        rf"{re.escape(fmt.prefix)}{sep}(\d{{4}}){sep}({codes}){sep}(\d{{{fmt.sequence_digits}}}){sep}([0-9A-Z])"
    )
    text = number.strip().upper()
    match = shape.fullmatch(text)
    if match is None:
        example = format_certificate_number(
            CertificateSeries(
                jurisdiction="",
                year=2026,
                prefix=f"{fmt.prefix}{fmt.separator}2026{fmt.separator}{fmt.other_type_code}",
            ),
            1,
            fmt,
        )
        return (f"证书编号“{number}”格式不对，应形如 {example}",)
    if not qc_check_character_ok(text.replace(fmt.separator, "") if fmt.separator else text):
        return (f"证书编号“{number}”的校验码错误：可能录错了某一位或颠倒了相邻两位",)
    if int(match[3]) == 0:
        return (f"证书编号“{number}”的顺序号不能为0",)
    return ()
