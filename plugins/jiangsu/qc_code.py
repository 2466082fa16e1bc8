"""Jiangsu QC codes: ``JS-2026-2-000123-K`` — prefix, year, service-field code, sequence,
check character (source 000 §5.3.4 第六步; the format is this library's, see docs/qc-codes.md).

The sequence counts within one series: one prefix, year and service field. The check
character is ISO/IEC 7064 MOD 37,36 over the parts without separators.
"""

from __future__ import annotations

from datetime import date

from radrules import (
    QcCodeCheck,
    QcSeries,
    ReportCard,
    ServiceField,
    qc_check_character,
    qc_check_character_ok,
)

from .types import QcCodeFormat


def series(card: ReportCard, issued_on: date, fmt: QcCodeFormat) -> QcSeries:
    sep = fmt.separator
    prefix = f"{fmt.prefix}{sep}{issued_on.year:04d}{sep}{fmt.field_codes[card.service_field]}"
    return QcSeries(year=issued_on.year, prefix=prefix)


def format_code(s: QcSeries, sequence: int, fmt: QcCodeFormat) -> str:
    if not 1 <= sequence < 10**fmt.sequence_digits:
        raise ValueError(
            f"质控编号顺序号 {sequence} 超出 {fmt.sequence_digits} 位：本年度该技术服务领域的编号已用尽"
        )
    number = f"{sequence:0{fmt.sequence_digits}d}"
    sep = fmt.separator
    body = (s.prefix.replace(sep, "") if sep else s.prefix) + number
    return f"{s.prefix}{sep}{number}{sep}{qc_check_character(body)}"


def example(fmt: QcCodeFormat) -> str:
    sep = fmt.separator
    field = fmt.field_codes[ServiceField.protection_testing]
    return f"{fmt.prefix}{sep}2026{sep}{field}{sep}{'0' * (fmt.sequence_digits - 3)}123{sep}校验码"


def check_code(code: str, fmt: QcCodeFormat) -> QcCodeCheck:
    """What is wrong with ``code`` under ``fmt`` (``recognised`` False: not a Jiangsu code)."""
    text = code.strip().upper()
    if not text.startswith(fmt.prefix):
        return QcCodeCheck(code=text, recognised=False)
    field_len = len(next(iter(fmt.field_codes.values())))
    sizes = (len(fmt.prefix), 4, field_len, fmt.sequence_digits, 1)
    if fmt.separator:
        parts = text.split(fmt.separator)
    else:
        parts, at = [], 0
        for size in sizes:
            parts.append(text[at : at + size])
            at += size
        if at != len(text):
            parts.append(text[at:])
    shape = f"质控编号应为“{example(fmt)}”的形式"
    if len(parts) != len(sizes) or any(len(p) != n for p, n in zip(parts, sizes, strict=False)):
        return QcCodeCheck(code=text, recognised=True, problems=(f"{shape}，实际为“{code.strip()}”",))
    prefix, year_text, field_code, number, _check = parts
    problems: list[str] = []
    year = int(year_text) if year_text.isdigit() else None
    if year is None or not 2000 <= year <= 2099:
        problems.append(f"质控编号中的年份“{year_text}”无效")
    fields = {v: k for k, v in fmt.field_codes.items()}
    field = fields.get(field_code)
    if field is None:
        problems.append(f"质控编号中的技术服务领域代码“{field_code}”无效；可用：{'、'.join(sorted(fields))}")
    sequence = int(number) if number.isdigit() else None
    if sequence is None or sequence == 0:
        problems.append(f"质控编号中的顺序号“{number}”无效")
    if not problems and not qc_check_character_ok("".join(parts)):
        problems.append("质控编号校验码不符：编号中可能有录错或前后颠倒的字符")
    return QcCodeCheck(
        code=text,
        recognised=prefix == fmt.prefix,
        problems=tuple(problems),
        year=year,
        service_field=field,
        sequence=sequence,
    )
