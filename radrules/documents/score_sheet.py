"""The score template (成绩导入模板) of one session: the CDC enters the scores of a class.

Source 002 §6.4 shows what a class's scores are: one row per person and specialty
(“根据专业类别分为多条成绩记录，显示每个专业的分数以及是否合格”). The manual shows the unit's
side only; entering scores is the CDC's (issue 13), by hand or from this workbook. Sheet 1
has the header the import reads and, when the session's placements are given, one row
already filled in per person and specialty, so that only 成绩 and 是否合格 remain to type;
sheet 2 explains each column. ``radrules training score-template`` writes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

import attrs

from radrules.model.training import ClassSelection, Session

from .output import atomic_path

DATA_SHEET = "成绩"
HELP_SHEET = "填写说明"
PASS, FAIL = "合格", "不合格"
_HEADER_FILL = "DDEBF7"
#: Rows that carry the data validation beyond the prefilled ones.
VALIDATED_ROWS = 20_000


@attrs.frozen(kw_only=True)
class ScoreColumn:
    header: str
    field: str
    required: bool
    width: float
    explanation: str


COLUMNS: tuple[ScoreColumn, ...] = (
    ScoreColumn(header="姓名", field="name", required=True, width=12, explanation="与报名时的姓名一致"),
    ScoreColumn(
        header="身份证号", field="id_number", required=True, width=22, explanation="18位，末位X大写；文本格式"
    ),
    ScoreColumn(
        header="专业类别",
        field="specialty",
        required=False,
        width=28,
        explanation="该人员在本期次所选的专业类别，每个专业一行；无专业类别的培训班留空",
    ),
    ScoreColumn(
        header="成绩", field="score", required=False, width=10, explanation="考试分数，不小于0；可不填"
    ),
    ScoreColumn(header="是否合格", field="passed", required=True, width=10, explanation=f"{PASS}或{FAIL}"),
    ScoreColumn(header="备注", field="remark", required=False, width=24, explanation="不导入"),
)
REQUIRED_HEADERS = tuple(c.header for c in COLUMNS if c.required)


def normalise(text: str) -> str:
    """Headers compared without spaces and with full-width brackets folded."""
    return "".join(text.split()).translate(str.maketrans("（）", "()")).lower()


def write_score_template(
    target: str | Path | IO[bytes],
    session: Session,
    *,
    selections: Iterable[ClassSelection] = (),
    names: Mapping[str, str] | None = None,
) -> None:
    """Write the template of ``session`` to a path (atomically) or a binary stream.

    ``selections`` (the session's placements) prefill one row per person and specialty;
    ``names`` gives each ID number's name.
    """
    book = _build(session, list(selections), names or {})
    if isinstance(target, str | Path):
        with atomic_path(target) as temp:
            book.save(temp)
    else:
        book.save(target)


def _build(session: Session, selections: list[ClassSelection], names: Mapping[str, str]) -> Any:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = DATA_SHEET
    for i, column in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=1, column=i, value=column.header)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        cell.alignment = Alignment(horizontal="center")
        cell.comment = Comment(("必填。" if column.required else "选填。") + column.explanation, "radrules")
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    sheet.column_dimensions["B"].number_format = "@"
    row = 2
    for selection in selections:
        if selection.session_id != session.session_id:
            continue
        for specialty in selection.specialties or (None,):
            sheet.cell(row=row, column=1, value=names.get(selection.id_number, ""))
            sheet.cell(row=row, column=2, value=selection.id_number).number_format = "@"
            sheet.cell(row=row, column=3, value=specialty)
            row += 1
    _validations(sheet, session, last=row + VALIDATED_ROWS)
    sheet.freeze_panes = "A2"
    _help(book.create_sheet(HELP_SHEET), session)
    book.active = 0
    return book


def _validations(sheet: Any, session: Session, *, last: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    rules = [
        (
            "B",
            DataValidation(type="textLength", operator="equal", formula1="18"),
            "身份证号应为18位，单元格须为文本格式",
        ),
        (
            "D",
            DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0"),
            "成绩应为不小于0的数",
        ),
        ("E", DataValidation(type="list", formula1=f'"{PASS},{FAIL}"'), f"请选择{PASS}或{FAIL}"),
    ]
    names = session.specialty_names()
    if names and len(",".join(names)) < 250:  # Excel's limit on an inline list
        rules.append(
            ("C", DataValidation(type="list", formula1='"' + ",".join(names) + '"'), "请选择本期次的专业类别")
        )
    for letter, rule, message in rules:
        rule.error = rule.prompt = message
        rule.showErrorMessage = rule.showInputMessage = True
        rule.allow_blank = True
        sheet.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}{last}")


def _help(sheet: Any, session: Session) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.append([f"{session.label}成绩导入模板 填写说明（期次编号 {session.session_id}）"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(["列名", "是否必填", "说明"])
    for column in COLUMNS:
        sheet.append([column.header, "必填" if column.required else "选填", column.explanation])
    sheet.append([])
    for note in (
        f"1. 工作表“{DATA_SHEET}”第1行为表头，请勿修改列名；每行为一名人员一个专业类别的成绩。",
        "2. 只能录入选择本期次、本专业类别的人员；同一人员同一专业只录一行。",
        "3. 导入时逐行校验，所有错误一次列出（行号、列名和原因）；有任何错误时整份文件不导入。",
        "4. 同一期次有一个专业合格即发合格证书，多个专业合格共用一个证书（§6.4）。",
    ):
        sheet.append([note])
    for letter, width in zip("ABC", (14, 10, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
