"""The question-bank template (题库导入模板) of online exams (source 001 表1 第18项).

One row per question: 题号 (stable across versions: the same 题号 imported again with other
content becomes the question's next version), 题型, 类别, 项目类别 (for the category
放射诊疗项目 only), 难度, 题干, 选项A–选项H, 答案 (letters, such as ``B`` or ``ACD``; 正确 or
错误 for a true/false question), 解析 and 停用. Sheet 2 explains each column; the import
(:mod:`radrules.documents.question_import`) reads sheet 1 by its header.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import attrs

from radrules.model.exam import MAX_OPTIONS, Difficulty, QuestionCategory, QuestionKind
from radrules.model.register import RadiationProject

from .output import atomic_path

DATA_SHEET = "题库"
HELP_SHEET = "填写说明"
_HEADER_FILL = "DDEBF7"
VALIDATED_ROWS = 10_000
OPTION_HEADERS = tuple(f"选项{chr(ord('A') + i)}" for i in range(MAX_OPTIONS))
#: Accepted spellings of a true/false answer.
TRUE_WORDS = frozenset({"正确", "对", "是", "√", "T", "TRUE"})
FALSE_WORDS = frozenset({"错误", "错", "否", "×", "F", "FALSE"})


@attrs.frozen(kw_only=True)
class QuestionColumn:
    header: str
    field: str
    required: bool
    width: float
    explanation: str


def _labels(enum: Any) -> str:
    return "、".join(m.label for m in enum)


COLUMNS: tuple[QuestionColumn, ...] = (
    QuestionColumn(
        header="题号",
        field="question_id",
        required=True,
        width=12,
        explanation="题目编号，最多40个字符；再次导入同一题号即为修订该题（保留旧版本）",
    ),
    QuestionColumn(header="题型", field="kind", required=True, width=10, explanation=_labels(QuestionKind)),
    QuestionColumn(
        header="类别", field="category", required=True, width=14, explanation=_labels(QuestionCategory)
    ),
    QuestionColumn(
        header="项目类别",
        field="project",
        required=False,
        width=14,
        explanation=f"类别为放射诊疗项目时必填：{_labels(RadiationProject)}",
    ),
    QuestionColumn(
        header="难度",
        field="difficulty",
        required=False,
        width=8,
        explanation=f"{_labels(Difficulty)}；不填为中",
    ),
    QuestionColumn(header="题干", field="stem", required=True, width=50, explanation="最多1000个字符"),
    *(
        QuestionColumn(
            header=h,
            field=f"option{i}",
            required=False,
            width=24,
            explanation="单选题、多选题从选项A起连续填写，至少2项；判断题不填",
        )
        for i, h in enumerate(OPTION_HEADERS)
    ),
    QuestionColumn(
        header="答案",
        field="answer",
        required=True,
        width=10,
        explanation="选项字母，如 B 或 ACD；判断题填“正确”或“错误”",
    ),
    QuestionColumn(
        header="解析",
        field="explanation",
        required=False,
        width=40,
        explanation="考试结束后随答案显示；可不填",
    ),
    QuestionColumn(
        header="停用",
        field="retired",
        required=False,
        width=8,
        explanation="填“是”则不再组卷（已考试卷照常显示）；不填为否",
    ),
)
REQUIRED_HEADERS = tuple(c.header for c in COLUMNS if c.required)


def normalise(text: str) -> str:
    return "".join(text.split()).translate(str.maketrans("（）", "()")).upper()


def write_question_template(target: str | Path | IO[bytes]) -> None:
    """Write the empty template to a path (atomically) or a binary stream; the help sheet
    shows one example row per question kind."""
    book = _build()
    if isinstance(target, str | Path):
        with atomic_path(target) as temp:
            book.save(temp)
    else:
        book.save(target)


_EXAMPLES = (
    [
        "示例1",
        "单选题",
        "法律法规",
        "",
        "易",
        "放射工作人员上岗前培训时间不少于（ ）天。",
        "2",
        "3",
        "4",
        "5",
        "",
        "",
        "",
        "",
        "C",
        "卫生部令第55号 第七条",
        "",
    ],
    [
        "示例2",
        "多选题",
        "放射防护",
        "",
        "中",
        "外照射防护的基本方法有（ ）。",
        "时间防护",
        "距离防护",
        "屏蔽防护",
        "稀释防护",
        "",
        "",
        "",
        "",
        "ABC",
        "",
        "",
    ],
    [
        "示例3",
        "判断题",
        "放射诊疗项目",
        "X射线影像诊断",
        "易",
        "摄影时可由陪检者在机房内扶持受检者且无需防护。",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "错误",
        "",
        "",
    ],
)


def _build() -> Any:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

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
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = column.width
        sheet.column_dimensions[letter].number_format = "@"
    lists = {
        "B": [m.label for m in QuestionKind],
        "C": [m.label for m in QuestionCategory],
        "D": [m.label for m in RadiationProject],
        "E": [m.label for m in Difficulty],
        get_column_letter(len(COLUMNS)): ["是", "否"],
    }
    for letter, values in lists.items():
        rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        rule.error = rule.prompt = "请从下拉列表中选择：" + "、".join(values)
        rule.showErrorMessage = rule.showInputMessage = True
        sheet.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
    sheet.freeze_panes = "B2"
    help_sheet = book.create_sheet(HELP_SHEET)
    help_sheet.append(["题库导入模板 填写说明"])
    help_sheet["A1"].font = Font(bold=True, size=14)
    help_sheet.append([])
    help_sheet.append(["列名", "是否必填", "说明"])
    for column in COLUMNS:
        help_sheet.append([column.header, "必填" if column.required else "选填", column.explanation])
    help_sheet.append([])
    for note in (
        f"1. 工作表“{DATA_SHEET}”第1行为表头，请勿修改列名；每行一题（示例见下）。",
        "2. 单选题有且只有一个正确选项；多选题有两个或以上正确选项；判断题的选项固定为“正确”“错误”。",
        "3. 导入时逐行校验，所有错误一次列出（行号、列名和原因）；有任何错误时整份文件不导入。",
        "4. 题号已在题库中且内容有变化的，导入为该题的新版本；已考试卷仍显示考试时的版本。",
    ):
        help_sheet.append([note])
    help_sheet.append([])
    help_sheet.append(["示例"])
    help_sheet.append([c.header for c in COLUMNS])
    for row in _EXAMPLES:
        help_sheet.append(row)
    for letter, width in zip("ABC", (14, 10, 70), strict=True):
        help_sheet.column_dimensions[letter].width = width
    for row in help_sheet.iter_rows(min_row=4, max_row=4 + len(COLUMNS)):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.active = 0
    return book
