"""Cell values of the dose import: the converter of each column kind, and the report's own
fields (报告信息) checked with radrules' identifier validators (GB 32100 credit codes,
GB/T 2260 division codes) — source 000 §5.2.2.2.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from radrules.identifiers import InvalidValue, validate_division_code, validate_uscc
from radrules.model.enums import ClientKind

from .dose_sheet import DATE, KIND, KIND_LABELS, NUMBER, ReportField, normalise_header
from .xlsx_read import Cell, CellError, cell_date, cell_number, cell_text


def nearest(text: str, options: list[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(
        normalise_header(text), [normalise_header(o) for o in options], n=1, cutoff=0.5
    )
    if not found:
        return None
    return next(o for o in options if normalise_header(o) == found[0])


CONVERT: dict[str, Callable[[Cell], Any]] = {
    "text": cell_text,
    "identifier": cell_text,
    DATE: cell_date,
    NUMBER: cell_number,
}


def report_value(field: ReportField, raw: object) -> object:
    if field.kind == KIND:
        if isinstance(raw, ClientKind):
            return raw
        text = cell_text(raw) if isinstance(raw, str | int | float) else None
        if text in KIND_LABELS:
            return KIND_LABELS[text]
        if text is not None and text in ClientKind._value2member_map_:
            return ClientKind(text)
        raise CellError(f"“{text}”不是有效的委托单位类型；可选：" + "、".join(KIND_LABELS))
    if field.kind == DATE:
        if isinstance(raw, date | str | int | float):
            return cell_date(raw)
        raise CellError("应为日期")
    text = cell_text(raw) if isinstance(raw, str | int | float | bool) else None
    if text is None:
        raise CellError(f"{field.label}为必填项")
    return text


def validate_report_value(field: ReportField, value: object) -> None:
    """The identifier validators for the report's codes (their reasons are the filer's message)."""
    if not isinstance(value, str):
        return
    validators: dict[str, Callable[[str], str]] = {
        "client.uscc": validate_uscc,
        "institution_uscc": validate_uscc,
        "client.division_code": validate_division_code,
    }
    validate = validators.get(field.field)
    if validate is None:
        return
    try:
        validate(value)
    except InvalidValue as exc:
        raise CellError(exc.reason) from None


def client_kind(value: object) -> ClientKind:
    return value if isinstance(value, ClientKind) else ClientKind.other


def day_or(value: object, default: date) -> date:
    return value if isinstance(value, date) else default
