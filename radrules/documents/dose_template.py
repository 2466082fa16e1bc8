"""The dose import template (个人剂量导入模板, source 000 §5.2.2.2 导入模板下载).

``radrules template doses --out FILE.xlsx`` writes it. Sheet 1 has the header row the
import reads, with text, date and number formats set per column and data validation so
Excel stops most mistakes as they are typed; sheet 2 explains each column; sheet 3 takes
the report's own fields (see :mod:`radrules.documents.dose_sheet`).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from radrules.model.dose import MAX_DOSE_RECORDS

from .dose_sheet import (
    COLUMNS,
    DATA_SHEET,
    DATE,
    HELP_SHEET,
    IDENTIFIER,
    KIND,
    KIND_LABELS,
    NUMBER,
    REPORT_FIELDS,
    REPORT_SHEET,
    REQUIRED_HEADERS,
    TEXT,
)
from .output import atomic_path

#: Rows that carry the data validation (Excel applies it to typed and pasted values): as
#: many as one import takes (:data:`~radrules.model.dose.MAX_DOSE_RECORDS`).
VALIDATED_ROWS = MAX_DOSE_RECORDS

_HEADER_FILL = "DDEBF7"
_LABEL_FILL = "F2F2F2"
_FORMATS = {TEXT: "@", IDENTIFIER: "@", DATE: "yyyy-mm-dd", NUMBER: "General", KIND: "@"}


def write_dose_template(target: str | Path | IO[bytes], *, for_web: bool = False) -> None:
    """Write the template workbook to a path (atomically) or a binary stream.

    ``for_web``: the copy a platform hands out on a report's page, where the report's own
    fields come from the page; it speaks of no command-line option (``radrules import-doses
    --report-no`` is the command line's business).
    """
    book = _build(for_web=for_web)
    if isinstance(target, str | Path):
        with atomic_path(target) as temp:
            book.save(temp)
    else:
        book.save(target)


def _build(*, for_web: bool) -> Any:
    from openpyxl import Workbook

    book = Workbook()
    data = book.active
    assert data is not None  # a new workbook has one sheet
    data.title = DATA_SHEET
    _data_sheet(data)
    _help_sheet(book.create_sheet(HELP_SHEET), for_web=for_web)
    _report_sheet(book.create_sheet(REPORT_SHEET), for_web=for_web)
    book.active = 0
    return book


def _data_sheet(sheet: Any) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    last = VALIDATED_ROWS + 1
    for i, column in enumerate(COLUMNS, 1):
        letter = get_column_letter(i)
        cell = sheet.cell(row=1, column=i, value=column.header)
        cell.font = Font(bold=True, color="C00000") if column.header in REQUIRED_HEADERS else bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.comment = Comment(f"{'必填。' if column.required else '选填。'}{column.explanation}", "radrules")
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        dimension.number_format = _FORMATS[column.kind]
        validation = _validation(column.kind, column.header, column.field)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last}")
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _validation(kind: str, header: str, field: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    if field == "worker.id_number":
        rule = DataValidation(type="textLength", operator="equal", formula1="18")
        message = "身份证号应为18位（末位X大写），单元格须为文本格式"
    elif kind == DATE:
        rule = DataValidation(
            type="date", operator="between", formula1="DATE(1990,1,1)", formula2="DATE(2100,12,31)"
        )
        message = "请输入日期，如 2026-07-01"
    elif kind == NUMBER:
        rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        message = "请输入不小于0的数值（单位 mSv）"
    elif field == "worker.name":
        rule = DataValidation(type="textLength", operator="between", formula1="1", formula2="50")
        message = "姓名为1至50个字"
    else:
        return None
    rule.error = message
    rule.errorTitle = header
    rule.prompt = message
    rule.promptTitle = header
    rule.showErrorMessage = True
    rule.showInputMessage = True
    rule.allow_blank = True
    return rule


def _help_sheet(sheet: Any, *, for_web: bool) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet.append(["个人剂量监测结果导入模板 填写说明"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    headers = ["列名", "是否必填", "格式", "说明", "示例", "依据"]
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    formats = {TEXT: "文本", IDENTIFIER: "文本", DATE: "日期", NUMBER: "数值", KIND: "下拉选择"}
    for column in COLUMNS:
        sheet.append(
            [
                column.header,
                "必填" if column.required else "选填",
                formats[column.kind],
                column.explanation,
                column.example,
                column.basis,
            ]
        )
    sheet.append([])
    notes = [
        f"1. 第一个工作表“{DATA_SHEET}”的第1行为表头，请勿修改、删除或调换列名；每行填写一名放射工作人员一个监测周期的结果。",
        (
            f"2. 在网页上导入时，报告编号、报告日期、委托单位以报告页面的基本信息为准，工作表“{REPORT_SHEET}”可不填。"
            if for_web
            else f"2. 报告编号、报告日期、委托单位和检测机构填写在工作表“{REPORT_SHEET}”中，也可在导入命令中用参数给出（参数优先）。"
        ),
        "3. 导入时逐行校验：身份证号、日期、剂量数值以及适用省份的全部规则；所有错误一次列出（含行号、列名和原因）。",
        "4. 文件中有任何错误时，整份文件都不导入；改正后重新导入即可。",
        "5. 日期列请使用日期格式；身份证号、剂量计编号列为文本格式，请勿改为数字。",
    ]
    for note in notes:
        sheet.append([note])
    for letter, width in zip("ABCDEF", (16, 10, 10, 60, 22, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _report_sheet(sheet: Any, *, for_web: bool) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.append(["项目", "内容", "说明"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for row, field in enumerate(REPORT_FIELDS, 2):
        sheet.cell(row=row, column=1, value=field.label).fill = PatternFill("solid", fgColor=_LABEL_FILL)
        value = sheet.cell(row=row, column=2)
        value.number_format = _FORMATS[field.kind]
        where = "网页导入时以报告页面为准" if for_web else f"命令行参数 {field.option}"
        sheet.cell(row=row, column=3, value=f"{field.explanation}（{where}）")
        if field.kind == KIND:
            kinds = DataValidation(type="list", formula1='"' + ",".join(KIND_LABELS) + '"', allow_blank=True)
            kinds.error = "请从下拉列表中选择委托单位类型"
            kinds.showErrorMessage = True
            sheet.add_data_validation(kinds)
            kinds.add(value.coordinate)
        elif field.kind == DATE:
            day = DataValidation(
                type="date", operator="between", formula1="DATE(1990,1,1)", formula2="DATE(2100,12,31)"
            )
            day.error = "请输入日期，如 2026-10-20"
            day.showErrorMessage = True
            sheet.add_data_validation(day)
            day.add(value.coordinate)
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 60
