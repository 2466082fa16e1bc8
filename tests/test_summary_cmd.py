"""``radrules summary``: Jilin's semiannual and annual summaries as workbooks (第五条)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from radrules.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples" / "jilin"
DOSE = str(EXAMPLES / "valid-dose-monitoring-card.json")
TESTING = str(EXAMPLES / "valid-protection-testing-card.json")
LIAONING = str(EXAMPLES / "valid-out-of-province-institution-registered.json")


def _sheets(path: Path) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_institution_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "汇总.xlsx"
    assert (
        main(["summary", "--province", "jilin", "--period", "2026H1", DOSE, TESTING, "--out", str(out)]) == 0
    )
    assert "已写出" in capsys.readouterr().out
    sheets = _sheets(out)
    assert list(sheets) == ["按服务领域", "报告明细"]
    by_field = sheets["按服务领域"]
    assert "2026年上半年" in str(by_field[0][0]) and "吉林省示例放射防护检测中心" in str(by_field[0][0])
    headers = by_field[1]
    assert headers[:3] == ["技术服务领域", "报告份数", "检测设备台数"]
    assert "<5mSv人数" in headers and "5~20mSv人数" in headers and ">20mSv人数" in headers
    totals = next(row for row in by_field if row[0] == "合计")
    assert totals[1] == 2 and totals[2] == 4 and totals[headers.index("个人剂量监测人数")] == 120
    assert any("2026-07-10" in str(row[0]) for row in by_field)
    assert out.stat().st_mode & 0o044  # an ordinary file others may read, not mkstemp's 0600


def test_province_workbook_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "全省.xlsx"
    args = [
        "summary",
        "--province",
        "jilin",
        "--year",
        "2026",
        "--scope",
        "province",
        DOSE,
        TESTING,
        LIAONING,
    ]
    assert main([*args, "--out", str(out), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["due"] == "2027-01-20" and data["included"] == 3
    by_institution = data["tables"][0]
    assert by_institution["sheet"] == "按机构"
    assert [row[2] for row in by_institution["rows"]] == ["省内", "外省（辽宁省）"]
    assert by_institution["totals"][0] == "合计" and by_institution["totals"][3] == 3
    assert _sheets(out)["按机构"][1][0] == "机构名称"


def test_skipped_filings_are_listed_with_their_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = tmp_path / "cards.jsonl"
    lines.write_text(
        "\n".join(
            json.dumps(json.loads(Path(p).read_text(encoding="utf-8")), ensure_ascii=False)
            for p in (DOSE, str(EXAMPLES / "valid-missing-items-justified.json"))
        ),
        encoding="utf-8",
    )
    assert main(["summary", "--province", "jilin", "--period", "2026H1", str(lines), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["included"] == 1
    assert data["skipped"] == [{"index": 1, "reason": "没有报送卡", "source": f"{lines}:2"}]


def test_nothing_is_written_when_an_input_is_unreadable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"report_card": {"report_no": 1}}', encoding="utf-8")
    out = tmp_path / "s.xlsx"
    assert (
        main(["summary", "--province", "jilin", "--period", "2026H1", DOSE, str(bad), "--out", str(out)]) == 2
    )
    err = capsys.readouterr().err
    assert "bad.json" in err and "Traceback" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--province", "jilin", "--period", "2026H1", DOSE, LIAONING]) == 2
    assert "只能包含一个机构" in capsys.readouterr().err
    assert main(["summary", "--province", "fujian", "--period", "2026H1", DOSE]) == 2
    assert "没有" in capsys.readouterr().err
    assert (
        main(["summary", "--province", "jilin", "--period", "2026H1", DOSE, "--out", str(tmp_path / "x.csv")])
        == 2
    )
    assert ".xlsx" in capsys.readouterr().err
