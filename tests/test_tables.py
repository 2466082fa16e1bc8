"""Streaming xlsx tables: layout, totals, safe values, all-or-nothing files."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from radrules.documents.tables import Column, Table, write_xlsx
from radrules.errors import TableError
from radrules.model.enums import ServiceField

COLUMNS = [
    Column(header="单位"),
    Column(header="领域", width=30),
    Column(header="日期"),
    Column(header="人数"),
]


def _read(path: Path, sheet: int = 0) -> list[list[Any]]:
    book = CalamineWorkbook.from_path(str(path))
    rows: list[list[Any]] = book.get_sheet_by_index(sheet).to_python(skip_empty_area=False)
    return rows


def test_title_header_rows_totals_and_note(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    rows = [
        ["甲医院", ServiceField.dose_monitoring, date(2026, 7, 10), 12],
        ["乙医院", (ServiceField.protection_testing, "其他"), datetime(2026, 7, 11, 9, 30), 3],
    ]
    written = write_xlsx(
        [
            Table(
                sheet="汇总",
                title="2026年上半年汇总",
                columns=COLUMNS,
                rows=rows,
                totals=[3],
                note="注：示例",
            )
        ],
        path,
    )
    assert written == 2
    got = _read(path)
    assert got[0][0] == "2026年上半年汇总"
    assert got[1] == ["单位", "领域", "日期", "人数"]
    assert got[2] == ["甲医院", "个人剂量监测", date(2026, 7, 10), 12]
    assert got[3][:2] == ["乙医院", "放射卫生防护检测、其他"] and got[3][2] == datetime(2026, 7, 11, 9, 30)
    assert got[4] == ["合计", "", "", 15]
    assert got[6][0] == "注：示例"
    sheet = load_workbook(path)["汇总"]
    assert "A1:D1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:D4"
    assert sheet.column_dimensions["B"].width == 30
    assert sheet.page_setup.paperSize == 9 and sheet.print_title_rows == "$1:$2"
    assert sheet["A3"].border.left.style == "thin"
    assert sheet["C4"].number_format == "yyyy-mm-dd hh:mm"


def test_values_from_filings_are_never_formulas_or_broken_xml(tmp_path: Path) -> None:
    path = tmp_path / "safe.xlsx"
    rows = [['=HYPERLINK("http://x")', "ok\x00\x07", "x" * 40_000, 1]]
    write_xlsx([Table(sheet="s", title="t", columns=COLUMNS, rows=rows)], path)
    cell = load_workbook(path)["s"]["A3"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'
    got = _read(path)[2]
    assert got[1] == "ok"
    assert len(got[2]) == 32_767 and got[2].endswith("…")


def test_sheet_names_are_made_valid_and_unique(tmp_path: Path) -> None:
    path = tmp_path / "names.xlsx"
    tables = [
        Table(sheet="2026/上半年:汇总", title="a", columns=COLUMNS, rows=[]),
        Table(sheet="2026/上半年:汇总", title="b", columns=COLUMNS, rows=[]),
        Table(sheet="很长的工作表名称" * 5, title="c", columns=COLUMNS, rows=[]),
    ]
    write_xlsx(tables, path)
    names = CalamineWorkbook.from_path(str(path)).sheet_names
    assert names[0] == "2026_上半年_汇总" and names[1] == "2026_上半年_汇总(2)"
    assert len(names[2]) <= 31


def test_large_exports_print_gridlines_instead_of_borders(tmp_path: Path) -> None:
    path = tmp_path / "plain.xlsx"
    write_xlsx(
        [Table(sheet="s", title="t", columns=COLUMNS, rows=[["a", "b", date(2026, 1, 2), 1]], borders=False)],
        path,
    )
    sheet = load_workbook(path)["s"]
    assert sheet.print_options.gridLines is True
    assert sheet["A3"].border.left.style is None
    assert sheet["C3"].number_format == "yyyy-mm-dd"


def test_rows_are_written_as_they_come(tmp_path: Path) -> None:
    written: list[int] = []
    seen_when_yielding: list[int] = []

    def rows() -> Iterator[list[Any]]:
        for i in range(500):
            seen_when_yielding.append(len(written))
            yield [f"单位{i}", "", None, i]

    count = write_xlsx(
        [Table(sheet="s", title="t", columns=COLUMNS, rows=rows(), borders=False)],
        tmp_path / "stream.xlsx",
        on_row=written.append,
    )
    assert count == 500
    # row i is produced only after rows 0..i-1 went to the sheet: nothing is gathered first
    assert seen_when_yielding == list(range(500))


def test_a_failure_halfway_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"previous export")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where openpyxl streams sheets

    def rows() -> Iterator[list[Any]]:
        yield ["a", "b", None, 1]
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        write_xlsx([Table(sheet="s", title="t", columns=COLUMNS, rows=rows())], path)
    assert path.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx", "scratch"]
    assert list(scratch.iterdir()) == [], "the sheet's temporary file is removed too"


def test_a_row_longer_than_the_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="多于4列"):
        write_xlsx(
            [Table(sheet="s", title="t", columns=COLUMNS, rows=[[1, 2, 3, 4, 5]])], tmp_path / "x.xlsx"
        )
    assert not (tmp_path / "x.xlsx").exists()
