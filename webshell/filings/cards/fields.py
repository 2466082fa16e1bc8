"""Where each part of the report card is typed on the card page (source 000 §5.3.4 第二–七步):
the JSON path of the card input (and of the ``radrules.ReportCard`` it becomes) → the form
field and its label. Errors of reading the card — the form's own and the library's, keyed
by these paths — are shown beside the field (:class:`radrules_webshell.core.forms.FieldMap`).
"""

from __future__ import annotations

from datetime import date

from radrules_webshell.core.forms import FieldMap

from radrules import default_registry

_RESULTS: dict[str, tuple[str, str]] = {
    "results.protection_evaluation.kind": ("ev_kind", "评价类别"),
    "results.protection_evaluation.points_tested": ("ev_points_tested", "现场共检测点位个数"),
    "results.protection_evaluation.exceeding_points": ("ev_exceeding_points", "剂量超标点位个数"),
    "results.protection_evaluation.hazard_types": ("ev_hazard_types", "超标点位放射性危害类型"),
    "results.protection_testing.workplace.points_tested": ("wp_points_tested", "工作场所共检测点位"),
    "results.protection_testing.workplace.exceeding_points": ("wp_exceeding_points", "超标点位"),
    "results.protection_testing.workplace.hazard_types": ("wp_hazard_types", "超标点位放射性危害类型"),
    "results.protection_testing.equipment_qc.devices_tested": ("eq_devices_tested", "检测设备台数"),
    "results.protection_testing.equipment_qc.failing_devices": ("eq_failing_devices", "不合格设备的台数"),
    "results.protection_testing.equipment_qc.failing_device_names": (
        "eq_failing_device_names",
        "不合格设备名称",
    ),
    "results.dose_monitoring.workers_monitored": ("dm_workers_monitored", "监测人数"),
    "results.dose_monitoring.workers_5_to_20": ("dm_workers_5_to_20", "5~20mSv人数"),
    "results.dose_monitoring.workers_over_20": ("dm_workers_over_20", "超过20mSv人数"),
}
for _key, _prefix, _what in (
    ("protective_equipment", "pe", "放射防护器材"),
    ("radioactive_products", "rp", "含放射性产品"),
):
    _base = f"results.equipment_product_testing.{_key}"
    _RESULTS[f"{_base}.samples_tested"] = (f"{_prefix}_samples_tested", f"{_what}共检测样品数量")
    _RESULTS[f"{_base}.samples_exceeding"] = (f"{_prefix}_samples_exceeding", f"{_what}超标样品数量")
    _RESULTS[f"{_base}.exceeding_names"] = (f"{_prefix}_exceeding_names", f"{_what}超标样品名称")

CARD_FIELDS = FieldMap(
    {
        "institution.project_leader": ("project_leader", "项目负责人"),
        "institution.phone": ("institution_phone", "机构联系电话"),
        "client_id": ("client_id", "服务的用人单位"),
        "client.kind": ("client_kind", "服务单位类型"),
        "client.contact.name": ("client_contact_name", "联系人"),
        "client.contact.phone": ("client_contact_phone", "联系电话"),
        "service_address": ("service_division_code", "技术服务地址"),
        "service_address.division_code": ("service_division_code", "技术服务地址"),
        "service_address.address": ("service_address", "技术服务详细地址"),
        "service_field": ("service_field", "技术服务领域"),
        "report_no": ("report_no", "技术服务报告编号"),
        "source": ("source", "选择已提交的检测报告"),
        "report_issued_on": ("report_issued_on", "出具技术报告日期"),
        **_RESULTS,
        "filler.unit_head": ("filler_unit_head", "单位负责人"),
        "filler.name": ("filler_name", "填表人"),
        "filler.phone": ("filler_phone", "填表人联系电话"),
        "filler.filled_on": ("filler_filled_on", "填表日期"),
    }
)

#: The numbers of each results section as the form names them, with their JSON key; a
#: section with one of them typed needs them all (若无，则填写0).
RESULT_NUMBERS: dict[str, tuple[tuple[str, str], ...]] = {
    "results.protection_evaluation": (("ev_exceeding_points", "exceeding_points"),),
    "results.protection_testing.workplace": (
        ("wp_points_tested", "points_tested"),
        ("wp_exceeding_points", "exceeding_points"),
    ),
    "results.protection_testing.equipment_qc": (
        ("eq_devices_tested", "devices_tested"),
        ("eq_failing_devices", "failing_devices"),
    ),
    "results.dose_monitoring": (
        ("dm_workers_monitored", "workers_monitored"),
        ("dm_workers_5_to_20", "workers_5_to_20"),
        ("dm_workers_over_20", "workers_over_20"),
    ),
    "results.equipment_product_testing.protective_equipment": (
        ("pe_samples_tested", "samples_tested"),
        ("pe_samples_exceeding", "samples_exceeding"),
    ),
    "results.equipment_product_testing.radioactive_products": (
        ("rp_samples_tested", "samples_tested"),
        ("rp_samples_exceeding", "samples_exceeding"),
    ),
}


def hazard_type_choices(division_code: str, on: date) -> tuple[str, ...]:
    """超标点位放射性危害类型 as the card's jurisdiction lists them (the ``hazard_types``
    parameter the rule ``NAT.card.results.hazard-types`` checks against; 可多选)."""
    registry = default_registry()
    view = registry.view(registry.chain_for_division(division_code), on)
    return tuple(view.get("hazard_types")) if view.has("hazard_types") else ()
