"""National rules on the card's results (技术服务结果): the right section, consistent counts.

The counts are the national card's (国卫规划函〔2021〕184号), as source 000 §5.3.4 第六步
describes them: exceeding never above
the total, hazard types chosen exactly when something exceeds, failing devices named
exactly when there are any, dose bands within the number of workers monitored.
"""

from __future__ import annotations

from collections.abc import Iterator

from radrules import (
    EquipmentProductResult,
    EvaluationKind,
    Finding,
    ReportCard,
    RuleContext,
    SampleTesting,
    ServiceField,
)

from .book import book
from .citations import NATIONAL_CARD


def _product_parts(result: EquipmentProductResult) -> Iterator[tuple[str, SampleTesting, str]]:
    """The filled parts of 放射防护器材和含放射性产品检测: (field name, part, Chinese label)."""
    for name, part, label in (
        ("protective_equipment", result.protective_equipment, "放射防护器材"),
        ("radioactive_products", result.radioactive_products, "含放射性产品"),
    ):
        if part is not None:
            yield name, part, label


@book.rule(
    "NAT.card.results.section",
    title="技术服务结果须与技术服务领域对应",
    applies_to=ReportCard,
    cites=[NATIONAL_CARD],
)
def results_section(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """The results section of the chosen service field is filled, and no other."""
    for field in ServiceField:
        present = card.results.for_field(field) is not None
        if field is card.service_field and not present:
            yield ctx.finding(
                f"results.{field.value}",
                f"技术服务领域为“{field.label}”，须填写对应的技术服务结果",
                values={"service_field": card.service_field.value},
            )
        elif field is not card.service_field and present:
            yield ctx.finding(
                f"results.{field.value}",
                f"技术服务领域为“{card.service_field.label}”，不应填写“{field.label}”的结果",
                values={"service_field": card.service_field.value},
            )
    testing = card.results.protection_testing
    if testing is not None and testing.workplace is None and testing.equipment_qc is None:
        yield ctx.finding(
            "results.protection_testing",
            "放射卫生防护检测须填写工作场所放射防护检测或设备质量控制检测中的至少一项",
        )
    products = card.results.equipment_product_testing
    if (
        products is not None
        and products.protective_equipment is None
        and products.radioactive_products is None
    ):
        yield ctx.finding(
            "results.equipment_product_testing",
            "须填写放射防护器材检测或含放射性产品检测中的至少一项",
        )


def _counts(card: ReportCard) -> Iterator[tuple[str, str, int | None]]:
    r = card.results
    if r.protection_evaluation is not None:
        yield (
            "results.protection_evaluation.points_tested",
            "现场共检测点位个数",
            r.protection_evaluation.points_tested,
        )
        yield (
            "results.protection_evaluation.exceeding_points",
            "超标点位个数",
            r.protection_evaluation.exceeding_points,
        )
    if r.protection_testing is not None:
        if (w := r.protection_testing.workplace) is not None:
            yield (
                "results.protection_testing.workplace.points_tested",
                "共检测点位",
                w.points_tested,
            )
            yield (
                "results.protection_testing.workplace.exceeding_points",
                "超标点位",
                w.exceeding_points,
            )
        if (q := r.protection_testing.equipment_qc) is not None:
            yield (
                "results.protection_testing.equipment_qc.devices_tested",
                "检测设备台数",
                q.devices_tested,
            )
            yield (
                "results.protection_testing.equipment_qc.failing_devices",
                "不合格设备台数",
                q.failing_devices,
            )
    if (d := r.dose_monitoring) is not None:
        yield "results.dose_monitoring.workers_monitored", "监测人数", d.workers_monitored
        yield "results.dose_monitoring.workers_5_to_20", "5~20mSv人数", d.workers_5_to_20
        yield "results.dose_monitoring.workers_over_20", "超过20mSv人数", d.workers_over_20
    if (p := r.equipment_product_testing) is not None:
        for name, part, label in (
            ("protective_equipment", p.protective_equipment, "放射防护器材"),
            ("radioactive_products", p.radioactive_products, "含放射性产品"),
        ):
            if part is not None:
                yield (
                    f"results.equipment_product_testing.{name}.samples_tested",
                    f"{label}检测样品数量",
                    part.samples_tested,
                )
                yield (
                    f"results.equipment_product_testing.{name}.samples_exceeding",
                    f"{label}超标样品数量",
                    part.samples_exceeding,
                )


@book.rule(
    "NAT.card.results.non-negative",
    title="结果中的数量不能为负数",
    applies_to=ReportCard,
    cites=[NATIONAL_CARD],
)
def non_negative(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """Counts are whole numbers of zero or more (the manual: “若无……则填写0”)."""
    for path, label, value in _counts(card):
        if value is not None and value < 0:
            yield ctx.finding(path, f"{label}不能为负数", values={"value": value})


def _part(
    ctx: RuleContext,
    path: str,
    total: tuple[str, int | None],
    exceeding: tuple[str, int],
) -> Iterator[Finding]:
    total_label, total_value = total
    label, value = exceeding
    if total_value is not None and value > total_value:
        yield ctx.finding(
            path,
            f"{label}（{value}）不能大于{total_label}（{total_value}）",
            values={"exceeding": value, "total": total_value},
        )


@book.rule(
    "NAT.card.results.exceeding-within-total",
    title="超标或不合格的数量不能大于检测总数",
    applies_to=ReportCard,
    cites=[NATIONAL_CARD],
)
def exceeding_within_total(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """Exceeding points, failing devices and exceeding samples never outnumber those tested."""
    r = card.results
    if (e := r.protection_evaluation) is not None:
        yield from _part(
            ctx,
            "results.protection_evaluation.exceeding_points",
            ("现场共检测点位个数", e.points_tested),
            ("超标点位个数", e.exceeding_points),
        )
    if r.protection_testing is not None:
        if (w := r.protection_testing.workplace) is not None:
            yield from _part(
                ctx,
                "results.protection_testing.workplace.exceeding_points",
                ("共检测点位", w.points_tested),
                ("超标点位", w.exceeding_points),
            )
        if (q := r.protection_testing.equipment_qc) is not None:
            yield from _part(
                ctx,
                "results.protection_testing.equipment_qc.failing_devices",
                ("检测设备台数", q.devices_tested),
                ("不合格设备台数", q.failing_devices),
            )
    if (p := r.equipment_product_testing) is not None:
        for name, part, label in _product_parts(p):
            yield from _part(
                ctx,
                f"results.equipment_product_testing.{name}.samples_exceeding",
                (f"{label}检测样品数量", part.samples_tested),
                (f"{label}超标样品数量", part.samples_exceeding),
            )


@book.rule(
    "NAT.card.results.control-effect-points",
    title="控制效果评价须填写现场共检测点位个数",
    applies_to=ReportCard,
    cites=[NATIONAL_CARD],
)
def control_effect_points(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """A control-effect evaluation states how many points were measured; a pre-evaluation measures none."""
    e = card.results.protection_evaluation
    if e is None:
        return
    if e.kind is EvaluationKind.control_effect_evaluation and e.points_tested is None:
        yield ctx.finding(
            "results.protection_evaluation.points_tested", "控制效果评价须填写现场共检测点位个数"
        )
    if e.kind is EvaluationKind.pre_evaluation and e.points_tested is not None:
        yield ctx.finding(
            "results.protection_evaluation.points_tested",
            "预评价只填写剂量超标点位个数，不填写现场共检测点位个数",
            values={"points_tested": e.points_tested},
        )


@book.rule(
    "NAT.card.results.hazard-types",
    title="有超标点位时须选择放射性危害类型，无超标点位时不选",
    applies_to=ReportCard,
    cites=[NATIONAL_CARD],
    parameters=["hazard_types"],
)
def hazard_types(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """Hazard types are given exactly when exceeding points > 0, each from the card's list."""
    parts: list[tuple[str, int, tuple[str, ...]]] = []
    if (e := card.results.protection_evaluation) is not None:
        parts.append(("results.protection_evaluation", e.exceeding_points, e.hazard_types))
    if (
        card.results.protection_testing is not None
        and (w := card.results.protection_testing.workplace) is not None
    ):
        parts.append(("results.protection_testing.workplace", w.exceeding_points, w.hazard_types))
    if not parts:
        return
    allowed: list[str] = ctx.param("hazard_types")
    for path, exceeding, types in parts:
        if exceeding > 0 and not types:
            yield ctx.finding(
                f"{path}.hazard_types",
                f"超标点位个数为{exceeding}，须选择超标点位放射性危害类型",
                values={"exceeding_points": exceeding},
            )
        if exceeding == 0 and types:
            yield ctx.finding(
                f"{path}.hazard_types",
                "超标点位个数为0，不应选择放射性危害类型",
                values={"hazard_types": list(types)},
            )
        for i, kind in enumerate(types):
            if kind not in allowed:
                yield ctx.finding(
                    f"{path}.hazard_types[{i}]",
                    f"“{kind}”不是可选的放射性危害类型；可选：{'、'.join(allowed)}",
                    values={"hazard_type": kind},
                )


@book.rule(
    "NAT.card.results.failing-names",
    title="不合格设备或超标样品数量大于0时须填写名称，为0时不填",
    applies_to=ReportCard,
    cites=[NATIONAL_CARD],
)
def failing_names(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """Names are given exactly when the failing or exceeding count is above zero."""
    parts: list[tuple[str, str, int, tuple[str, ...]]] = []
    if (
        card.results.protection_testing is not None
        and (q := card.results.protection_testing.equipment_qc) is not None
    ):
        parts.append(
            (
                "results.protection_testing.equipment_qc.failing_device_names",
                "不合格设备",
                q.failing_devices,
                q.failing_device_names,
            )
        )
    if (p := card.results.equipment_product_testing) is not None:
        for name, part, label in _product_parts(p):
            parts.append(
                (
                    f"results.equipment_product_testing.{name}.exceeding_names",
                    f"超标{label}样品",
                    part.samples_exceeding,
                    part.exceeding_names,
                )
            )
    for path, label, count, names in parts:
        named = [n for n in names if n.strip()]
        if count > 0 and not named:
            yield ctx.finding(path, f"{label}数量为{count}，须填写{label}名称", values={"count": count})
        elif count == 0 and named:
            yield ctx.finding(path, f"{label}数量为0，不应填写名称", values={"names": list(names)})
        elif count > 0 and len(named) > count:
            yield ctx.finding(
                path,
                f"填写了{len(named)}个{label}名称，多于数量{count}",
                values={"count": count, "names": list(names)},
            )


@book.rule(
    "NAT.card.results.dose-bands",
    title="5~20mSv人数与超过20mSv人数之和不能大于监测人数",
    applies_to=ReportCard,
    cites=[NATIONAL_CARD],
)
def dose_bands(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """Workers in the two dose bands are among the workers monitored."""
    d = card.results.dose_monitoring
    if d is None:
        return
    banded = d.workers_5_to_20 + d.workers_over_20
    if banded > d.workers_monitored:
        yield ctx.finding(
            "results.dose_monitoring.workers_over_20",
            f"5~20mSv人数（{d.workers_5_to_20}）与超过20mSv人数（{d.workers_over_20}）之和"
            f"大于监测人数（{d.workers_monitored}）",
            values={
                "workers_5_to_20": d.workers_5_to_20,
                "workers_over_20": d.workers_over_20,
                "workers_monitored": d.workers_monitored,
            },
        )
