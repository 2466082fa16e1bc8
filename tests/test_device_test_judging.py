"""Device tests judged from the limits (issue 18 items 2, 3, 11; source 000 §5.1.2.2 5–6).

“定量检测项目内维护有最大值、最小值，则根据输入的值自动判断是否合格”: a 合格 against the limit
blocks submission, the card's exceeding points and failing devices follow the judged
results, an all-缺项 sample is “——”, and the page can fill 合格 from a value
(``radrules.judge_sample``).
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import radrules
from radrules import DeviceTestReport, computed_card_results, judge_sample

EXAMPLE = (
    Path(__file__).resolve().parent.parent
    / "examples"
    / "jiangsu"
    / "valid-medical-protection-testing-from-device-tests.json"
)
AS_OF = date(2026, 11, 26)


@pytest.fixture
def filing() -> dict[str, Any]:
    return copy.deepcopy(json.loads(EXAMPLE.read_text("utf-8")))


def _sample(filing: dict[str, Any], i: int) -> radrules.Sample:
    report: DeviceTestReport = radrules.filing_from_json(filing).device_test_reports[0]
    return report.samples[i]


def _findings(filing: dict[str, Any], rule: str) -> list[radrules.Finding]:
    return [f for f in radrules.check(filing, as_of=AS_OF).findings if f.rule_id == rule]


def test_a_room_point_over_its_limit_marked_passed_blocks_and_counts(filing: dict[str, Any]) -> None:
    # DR room (摄影): 30 μSv/h against 25 μSv/h, typed 合格. It was only a 提示, counted 0.
    filing["device_test_reports"][0]["samples"][0]["protection"]["points"][0].update(result="30", passed=True)
    [finding] = _findings(filing, "JS.device-test.point-verdict")
    assert finding.severity is radrules.Severity.error
    assert "复检" in finding.message and "0.25 mSv" in finding.message  # the ways out, and the exception
    results = computed_card_results(filing, as_of=AS_OF)
    assert results is not None and results.protection_testing is not None
    workplace = results.protection_testing.workplace
    assert workplace is not None and workplace.exceeding_points == 2  # the DSA point and this one


def test_kv_deviation_is_judged_from_set_and_measured_values(filing: dict[str, Any]) -> None:
    items = filing["device_test_reports"][0]["samples"][0]["performance"]["items"]
    items[0] = {"item": "管电压指示的偏离", "result": "86.0", "unit": "kV", "set_value": "80"}
    judged = judge_sample(_sample(filing, 0), division_code="320106", as_of=AS_OF)
    assert judged is not None
    first = judged.entries[0]
    assert first.decided and first.passed is False and first.requirement == "±5.0%或±5.0 kV内，以较大者控制"
    assert judged.verdict == judged.performance == "否"
    items[0].update(result="84.9")  # 4.9 kV: within the 5.0 kV that is larger than 4.0 kV (5%)
    assert judge_sample(_sample(filing, 0), division_code="320106", as_of=AS_OF).entries[0].passed is True  # type: ignore[union-attr]


def test_an_all_missing_sample_shows_dashes_and_is_not_a_device_tested(filing: dict[str, Any]) -> None:
    sample = filing["device_test_reports"][0]["samples"][2]  # the CR, performance only
    for item in sample["performance"]["items"]:
        item.clear()
        item.update(item="有用线束半值层", missing=True, remark="设备故障，无法检测")
    judged = judge_sample(_sample(filing, 2), division_code="320106", as_of=AS_OF)
    assert judged is not None and judged.verdict == "——"
    results = computed_card_results(filing, as_of=AS_OF)
    assert results is not None and results.protection_testing is not None
    qc = results.protection_testing.equipment_qc
    assert qc is not None and qc.devices_tested == 2 and qc.failing_devices == 0


def test_a_gi_unit_room_is_judged_in_the_mode_of_each_point(filing: dict[str, Any]) -> None:
    sample = filing["device_test_reports"][0]["samples"][0]
    sample["device"]["type"] = "胃肠机"
    sample["categories"] = ["protection"]
    del sample["performance"]
    sample["protection"]["points"] = [
        {"name": "机房门外30cm", "result": "20", "unit": "μSv/h", "mode": "radiography"},
        {"name": "观察窗外30cm", "result": "20", "unit": "μSv/h", "mode": "fluoroscopy"},
        {"name": "操作位", "result": "0.5", "unit": "μSv/h"},
    ]
    judged = judge_sample(_sample(filing, 0), division_code="320106", as_of=AS_OF)
    assert judged is not None
    spot, fluoro, unknown = judged.entries
    assert spot.passed is True and fluoro.passed is False
    assert (
        unknown.passed is None and unknown.problem is not None and "须选择该检测点的条件" in unknown.problem
    )


def test_gbz_130_limits_apply_from_2020_10_01(filing: dict[str, Any]) -> None:
    report = filing["device_test_reports"][0]
    report["report_date"] = "2021-02-01"
    sample = report["samples"][0]
    sample["categories"] = ["protection"]
    del sample["performance"]
    sample["protection"]["tested_on"] = "2021-01-15"  # before WS 76-2020, after GBZ 130-2020
    sample["protection"]["points"][0].update(result="30", passed=True)
    assert [
        f.severity for f in _findings({"device_test_reports": [report]}, "JS.device-test.point-verdict")
    ] == [radrules.Severity.error]


@pytest.mark.parametrize(
    ("device", "item", "result", "unit", "condition", "passed"),
    [
        ("CT", "CT值（水）", "3.5", "HU", "acceptance", True),
        ("CT", "CT值（水）", "5", "HU", "acceptance", False),
        ("CT", "CT值（水）", "5", "HU", "status", True),  # ±6 HU in status tests
        ("CT", "噪声", "0.35", "%", "acceptance", False),  # “<0.35%”: the limit itself fails
        ("CT", "噪声", "0.34", "%", "acceptance", True),
        ("乳腺机", "半值层（W/Rh）", "0.62", "mmAl", "status", False),  # the maximum by target/filter
        ("乳腺机", "管电压指示的偏离（乳腺）", "29.2", "kV", "status", False),  # set 28 kV: ±1.0 kV
        ("牙片机", "辐射输出量重复性（乳腺、口内牙片）", "6", "%", "status", False),
    ],
)
def test_catalogue_items_of_the_covered_device_types(
    filing: dict[str, Any], device: str, item: str, result: str, unit: str, condition: str, passed: bool
) -> None:
    sample = filing["device_test_reports"][0]["samples"][2]
    sample["device"]["type"] = device
    sample["performance"]["items"] = [
        {"item": item, "result": result, "unit": unit, "condition": condition, "set_value": "28"}
    ]
    judged = judge_sample(_sample(filing, 2), division_code="320106", as_of=AS_OF)
    assert judged is not None
    [entry] = judged.entries
    assert entry.decided and entry.passed is passed, entry


def test_unconfirmed_items_are_listed_but_not_judged(filing: dict[str, Any]) -> None:
    sample = filing["device_test_reports"][0]["samples"][2]
    sample["device"]["type"] = "CT"
    sample["performance"]["items"] = [
        {"item": "CT剂量指数（CTDIw）", "result": "25.1", "unit": "mGy", "passed": True}
    ]
    judged = judge_sample(_sample(filing, 2), division_code="320106", as_of=AS_OF)
    assert judged is not None and judged.entries[0].decided is False and judged.entries[0].passed is True
    assert not _findings(filing, "JS.device-test.item-catalog")
