"""Device-test and report-card query results exported to Excel, and ``radrules export``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from documents_helpers import example_filing
from python_calamine import CalamineWorkbook

from radrules import DeviceTestReport, filing_from_json, structure
from radrules.cli import main
from radrules.documents.exports import CARD_COLUMNS, DEVICE_TEST_COLUMNS, export_cards, export_device_tests

CLIENT = {
    "name": "杭州市西湖区示例医院",
    "uscc": "12330106470089214Q",
    "kind": "general_hospital",
    "division_code": "330106",
}


def _sample(
    no: str, name: str, items: list[dict[str, Any]], points: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    sample: dict[str, Any] = {
        "sample_no": no,
        "device": {"device_id": f"DEV-{no}", "name": name, "owner_uscc": CLIENT["uscc"]},
        "categories": ["performance", "protection"] if points is not None else ["performance"],
        "performance": {"tested_on": "2026-10-12", "items": items},
    }
    if points is not None:
        sample["protection"] = {
            "tested_on": "2026-10-11",
            "test_conditions": "70kV 10mA",
            "retest": True,
            "points": points,
        }
    return sample


def _report() -> dict[str, Any]:
    return {
        "report_no": "ZJFH-2026-0158",
        "institution_uscc": "12330000470005818G",
        "client": CLIENT,
        "report_date": "2026-10-20",
        "status": "submitted",
        "samples": [
            _sample("S1", "数字X射线摄影系统", [{"item": "管电压指示的偏离", "passed": True}]),
            _sample(
                "S2",
                "移动式C形臂X射线机",
                [{"item": "管电压指示的偏离", "passed": False}, {"item": "输出量重复性", "passed": True}],
                [{"name": "操作位", "passed": False}, {"name": "防护门外", "passed": True}],
            ),
            _sample(
                "S3", "牙科X射线机", [{"item": "管电压指示的偏离", "missing": True, "remark": "设备故障"}]
            ),
        ],
    }


def _rows(path: Path) -> list[list[Any]]:
    rows: list[list[Any]] = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return rows


def test_device_test_results_one_row_per_sample(tmp_path: Path) -> None:
    report = structure(_report(), DeviceTestReport)
    path = tmp_path / "tests.xlsx"
    assert export_device_tests([report], path) == 3
    rows = _rows(path)
    assert rows[0][0] == "医用辐射装置检测结果"
    assert rows[1] == [c.header for c in DEVICE_TEST_COLUMNS]
    by_sample = {row[4]: dict(zip(rows[1], row, strict=True)) for row in rows[2:]}
    assert by_sample["S1"]["合格"] == "是"
    assert by_sample["S2"]["合格"] == "否"
    assert by_sample["S2"]["不合格项目"] == "管电压指示的偏离、操作位"
    assert by_sample["S3"]["合格"] == "——", "every item missing shows —— (source 000 §5.1.2.2)"
    s2 = by_sample["S2"]
    assert s2["检测类别"] == "性能、防护" and s2["检测条件类别"] == "状态检测"
    assert s2["检测日期"].isoformat() == "2026-10-11" and s2["是否复检"] == "是"
    assert s2["设备唯一标识"] == "DEV-S2" and s2["状态"] == "已提交" and s2["委托单位"] == CLIENT["name"]


def test_a_province_can_supply_its_own_verdict(tmp_path: Path) -> None:
    report = structure(_report(), DeviceTestReport)
    path = tmp_path / "tests.xlsx"
    export_device_tests([report], path, verdict=lambda sample: f"按目录判定:{sample.sample_no}")
    assert [row[10] for row in _rows(path)[2:]] == ["按目录判定:S1", "按目录判定:S2", "按目录判定:S3"]


def test_report_card_query_results(tmp_path: Path) -> None:
    card = filing_from_json(example_filing()).report_card
    assert card is not None
    path = tmp_path / "cards.xlsx"
    assert export_cards([card, card], path) == 2
    rows = _rows(path)
    assert rows[1] == [c.header for c in CARD_COLUMNS]
    row = dict(zip(rows[1], rows[2], strict=True))
    assert row["报告单位地区"] == "浙江省杭州市西湖区（330106）"  # named, not a bare code (issue 18 item 9)
    assert row["服务单位名称"] == "杭州市西湖区示例医院"
    assert row["技术服务领域"] == "放射卫生防护检测"
    assert row["出具技术报告日期"].isoformat() == "2026-10-20"
    assert row["状态"] == "已提交" and row["质控编号"] == card.qc_code


def test_export_command_streams_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "filings.jsonl"
    filing = {"device_test_reports": [_report()]}
    source.write_text(
        "\n".join(json.dumps(filing, ensure_ascii=False) for _ in range(4)) + "\n\n", encoding="utf-8"
    )
    out = tmp_path / "out.xlsx"
    assert main(["export", "device-tests", str(source), "--out", str(out), "--title", "2026年检测结果"]) == 0
    rows = _rows(out)
    assert rows[0][0] == "2026年检测结果" and len(rows) == 2 + 12
    cards = tmp_path / "card.json"
    cards.write_text(json.dumps(example_filing(), ensure_ascii=False), encoding="utf-8")
    assert main(["export", "cards", str(cards), "--out", str(tmp_path / "cards.xlsx")]) == 0
    assert "已导出 1 行" in capsys.readouterr().err


def test_export_stops_at_an_unreadable_filing_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "filings.jsonl"
    good = json.dumps({"device_test_reports": [_report()]}, ensure_ascii=False)
    source.write_text(good + "\n" + '{"device_test_reports": [{"report_no": 1}]}\n', encoding="utf-8")
    out = tmp_path / "out.xlsx"
    assert main(["export", "device-tests", str(source), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "filings.jsonl:2" in err and "report_no" in err
    assert not out.exists()
    assert main(["export", "cards", str(source), "--out", str(tmp_path / "x.csv")]) == 2
