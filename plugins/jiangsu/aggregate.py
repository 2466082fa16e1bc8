"""A card's results computed from the device-test or dose report it names (source 000 §5.3.4
第六步 2、3; FAQ 4): the numbers the platform fills in and does not let the filer change.

Protection testing (from a 医用辐射装置检测 report):

* 工作场所放射防护检测 — points tested: the counts of every measurement point that is not
  missing; exceeding points: those judged 不合格; hazard types: those of the devices whose
  rooms have exceeding points (X射线 for the X-ray devices of the catalog);
* 设备质量控制检测 — devices tested: distinct devices with performance results (a device
  whose items are all missing shows “——” and was not tested); failing devices: those with
  a sample judged 否, by name.

Dose monitoring (from a 个人剂量监测 report): workers monitored are the distinct workers in
the report; each worker's Hp(10) over the report's records is summed and banded by the
national ``dose_bands`` (lower ≤ dose ≤ upper: 5~20 mSv; above upper: >20 mSv).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from radrules import (
    DeviceTestReport,
    DoseMonitoringResult,
    DoseReport,
    EquipmentQcTesting,
    Filing,
    ProtectionTestingResult,
    ReportCard,
    Results,
    Sample,
    ServiceField,
    TestCategory,
    WorkplaceTesting,
)

from .catalog import (
    ItemJudgement,
    SampleVerdict,
    catalog_item,
    device_type,
    item_condition,
    judge_item,
    judge_point,
    sample_verdict,
)
from .types import DeviceType, TestCatalog

CatalogOn = Callable[[date], TestCatalog | None]
#: The hazard type of a device the catalog does not know: the platform's devices are X-ray
#: equipment (医用辐射装置 of §5.1 are tested under WS 76 and GBZ 130).
DEFAULT_HAZARD = "X射线"


class Bands(Protocol):
    """The national ``dose_bands`` parameter (read by attribute, not imported)."""

    lower: float
    upper: float


def source_report(filing: Filing, card: ReportCard) -> tuple[int, DeviceTestReport | DoseReport] | None:
    """The report the card's number names, with its index in the filing, if the filing has it."""
    number = card.report_no.strip()
    reports: Sequence[DeviceTestReport | DoseReport]
    if card.service_field is ServiceField.protection_testing:
        reports = list[DeviceTestReport | DoseReport](filing.device_test_reports)
    elif card.service_field is ServiceField.dose_monitoring:
        reports = list[DeviceTestReport | DoseReport](filing.dose_reports)
    else:
        return None
    for i, report in enumerate(reports):
        if report.report_no.strip() == number:
            return i, report
    return None


def _device_type(catalog: TestCatalog | None, name: str | None) -> DeviceType | None:
    return device_type(catalog, name) if catalog is not None else None


def judge_items(sample: Sample, catalog: TestCatalog | None) -> list[ItemJudgement]:
    """The judgements of a sample's performance items under the catalog in force (None: none)."""
    if sample.performance is None:
        return []
    dtype = _device_type(catalog, sample.device.type)
    out = []
    for item in sample.performance.items:
        entry = catalog_item(catalog, dtype, item.item) if catalog is not None and dtype is not None else None
        out.append(judge_item(item, item_condition(item, sample), entry))
    return out


def device_test_results(report: DeviceTestReport, catalog_on: CatalogOn) -> ProtectionTestingResult:
    points = exceeding = 0
    hazards: list[str] = []
    tested: dict[str, str] = {}
    failing: dict[str, str] = {}
    for sample in report.samples:
        if sample.protection is not None and TestCategory.protection in sample.categories:
            dtype = _device_type(catalog_on(sample.protection.tested_on), sample.device.type)
            for point in sample.protection.points:
                judged = judge_point(point, dtype)
                if judged.missing:
                    continue
                points += point.count
                if judged.effective is False:
                    exceeding += point.count
                    hazard = dtype.hazard_type if dtype is not None else DEFAULT_HAZARD
                    if hazard not in hazards:
                        hazards.append(hazard)
        if sample.performance is not None and TestCategory.performance in sample.categories:
            verdict = sample_verdict(judge_items(sample, catalog_on(sample.performance.tested_on)))
            if verdict is None or verdict is SampleVerdict.all_missing:
                continue
            tested.setdefault(sample.device.device_id, sample.device.name)
            if verdict is SampleVerdict.failed:
                failing.setdefault(sample.device.device_id, sample.device.name)
    has_points = any(
        s.protection is not None and TestCategory.protection in s.categories and s.protection.points
        for s in report.samples
    )
    workplace = (
        WorkplaceTesting(points_tested=points, exceeding_points=exceeding, hazard_types=tuple(hazards))
        if has_points
        else None
    )
    equipment = (
        EquipmentQcTesting(
            devices_tested=len(tested),
            failing_devices=len(failing),
            failing_device_names=tuple(failing.values()),
        )
        if tested
        else None
    )
    return ProtectionTestingResult(workplace=workplace, equipment_qc=equipment)


def worker_doses(report: DoseReport) -> dict[str, Decimal]:
    """Each worker's summed Hp(10) in the report (mSv), keyed by ID number."""
    doses: dict[str, Decimal] = {}
    for record in report.records:
        key = record.worker.id_number.strip().upper()
        # str() first: the float 0.1 is not the decimal 0.1, and bands are compared exactly.
        doses[key] = doses.get(key, Decimal(0)) + Decimal(str(record.hp10))
    return doses


def dose_results(report: DoseReport, bands: Bands) -> DoseMonitoringResult:
    lower, upper = Decimal(str(bands.lower)), Decimal(str(bands.upper))
    doses = worker_doses(report)
    return DoseMonitoringResult(
        workers_monitored=len(doses),
        workers_5_to_20=sum(1 for d in doses.values() if lower <= d <= upper),
        workers_over_20=sum(1 for d in doses.values() if d > upper),
    )


def results_from(report: DeviceTestReport | DoseReport, catalog_on: CatalogOn, bands: Bands) -> Results:
    """The card results that ``report`` yields."""
    if isinstance(report, DeviceTestReport):
        return Results(protection_testing=device_test_results(report, catalog_on))
    return Results(dose_monitoring=dose_results(report, bands))
