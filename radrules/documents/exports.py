"""Query results to Excel: device-test results and report cards, streamed row by row.

The columns are those of the platform's result lists — device tests, one row per sample
(source 000 §5.1.2.1 查询结果: 报告编号、报告日期、放射装置、样品编号、检测类别、设备唯一标识、
检测日期、合格、状态), and report cards (§5.4.2 查询结果: 报告单位地区、报告单位名称、服务单位
地区、服务单位名称、出具技术报告日期、状态) — with the fields a regulator filters on added.
Rows are produced from an iterable as the workbook is written, so an export of 100,000
rows never holds them all; the order is the caller's (the query sorts, §5.4.2 by year).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from radrules.identifiers.division import describe_division
from radrules.model.card import ReportCard
from radrules.model.device_test import DeviceTestReport, Sample

from .tables import Column, Table, write_xlsx

Verdict = Callable[[Sample], str]
NOT_APPLICABLE = "——"

DEVICE_TEST_COLUMNS: tuple[Column, ...] = (
    Column(header="报告编号", width=18),
    Column(header="报告日期", width=12),
    Column(header="委托单位", width=26),
    Column(header="放射装置", width=22),
    Column(header="样品编号", width=14),
    Column(header="检测类别", width=11),
    Column(header="检测条件类别", width=12),
    Column(header="设备唯一标识", width=18),
    Column(header="检测日期", width=12),
    Column(header="是否复检", width=9),
    Column(header="合格", width=7),
    Column(header="不合格项目", width=28),
    Column(header="状态", width=9),
)

CARD_COLUMNS: tuple[Column, ...] = (
    Column(header="报告单位地区", width=18),
    Column(header="报告单位名称", width=28),
    Column(header="服务单位地区", width=18),
    Column(header="服务单位名称", width=28),
    Column(header="技术服务领域", width=24),
    Column(header="技术服务报告编号", width=18),
    Column(header="出具技术报告日期", width=14),
    Column(header="质控编号", width=22),
    Column(header="报送日期", width=12),
    Column(header="状态", width=12),
)


def stored_verdict(sample: Sample) -> str:
    """合格 as the platform lists it, from the pass/fail already decided for each item and point.

    否 when any item or point failed, —— when every one is missing (缺项), else 是
    (source 000 §5.1.2.2). A province that decides pass/fail from its catalog can pass
    its own function to :func:`export_device_tests` instead.
    """
    results = _results(sample)
    if results and all(missing for missing, _ in results):
        return NOT_APPLICABLE
    return "否" if any(passed is False for missing, passed in results if not missing) else "是"


def _results(sample: Sample) -> list[tuple[bool, bool | None]]:
    out: list[tuple[bool, bool | None]] = []
    if sample.performance is not None:
        out += [(item.missing, item.passed) for item in sample.performance.items]
    if sample.protection is not None:
        out += [(point.missing, point.passed) for point in sample.protection.points]
    return out


def _failed_items(sample: Sample) -> list[str]:
    names = []
    if sample.performance is not None:
        names += [i.item for i in sample.performance.items if not i.missing and i.passed is False]
    if sample.protection is not None:
        names += [p.name for p in sample.protection.points if not p.missing and p.passed is False]
    return names


def device_test_rows(
    reports: Iterable[DeviceTestReport], verdict: Verdict = stored_verdict
) -> Iterator[list[Any]]:
    """One row per sample, in the order of :data:`DEVICE_TEST_COLUMNS`."""
    for report in reports:
        for sample in report.samples:
            dates = [t.tested_on for t in (sample.performance, sample.protection) if t is not None]
            retest = any(t.retest for t in (sample.performance, sample.protection) if t is not None)
            yield [
                report.report_no,
                report.report_date,
                report.client.name,
                sample.device.name,
                sample.sample_no,
                sample.categories,
                sample.condition,
                sample.device.device_id,
                min(dates) if dates else None,
                "是" if retest else "否",
                verdict(sample),
                _failed_items(sample),
                report.status,
            ]


def card_rows(cards: Iterable[ReportCard]) -> Iterator[list[Any]]:
    """One row per card, in the order of :data:`CARD_COLUMNS`."""
    for card in cards:
        yield [
            describe_division(card.institution.division_code, on=card.report_issued_on),
            card.institution.name,
            describe_division(card.service_division_code, on=card.report_issued_on),
            card.client.name,
            card.service_field,
            card.report_no,
            card.report_issued_on,
            card.qc_code,
            card.filed_on,
            card.status,
        ]


def export_device_tests(
    reports: Iterable[DeviceTestReport],
    target: str | Path | IO[bytes],
    *,
    title: str = "医用辐射装置检测结果",
    verdict: Verdict = stored_verdict,
    on_row: Callable[[int], None] | None = None,
) -> int:
    """Write device-test results (one row per sample) as a workbook; returns the rows written."""
    table = Table(
        sheet="检测结果",
        title=title,
        columns=DEVICE_TEST_COLUMNS,
        rows=device_test_rows(reports, verdict),
        borders=False,
    )
    return write_xlsx([table], target, on_row=on_row)


def export_cards(
    cards: Iterable[ReportCard],
    target: str | Path | IO[bytes],
    *,
    title: str = "放射卫生技术服务信息报送卡查询结果",
    on_row: Callable[[int], None] | None = None,
) -> int:
    """Write report-card query results as a workbook; returns the rows written."""
    table = Table(sheet="报送卡", title=title, columns=CARD_COLUMNS, rows=card_rows(cards), borders=False)
    return write_xlsx([table], target, on_row=on_row)


__all__ = [
    "CARD_COLUMNS",
    "DEVICE_TEST_COLUMNS",
    "card_rows",
    "device_test_rows",
    "export_cards",
    "export_device_tests",
    "stored_verdict",
]
