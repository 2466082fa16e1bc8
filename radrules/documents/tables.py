"""Tables written to Excel in streaming mode: exports, query results and summaries.

openpyxl's write-only mode keeps memory flat however many rows there are, so a table's
rows are an iterable consumed once. Every workbook gets Chinese headers, a title merged
over the columns, frozen header rows, an autofilter, page numbers in the footer and print
settings that fit the page width.

Cell styles are registered once per workbook as named styles: styling each cell with its
own border objects costs openpyxl three times the time of writing the value. Large
exports may switch borders off (``Table.borders=False``); the sheet then prints its
gridlines instead, which look the same on paper.

Values from filings are data, never formulas: text starting with ``=`` is stored as text,
characters that XML cannot carry are dropped, and text longer than a cell holds is cut.
A workbook written to a path appears only when complete (all or nothing).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import attrs

from radrules.errors import TableError

from .output import atomic_path

#: Rows Excel allows in one sheet.
MAX_ROWS = 1_048_576
_MAX_TEXT = 32_767
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@attrs.frozen(kw_only=True)
class Column:
    header: str
    width: float = 14
    number_format: str | None = None


@attrs.frozen(kw_only=True)
class Table:
    """One sheet: a title line, a header row, the rows, and optionally a totals row.

    ``totals`` lists the column indexes to sum into a final 合计 row. ``note`` is written
    below the table, one row per line, so that a long note stays readable when printed.
    ``borders`` draws cell borders (set it False for very large exports: gridlines print
    instead).
    """

    sheet: str
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]] = attrs.field(eq=False)
    totals: Sequence[int] = ()
    note: str | None = None
    borders: bool = True


def write_xlsx(
    tables: Sequence[Table], target: str | Path | IO[bytes], *, on_row: Callable[[int], None] | None = None
) -> int:
    """Write ``tables`` as sheets of one workbook; returns the number of data rows written.

    A path is written atomically: if a row iterable raises halfway, no file appears.
    """
    if isinstance(target, str | Path):
        with atomic_path(target) as temp:
            return _write(tables, temp, on_row)
    return _write(tables, target, on_row)


def _write(tables: Sequence[Table], target: Path | IO[bytes], on_row: Callable[[int], None] | None) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    styles = _Styles(book)
    written = 0
    names: set[str] = set()
    try:
        for table in tables:
            written = _write_table(book, table, styles, _sheet_name(table.sheet, names), written, on_row)
    except BaseException:
        _discard(book)
        raise
    book.save(target)
    return written


def _discard(book: Any) -> None:
    """Finish and delete the sheets' temporary files after a failed write.

    A write-only sheet streams to a temporary file through an open generator; left alone,
    the generator is finalised at interpreter exit against a closed file, and in a long
    running web shell the temporary files of failed exports would pile up.
    """
    for sheet in book.worksheets:
        with suppress(Exception):
            sheet.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            with suppress(Exception):
                writer.cleanup()


class _Styles:
    """Named styles, registered once per workbook and looked up by name per cell."""

    def __init__(self, book: Any) -> None:
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

        thin = Side(style="thin", color="999999")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self._book = book
        self._border = border
        self._named: set[str] = set()
        header = NamedStyle(
            name="radrules-header",
            font=Font(bold=True),
            fill=PatternFill("solid", fgColor="DDEBF7"),
            border=border,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
        title = NamedStyle(
            name="radrules-title", font=Font(bold=True, size=14), alignment=Alignment(horizontal="center")
        )
        total = NamedStyle(name="radrules-total", font=Font(bold=True), border=border)
        for style in (header, title, total):
            book.add_named_style(style)

    def cell(self, number_format: str | None, *, borders: bool) -> str | None:
        """The name of the style for a data cell; None when the default style will do."""
        if not borders and number_format is None:
            return None
        name = f"radrules-cell{'-b' if borders else ''}-{number_format or 'general'}"
        if name not in self._named:
            from openpyxl.styles import NamedStyle

            style = NamedStyle(name=name, number_format=number_format or "General")
            if borders:
                style.border = self._border
            self._book.add_named_style(style)
            self._named.add(name)
        return name


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A sheet title Excel accepts: no []:*?/\\, at most 31 characters, unique in the book."""
    base = _BAD_SHEET_CHARS.sub("_", wanted).strip("'") or "Sheet"
    name = base[:31]
    n = 2
    while name.lower() in taken:
        suffix = f"({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name.lower())
    return name


def _write_table(
    book: Any,
    table: Table,
    styles: _Styles,
    name: str,
    written: int,
    on_row: Callable[[int], None] | None,
) -> int:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title=name)
    width = len(table.columns)
    last = get_column_letter(max(width, 1))
    for i, column in enumerate(table.columns, 1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    sheet.freeze_panes = "A3"
    sheet.print_options.horizontalCentered = True
    sheet.print_options.gridLines = not table.borders
    sheet.page_setup.orientation = "landscape" if width > 7 else "portrait"
    sheet.page_setup.paperSize = 9  # A4 in the OOXML paper-size table
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:2"
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    if width > 1:
        sheet.merged_cells.add(f"A1:{last}1")
    title = WriteOnlyCell(sheet, value=_safe(table.title))
    title.style = "radrules-title"
    sheet.append([title])
    headers = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=_safe(column.header))
        cell.style = "radrules-header"
        headers.append(cell)
    sheet.append(headers)
    plain = [styles.cell(c.number_format, borders=table.borders) for c in table.columns]
    dated = [styles.cell(c.number_format or "yyyy-mm-dd", borders=table.borders) for c in table.columns]
    stamped = [
        styles.cell(c.number_format or "yyyy-mm-dd hh:mm", borders=table.borders) for c in table.columns
    ]
    totals = set(table.totals)
    sums: dict[int, float] = dict.fromkeys(totals, 0.0)
    rows_in_sheet = 2
    for row in table.rows:
        if len(row) > width:
            raise TableError(f"工作表“{name}”第{rows_in_sheet + 1}行有{len(row)}个值，多于{width}列")
        rows_in_sheet += 1
        if rows_in_sheet > MAX_ROWS - (1 if totals else 0):
            raise TableError(f"工作表“{name}”超过 Excel 单个工作表的行数上限（{MAX_ROWS}行），请分批导出")
        cells: list[Any] = []
        for i, raw in enumerate(row):
            value = _cell_value(raw)
            if i in totals and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                sums[i] += float(value)
            style = (
                stamped[i]
                if isinstance(value, datetime)
                else dated[i]
                if isinstance(value, date)
                else plain[i]
            )
            formula_like = isinstance(value, str) and value.startswith("=")
            if style is None and not formula_like:
                cells.append(value)  # a bare value: openpyxl's fastest path
                continue
            cell = WriteOnlyCell(sheet, value=value)
            if formula_like:
                cell.data_type = "s"  # text from a filing, never a formula
            if style is not None:
                cell.style = style
            cells.append(cell)
        sheet.append(cells)
        written += 1
        if on_row is not None:
            on_row(written)
    if table.totals:
        total_row = []
        for i in range(width):
            total: Any = None
            if i == 0:
                total = "合计"
            elif i in totals:
                amount = sums[i]
                total = int(amount) if amount.is_integer() else amount
            cell = WriteOnlyCell(sheet, value=total)
            cell.style = "radrules-total"
            number_format = table.columns[i].number_format
            if i in totals and number_format:
                cell.number_format = number_format
            total_row.append(cell)
        sheet.append(total_row)
    sheet.auto_filter.ref = f"A2:{last}{max(rows_in_sheet, 2)}"
    if table.note:
        sheet.append([])
        for line in table.note.splitlines():
            sheet.append([_safe(line)])
    return written


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        text = _ILLEGAL.sub("", value)
        return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"
    return value


def _cell_value(value: Any) -> Any:
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return _safe(label)  # a vocabulary member prints as its Chinese term
    if isinstance(value, str):
        return _safe(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, tuple | list):
        return _safe("、".join(str(_cell_value(v)) for v in value))
    return value
