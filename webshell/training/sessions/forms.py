"""The session form the CDC fills in (期次, source 002 §5.4 1: 期次、分班人数、选班截止日期、培训地点、
培训类型、培训开始日期、培训结束日期, and per 专业类别 its 限制人数 — “为空默认分班人数”).

From a page, the specialties are check boxes named ``specialty`` with a ``limit.<专业类别>``
box each; from JSON, ``specialties`` is a list of ``{"specialty", "limit"}``. Values of the
wrong kind are refused beside their field; the session rule of the province checks the rest
(dates in order, limits within the 分班人数, specialties among the plan's).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.forms import Field, FormSpec

from radrules import SessionSpecialty, TrainingKind

SPEC = FormSpec(
    (
        Field(name="number", label="期次", kind="int", help="第几期"),
        Field(name="capacity", label="分班人数", kind="int"),
        Field(name="starts_on", label="培训开始日期", kind="date"),
        Field(name="ends_on", label="培训结束日期", kind="date"),
        Field(name="selection_deadline", label="选班截止日期", kind="date", help="不晚于培训开始日期"),
        Field(name="place", label="培训地点", max_length=300),
        Field(
            name="training_kind",
            label="培训类型",
            kind="select",
            required=False,
            choices=tuple((k.value, k.label) for k in TrainingKind),
        ),
    )
)
FIELDS = (*SPEC.names, "specialties")
#: The largest 限制人数 read (the form's numbers go up to 1,000, as 分班人数 does).
MAX_CAPACITY = 1000


def _limit(value: Any, name: str, errors: dict[str, str]) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        number = None
    if number is None or not 0 < number <= MAX_CAPACITY:
        errors[f"limit.{name}"] = "限制人数应为正整数，或留空（默认分班人数）"
        return None
    return number


def parse(data: Mapping[str, Any], *, form: bool) -> dict[str, Any]:
    """The session's columns (``specialties`` as ``SessionSpecialty`` rows); which specialties
    the plan offers, and the numbers' ranges, are the session rule's to check."""
    if not form:
        unknown = sorted(set(data) - set(FIELDS) - {"version"})
        if unknown:
            raise Invalid(f"未知字段 {unknown[0]}", errors={unknown[0]: "未知字段"})
    values, errors = SPEC.parse({k: data.get(k) for k in SPEC.names})
    rows: list[SessionSpecialty] = []
    if form:
        chosen = list(data.getall("specialty", [])) if hasattr(data, "getall") else []
        for name in chosen:
            rows.append(
                SessionSpecialty(
                    specialty=str(name), limit=_limit(data.get(f"limit.{name}"), str(name), errors)
                )
            )
    else:
        raw_rows = data.get("specialties") or []
        if not isinstance(raw_rows, list) or len(raw_rows) > 30:
            errors["specialties"] = "应为 {specialty, limit} 的列表（最多30项）"
            raw_rows = []
        for item in raw_rows:
            if (
                not isinstance(item, dict)
                or not isinstance(item.get("specialty"), str)
                or set(item) - {"specialty", "limit"}
            ):
                errors["specialties"] = '每一项应为 {"specialty": 名称, "limit": 人数或 null}'
                continue
            rows.append(
                SessionSpecialty(
                    specialty=item["specialty"], limit=_limit(item.get("limit"), item["specialty"], errors)
                )
            )
    if len({r.specialty for r in rows}) != len(rows):
        errors["specialties"] = "专业类别重复"
    if errors:
        raise Invalid(errors=errors)
    return {**values, "specialties": rows}


def as_form(row: Mapping[str, Any], specialties: list[SessionSpecialty]) -> dict[str, Any]:
    """A stored session as the form's values."""
    values: dict[str, Any] = {k: row[k] for k in SPEC.names}
    for k in ("starts_on", "ends_on", "selection_deadline"):
        values[k] = row[k].isoformat() if isinstance(row[k], date) else row[k]
    values["specialty"] = [s.specialty for s in specialties]
    values.update({f"limit.{s.specialty}": s.limit for s in specialties})
    return values
