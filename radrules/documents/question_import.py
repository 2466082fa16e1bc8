"""Importing questions from the question-bank template, all or nothing (source 001 表1 第18项).

Every row becomes a :class:`~radrules.model.exam.Question`; what makes one well formed is
:func:`radrules.question_problems`, reported at the row and column it concerns, together
with cells that are not of their column's kind, labels outside their vocabulary (with the
nearest one) and a 题号 given twice. A file with any error imports nothing
(:attr:`QuestionImport.questions` is None). The versions the rows make in a bank are
:func:`radrules.merge_versions`' business, once the file is clean.

The workbook is read with :mod:`radrules.documents.xlsx_read`, so it meets the same size,
decompressed-size and row limits as every other import.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from radrules.exams.questions import question_problems
from radrules.model.exam import Difficulty, Question, QuestionCategory, QuestionKind
from radrules.model.register import RadiationProject

from .dose_problems import ImportProblem
from .question_sheet import (
    COLUMNS,
    DATA_SHEET,
    FALSE_WORDS,
    OPTION_HEADERS,
    REQUIRED_HEADERS,
    TRUE_WORDS,
    QuestionColumn,
)
from .sheet_layout import data_rows, read_header
from .xlsx_limits import DEFAULT_LIMITS
from .xlsx_read import Cell, CellError, ImportLimits, Sheet, Workbook, cell_text, first_problems, is_blank

_HEADER_OF = {c.field: c.header for c in COLUMNS}
_LETTERS = re.compile(r"[A-Ha-h]")


@attrs.frozen(kw_only=True)
class QuestionImport:
    """The outcome: the file's questions when it is clean, else its first problems and their count."""

    source: str
    rows: int
    questions: tuple[Question, ...] | None
    errors: tuple[ImportProblem, ...]
    error_count: int = attrs.field(default=attrs.Factory(lambda self: len(self.errors), takes_self=True))

    @property
    def ok(self) -> bool:
        return not self.errors


def import_questions(
    source: str | Path | bytes | IO[bytes], *, label: str = "", limits: ImportLimits = DEFAULT_LIMITS
) -> QuestionImport:
    """Read a filled-in question template; see the module docstring. Raises
    :class:`~radrules.errors.WorkbookError` (``LimitExceeded`` among them) for a file that
    cannot be read at all or is over a limit."""
    book = Workbook(source, label=label, limits=limits)
    name = str(source) if isinstance(source, str | Path) else (label or "工作簿")
    try:
        sheet = book.sheet(DATA_SHEET) if DATA_SHEET in book.sheet_names else book.sheet()
        return _Import(sheet).run(name, limits)
    finally:
        book.close()


def _vocabulary(enum: Iterable[Any]) -> dict[str, Any]:
    words: dict[str, Any] = {}
    for member in enum:
        words[member.label] = member
        words[member.value] = member
    return words


_KINDS = _vocabulary(QuestionKind) | {
    "单选": QuestionKind.single,
    "多选": QuestionKind.multiple,
    "判断": QuestionKind.true_false,
}
_CATEGORIES = _vocabulary(QuestionCategory)
_PROJECTS = _vocabulary(RadiationProject)
_DIFFICULTIES = _vocabulary(Difficulty) | {
    "容易": Difficulty.easy,
    "中等": Difficulty.medium,
    "困难": Difficulty.hard,
}
_FIELD_OF_PROBLEM = {"question_id", "stem", "project", "answer", "explanation", "version"}


class _Import:
    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.problems: list[ImportProblem] = []
        self.read = 0
        self.seen: dict[str, int] = {}

    def problem(self, row: int | None, column: str, reason: str, value: object = None) -> None:
        shown = None if value in (None, "") else str(value)
        self.problems.append(
            ImportProblem(sheet=self.sheet.name, row=row, column=column, reason=reason, value=shown)
        )

    def run(self, source: str, limits: ImportLimits) -> QuestionImport:
        rows = self.sheet.rows()
        layout = self._header(rows)
        questions = list(self._questions(rows, layout)) if layout is not None else []
        if layout is not None and not questions and not self.problems:
            self.problem(None, "", "没有题目：第1行为表头，题目从第2行起逐行填写")
        errors, count = first_problems(sorted(self.problems, key=lambda p: p.row or 0), limits)
        return QuestionImport(
            source=source,
            rows=self.read,
            questions=tuple(questions) if not errors else None,
            errors=errors,
            error_count=count,
        )

    def _header(self, rows: Iterator[list[Cell]]) -> list[tuple[int, QuestionColumn]] | None:
        return read_header(
            rows,
            self.sheet.first_row,
            COLUMNS,
            REQUIRED_HEADERS,
            header_hint="、".join(REQUIRED_HEADERS) + "…",
            template="题库导入模板",
            problem=self.problem,
        )

    def _questions(
        self, rows: Iterator[list[Cell]], layout: list[tuple[int, QuestionColumn]]
    ) -> Iterator[Question]:
        for number, values in data_rows(rows, self.sheet.first_row, layout):
            self.read += 1
            question = self._question(number, values)
            if question is not None:
                yield question

    def _text(self, number: int, raw: dict[str, Cell], field: str) -> str | None:
        try:
            return cell_text(raw.get(field, ""))
        except CellError as exc:
            self.problem(number, _HEADER_OF[field], exc.reason, raw.get(field))
            return None

    def _choice(self, number: int, raw: dict[str, Cell], field: str, words: dict[str, Any]) -> Any:
        text = self._text(number, raw, field)
        if text is None:
            return None
        found = words.get(text)
        if found is None:
            options = sorted({m.label for m in words.values()})
            near = difflib.get_close_matches(text, options, n=1, cutoff=0.3)
            hint = f"，是否应为“{near[0]}”？" if near else ""
            self.problem(number, _HEADER_OF[field], f"应为{'、'.join(options)}之一{hint}", text)
        return found

    def _question(self, number: int, raw: dict[str, Cell]) -> Question | None:
        before = len(self.problems)
        fields = {f: self._text(number, raw, f) for f in ("question_id", "stem", "explanation", "answer")}
        for field in ("question_id", "stem", "answer"):
            if fields[field] is None and not any(
                p.row == number and p.column == _HEADER_OF[field] for p in self.problems
            ):
                self.problem(number, _HEADER_OF[field], f"{_HEADER_OF[field]}为必填项")
        kind = self._choice(number, raw, "kind", _KINDS) if not is_blank(raw.get("kind", "")) else None
        if kind is None and is_blank(raw.get("kind", "")):
            self.problem(number, "题型", "题型为必填项")
        category = (
            self._choice(number, raw, "category", _CATEGORIES)
            if not is_blank(raw.get("category", ""))
            else None
        )
        if category is None and is_blank(raw.get("category", "")):
            self.problem(number, "类别", "类别为必填项")
        project = (
            self._choice(number, raw, "project", _PROJECTS) if not is_blank(raw.get("project", "")) else None
        )
        difficulty = (
            self._choice(number, raw, "difficulty", _DIFFICULTIES)
            if not is_blank(raw.get("difficulty", ""))
            else Difficulty.medium
        )
        retired = self._retired(number, raw.get("retired", ""))
        options = self._options(number, raw)
        qid = fields["question_id"]
        if qid is not None:
            if qid in self.seen:
                self.problem(number, "题号", f"题号与第{self.seen[qid]}行相同", qid)
            else:
                self.seen[qid] = number
        if (
            len(self.problems) > before
            or kind is None
            or category is None
            or difficulty is None
            or options is None
        ):
            return None
        answer = self._answer(number, kind, fields["answer"] or "")
        if answer is None:
            return None
        question = Question(
            question_id=qid or "",
            kind=kind,
            category=category,
            project=project,
            difficulty=difficulty,
            stem=fields["stem"] or "",
            options=options,
            answer=answer,
            explanation=fields["explanation"],
            retired=retired,
        )
        for field, reason in question_problems(question):
            self.problem(number, self._column_of(field), reason)
        return question if len(self.problems) == before else None

    def _column_of(self, field: str) -> str:
        match = re.fullmatch(r"options\[(\d+)\]", field)
        if match:
            return OPTION_HEADERS[int(match[1])]
        if field == "options":
            return OPTION_HEADERS[0]
        return _HEADER_OF.get(field, field)

    def _options(self, number: int, raw: dict[str, Cell]) -> tuple[str, ...] | None:
        texts = [
            self._text(number, raw, f"option{i}") if f"option{i}" in raw else None
            for i in range(len(OPTION_HEADERS))
        ]
        while texts and texts[-1] is None:
            texts.pop()
        for i, text in enumerate(texts):
            if text is None:
                self.problem(number, OPTION_HEADERS[i], "选项须从选项A起连续填写，中间不能空缺")
                return None
        return tuple(t for t in texts if t is not None)

    def _answer(self, number: int, kind: QuestionKind, text: str) -> tuple[int, ...] | None:
        compact = "".join(text.split()).upper()
        if kind is QuestionKind.true_false:
            if compact in TRUE_WORDS:
                return (0,)
            if compact in FALSE_WORDS:
                return (1,)
            self.problem(number, "答案", "判断题的答案应为“正确”或“错误”", text)
            return None
        letters = re.sub(r"[,，、;；/]", "", compact)
        if not letters or not all(_LETTERS.fullmatch(c) for c in letters):
            self.problem(number, "答案", "答案应为选项字母，如 B 或 ACD", text)
            return None
        return tuple(sorted(ord(c) - ord("A") for c in letters))

    def _retired(self, number: int, value: Cell) -> bool:
        if isinstance(value, bool):
            return value
        text = value.strip() if isinstance(value, str) else ""
        if is_blank(value) or text == "否":
            return False
        if text == "是":
            return True
        self.problem(number, "停用", "应为“是”或“否”（不填为否）", value)
        return False
