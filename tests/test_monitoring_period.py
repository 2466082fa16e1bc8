"""NAT.dose.period-length: 90 days (卫生部令第55号 第十一条) reconciled with one calendar quarter.

卫生部令第55号 第十一条: 外照射个人剂量监测周期一般为30天，最长不应超过90天. GBZ 128-2019,
recalled and unconfirmed: 最长不应超过3个月. A calendar quarter (90–92 days) is accepted; a
period longer than 90 days that leaves its quarter is not (issue 18 item 4). The shared
arithmetic is tested in test_monitoring_periods.py; this file holds the rule's side.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import radrules
from radrules import calendar_quarter, monitoring_period_within_limit


@pytest.mark.parametrize("year", [2024, 2026])  # a leap year and a common one
@pytest.mark.parametrize("first_month", [1, 4, 7, 10])
def test_every_calendar_quarter_is_accepted(year: int, first_month: int) -> None:
    start, end = calendar_quarter(date(year, first_month, 15))
    assert monitoring_period_within_limit(start, end, max_days=90)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 9, 1), date(2026, 10, 31)),  # two calendar months across quarters (61 days)
        (date(2026, 7, 2), date(2026, 9, 30)),  # 91 days inside one quarter
    ],
)
def test_months_are_accepted(start: date, end: date) -> None:
    assert monitoring_period_within_limit(start, end, max_days=90)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 6, 30), date(2026, 9, 28)),  # 91 days, leaving its quarter
        (date(2026, 8, 15), date(2026, 11, 14)),  # three months but not a calendar quarter
        (date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_beyond_ninety_days_and_outside_a_quarter_is_refused(start: date, end: date) -> None:
    assert not monitoring_period_within_limit(start, end, max_days=90)


def test_strict_reading_counts_days_only() -> None:
    assert not monitoring_period_within_limit(date(2026, 7, 1), date(2026, 9, 30), max_days=90, quarter=False)
    assert monitoring_period_within_limit(date(2026, 1, 1), date(2026, 3, 31), max_days=90, quarter=False)


def _dose_filing(start: str, end: str) -> dict[str, Any]:
    worker = {
        "name": "王芳",
        "id_number": "320106197809155518",
        "employer_uscc": "12320106466012345T",
        "assignments": [{"institution_uscc": "123200004660000105", "start": "2023-01-01"}],
    }
    client = {
        "name": "示例医院",
        "uscc": "12320106466012345T",
        "kind": "general_hospital",
        "division_code": "330106",
    }
    report = {"report_no": "ZJ-1", "institution_uscc": "123200004660000105", "report_date": "2026-11-20"}
    record = {"worker": worker, "period_start": start, "period_end": end, "hp10": 0.1}
    return {"dose_reports": [{**report, "status": "submitted", "client": client, "records": [record]}]}


def test_the_rule_says_why_and_cites_both_texts() -> None:
    result = radrules.check(_dose_filing("2026-06-30", "2026-09-28"), as_of=date(2026, 11, 26))
    [finding] = [f for f in result.findings if f.rule_id == "NAT.dose.period-length"]
    assert "共91天，超过最长90天，且不在同一自然季度内" in finding.message
    assert {c.document for c in finding.citations} == {"卫生部令第55号", "GBZ 128-2019"}
    names = {p.name for p in finding.parameters}
    assert names == {"monitoring_period_max_days", "monitoring_period_calendar_quarter"}
    quarterly = radrules.check(_dose_filing("2026-07-01", "2026-09-30"), as_of=date(2026, 11, 26))
    assert not [f for f in quarterly.findings if f.rule_id == "NAT.dose.period-length"]
