"""Jiangsu rules on the report card: qualification first, data first, computed results, QC code.

Source 000 §5.3.4: a card can be created only after the institution's qualification
declaration is submitted and approved (第一步, §4.2); for a medical client in protection
testing or dose monitoring the report number is chosen from submitted reports and the
results are computed from them (第四–六步, FAQ 4, FAQ 5); the QC code is generated when
the card is saved or submitted (第六步).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from radrules import (
    DeclarationStatus,
    DeviceTestReport,
    DoseMonitoringResult,
    Filing,
    FilingStatus,
    Finding,
    ReportCard,
    ReportStatus,
    RuleContext,
    ServiceField,
)

from .aggregate import results_from, source_report
from .book import book
from .citations import manual
from .params import param_on
from .qc_code import check_code, example
from .types import DataFirst, QcCodeFormat, TestCatalog

NOT_DECLARED = "请先填报并提交放射卫生服务机构资质信息！"


@book.rule(
    "JS.card.qualification-declared",
    title="机构资质信息提交并审核通过后才能填报报送卡",
    applies_to=ReportCard,
    cites=[manual("§5.3.4 第一步"), manual("§4.2")],
    blocks=["submit", "save_draft", "qc_code"],
)
def qualification_declared(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """The institution's qualification declaration was submitted and approved.

    Without it the platform refuses to create a card, in its own words (第一步); a
    declaration not yet reviewed or not approved stops reporting too (§4.2).
    """
    q = card.institution.qualification
    status = q.declaration_status if q is not None else None
    if status is DeclarationStatus.approved:
        return
    path = "institution.qualification.declaration_status" if q is not None else "institution.qualification"
    values = {"declaration_status": status.value if status else None}
    if status is DeclarationStatus.submitted:
        message = "放射卫生服务机构资质信息尚待省疾控审核，审核通过后才能进行技术服务信息报送"
    elif status is DeclarationStatus.returned:
        message = "放射卫生服务机构资质信息审核未通过（已退回），请修改后重新提交，审核通过后才能报送"
    else:
        message = NOT_DECLARED
    yield ctx.finding(path, message, values=values)


_MODULES = {
    ServiceField.protection_testing: ("医用辐射装置检测填报", "device_test_reports"),
    ServiceField.dose_monitoring: ("个人剂量监测填报", "dose_reports"),
}


def _data_first(card: ReportCard, ctx: RuleContext) -> bool:
    rule: DataFirst = ctx.param("data_first")
    return rule.applies(card.client.kind, card.service_field)


@book.rule(
    "JS.card.report-source",
    title="放射诊疗机构的防护检测和个人剂量监测报送卡须选择已提交的检测报告",
    applies_to=Filing,
    cites=[manual("§5.3.4 第四、五步"), manual("第6章 常见问题4、5")],
    parameters=["data_first"],
    blocks=["submit", "qc_code"],
)
def report_source(filing: Filing, ctx: RuleContext) -> Iterator[Finding]:
    """For a medical client in protection testing or dose monitoring, the card's report number
    is that of a submitted report of the same institution and client, and the report's
    date is the card's issue date. Until the data are entered and submitted the card
    cannot get its QC code (第四步 注意).
    """
    card = filing.report_card
    if card is None or not _data_first(card, ctx):
        return
    module, key = _MODULES[card.service_field]
    found = source_report(filing, card)
    if found is None:
        yield ctx.finding(
            "report_card.report_no",
            f"服务单位类型为“{card.client.kind.label}”、技术服务领域为“{card.service_field.label}”时，报告编号须选择"
            f"已在[放射卫生技术服务管理]-[{module}]中提交的该单位的报告；未找到报告 {card.report_no}，"
            f"请先录入并提交检测数据",
            values={"report_no": card.report_no, "client_kind": card.client.kind.value},
        )
        return
    i, report = found
    prefix = f"{key}[{i}]"
    values: dict[str, Any] = {"report_no": report.report_no}
    if report.institution_uscc != card.institution.uscc:
        yield ctx.finding(
            f"{prefix}.institution_uscc",
            f"报告 {report.report_no} 不是本机构（{card.institution.uscc}）填报的报告",
            values={**values, "institution_uscc": report.institution_uscc},
        )
    if report.client.uscc != card.client.uscc:
        yield ctx.finding(
            "report_card.client.uscc",
            f"报告 {report.report_no} 的委托单位为 {report.client.name}（{report.client.uscc}），与报送卡的服务单位不符",
            values={**values, "report_client": report.client.uscc, "card_client": card.client.uscc},
        )
    if report.status is not ReportStatus.submitted:
        yield ctx.finding(
            f"{prefix}.status",
            f"报告 {report.report_no} 尚未提交：须先在[{module}]中提交，报送卡才能选择该报告并领取质控编号",
            values={**values, "status": report.status.value},
        )
    if card.report_issued_on != report.report_date:
        yield ctx.finding(
            "report_card.report_issued_on",
            f"出具技术报告日期应为所选报告 {report.report_no} 的报告日期 {report.report_date.isoformat()}",
            values={
                **values,
                "report_date": report.report_date.isoformat(),
                "report_issued_on": card.report_issued_on.isoformat(),
            },
        )


def _differences(
    path: str, expected: object, actual: object, labels: dict[str, str]
) -> Iterator[tuple[str, str, Any, Any]]:
    for name, label in labels.items():
        want, got = getattr(expected, name), getattr(actual, name)
        if isinstance(want, tuple):
            if sorted(want) != sorted(got):
                yield f"{path}.{name}", label, "、".join(want) or "无", "、".join(got) or "无"
        elif want != got:
            yield f"{path}.{name}", label, want, got


_WORKPLACE = {
    "points_tested": "共检测点位",
    "exceeding_points": "超标点位",
    "hazard_types": "超标点位放射性危害类型",
}
_EQUIPMENT = {
    "devices_tested": "检测设备台数",
    "failing_devices": "不合格设备台数",
    "failing_device_names": "不合格设备名称",
}
_DOSE = {
    "workers_monitored": "监测人数",
    "workers_5_to_20": "5~20mSv人数",
    "workers_over_20": "超过20mSv人数",
}


@book.rule(
    "JS.card.results-computed",
    title="放射诊疗机构的防护检测和个人剂量监测结果由检测数据自动汇总，不能手工填写",
    applies_to=Filing,
    cites=[manual("§5.3.4 第六步 2、3"), manual("第6章 常见问题4")],
    parameters=["data_first", "test_items", "dose_bands"],
)
def results_computed(filing: Filing, ctx: RuleContext) -> Iterator[Finding]:
    """The card's results equal those computed from the chosen report: points tested and
    exceeding, devices tested and failing with their names, workers monitored and by dose
    band. To change them, change the test data (第六步 2、3).
    """
    card = filing.report_card
    if card is None or not _data_first(card, ctx):
        return
    found = source_report(filing, card)
    if found is None:
        return  # JS.card.report-source says so
    _, report = found
    section = card.results.for_field(card.service_field)
    if section is None:
        return  # NAT.card.results.section says so

    def catalog_on(day: Any) -> TestCatalog | None:
        value: TestCatalog | None = param_on(ctx, "test_items", day)
        return value

    computed = results_from(report, catalog_on, ctx.param("dose_bands"))
    source = f"由报告 {report.report_no} 的检测数据自动汇总，不能手工填写；如需修改请修改检测数据"
    diffs: list[tuple[str, str, Any, Any]] = []
    if isinstance(report, DeviceTestReport):
        want, got = computed.protection_testing, card.results.protection_testing
        assert want is not None and got is not None
        base = "report_card.results.protection_testing"
        for name, labels in (("workplace", _WORKPLACE), ("equipment_qc", _EQUIPMENT)):
            w, g = getattr(want, name), getattr(got, name)
            label = "工作场所放射防护检测" if name == "workplace" else "设备质量控制检测"
            if w is None and g is not None:
                yield ctx.finding(
                    f"{base}.{name}",
                    f"报告 {report.report_no} 中没有{label}数据，不应填写{label}结果",
                    values={"report_no": report.report_no},
                )
            elif w is not None and g is None:
                yield ctx.finding(
                    f"{base}.{name}",
                    f"缺少{label}结果：应为 {_describe(w, labels)}（{source}）",
                    values={"report_no": report.report_no},
                )
            elif w is not None:
                diffs += _differences(f"{base}.{name}", w, g, labels)
    else:
        want_d: DoseMonitoringResult | None = computed.dose_monitoring
        assert want_d is not None
        diffs += _differences("report_card.results.dose_monitoring", want_d, section, _DOSE)
    for path, label, expected, actual in diffs:
        yield ctx.finding(
            path,
            f"{label}应为 {expected}，填写为 {actual}（{source}）",
            values={"expected": expected, "actual": actual, "report_no": report.report_no},
        )


def _describe(value: object, labels: dict[str, str]) -> str:
    parts = []
    for name, label in labels.items():
        v = getattr(value, name)
        parts.append(f"{label} {'、'.join(v) or '无' if isinstance(v, tuple) else v}")
    return "，".join(parts)


_ISSUED = frozenset({FilingStatus.submitted, FilingStatus.approved, FilingStatus.locked, FilingStatus.synced})


@book.rule(
    "JS.card.qc-code",
    title="质控编号格式、校验码和技术服务领域须正确；已提交的报送卡须有质控编号",
    applies_to=ReportCard,
    cites=[manual("§5.3.4 第六步“质控编号：暂存或提交后由系统自动生成”")],
    parameters=["qc_code_format"],
)
def qc_code(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """A code, when present, is in the Jiangsu format with a correct check character, names the
    card's service field and a year not after the as-of date; a submitted card has one."""
    if not card.qc_code:
        if card.status in _ISSUED or (card.status_under_lock in _ISSUED):
            yield ctx.finding("qc_code", "已提交的报送卡须有质控编号（暂存或提交时由系统生成）")
        return
    fmt: QcCodeFormat = ctx.param("qc_code_format")
    checked = check_code(card.qc_code, fmt)
    values = {"qc_code": card.qc_code}
    if not checked.recognised:
        yield ctx.finding(
            "qc_code", f"质控编号“{card.qc_code}”不是江苏省的质控编号（如 {example(fmt)}）", values=values
        )
        return
    for problem in checked.problems:
        yield ctx.finding("qc_code", problem, values=values)
    if checked.problems:
        return
    if checked.service_field is not None and checked.service_field is not card.service_field:
        yield ctx.finding(
            "qc_code",
            f"质控编号的技术服务领域为“{checked.service_field.label}”，与报送卡的技术服务领域“{card.service_field.label}”不符",
            values={**values, "service_field": card.service_field.value},
        )
    if checked.year is not None and checked.year > ctx.as_of.year:
        yield ctx.finding(
            "qc_code", f"质控编号的年份 {checked.year} 晚于当前日期 {ctx.as_of.isoformat()}", values=values
        )
