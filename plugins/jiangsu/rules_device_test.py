"""Jiangsu rules on medical radiation device test reports (医用辐射装置检测填报, source 000 §5.1).

The form's own constraints: a report number is required; the report date is not after
today and every test date is not after the report date; each sample has at least one test
category; the device is one of the client's (the institution cannot add devices); each
item is judged against the catalog's reference value for its test condition; a missing
item has no result and needs a remark; protection tests state their test conditions.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from radrules import (
    DeviceTestReport,
    Finding,
    InvalidValue,
    ReportStatus,
    RuleContext,
    Severity,
    TestCategory,
    Verdict,
    parse_measurement,
)

from .aggregate import judge_items
from .book import book
from .catalog import SampleVerdict, catalog_item, device_type, item_condition, sample_verdict
from .citations import JILIN_STANDARDS, WS_76, manual
from .params import param_on
from .types import TestCatalog

_PERFORMANCE = manual("§5.1.2.2 5、性能检测结果信息填写说明")
_PROTECTION = manual("§5.1.2.2 6、防护检测结果信息填写说明")


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _catalog(ctx: RuleContext, day: date) -> TestCatalog | None:
    value: TestCatalog | None = param_on(ctx, "test_items", day)
    return value


@book.rule(
    "JS.device-test.basic-info",
    title="检测报告须填写报告编号；提交的报告须至少有一台设备的检测记录",
    applies_to=DeviceTestReport,
    cites=[manual("§5.1.2.2 3、基本信息填写说明"), manual("§5.1.2.2 7、医用辐射装置检测数据提交")],
)
def basic_info(report: DeviceTestReport, ctx: RuleContext) -> Iterator[Finding]:
    """报告编号 is required; a submitted report has at least one sample."""
    if _blank(report.report_no):
        yield ctx.finding("report_no", "报告编号为必填项")
    if report.status is ReportStatus.submitted and not report.samples:
        yield ctx.finding("samples", "已提交的检测报告须至少录入一台设备的检测记录")


@book.rule(
    "JS.device-test.dates",
    title="检测日期不能晚于报告日期，报告日期不能晚于当前日期",
    applies_to=DeviceTestReport,
    cites=[manual("§5.1.2.2 3、报告日期"), _PERFORMANCE],
)
def dates(report: DeviceTestReport, ctx: RuleContext) -> Iterator[Finding]:
    """test date ≤ report date ≤ as-of date (“检测日期需小于等于基本信息中的报告日期”)."""
    if report.report_date > ctx.as_of:
        yield ctx.finding(
            "report_date",
            f"报告日期 {report.report_date.isoformat()} 晚于当前日期 {ctx.as_of.isoformat()}",
            values={"report_date": report.report_date.isoformat(), "as_of": ctx.as_of.isoformat()},
        )
    for i, sample in enumerate(report.samples):
        for part, label in ((sample.performance, "性能"), (sample.protection, "防护")):
            if part is not None and part.tested_on > report.report_date:
                path = f"samples[{i}].{'performance' if label == '性能' else 'protection'}.tested_on"
                yield ctx.finding(
                    path,
                    f"样品 {sample.sample_no} 的{label}检测日期 {part.tested_on.isoformat()} 晚于报告日期 "
                    f"{report.report_date.isoformat()}",
                    values={
                        "tested_on": part.tested_on.isoformat(),
                        "report_date": report.report_date.isoformat(),
                    },
                )


@book.rule(
    "JS.device-test.categories",
    title="检测类别须至少选择性能、防护之一，并与填写的检测结果一致",
    applies_to=DeviceTestReport,
    cites=[manual("§5.1.2.2 4、样品信息填写说明")],
)
def categories(report: DeviceTestReport, ctx: RuleContext) -> Iterator[Finding]:
    """At least one test category; results are entered for exactly the categories chosen."""
    for i, sample in enumerate(report.samples):
        chosen = set(sample.categories)
        if not chosen:
            yield ctx.finding(
                f"samples[{i}].categories", f"样品 {sample.sample_no} 须至少选择一个检测类别（性能、防护）"
            )
        if len(chosen) != len(sample.categories):
            yield ctx.finding(f"samples[{i}].categories", f"样品 {sample.sample_no} 的检测类别重复")
        for category, part, name in (
            (TestCategory.performance, sample.performance, "performance"),
            (TestCategory.protection, sample.protection, "protection"),
        ):
            if category in chosen and part is None:
                yield ctx.finding(
                    f"samples[{i}].{name}",
                    f"样品 {sample.sample_no} 勾选了{category.label}检测，须填写{category.label}检测结果",
                )
            elif category not in chosen and part is not None:
                yield ctx.finding(
                    f"samples[{i}].{name}",
                    f"样品 {sample.sample_no} 未勾选{category.label}检测类别，不应填写{category.label}检测结果",
                )


@book.rule(
    "JS.device-test.device-owner",
    title="放射装置须为委托单位的设备",
    applies_to=DeviceTestReport,
    cites=[manual("§5.1.1"), manual("§5.1.2.2 4、放射装置")],
)
def device_owner(report: DeviceTestReport, ctx: RuleContext) -> Iterator[Finding]:
    """The institution only picks the client's devices; it cannot add or edit them (§5.1.1)."""
    for i, sample in enumerate(report.samples):
        if sample.device.owner_uscc.strip().upper() != report.client.uscc.strip().upper():
            yield ctx.finding(
                f"samples[{i}].device.owner_uscc",
                f"放射装置 {sample.device.name} 不属于委托单位 {report.client.name}：只能选择委托单位的设备，"
                f"设备信息须由委托单位自行维护",
                values={"owner_uscc": sample.device.owner_uscc, "client_uscc": report.client.uscc},
            )


@book.rule(
    "JS.device-test.item-catalog",
    title="设备类型和检测项目应在检测项目目录中，否则无法按参考值判定",
    applies_to=DeviceTestReport,
    cites=[_PERFORMANCE, WS_76],
    severity="warning",
    parameters=["test_items"],
)
def item_catalog(report: DeviceTestReport, ctx: RuleContext) -> Iterator[Finding]:
    """Items come from the catalog for the device's type (检测关系维护). When the type or an
    item is not in the catalog in force on the test date, the tester's verdict stands and
    this says so; the catalog is a start and does not yet hold every device and item."""
    for i, sample in enumerate(report.samples):
        perf = sample.performance
        if perf is None or not perf.items:
            continue
        catalog = _catalog(ctx, perf.tested_on)
        if catalog is None:
            yield ctx.finding(
                f"samples[{i}].performance.tested_on",
                f"检测日期 {perf.tested_on.isoformat()} 时检测项目目录尚未生效，各项是否合格以填写为准",
                values={"tested_on": perf.tested_on.isoformat()},
            )
            continue
        dtype = device_type(catalog, sample.device.type)
        if dtype is None:
            yield ctx.finding(
                f"samples[{i}].device.type",
                f"设备类型“{sample.device.type or '未填写'}”不在检测项目目录中，检测项目无法按参考值判定，是否合格以填写为准",
                values={"type": sample.device.type},
            )
            continue
        if not dtype.items:
            yield ctx.finding(
                f"samples[{i}].performance.tested_on",
                f"检测日期 {perf.tested_on.isoformat()} 时检测项目目录中没有{dtype.name}的性能检测项目"
                "（如 WS 76-2020 自2021-05-01实施），各项是否合格以填写为准",
                values={"tested_on": perf.tested_on.isoformat(), "device_type": dtype.code},
            )
            continue
        for j, item in enumerate(perf.items):
            if catalog_item(catalog, dtype, item.item) is None:
                yield ctx.finding(
                    f"samples[{i}].performance.items[{j}].item",
                    f"检测项目“{item.item}”不在{dtype.name}的检测项目目录中，是否合格以填写为准",
                    values={"item": item.item, "device_type": dtype.code},
                )


@book.rule(
    "JS.device-test.item-result",
    title="检测项目须填写结果或选择缺项；缺项不填结果且须备注；无参考值时须选择是否合格",
    applies_to=DeviceTestReport,
    cites=[_PERFORMANCE],
    parameters=["test_items"],
)
def item_result(report: DeviceTestReport, ctx: RuleContext) -> Iterator[Finding]:
    """A missing item (缺项) shows “——” for result, unit and verdict and needs a remark; any
    other item has a result readable as a number (scientific notation allowed) or one of
    its qualitative results, in the catalog's unit, and a verdict where the catalog has none.
    """
    for i, sample in enumerate(report.samples):
        if sample.performance is None:
            continue
        judgements = judge_items(sample, _catalog(ctx, sample.performance.tested_on))
        for j, (item, judged) in enumerate(zip(sample.performance.items, judgements, strict=True)):
            path = f"samples[{i}].performance.items[{j}]"
            label = f"样品 {sample.sample_no} 的检测项目“{item.item}”"
            if item.missing:
                if not _blank(item.result):
                    yield ctx.finding(f"{path}.result", f"{label}为缺项，检测结果应为“——”，不应填写")
                if item.passed is not None:
                    yield ctx.finding(f"{path}.passed", f"{label}为缺项，是否合格应为“——”，不应判定")
                if _blank(item.remark):
                    yield ctx.finding(f"{path}.remark", f"{label}为缺项，须填写备注说明缺项原因")
                continue
            if _blank(item.result):
                yield ctx.finding(f"{path}.result", f"{label}未填写检测结果；未检测的项目请选择缺项并备注")
                continue
            if judged.problem is not None:
                where = (
                    "unit"
                    if judged.problem.startswith("计量单位")
                    else "set_value"
                    if "设定值" in judged.problem
                    else "result"
                )
                yield ctx.finding(
                    f"{path}.{where}", f"{label}：{judged.problem}", values={"result": item.result}
                )
            elif item.passed is None and judged.computed not in (Verdict.passed, Verdict.failed):
                yield ctx.finding(
                    f"{path}.passed",
                    f"{label}无法按参考值自动判定（参考值未维护或结果带界限符号），须选择是否合格",
                    values={"condition": item_condition(item, sample).value},
                )
            if item.baseline is not None and item.baseline.strip():
                try:
                    parse_measurement(item.baseline)
                except InvalidValue as exc:
                    yield ctx.finding(
                        f"{path}.baseline",
                        f"{label}的基线值：{exc.reason}",
                        values={"baseline": item.baseline},
                    )


@book.rule(
    "JS.device-test.item-verdict",
    title="检测项目是否合格须与参考值的判定一致（结果恰在限值上为合格）；不一致须复检或备注理由",
    applies_to=DeviceTestReport,
    cites=[_PERFORMANCE, WS_76, JILIN_STANDARDS],
    parameters=["test_items"],
)
def item_verdict(report: DeviceTestReport, ctx: RuleContext) -> Iterator[Finding]:
    """Where the catalog has a minimum/maximum, a deviation from the set value (以较大者控制)
    or qualitative results for the item's test condition, pass or fail follows from them
    (limits inclusive), and a typed verdict must agree (“根据输入的值自动判断是否合格”): an
    error that blocks submission. The way out is a retest (enter its value, 是否复检 是) or a
    remark giving the reason (source 003 三: 详细标注说明), which leaves a warning for the
    reviewer and lets the tester's verdict stand."""
    for i, sample in enumerate(report.samples):
        if sample.performance is None:
            continue
        judgements = judge_items(sample, _catalog(ctx, sample.performance.tested_on))
        for j, (item, judged) in enumerate(zip(sample.performance.items, judgements, strict=True)):
            if judged.computed not in (Verdict.passed, Verdict.failed) or item.passed is None:
                continue
            expected = judged.computed is Verdict.passed
            if item.passed == expected:
                continue
            assert judged.reference is not None
            condition = item_condition(item, sample)
            shown = item.result if item.set_value is None else f"{item.result}（设定值 {item.set_value}）"
            text = (
                f"样品 {sample.sample_no} 的检测项目“{item.item}”结果 {shown} 按{condition.label}参考值"
                f"（{judged.reference.requirement}）应判定为{'合格' if expected else '不合格'}，"
                f"填写为{'合格' if item.passed else '不合格'}"
            )
            values = {
                "result": item.result,
                "set_value": item.set_value,
                "requirement": judged.reference.requirement,
                "condition": condition.value,
                "passed": item.passed,
            }
            path = f"samples[{i}].performance.items[{j}].passed"
            if judged.justified:
                yield ctx.finding(
                    path,
                    f"{text}；已备注：{(item.remark or '').strip()}，请审核",
                    values=values,
                    severity=Severity.warning,
                )
            else:
                yield ctx.finding(path, f"{text}；请复检后填写复检结果，或在备注中说明理由", values=values)


@book.rule(
    "JS.device-test.sample-all-missing",
    title="样品所有检测项目均为缺项时合格显示“——”，不计入检测设备台数",
    applies_to=DeviceTestReport,
    severity="warning",
    cites=[_PERFORMANCE],
    parameters=["test_items"],
)
def sample_all_missing(report: DeviceTestReport, ctx: RuleContext) -> Iterator[Finding]:
    """A sample whose items are all missing shows “——” (neither passed nor failed) and does
    not count as a device tested on the card."""
    for i, sample in enumerate(report.samples):
        if sample.performance is None:
            continue
        verdict = sample_verdict(judge_items(sample, _catalog(ctx, sample.performance.tested_on)))
        if verdict is SampleVerdict.all_missing:
            yield ctx.finding(
                f"samples[{i}].performance.items",
                f"样品 {sample.sample_no}（{sample.device.name}）的检测项目均为缺项，合格显示为“——”，不计入检测设备台数",
                values={"sample_no": sample.sample_no},
            )
