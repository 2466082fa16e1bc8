"""Jilin's rule on missing test items (吉卫监督发〔2021〕1号 第三条).

“凡标准规范明确的检测项目必须全部检测……个别项目确因设备原因不能检测的，验收检测项目需由设备厂方
书面确认和医疗卫生机构加盖公章认可，状态检测项目应详细标注说明。” A missing item (``missing``) in
an acceptance test needs both attachments on its sample; in a status test it needs a
note on the item itself. An item's own test condition, when given, decides; otherwise
its sample's.
"""

from __future__ import annotations

from collections.abc import Iterator

from radrules import (
    AttachmentKind,
    DeviceTestReport,
    Finding,
    RuleContext,
    Sample,
    TestCondition,
)

from .book import book
from .citations import MISSING_ITEMS

_NEEDED = (AttachmentKind.manufacturer_confirmation, AttachmentKind.client_approval)


def _missing(sample: Sample, i: int) -> Iterator[tuple[str, str, str | None, TestCondition]]:
    """(path, name, remark, condition) of each missing item or point of a sample."""
    if sample.performance is not None:
        for j, item in enumerate(sample.performance.items):
            if item.missing:
                yield (
                    f"samples[{i}].performance.items[{j}]",
                    item.item,
                    item.remark,
                    item.condition or sample.condition,
                )
    if sample.protection is not None:
        for j, point in enumerate(sample.protection.points):
            if point.missing:
                yield f"samples[{i}].protection.points[{j}]", point.name, point.remark, sample.condition


@book.rule(
    "JL.device-test.missing-items",
    title="缺项须有依据：验收检测附厂方书面确认和医疗机构盖章认可，状态检测详细标注说明",
    applies_to=DeviceTestReport,
    cites=[MISSING_ITEMS],
)
def missing_items(report: DeviceTestReport, ctx: RuleContext) -> Iterator[Finding]:
    """Each missing item is justified as 第三条 requires for its test condition."""
    for i, sample in enumerate(report.samples):
        kinds = {a.kind for a in sample.attachments}
        acceptance: list[str] = []
        for path, name, remark, condition in _missing(sample, i):
            if condition is TestCondition.acceptance:
                acceptance.append(name)
            elif condition is TestCondition.status and (remark is None or not remark.strip()):
                yield ctx.finding(
                    f"{path}.remark",
                    f"样品 {sample.sample_no} 的状态检测项目“{name}”缺项，须详细标注说明不能检测的原因",
                    values={"sample_no": sample.sample_no, "item": name},
                )
        absent = [k for k in _NEEDED if k not in kinds]
        if acceptance and absent:
            yield ctx.finding(
                f"samples[{i}].attachments",
                f"样品 {sample.sample_no} 的验收检测项目{'、'.join(f'“{n}”' for n in acceptance)}缺项，"
                f"须附{'和'.join(k.label for k in absent)}",
                values={
                    "sample_no": sample.sample_no,
                    "missing_items": acceptance,
                    "absent_attachments": [k.value for k in absent],
                },
            )
