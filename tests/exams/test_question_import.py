"""The question-bank template and its import: all or nothing, each problem at its row and column."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from radrules import QuestionKind, RadiationProject
from radrules.documents.question_import import import_questions
from radrules.documents.question_sheet import COLUMNS, DATA_SHEET, write_question_template
from radrules.documents.xlsx_limits import ImportLimits, LimitExceeded

HEADERS = [c.header for c in COLUMNS]


def _book(rows: list[dict[str, object]], tmp_path: Path) -> Path:
    from openpyxl import load_workbook

    path = tmp_path / "bank.xlsx"
    write_question_template(path)
    book = load_workbook(path)
    sheet = book[DATA_SHEET]
    for row in rows:
        sheet.append([row.get(h, "") for h in HEADERS])
    book.save(path)
    return path


GOOD = [
    {
        "题号": "L1",
        "题型": "单选题",
        "类别": "法律法规",
        "难度": "易",
        "题干": "岗前培训不少于几天？",
        "选项A": "2",
        "选项B": "4",
        "答案": "B",
        "解析": "卫生部令第55号 第七条",
    },
    {
        "题号": "P1",
        "题型": "多选题",
        "类别": "放射防护",
        "题干": "外照射防护的方法",
        "选项A": "时间",
        "选项B": "距离",
        "选项C": "屏蔽",
        "答案": "A、B、C",
    },
    {
        "题号": "X1",
        "题型": "判断题",
        "类别": "放射诊疗项目",
        "项目类别": "X射线影像诊断",
        "题干": "陪检者无需防护。",
        "答案": "错误",
        "停用": "否",
    },
]


def test_the_template_round_trips(tmp_path: Path) -> None:
    result = import_questions(_book(GOOD, tmp_path))
    assert result.ok and result.rows == 3
    assert result.questions is not None
    single, multiple, tf = result.questions
    assert (single.kind, single.answer, single.options) == (QuestionKind.single, (1,), ("2", "4"))
    assert multiple.answer == (0, 1, 2)
    assert (tf.kind, tf.answer, tf.project, tf.options) == (
        QuestionKind.true_false,
        (1,),
        RadiationProject.x_ray_imaging,
        (),
    )


def test_an_empty_template_says_there_are_no_questions(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    write_question_template(buffer)
    result = import_questions(buffer.getvalue(), label="题库.xlsx")
    assert result.questions is None
    assert [p.reason for p in result.errors] == ["没有题目：第1行为表头，题目从第2行起逐行填写"]


def test_any_error_imports_nothing_and_every_error_is_located(tmp_path: Path) -> None:
    bad = [
        *GOOD,
        {
            "题号": "L1",
            "题型": "单选题",
            "类别": "法律法规",
            "题干": "重复题号",
            "选项A": "a",
            "选项B": "b",
            "答案": "A",
        },
        {
            "题号": "M2",
            "题型": "多选",
            "类别": "放射防护",
            "题干": "只有一个答案",
            "选项A": "a",
            "选项B": "b",
            "答案": "A",
        },
        {"题号": "S3", "题型": "单项", "类别": "法规", "题干": "未知题型", "答案": "A"},
        {
            "题号": "S4",
            "题型": "单选题",
            "类别": "法律法规",
            "题干": "选项空缺",
            "选项A": "a",
            "选项C": "c",
            "答案": "A",
        },
        {
            "题号": "S5",
            "题型": "单选题",
            "类别": "法律法规",
            "题干": "答案不存在",
            "选项A": "a",
            "选项B": "b",
            "答案": "D",
        },
        {"题号": "T6", "题型": "判断题", "类别": "放射诊疗项目", "题干": "缺项目类别", "答案": "对"},
        {"题号": "T7", "题型": "判断题", "类别": "放射防护", "题干": "答案不是对错", "答案": "A"},
    ]
    result = import_questions(_book(bad, tmp_path))
    assert result.questions is None
    located = [(p.row, p.column) for p in result.errors]
    assert located == [
        (5, "题号"),
        (6, "答案"),
        (7, "题型"),
        (7, "类别"),
        (8, "选项B"),
        (9, "答案"),
        (10, "项目类别"),
        (11, "答案"),
    ], result.errors
    assert "是否应为" in result.errors[2].reason
    assert result.errors[0].reason == "题号与第2行相同"


def test_unknown_headers_and_missing_ones_are_named(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["题号", "题目类型", "类别", "题干", "答案"])
    path = tmp_path / "x.xlsx"
    book.save(path)
    result = import_questions(path)
    assert [(p.column, p.reason) for p in result.errors] == [
        ("题目类型", "未知的列名，是否应为“题型”？"),
        ("题型", "缺少此列，请使用题库导入模板的表头"),
    ]


def test_the_import_limits_bound_the_file(tmp_path: Path) -> None:
    path = _book(GOOD * 1, tmp_path)
    with pytest.raises(LimitExceeded):
        import_questions(path, limits=ImportLimits(max_rows=2))
    with pytest.raises(LimitExceeded):
        import_questions(path, limits=ImportLimits(max_file_bytes=1000))
