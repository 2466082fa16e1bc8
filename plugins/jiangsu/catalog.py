"""Judging device-test results against the test-item catalog (source 000 §5.1.2.2 5–6).

The platform's own logic, which these functions follow:

* items are loaded for the device's type from the catalog (检测关系维护); the 参考值 and
  计量单位 shown depend on the test condition (验收 / 状态 / 稳定性), which an item may set
  apart from its sample's;
* a quantitative item with a maintained minimum/maximum, or a qualitative one with its
  maintained results, is judged automatically; otherwise the tester's 是否合格 stands;
* a missing item (缺项) has no result, unit or verdict and needs a remark;
* a sample fails (合格“否”) if any item fails, and shows “——” if every item is missing.

Protection measurement points are judged, where the catalog has one, against the limit
of the device type's room (GBZ 130-2020 6.3.1); a limit typed on the point takes
precedence, and the tester's verdict on a point stands (the form lets it be changed).
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from enum import StrEnum

import attrs

from radrules import (
    InvalidValue,
    ItemResult,
    MeasurementPoint,
    Sample,
    TestCondition,
    Verdict,
    judge,
    parse_decimal,
    parse_measurement,
)

from .types import CatalogItem, DeviceType, Reference, TestCatalog, normalize_name


@attrs.frozen
class _Index:
    device_types: dict[str, DeviceType]
    items: dict[str, dict[str, CatalogItem]]


# One index per loaded catalog; the catalog object is kept alongside so its id stays unique.
_INDEXES: dict[int, tuple[TestCatalog, _Index]] = {}


def _index(catalog: TestCatalog) -> _Index:
    found = _INDEXES.get(id(catalog))
    if found is not None and found[0] is catalog:
        return found[1]
    by_code = {i.code: i for i in catalog.items}
    types: dict[str, DeviceType] = {}
    items: dict[str, dict[str, CatalogItem]] = {}
    for d in catalog.device_types:
        for key in (d.code, d.name, *d.aliases):
            types[normalize_name(key)] = d
        own: dict[str, CatalogItem] = {}
        for code in d.items:
            item = by_code[code]
            own[normalize_name(item.code)] = item
            own.setdefault(normalize_name(item.name), item)
        items[d.code] = own
    index = _Index(device_types=types, items=items)
    if len(_INDEXES) > 64:
        _INDEXES.clear()
    _INDEXES[id(catalog)] = (catalog, index)
    return index


def device_type(catalog: TestCatalog, name: str | None) -> DeviceType | None:
    """The catalog's device type for a device's ``type`` (code, name or alias), if any."""
    if not name:
        return None
    return _index(catalog).device_types.get(normalize_name(name))


def catalog_item(catalog: TestCatalog, dtype: DeviceType, name: str) -> CatalogItem | None:
    """The item of ``dtype`` named ``name`` (its code or its name)."""
    return _index(catalog).items[dtype.code].get(normalize_name(name))


def same_unit(a: str, b: str) -> bool:
    return a == b or unicodedata.normalize("NFKC", a).strip() == unicodedata.normalize("NFKC", b).strip()


@attrs.frozen(kw_only=True)
class ItemJudgement:
    """How one item stands.

    ``computed`` is the catalog's verdict (None when the catalog does not judge it);
    ``effective`` the pass/fail the sample uses — computed when there is one, else the
    tester's; ``problem`` a reason the result cannot be read against its reference.
    """

    missing: bool
    reference: Reference | None
    computed: Verdict | None = None
    effective: bool | None = None
    problem: str | None = None


def item_condition(item: ItemResult, sample: Sample) -> TestCondition:
    return item.condition or sample.condition


def judge_item(item: ItemResult, condition: TestCondition, entry: CatalogItem | None) -> ItemJudgement:
    """Judge one item under ``condition`` against its catalog ``entry`` (None: not in the catalog)."""
    if item.missing:
        return ItemJudgement(missing=True, reference=None)
    reference = entry.reference(condition) if entry is not None else None
    if reference is None or not reference.judged:
        problem = None
        if entry is not None and not entry.qualitative and item.result is not None and item.result.strip():
            try:
                parse_measurement(item.result)  # a quantitative item's result is a number even unjudged
            except InvalidValue as exc:
                problem = exc.reason
        return ItemJudgement(missing=False, reference=reference, effective=item.passed, problem=problem)
    if item.result is None or not item.result.strip():
        return ItemJudgement(
            missing=False, reference=reference, effective=item.passed, problem="未填写检测结果"
        )
    if reference.qualitative:
        text = unicodedata.normalize("NFKC", item.result).strip()
        if text in reference.passing:
            return ItemJudgement(missing=False, reference=reference, computed=Verdict.passed, effective=True)
        if text in reference.failing:
            return ItemJudgement(missing=False, reference=reference, computed=Verdict.failed, effective=False)
        allowed = "、".join((*reference.passing, *reference.failing))
        return ItemJudgement(
            missing=False,
            reference=reference,
            effective=item.passed,
            problem=f"定性结果“{item.result}”不是可选结果（{allowed}）",
        )
    assert entry is not None
    if item.unit and entry.unit and not same_unit(item.unit, entry.unit):
        return ItemJudgement(
            missing=False,
            reference=reference,
            effective=item.passed,
            problem=f"计量单位“{item.unit}”与参考值的单位“{entry.unit}”不同，无法比较",
        )
    try:
        measured = parse_measurement(item.result)
    except InvalidValue as exc:
        return ItemJudgement(missing=False, reference=reference, effective=item.passed, problem=exc.reason)
    verdict = judge(measured, minimum=reference.minimum, maximum=reference.maximum)
    if verdict is Verdict.undecided:
        # ``<30`` against a maximum of 25: the catalog cannot decide, the tester's verdict stands.
        return ItemJudgement(missing=False, reference=reference, computed=verdict, effective=item.passed)
    return ItemJudgement(
        missing=False, reference=reference, computed=verdict, effective=verdict is Verdict.passed
    )


class SampleVerdict(StrEnum):
    """合格 of a sample on the platform's list: 是, 否, or —— when every item is missing."""

    passed = "是"
    failed = "否"
    all_missing = "——"


def sample_verdict(judgements: list[ItemJudgement]) -> SampleVerdict | None:
    """The sample's verdict from its items' judgements (None: no items at all)."""
    if not judgements:
        return None
    if all(j.missing for j in judgements):
        return SampleVerdict.all_missing
    if any(j.effective is False for j in judgements):
        return SampleVerdict.failed
    return SampleVerdict.passed


@attrs.frozen(kw_only=True)
class PointLimit:
    maximum: Decimal
    unit: str | None
    requirement: str


@attrs.frozen(kw_only=True)
class PointJudgement:
    missing: bool
    limit: PointLimit | None
    computed: Verdict | None = None
    effective: bool | None = None
    problem: str | None = None


def point_limit(point: MeasurementPoint, dtype: DeviceType | None) -> PointLimit | None:
    """The limit a point is judged against: its own typed limit, else its room's."""
    if point.limit is not None and point.limit.strip():
        value = parse_decimal(point.limit)  # the caller reports an unreadable limit
        return PointLimit(maximum=value, unit=point.unit, requirement=f"≤{point.limit}")
    if dtype is not None and dtype.protection is not None:
        p = dtype.protection
        return PointLimit(maximum=p.maximum, unit=p.unit, requirement=f"{p.requirement}（{p.clause}）")
    return None


def judge_point(point: MeasurementPoint, dtype: DeviceType | None) -> PointJudgement:
    if point.missing:
        return PointJudgement(missing=True, limit=None)
    try:
        limit = point_limit(point, dtype)
    except InvalidValue as exc:
        return PointJudgement(
            missing=False, limit=None, effective=point.passed, problem=f"参考值：{exc.reason}"
        )
    if point.result is None or not point.result.strip():
        return PointJudgement(missing=False, limit=limit, effective=point.passed, problem="未填写检测结果")
    try:
        measured = parse_measurement(point.result)
    except InvalidValue as exc:
        return PointJudgement(missing=False, limit=limit, effective=point.passed, problem=exc.reason)
    if limit is None:
        return PointJudgement(missing=False, limit=None, effective=point.passed)
    if point.unit and limit.unit and not same_unit(point.unit, limit.unit):
        return PointJudgement(
            missing=False,
            limit=limit,
            effective=point.passed,
            problem=f"计量单位“{point.unit}”与参考值的单位“{limit.unit}”不同，无法比较",
        )
    verdict = judge(measured, minimum=None, maximum=limit.maximum)
    computed = None if verdict is Verdict.undecided else verdict
    typed = point.passed
    effective = typed if typed is not None else (None if computed is None else computed is Verdict.passed)
    return PointJudgement(missing=False, limit=limit, computed=computed, effective=effective)
