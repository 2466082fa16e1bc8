"""职业健康检查 results as an occupational-health-examination institution (职业健康检查机构)
posts them to the city's supervision system (source 001 module 13 标准接口: 与体检医院进行
标准接口交互), read strictly, with every problem named by its JSON path.

A result names the worker the way the register does — the unit by its 统一社会信用代码, the
worker by ID number and name — and carries the examination in the register's terms
(:class:`radrules.model.HealthExam`): its kind, the four of GBZ 235-2011 (放射工作人员职业
健康监护技术规范: 上岗前, 在岗期间, 离岗时, 应急照射或事故照射), its date and whether the
worker may do radiation work (``fit``), with the institution's conclusion text and report
number. :func:`read_result` and :func:`read_results` (a bulk of at most
:data:`MAX_RESULTS`) structure the JSON and check what the structure cannot: the USCC's and
the ID number's check characters, that the exam is not dated after today nor before the
worker was born, and the text lengths. Whether the unit and the worker exist, and whether the
institution may serve that unit, is the system's to say, not the document's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from radrules.convert import structure
from radrules.errors import InputError, InvalidValue
from radrules.identifiers import birth_date_of, validate_char_limit, validate_id_number, validate_uscc
from radrules.model.bounds import bounded
from radrules.model.register import HealthExam, HealthExamKind

#: Results one bulk request may carry: a day's examinations of a large employer fit, and one
#: request stays one short transaction (an institution sends a larger day in several).
MAX_RESULTS = 200
#: Text bounds (the register's columns).
MAX_NAME = 100
MAX_CONCLUSION = 300
MAX_REPORT_NO = 100


@attrs.define(kw_only=True)
class HealthExamResult:
    """One examination of one radiation worker of one unit, as the institution reports it."""

    unit_uscc: str
    name: str
    id_number: str
    kind: HealthExamKind
    examined_on: date
    fit: bool
    conclusion: str | None = None
    report_no: str | None = None

    def as_exam(self, institution: str | None) -> HealthExam:
        """The register's record of it, ``institution`` the examining institution's name."""
        return HealthExam(kind=self.kind, examined_on=self.examined_on, fit=self.fit, institution=institution)


@attrs.define(kw_only=True)
class HealthExamResults:
    """A bulk of results: ``{"results": [...]}``, at most :data:`MAX_RESULTS`."""

    results: tuple[HealthExamResult, ...] = attrs.field(validator=bounded(MAX_RESULTS))


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


def result_problems(result: HealthExamResult, *, as_of: date, path: str = "") -> list[tuple[str, str]]:
    """The problems of a structured result (JSON path, Chinese message); empty when sound."""
    found: list[tuple[str, str]] = []

    def check(field: str, fn: Any, *args: Any, **kwargs: Any) -> None:
        try:
            fn(*args, **kwargs)
        except InvalidValue as exc:
            found.append((_join(path, field), str(exc)))

    check("unit_uscc", validate_uscc, result.unit_uscc.strip())
    if not result.name.strip():
        found.append((_join(path, "name"), "须填写姓名"))
    check("name", validate_char_limit, result.name.strip(), MAX_NAME)
    check("id_number", validate_id_number, result.id_number, as_of=as_of)
    if result.examined_on > as_of:
        found.append((_join(path, "examined_on"), f"检查日期 {result.examined_on} 晚于今天 {as_of}"))
    born = birth_date_of(result.id_number.strip().upper())
    if born is not None and result.examined_on < born:
        found.append((_join(path, "examined_on"), f"检查日期 {result.examined_on} 早于出生日期 {born}"))
    if result.conclusion is not None:
        check("conclusion", validate_char_limit, result.conclusion, MAX_CONCLUSION)
    if result.report_no is not None:
        check("report_no", validate_char_limit, result.report_no, MAX_REPORT_NO)
    return found


def _raise(found: list[tuple[str, str]]) -> None:
    if found:
        first = found[0]
        raise InputError(f"{first[0]}: {first[1]}", first[0], problems=tuple(found))


def read_result(data: object, *, as_of: date) -> HealthExamResult:
    """One result from JSON-ready ``data``, or :class:`InputError` listing every problem."""
    result = structure(data, HealthExamResult)
    _raise(result_problems(result, as_of=as_of))
    return result


def read_results(data: object, *, as_of: date) -> tuple[HealthExamResult, ...]:
    """A bulk ``{"results": [...]}``, or :class:`InputError` listing the problems of every
    item, each by its path (``results[3].id_number``): one bad item does not hide the rest."""
    if not isinstance(data, Mapping):
        raise InputError('应为 JSON 对象 {"results": [...]}')
    extra = sorted(str(k) for k in data if k != "results")
    if extra:
        raise InputError(f"未知字段 {extra[0]}；可用字段：results", extra[0])
    items = data.get("results")
    if not isinstance(items, list):
        raise InputError("缺少 results 数组" if items is None else "results 应为数组", "results")
    if not items:
        raise InputError("results 不能为空", "results")
    if len(items) > MAX_RESULTS:  # refused before a single item is read
        raise InputError(f"results 最多{MAX_RESULTS}项，实际为{len(items)}项", "results")
    found: list[tuple[str, str]] = []
    results: list[HealthExamResult] = []
    seen: dict[tuple[str, str, str, date], int] = {}
    for i, item in enumerate(items):
        path = f"results[{i}]"
        try:
            result = structure(item, HealthExamResult)
        except InputError as exc:
            found.extend((_join(path, p) if p else path, m) for p, m in exc.problems)
            continue
        found.extend(result_problems(result, as_of=as_of, path=path))
        key = (
            result.unit_uscc.strip(),
            result.id_number.strip().upper(),
            result.kind.value,
            result.examined_on,
        )
        if key in seen:
            found.append((path, f"与 results[{seen[key]}] 是同一人同日同类检查，重复提交"))
        seen.setdefault(key, i)
        results.append(result)
    _raise(found)
    return HealthExamResults(results=tuple(results)).results


__all__ = [
    "MAX_RESULTS",
    "HealthExamResult",
    "HealthExamResults",
    "read_result",
    "read_results",
    "result_problems",
]
