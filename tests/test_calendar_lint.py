"""``radrules lint-rulesets`` checks the working-day calendar's year files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from radrules.cli import main
from radrules.ruleset.lint import lint_calendar_folder, lint_tree
from radrules.workdays import default_folder

BAD_2027 = """year: 2027
notices:
  - {document: 国办发明电〔2026〕X号, title: 示例通知, issued_on: 2026-11-01}
holidays:
  - name: 元旦
    start: 2026-12-31
    end: 2027-01-02
    make_up_working_days: [2027-01-04]
  - name: 春节
    start: 2027-02-06
    end: 2027-02-12
    make_up_working_days: [2027-02-07, 2027-02-20, 2027-02-20]
    source: 国办发明电〔2026〕Y号
  - name: 重复的春节
    start: 2027-02-11
    end: 2027-02-13
  - name: 倒置
    start: 2027-05-05
    end: 2027-05-01
"""


def _problems(folder: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in lint_calendar_folder(folder):
        out.setdefault(p.key, []).append(p.message)
    return out


def test_shipped_calendar_is_clean() -> None:
    assert lint_calendar_folder(Path(str(default_folder()))) == []


def test_every_kind_of_slip_is_reported(tmp_path: Path) -> None:
    (tmp_path / "2027.yaml").write_text(BAD_2027, encoding="utf-8")
    found = _problems(tmp_path)
    assert any("不在 2027 年内" in m for m in found["holidays[0].start"])
    assert any("星期一" in m and "周六或周日" in m for m in found["holidays[0].make_up_working_days[0]"])
    assert any("落在春节假期内" in m for m in found["holidays[1].make_up_working_days[0]"])
    assert any("重复" in m for m in found["holidays[1].make_up_working_days[2]"])
    assert any("不在 notices 中" in m for m in found["holidays[1].source"])
    assert any("重叠" in m for m in found["holidays[2]"])
    assert any("早于开始日期" in m for m in found["holidays[3].end"])
    # 2027-02-20 is a Saturday outside any holiday: a legitimate make-up day
    assert "holidays[1].make_up_working_days[1]" not in found


def test_file_name_year_and_gaps(tmp_path: Path) -> None:
    source = Path(str(default_folder()))
    (tmp_path / "2024.yaml").write_text((source / "2024.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "2026.yaml").write_text((source / "2025.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    problems = lint_calendar_folder(tmp_path)
    assert any(p.key == "year" and "2026.yaml" in p.message for p in problems)
    gaps = [p for p in problems if p.level == "warning"]
    assert gaps and "2025" in gaps[0].message


def test_other_files_in_the_folder_are_refused(tmp_path: Path) -> None:
    (tmp_path / "holidays.yaml").write_text("year: 2027\n", encoding="utf-8")
    assert "<年份>.yaml" in lint_calendar_folder(tmp_path)[0].message


def test_tree_lint_includes_the_calendar_folder(tmp_path: Path) -> None:
    (tmp_path / "calendar").mkdir()
    (tmp_path / "calendar" / "2027.yaml").write_text(BAD_2027, encoding="utf-8")
    assert any("2027.yaml" in p.file for p in lint_tree(tmp_path, {}))


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint-rulesets"]) == 0
    assert "工作日日历" in capsys.readouterr().out
    folder = tmp_path / "calendar"
    folder.mkdir()
    (folder / "2027.yaml").write_text(BAD_2027, encoding="utf-8")
    assert main(["lint-rulesets", str(folder), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] >= 7
    assert {p["key"] for p in report["problems"]} >= {"holidays[0].make_up_working_days[0]", "holidays[2]"}
