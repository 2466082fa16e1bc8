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
of the device type's room for the point's exposure mode (GBZ 130-2020); a limit typed on
the point takes precedence. For items and points alike, a verdict typed against the limit
stands only with a remark giving the reason (a retest enters the new value instead), so
that the card's counts follow the limits (source 000 §5.1.2.2 5: “根据输入的值自动判断”).
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from enum import StrEnum

import attrs

from radrules import (
    Bound,
    InvalidValue,
    MeasurementPoint,
    Sample,
    TestCondition,
    TestItem,
    Verdict,
    judge,
    parse_decimal,
    parse_measurement,
)

from .types import CatalogTestItem, DeviceType, Reference, TestCatalog, normalize_name


@attrs.frozen
class _Index:
    device_types: dict[str, DeviceType]
    items: dict[str, dict[str, CatalogTestItem]]


# One index per loaded catalog; the catalog object is kept alongside so its id stays unique.
_INDEXES: dict[int, tuple[TestCatalog, _Index]] = {}


def _index(catalog: TestCatalog) -> _Index:
    found = _INDEXES.get(id(catalog))
    if found is not None and found[0] is catalog:
        return found[1]
    by_code = {i.code: i for i in catalog.items}
    types: dict[str, DeviceType] = {}
    items: dict[str, dict[str, CatalogTestItem]] = {}
    for d in catalog.device_types:
        for key in (d.code, d.name, *d.aliases):
            types[normalize_name(key)] = d
        own: dict[str, CatalogTestItem] = {}
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


def catalog_item(catalog: TestCatalog, dtype: DeviceType, name: str) -> CatalogTestItem | None:
    """The item of ``dtype`` named ``name`` (its code or its name)."""
    return _index(catalog).items[dtype.code].get(normalize_name(name))


def same_unit(a: str, b: str) -> bool:
    return a == b or unicodedata.normalize("NFKC", a).strip() == unicodedata.normalize("NFKC", b).strip()


@attrs.frozen(kw_only=True)
class ItemJudgement:
    """How one item stands.

    ``computed`` is the catalog's verdict (None when the catalog does not judge it);
    ``effective`` the pass/fail the sample and the card use — computed when there is one,
    else the tester's; ``justified`` when the tester's verdict departs from the computed one
    and a remark gives the reason (then the tester's stands, for the reviewer to see);
    ``problem`` a reason the result cannot be read against its reference.
    """

    missing: bool
    reference: Reference | None
    computed: Verdict | None = None
    effective: bool | None = None
    problem: str | None = None
    justified: bool = False


def _decided(reference: Reference, verdict: Verdict, typed: bool | None, remark: str | None) -> ItemJudgement:
    """A computed verdict; a contradicting typed one stands only with a remark (the way out the
    manual's 备注 and source 003 三's “详细标注说明” give)."""
    expected = verdict is Verdict.passed
    if typed is not None and typed != expected and remark is not None and remark.strip():
        return ItemJudgement(
            missing=False, reference=reference, computed=verdict, effective=typed, justified=True
        )
    return ItemJudgement(missing=False, reference=reference, computed=verdict, effective=expected)


def item_condition(item: TestItem, sample: Sample) -> TestCondition:
    return item.condition or sample.condition


def judge_item(item: TestItem, condition: TestCondition, entry: CatalogTestItem | None) -> ItemJudgement:
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
            return _decided(reference, Verdict.passed, item.passed, item.remark)
        if text in reference.failing:
            return _decided(reference, Verdict.failed, item.passed, item.remark)
        allowed = "、".join((*reference.passing, *reference.failing))
        return ItemJudgement(
            missing=False,
            reference=reference,
            effective=item.passed,
            problem=f"定性结果“{item.result}”不是可选结果（{allowed}）",
        )
    assert entry is not None
    if reference.deviation and item.unit and same_unit(item.unit, "%"):
        return _judge_deviation(item, reference, percent=True)
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
    if reference.deviation:
        return _judge_deviation(item, reference, percent=False)
    verdict = judge(measured, minimum=reference.minimum, maximum=reference.maximum)
    if verdict is Verdict.undecided:
        # ``<30`` against a maximum of 25: the catalog cannot decide, the tester's verdict stands.
        return ItemJudgement(missing=False, reference=reference, computed=verdict, effective=item.passed)
    if (
        reference.exclusive
        and verdict is Verdict.passed
        and measured.value in (reference.minimum, reference.maximum)
    ):
        verdict = Verdict.failed  # “<0.35%”: the limit itself is not within it
    return _decided(reference, verdict, item.passed, item.remark)


def _judge_deviation(item: TestItem, reference: Reference, *, percent: bool) -> ItemJudgement:
    """|measured − set| against the larger of the percentage of the set value and the absolute
    limit; typed as a percentage (``percent``), a deviation within the percentage passes
    whatever the setting, and beyond it the set value decides."""

    def tester(problem: str | None = None, computed: Verdict | None = None) -> ItemJudgement:
        return ItemJudgement(
            missing=False, reference=reference, computed=computed, effective=item.passed, problem=problem
        )

    try:
        value = parse_measurement(item.result or "")
    except InvalidValue as exc:
        return tester(exc.reason)
    if value.bound is not Bound.exact:
        return tester(computed=Verdict.undecided)
    if percent and abs(value.value) <= parse_decimal(reference.deviation_percent or "0"):
        return _decided(reference, Verdict.passed, item.passed, item.remark)
    if item.set_value is None or not item.set_value.strip():
        return tester("须填写设定值（预设值），以按“以较大者控制”判定偏离")
    try:
        preset = parse_decimal(item.set_value)
    except InvalidValue as exc:
        return tester(f"设定值：{exc.reason}")
    delta = abs(value.value) * abs(preset) / 100 if percent else abs(value.value - preset)
    verdict = Verdict.passed if delta <= reference.allowed_deviation(preset) else Verdict.failed
    return _decided(reference, verdict, item.passed, item.remark)


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
    exception: str | None = None


@attrs.frozen(kw_only=True)
class PointJudgement:
    """How one measurement point stands; as :class:`ItemJudgement` (``effective`` follows the
    limit, unless a remark justifies a departing verdict)."""

    missing: bool
    limit: PointLimit | None
    computed: Verdict | None = None
    effective: bool | None = None
    problem: str | None = None
    justified: bool = False


def point_limit(point: MeasurementPoint, dtype: DeviceType | None) -> PointLimit | None:
    """The limit a point is judged against: its own typed limit, else its room's for its mode.

    Raises :class:`InvalidValue` for an unreadable typed limit, or when the room has a limit
    per exposure mode and the point does not say which mode it was measured in.
    """
    if point.limit is not None and point.limit.strip():
        value = parse_decimal(point.limit)
        return PointLimit(maximum=value, unit=point.unit, requirement=f"≤{point.limit}")
    if dtype is None or not dtype.protection:
        return None
    limits = dtype.protection
    chosen = limits[0] if len(limits) == 1 else next((p for p in limits if p.mode == point.mode), None)
    if chosen is None:
        modes = "、".join(p.mode.label for p in limits if p.mode is not None)
        raise InvalidValue(f"{dtype.name}的限值按检测条件（{modes}）不同，须选择该检测点的条件")
    return PointLimit(
        maximum=chosen.maximum,
        unit=chosen.unit,
        requirement=f"{chosen.requirement}（{chosen.clause}）",
        exception=chosen.exception,
    )


def judge_point(point: MeasurementPoint, dtype: DeviceType | None) -> PointJudgement:
    if point.missing:
        return PointJudgement(missing=True, limit=None)
    try:
        limit = point_limit(point, dtype)
    except InvalidValue as exc:
        where = "参考值" if point.limit and point.limit.strip() else "条件"
        return PointJudgement(
            missing=False, limit=None, effective=point.passed, problem=f"{where}：{exc.reason}"
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
    if verdict is Verdict.undecided:
        return PointJudgement(missing=False, limit=limit, effective=point.passed)
    expected = verdict is Verdict.passed
    typed = point.passed
    if typed is not None and typed != expected and point.remark is not None and point.remark.strip():
        return PointJudgement(missing=False, limit=limit, computed=verdict, effective=typed, justified=True)
    return PointJudgement(missing=False, limit=limit, computed=verdict, effective=expected)
