"""``radrules deadline`` and the deadline API behind it (Fujian 第五条, Jilin 第五条)."""

from __future__ import annotations

import json
from datetime import date

import pytest

import radrules
from radrules.cli import main


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code = main(["deadline", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_fujian_json_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, "--province", "fujian", "--issued", "2026-02-10")
    assert code == 0
    assert data["due"] == "2026-03-09"
    assert data["working_days"] == 15
    assert [c["document"] for c in data["basis"]] == ["闽卫职健函〔2021〕847号", "国办发明电〔2025〕7号"]  # type: ignore[index]
    assert data["basis"][0]["article"] == "第五条"  # type: ignore[index]
    assert "on_time" not in data and "late_working_days" not in data


def test_fujian_filed_on_time_and_late(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, "--province", "fujian", "--issued", "2026-02-10", "--filed", "2026-03-09")
    assert code == 0 and data["on_time"] is True and data["late_working_days"] == 0
    code, data = _json(capsys, "--province", "35", "--issued", "2026-02-10", "--filed", "2026-03-11")
    assert code == 1 and data["on_time"] is False and data["late_working_days"] == 2


def test_no_obligation_before_the_2021_window(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, "--province", "福建", "--issued", "2021-01-20", "--filed", "2023-01-01")
    assert code == 0
    assert data["due"] is None and data["working_days"] is None
    assert data["on_time"] is True and data["late_working_days"] == 0


def test_missing_calendar_year_exits_2_naming_the_year(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "--province", "fujian", "--issued", "2026-12-20"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "2027" in captured.err and "Traceback" not in captured.err


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "--province", "fujian", "--issued", "2026-02-14", "--filed", "2026-03-16"]) == 1
    out = capsys.readouterr().out
    assert "2026-02-14（星期六，春节调休上班）" in out
    assert "报送截止日期：2026-03-13（星期五）（出具报告后第 15 个工作日）" in out
    assert "逾期 1 个工作日" in out and "闽卫职健函〔2021〕847号" in out


def test_jilin_periods(capsys: pytest.CaptureFixture[str]) -> None:
    assert _json(capsys, "--province", "jilin", "--period", "2026H1")[1]["due"] == "2026-07-10"
    assert _json(capsys, "--province", "jilin", "--period", "2026H2")[1]["due"] == "2027-01-10"
    assert _json(capsys, "--province", "jilin", "--period", "2026")[1]["due"] == "2027-01-20"


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "--province", "jilin", "--period", "2026H3"]) == 2
    assert "2026H1" in capsys.readouterr().err
    assert main(["deadline", "--province", "jilin", "--period", "2026H1", "--filed", "2026-07-01"]) == 2
    assert "--filed" in capsys.readouterr().err
    assert main(["deadline", "--province", "atlantis", "--issued", "2026-01-05"]) == 2
    assert "未知辖区" in capsys.readouterr().err
    for args in (["--issued", "2026-13-01"], []):  # argparse exits with the usage-error code
        with pytest.raises(SystemExit) as info:
            main(["deadline", "--province", "fujian", *args])
        assert info.value.code == 2
    assert "用法错误" in capsys.readouterr().err


def test_api() -> None:
    result = radrules.filing_deadline("fujian", date(2026, 9, 30), filed_on=date(2026, 10, 28))
    assert result.due == date(2026, 10, 27) and result.on_time is False and result.late_working_days == 1
    assert result.jurisdiction == "35"
    period = radrules.period_deadline("jilin", "2026H1")
    assert period.due == date(2026, 7, 10) and period.period.label == "2026年上半年"
    with pytest.raises(radrules.NoDeadline):
        radrules.filing_deadline("jilin", date(2026, 3, 2))
    with pytest.raises(radrules.NoDeadline):
        radrules.period_deadline("fujian", "2026H1")


def test_late_working_days_counts_a_rest_day_filing_up_to_the_next_working_day() -> None:
    due = date(2026, 4, 3)  # Friday before 清明
    assert radrules.late_working_days(due, due) == 0
    assert radrules.late_working_days(due, date(2026, 4, 4)) == 1
    assert radrules.late_working_days(due, date(2026, 4, 7)) == 1
    assert radrules.late_working_days(due, date(2026, 4, 8)) == 2


def test_periods() -> None:
    p = radrules.parse_period(" 2024h1 ")
    assert (p.text, p.start, p.end) == ("2024H1", date(2024, 1, 1), date(2024, 6, 30))
    assert radrules.parse_period("2024Q1").end == date(2024, 3, 31)
    assert radrules.parse_period("2024-02").end == date(2024, 2, 29)
    assert radrules.parse_period("2024-12").end == date(2024, 12, 31)
    assert radrules.parse_period("2024").label == "2024年"
    for bad in ("2024H0", "2024Q5", "2024-13", "24", "H1"):
        with pytest.raises(radrules.PeriodError):
            radrules.parse_period(bad)
