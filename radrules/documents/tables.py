"""Tables written to Excel in streaming mode: exports, query results and summaries.

openpyxl's write-only mode keeps memory flat however many rows there are, so a table's
rows are an iterable consumed once. Every workbook gets Chinese headers, frozen header
rows and print settings that fit the page width.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import attrs


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
    """

    sheet: str
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]] = attrs.field(eq=False)
    totals: Sequence[int] = ()
    note: str | None = None


def write_xlsx(
    tables: Sequence[Table], target: str | Path | IO[bytes], *, on_row: Callable[[int], None] | None = None
) -> int:
    """Write ``tables`` as sheets of one workbook; returns the number of data rows written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    written = 0
    for table in tables:
        sheet = book.create_sheet(title=table.sheet[:31])
        for i, column in enumerate(table.columns, 1):
            sheet.column_dimensions[get_column_letter(i)].width = column.width
        sheet.freeze_panes = "A3"
        sheet.print_options.horizontalCentered = True
        sheet.page_setup.orientation = "landscape" if len(table.columns) > 7 else "portrait"
        sheet.page_setup.paperSize = 9  # A4 in the OOXML paper-size table
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = "1:2"
        title = WriteOnlyCell(sheet, value=table.title)
        title.font = Font(bold=True, size=14)
        sheet.append([title])
        headers = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=column.header)
            cell.font = bold
            cell.fill = header_fill
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            headers.append(cell)
        sheet.append(headers)
        sums = [0.0] * len(table.columns)
        for row in table.rows:
            cells = []
            for i, value in enumerate(row):
                cell = WriteOnlyCell(sheet, value=_cell_value(value))
                cell.border = border
                fmt = table.columns[i].number_format if i < len(table.columns) else None
                if fmt:
                    cell.number_format = fmt
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
                if i in table.totals and isinstance(value, int | float) and not isinstance(value, bool):
                    sums[i] += value
            sheet.append(cells)
            written += 1
            if on_row is not None:
                on_row(written)
        if table.totals:
            total_row = []
            for i in range(len(table.columns)):
                total: Any = None
                if i == 0:
                    total = "合计"
                elif i in table.totals:
                    total = int(sums[i]) if sums[i].is_integer() else sums[i]
                cell = WriteOnlyCell(sheet, value=total)
                cell.font = bold
                cell.border = border
                total_row.append(cell)
            sheet.append(total_row)
        if table.note:
            sheet.append([])
            for line in table.note.splitlines():
                sheet.append([line])
    book.save(target)
    return written


def _cell_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, tuple | list):
        return "、".join(str(v) for v in value)
    if hasattr(value, "label") and isinstance(getattr(value, "label", None), str):
        return value.label
    return value
