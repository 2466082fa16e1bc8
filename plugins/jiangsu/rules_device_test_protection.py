"""Jiangsu rules on the protection part of device test reports (防护检测, source 000 §5.1.2.2 6).

Protection tests state their test conditions; each measurement point has a name, a count and
a readable result unless missing; its 合格 follows its limit (its own, or its room's of GBZ
130-2020 for the point's exposure mode), and a verdict against it needs a retest or a remark.
"""

from __future__ import annotations

from collections.abc import Iterator

from radrules import (
    DeviceTestReport,
    Finding,
    InvalidValue,
    RuleContext,
    Sample,
    Severity,
    Verdict,
    parse_measurement,
)

from .book import book
from .catalog import device_type, judge_point
from .citations import GBZ_130, JILIN_STANDARDS, manual
from .rules_device_test import _blank, _catalog

_PROTECTION = manual("§5.1.2.2 6、防护检测结果信息填写说明")


def _protection_label(sample: Sample) -> str:
    return f"样品 {sample.sample_no} 的防护检测"


@book.rule(
    "JS.device-test.point-result",
    title="防护检测须填写测试条件；检测点须填写结果或选择缺项，个数为正整数",
    applies_to=DeviceTestReport,
    cites=[_PROTECTION],
    parameters=["test_items"],
)
def point_result(report: DeviceTestReport, ctx: RuleContext) -> Iterator[Finding]:
    """测试条件 is required; a deducted background is a number; each point has a name, a
    count of at least 1, and a readable result unless missing (then no result); a point
    without a reference value carries the tester's verdict."""
    for i, sample in enumerate(report.samples):
        prot = sample.protection
        if prot is None:
            continue
        label = _protection_label(sample)
        base = f"samples[{i}].protection"
        if _blank(prot.test_conditions):
            yield ctx.finding(f"{base}.test_conditions", f"{label}须填写测试条件")
        if prot.background is not None and prot.background.strip():
            try:
                parse_measurement(prot.background)
            except InvalidValue as exc:
                yield ctx.finding(f"{base}.background", f"{label}的本底值：{exc.reason}")
        catalog = _catalog(ctx, prot.tested_on)
        dtype = device_type(catalog, sample.device.type) if catalog is not None else None
        for k, point in enumerate(prot.points):
            path = f"{base}.points[{k}]"
            name = point.name or f"第{k + 1}个检测点"
            if _blank(point.name):
                yield ctx.finding(f"{path}.name", f"{label}第{k + 1}个检测点须填写检测点名称")
            if point.count < 1:
                yield ctx.finding(
                    f"{path}.count", f"检测点“{name}”的个数须为正整数", values={"count": point.count}
                )
            if point.missing:
                if not _blank(point.result):
                    yield ctx.finding(f"{path}.result", f"检测点“{name}”为缺项，检测结果应为“——”，不应填写")
                continue
            if _blank(point.result):
                yield ctx.finding(f"{path}.result", f"检测点“{name}”未填写检测结果；未检测请选择缺项")
                continue
            judged = judge_point(point, dtype)
            if judged.problem is not None:
                where = (
                    "unit"
                    if judged.problem.startswith("计量单位")
                    else "limit"
                    if judged.problem.startswith("参考值")
                    else "mode"
                    if judged.problem.startswith("条件")
                    else "result"
                )
                yield ctx.finding(
                    f"{path}.{where}", f"检测点“{name}”：{judged.problem}", values={"result": point.result}
                )
            elif judged.effective is None:
                yield ctx.finding(f"{path}.passed", f"检测点“{name}”没有可比较的参考值，须选择是否合格")


@book.rule(
    "JS.device-test.point-verdict",
    title="检测点是否合格须与限值相符；不一致须复检或备注理由",
    applies_to=DeviceTestReport,
    cites=[_PROTECTION, GBZ_130, JILIN_STANDARDS],
    parameters=["test_items"],
)
def point_verdict(report: DeviceTestReport, ctx: RuleContext) -> Iterator[Finding]:
    """A point's verdict follows its limit (its own, or its room's of GBZ 130-2020 for its
    exposure mode), since the card's exceeding points are counted from it: a 合格 against the
    limit is an error. As for items, a retest or a remark giving the reason (for a 摄影 room
    above 25 μSv/h, the annual-dose assessment the limit allows) is the way out, and leaves a
    warning for the reviewer."""
    for i, sample in enumerate(report.samples):
        prot = sample.protection
        if prot is None:
            continue
        catalog = _catalog(ctx, prot.tested_on)
        dtype = device_type(catalog, sample.device.type) if catalog is not None else None
        for k, point in enumerate(prot.points):
            judged = judge_point(point, dtype)
            if judged.computed is None or point.passed is None or judged.limit is None:
                continue
            expected = judged.computed is Verdict.passed
            if point.passed == expected:
                continue
            text = (
                f"检测点“{point.name}”结果 {point.result} {'未超过' if expected else '超过'}参考值"
                f"（{judged.limit.requirement}），却填为{'合格' if point.passed else '不合格'}"
            )
            values = {"result": point.result, "limit": str(judged.limit.maximum), "passed": point.passed}
            path = f"samples[{i}].protection.points[{k}].passed"
            if judged.justified:
                yield ctx.finding(
                    path,
                    f"{text}；已备注：{(point.remark or '').strip()}，请审核",
                    values=values,
                    severity=Severity.warning,
                )
            else:
                way = f"（{judged.limit.exception}）" if judged.limit.exception else ""
                yield ctx.finding(
                    path, f"{text}；请复检后填写复检结果，或在备注中说明理由{way}", values=values
                )
