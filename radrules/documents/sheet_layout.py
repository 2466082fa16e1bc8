"""Reading a template sheet by its header (the question-bank and score imports): the columns
of row 1 matched to the template's — with the problems of a missing header row, an unknown
column (and the nearest known one), a repeated one and a required one missing — and then
the data rows as values by field, blank rows skipped. No regulation is encoded here; each
import checks its own values.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol, TypeVar

from .xlsx_read import Cell, is_blank


class TemplateColumn(Protocol):
    @property
    def header(self) -> str: ...

    @property
    def field(self) -> str: ...


C = TypeVar("C", bound=TemplateColumn)
#: ``problem(row, column, reason)``: how the import records a problem.
Report = Callable[[int | None, str, str], None]


def _folded(text: str) -> str:
    """Headers compared without spaces, with full-width brackets and letter case folded."""
    return "".join(text.split()).translate(str.maketrans("（）", "()")).casefold()


def read_header(
    rows: Iterator[list[Cell]],
    first_row: int,
    columns: Sequence[C],
    required: Sequence[str],
    *,
    header_hint: str,
    template: str,
    problem: Report,
) -> list[tuple[int, C]] | None:
    """The (cell index, column) of each known header of the first row; None, with the
    problems reported, when the row is not there or a header is unknown, repeated or missing.
    ``header_hint`` follows “第1行须为表头”; ``template`` names the template to use."""
    header = next(rows, None)
    if header is None or first_row != 1:
        problem(1, "", f"第1行须为表头（{header_hint}）")
        return None
    known = {_folded(c.header): c for c in columns}
    layout: list[tuple[int, C]] = []
    found = False
    for index, cell in enumerate(header):
        if is_blank(cell):
            continue
        text = str(cell).strip()
        column = known.get(_folded(text))
        if column is None:
            near = difflib.get_close_matches(text, [c.header for c in columns], n=1, cutoff=0.5)
            problem(1, text, f"未知的列名，是否应为“{near[0]}”？" if near else "未知的列名")
            found = True
        elif any(c is column for _, c in layout):
            problem(1, text, "列名重复")
            found = True
        else:
            layout.append((index, column))
    for name in required:
        if not any(c.header == name for _, c in layout):
            problem(1, name, f"缺少此列，请使用{template}的表头")
            found = True
    return None if found else layout


def data_rows(
    rows: Iterator[list[Cell]],
    first_row: int,
    layout: Sequence[tuple[int, C]],
    *,
    ignored: frozenset[str] = frozenset(),
) -> Iterator[tuple[int, dict[str, Cell]]]:
    """Each row after the header with a value in a column not ``ignored``: its number on the
    sheet and its values by field (a short row's missing cells are empty)."""
    for number, row in enumerate(rows, start=first_row + 1):
        values = {c.field: (row[i] if i < len(row) else "") for i, c in layout}
        if all(is_blank(v) for k, v in values.items() if k not in ignored):
            continue
        yield number, values
