"""The dose import template and the import: every row checked like JSON, every error at once."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import dose_rules_plugin
import pytest
import radrules_plugins.national
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from radrules import MonitoringAssignment, Registry, Worker, check, filing_from_json, set_default_registry
from radrules.cli import main
from radrules.convert import unstructure
from radrules.documents.dose_import import ReportInfo, import_doses
from radrules.documents.dose_sheet import COLUMNS, DATA_SHEET, HELP_SHEET, REPORT_FIELDS, REPORT_SHEET
from radrules.documents.dose_template import write_dose_template
from radrules.errors import WorkbookError
from radrules.model.dose import MAX_DOSE_RECORDS
from radrules.model.enums import ClientKind

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "national" / "valid-dose-report.json"
AS_OF = date(2026, 11, 26)
HEADERS = [c.header for c in COLUMNS]
REPORT_VALUES = {
    "报告编号": "ZJJL-2026-0042",
    "报告日期": date(2026, 10, 20),
    "委托单位名称": "杭州市西湖区示例医院",
    "委托单位统一社会信用代码": "12330106470089214Q",
    "委托单位类型": "综合性医院",
    "委托单位所属地区代码": "330106",
    "检测机构统一社会信用代码": "12330000470005818G",
}
GOOD = [
    ["周涛", "330106198802143510", "D-0001", date(2026, 7, 1), date(2026, 9, 28), 0.21, 0.25, None],
    ["吴雪", "330102199207302029", "D-0002", date(2026, 7, 1), date(2026, 9, 28), 0.08, None, None],
    ["郑海", "330106198309034118", "D-0003", date(2026, 7, 1), date(2026, 7, 31), 1.6, None, "介入放射学"],
    ["郑海", "330106198309034118", "D-0003", date(2026, 8, 1), date(2026, 8, 31), 1.2, None, "介入放射学"],
]


#: The national baseline plus a test province (33, the client's) with dose rules.
REGISTRY = Registry.from_plugins(radrules_plugins.national, dose_rules_plugin)


@pytest.fixture
def with_rules() -> Iterator[Registry]:
    """The command line's default registry, with the test province's dose rules."""
    set_default_registry(REGISTRY)
    yield REGISTRY
    set_default_registry(None)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "doses.xlsx"
    write_dose_template(path)
    return path


def filled(
    template: Path,
    target: Path,
    rows: Sequence[Sequence[Any]],
    *,
    report: dict[str, Any] | None = None,
    headers: Sequence[str] | None = None,
) -> Path:
    book = load_workbook(template)
    sheet = book[DATA_SHEET]
    if headers is not None:
        for i in range(1, sheet.max_column + 1):
            sheet.cell(row=1, column=i).value = None
        for i, header in enumerate(headers, 1):
            sheet.cell(row=1, column=i).value = header
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            sheet.cell(row=r, column=c).value = value
    info = book[REPORT_SHEET]
    values = REPORT_VALUES if report is None else report
    for r in range(2, info.max_row + 1):
        label = info.cell(row=r, column=1).value
        if label in values:
            info.cell(row=r, column=2).value = values[label]
    book.save(target)
    return target


# -- the template ---------------------------------------------------------------------------


def test_template_sheets_header_and_explanations(template: Path) -> None:
    book = CalamineWorkbook.from_path(str(template))
    assert book.sheet_names == [DATA_SHEET, HELP_SHEET, REPORT_SHEET]
    header = book.get_sheet_by_name(DATA_SHEET).to_python()[0]
    assert header[:6] == ["姓名", "身份证号", "剂量计编号", "监测开始日期", "监测结束日期", "Hp(10)(mSv)"]
    assert header == HEADERS
    help_rows = book.get_sheet_by_name(HELP_SHEET).to_python()
    explained = {row[0]: row for row in help_rows if row and row[0] in HEADERS}
    assert set(explained) == set(HEADERS), "the second sheet explains every column"
    assert all(row[3] for row in explained.values())
    labels = [row[0] for row in book.get_sheet_by_name(REPORT_SHEET).to_python()[1:]]
    assert labels == [f.label for f in REPORT_FIELDS]


def test_template_formats_and_validation(template: Path) -> None:
    book = load_workbook(template)
    sheet = book[DATA_SHEET]
    assert sheet.column_dimensions["B"].number_format == "@", "ID numbers stay text"
    assert sheet.column_dimensions["D"].number_format == "yyyy-mm-dd"
    rules = {(v.type, str(v.sqref)) for v in sheet.data_validations.dataValidation}
    last = MAX_DOSE_RECORDS + 1  # as many rows as one import takes
    assert ("textLength", f"B2:B{last}") in rules
    assert ("date", f"D2:D{last}") in rules and ("date", f"E2:E{last}") in rules
    assert ("decimal", f"F2:F{last}") in rules
    kinds = [v for v in book[REPORT_SHEET].data_validations.dataValidation if v.type == "list"]
    assert kinds and "综合性医院" in kinds[0].formula1
    assert sheet.freeze_panes == "A2"


def test_template_command(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    assert main(["template", "doses", "--out", str(out)]) == 0
    assert CalamineWorkbook.from_path(str(out)).sheet_names[0] == DATA_SHEET
    assert main(["template", "doses", "--out", str(tmp_path / "t.csv")]) == 2


# -- clean files ------------------------------------------------------------------------------


def test_clean_file_imports_with_normalised_values(template: Path, tmp_path: Path) -> None:
    rows = copy.deepcopy(GOOD)
    rows[0][2] = 1001.0  # a dosimeter number typed as a number: calamine gives 1001.0
    rows[1][3] = "2026/7/1"  # dates typed as text
    rows[1][4] = "2026年9月28日"
    rows[2][5] = "1.6E0"  # scientific notation as text
    path = filled(template, tmp_path / "clean.xlsx", rows)
    result = import_doses(path, as_of=AS_OF, registry=REGISTRY)
    assert result.ok, [str(e) for e in result.errors]
    assert result.rows == 4
    report = result.report
    assert report is not None and len(report.records) == 4
    first, second, third = report.records[:3]
    assert first.dosimeter_no == "1001"
    assert second.period_start == date(2026, 7, 1) and second.period_end == date(2026, 9, 28)
    assert third.hp10 == 1.6 and isinstance(third.hp10, float)
    assert first.hp007 == 0.25 and second.hp007 is None and second.remark is None
    assert report.client.kind is ClientKind.general_hospital
    assert report.client.uscc == first.worker.employer_uscc == "12330106470089214Q"


def test_import_equals_the_json_filing(template: Path, tmp_path: Path) -> None:
    """The example dose report as JSON and as a spreadsheet are one and the same report."""
    path = filled(template, tmp_path / "same.xlsx", GOOD)
    result = import_doses(path, as_of=AS_OF, registry=REGISTRY)
    assert result.report is not None
    from_json = filing_from_json(json.loads(EXAMPLE.read_text(encoding="utf-8"))).dose_reports[0]
    assert unstructure(result.report) == unstructure(from_json)


@pytest.mark.parametrize(
    ("json_edit", "cell_edit", "rule"),
    [
        (("records", 1, "period_end", "2026-06-30"), (1, 4, date(2026, 6, 30)), "TEST.dose.order"),
        (("records", 2, "hp10", -0.1), (2, 5, -0.1), "TEST.dose.non-negative"),
        (("records", 3, "period_start", "2026-07-31"), (3, 3, date(2026, 7, 31)), "TEST.dose.overlap"),
    ],
)  # fmt: skip
def test_same_rules_as_the_json_path(
    json_edit: tuple[Any, ...], cell_edit: tuple[int, int, Any], rule: str, template: Path, tmp_path: Path
) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    *steps, value = json_edit
    target = data["dose_reports"][0]
    for step in steps[:-1]:
        target = target[step]
    target[steps[-1]] = value
    from_json = check(data, as_of=AS_OF, registry=REGISTRY)
    rows = copy.deepcopy(GOOD)
    r, c, cell = cell_edit
    rows[r][c] = cell
    result = import_doses(filled(template, tmp_path / "edit.xlsx", rows), as_of=AS_OF, registry=REGISTRY)
    assert result.check_result is not None
    assert result.check_result.jurisdictions == from_json.jurisdictions == ("national", "33")
    assert {f.rule_id for f in from_json.errors} == {e.rule_id for e in result.errors} == {rule}
    [error] = result.errors
    assert error.row == r + 2 and error.column == HEADERS[c]


def test_a_quarterly_sheet_imports(template: Path, tmp_path: Path) -> None:
    """Typed or imported, July–September (92 days) passes (it was refused as 超过最长90天)."""
    rows = [list(r) for r in GOOD]
    rows[0][4] = date(2026, 9, 30)
    rows[1][4] = date(2026, 9, 30)
    result = import_doses(
        filled(template, tmp_path / "q3.xlsx", rows), as_of=date(2026, 11, 26), registry=REGISTRY
    )
    assert result.ok, [str(e) for e in result.errors]
    rows[0][3] = date(2026, 6, 30)  # 93 days: beyond the quarter
    result = import_doses(
        filled(template, tmp_path / "93.xlsx", rows), as_of=date(2026, 11, 26), registry=REGISTRY
    )
    assert [e.rule_id for e in result.errors] == ["NAT.dose.period-length"]


# -- broken files -------------------------------------------------------------------------------


def test_every_error_is_reported_at_once_with_row_and_column(template: Path, tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        GOOD[0],
        ["吴雪", "330102199207302028", "D-0002", date(2026, 7, 1), date(2026, 9, 28), 0.08],  # row 3: check digit
        [],  # row 4: blank, skipped, numbering kept
        ["郑海", 330106198309034118, "D-0003", "2026-07-01", "2026-13-01", "abc"],  # row 5: three cells
        ["", "330106198309034118", "D-0003", date(2026, 8, 1), None, 1.2],  # row 6: end date unreadable
        ["", "330106209902143510", "D-0009", date(2026, 9, 1), date(2026, 8, 1), -2],  # row 7: four
        ["周涛", "330106198802143510", "D-0001", date(2026, 9, 1), date(2026, 9, 30), 0.1],  # row 8: overlaps row 2
    ]  # fmt: skip
    path = filled(template, tmp_path / "broken.xlsx", rows)
    result = import_doses(path, as_of=AS_OF, registry=REGISTRY)
    assert result.report is None, "nothing is imported from a file with errors"
    got = [(e.row, e.column, e.rule_id) for e in result.errors]
    assert got == [
        (3, "身份证号", None),
        (5, "身份证号", None),
        (5, "监测结束日期", None),
        (5, "Hp(10)(mSv)", None),
        (6, "监测结束日期", None),
        (7, "姓名", None),
        (7, "身份证号", None),
        (7, "监测结束日期", "TEST.dose.order"),
        (7, "Hp(10)(mSv)", "TEST.dose.non-negative"),
        (8, "监测开始日期", "TEST.dose.overlap"),
    ]
    by_row = {(e.row, e.column): e for e in result.errors}
    assert (
        "校验码错误" in by_row[3, "身份证号"].reason and by_row[3, "身份证号"].value == "330102199207302028"
    )
    assert "文本格式" in by_row[5, "身份证号"].reason
    assert "不是有效日期" in by_row[5, "监测结束日期"].reason
    assert "应为数值" in by_row[5, "Hp(10)(mSv)"].reason and by_row[5, "Hp(10)(mSv)"].value == "abc"
    assert "必填" in by_row[6, "监测结束日期"].reason
    assert "必填" in by_row[7, "姓名"].reason
    assert "身份证号" in by_row[7, "身份证号"].reason
    assert by_row[8, "监测开始日期"].reason == "与第2行的监测周期重叠", "records are named by spreadsheet row"
    assert result.warnings == ()
    assert result.rows == 6


def test_a_cell_faulted_by_a_validator_gets_one_message(template: Path, tmp_path: Path) -> None:
    rows = copy.deepcopy(GOOD)
    rows[1][1] = "33010219920730202"  # 17 characters: the validator and TEST.dose.id-length both object
    result = import_doses(filled(template, tmp_path / "v.xlsx", rows), as_of=AS_OF, registry=REGISTRY)
    assert [(e.row, e.column, e.rule_id, e.reason) for e in result.errors] == [
        (3, "身份证号", None, "身份证号应为18位，实际为17位")
    ]


def test_warnings_are_reported_and_do_not_block(template: Path, tmp_path: Path) -> None:
    result = import_doses(filled(template, tmp_path / "w.xlsx", GOOD), as_of=AS_OF, registry=REGISTRY)
    assert result.ok and result.report is not None
    assert [(w.row, w.column, w.rule_id) for w in result.warnings] == [(4, "Hp(10)(mSv)", "TEST.dose.high")]


def test_an_empty_sheet_imports_nothing(template: Path, tmp_path: Path) -> None:
    result = import_doses(filled(template, tmp_path / "e.xlsx", []), as_of=AS_OF, registry=REGISTRY)
    assert not result.ok
    assert [(e.sheet, e.row, "没有个人剂量监测结果" in e.reason) for e in result.errors] == [
        (DATA_SHEET, None, True)
    ]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["姓名", "身份证号码", "剂量计编号", "监测开始日期", "监测结束日期", "Hp(10)(mSv)"], [("身份证号码", "是否应为“身份证号”"), ("身份证号", "缺少此列")]),
        (["姓名", "身份证号", "监测开始日期", "监测结束日期", "Hp(10)(mSv)"], [("剂量计编号", "缺少此列")]),
        (["姓名", "身份证号", "剂量计编号", "监测开始日期", "监测结束日期", "Hp(10)(mSv)", "姓名"], [("姓名", "列名重复")]),
    ],
)  # fmt: skip
def test_header_problems_are_row_1_errors(
    headers: list[str], expected: list[tuple[str, str]], template: Path, tmp_path: Path
) -> None:
    result = import_doses(filled(template, tmp_path / "h.xlsx", [], headers=headers), as_of=AS_OF)
    assert not result.ok and result.report is None
    assert all(e.row == 1 for e in result.errors)
    got = [(e.column, e.reason) for e in result.errors]
    for column, fragment in expected:
        assert any(c == column and fragment in reason for c, reason in got), got


def test_full_width_brackets_in_headers_are_accepted(template: Path, tmp_path: Path) -> None:
    headers = [*HEADERS[:5], "Hp（10）（mSv）", "Hp（0.07）（mSv）", "备注"]
    result = import_doses(filled(template, tmp_path / "fw.xlsx", GOOD, headers=headers), as_of=AS_OF)
    assert result.ok, [str(e) for e in result.errors]


def test_header_must_be_row_1(template: Path, tmp_path: Path) -> None:
    path = filled(template, tmp_path / "shifted.xlsx", GOOD)
    book = load_workbook(path)
    book[DATA_SHEET].insert_rows(1, 2)
    book.save(path)
    result = import_doses(path, as_of=AS_OF, registry=REGISTRY)
    assert [(e.sheet, e.row, "表头" in e.reason) for e in result.errors] == [(DATA_SHEET, 1, True)]


def test_report_fields_come_from_the_sheet_or_the_parameters(template: Path, tmp_path: Path) -> None:
    path = filled(
        template, tmp_path / "r.xlsx", GOOD, report={"报告编号": "ZJ-SHEET-1", "委托单位类型": "医院"}
    )
    result = import_doses(path, as_of=AS_OF, registry=REGISTRY)
    located = {(e.sheet, e.row, e.column) for e in result.errors}
    assert (REPORT_SHEET, 6, "委托单位类型") in located  # a bad choice names its cell
    assert (REPORT_SHEET, None, "报告日期") in located  # a missing field names the sheet and the option
    info = ReportInfo(
        report_date=date(2026, 10, 20),
        client_name="杭州市西湖区示例医院",
        client_uscc="12330106470089214Q",
        client_kind=ClientKind.general_hospital,
        client_division="330106",
        institution_uscc="12330000470005818G",
    )
    result = import_doses(path, report=info, as_of=AS_OF, registry=REGISTRY)
    assert result.ok, [str(e) for e in result.errors]
    assert result.report is not None and result.report.report_no == "ZJ-SHEET-1"
    result = import_doses(
        path, report=attrs_evolve(info, report_no="ZJ-PARAM-1"), as_of=AS_OF, registry=REGISTRY
    )
    assert result.report is not None and result.report.report_no == "ZJ-PARAM-1"


def attrs_evolve(info: ReportInfo, **changes: Any) -> ReportInfo:
    import attrs

    return attrs.evolve(info, **changes)


def test_report_field_problems_point_at_the_report_sheet(template: Path, tmp_path: Path) -> None:
    report = dict(REPORT_VALUES, 委托单位统一社会信用代码="12330106470089214A", 报告编号="JS-0001")
    result = import_doses(
        filled(template, tmp_path / "u.xlsx", GOOD, report=report), as_of=AS_OF, registry=REGISTRY
    )
    assert [(e.sheet, e.row, e.column, e.rule_id) for e in result.errors] == [
        (REPORT_SHEET, 2, "报告编号", "TEST.dose.report-no"),  # a rule's finding on a report field
        (REPORT_SHEET, 5, "委托单位统一社会信用代码", None),  # the credit-code validator
    ]
    info = ReportInfo(client_division="320100")
    result = import_doses(
        filled(template, tmp_path / "d.xlsx", GOOD), report=info, as_of=AS_OF, registry=REGISTRY
    )
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("", None, "委托单位所属地区代码（--client-division）")
    ]
    assert "区县" in result.errors[0].reason


def test_workers_on_file_carry_their_assignments(template: Path, tmp_path: Path) -> None:
    assignment = MonitoringAssignment(institution_uscc="12330000470005818G", start=date(2026, 1, 1))
    stored = {
        "330106198802143510": Worker(
            name="周涛",
            id_number="330106198802143510",
            employer_uscc="12330106470089214Q",
            assignments=(assignment,),
        )
    }
    path = filled(template, tmp_path / "w.xlsx", GOOD[:2])
    result = import_doses(path, as_of=AS_OF, workers=stored.get)
    assert result.report is not None
    known, unknown = result.report.records
    assert known.worker is stored["330106198802143510"], "the worker on file, with its assignments"
    assert unknown.worker.employer_uscc == "", "a worker not on file is not taken as the client's"


def test_unreadable_files(tmp_path: Path) -> None:
    text = tmp_path / "doses.xlsx"
    text.write_text("姓名,身份证号\n", encoding="utf-8")
    with pytest.raises(WorkbookError, match="无法读取"):
        import_doses(text)
    with pytest.raises(WorkbookError, match="文件不存在"):
        import_doses(tmp_path / "missing.xlsx")


# -- the command ---------------------------------------------------------------------------------


def test_import_command_clean_writes_the_filing(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = filled(template, tmp_path / "ok.xlsx", GOOD)
    out = tmp_path / "filing.json"
    assert main(["import-doses", str(path), "--as-of", "2026-11-26", "--out", str(out)]) == 0
    assert "校验通过" in capsys.readouterr().out
    filing = json.loads(out.read_text(encoding="utf-8"))
    assert check(filing, as_of=AS_OF).ok
    assert len(filing["dose_reports"][0]["records"]) == 4


@pytest.mark.usefixtures("with_rules")
def test_import_command_errors_exit_1_and_write_nothing(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = copy.deepcopy(GOOD)
    rows[2][5] = -1
    path = filled(template, tmp_path / "bad.xlsx", rows)
    out = tmp_path / "filing.json"
    code = main(["import-doses", str(path), "--as-of", "2026-11-26", "--out", str(out), "--format", "json"])
    assert code == 1
    report = json.loads(capsys.readouterr().out)
    assert report["imported"] is False and report["out"] is None
    assert report["errors"] == [
        {
            "sheet": DATA_SHEET,
            "row": 4,
            "column": "Hp(10)(mSv)",
            "reason": "Hp(10) 为 -1.0，不能为负数",
            "value": None,
            "rule": "TEST.dose.non-negative",
        }
    ]
    assert not out.exists()


def test_import_command_unreadable_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["import-doses", str(path)]) == 2
    err = capsys.readouterr().err
    assert "x.xlsx" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as usage:
        main(["import-doses", str(path), "--client-kind", "医院"])
    assert usage.value.code == 2
    assert "委托单位类型应为" in capsys.readouterr().err
