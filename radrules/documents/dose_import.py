"""Importing dose results from the Excel template (个人剂量导入, source 000 §5.2.2.2).

Every row becomes a :class:`~radrules.model.dose.DoseRecord` of one
:class:`~radrules.model.dose.DoseReport`, and the report is checked by
:func:`radrules.check` — the same rules, of the same jurisdiction (the client's division
code), that a JSON filing of the report meets. Names, ID numbers (GB 11643), credit codes
(GB 32100) and the division code also go through radrules' identifier validators. Every
problem is collected, none stops the reading: cells that are not of their column's kind,
the header row, the report's own fields, the identifiers, and each finding of the rules,
mapped back from its JSON path to the spreadsheet row (the header is row 1) and column
header. A file with any error imports nothing (:attr:`DoseImport.report` is None);
warnings are reported and do not block.

The report's fields (report number and date, client, institution) come from the
``报告信息`` sheet of the template, each overridable by a :class:`ReportInfo` value
(the command line's ``--report-no`` and friends).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

import attrs

from radrules.engine.check import CheckResult, check
from radrules.engine.findings import Severity
from radrules.engine.registry import Registry
from radrules.identifiers import InvalidValue, validate_id_number
from radrules.model.dose import MAX_DOSE_RECORDS, DoseRecord, DoseReport
from radrules.model.enums import ClientKind
from radrules.model.parties import Client
from radrules.model.people import Worker

from .dose_problems import FindingMapper, ImportProblem, order
from .dose_sheet import (
    COLUMNS,
    DATA_SHEET,
    DATE,
    NUMBER,
    REPORT_FIELDS,
    REPORT_SHEET,
    REQUIRED_HEADERS,
    DoseColumn,
    normalise_header,
)
from .dose_values import CONVERT, client_kind, day_or, nearest, report_value, validate_report_value
from .xlsx_read import Cell, CellError, ImportLimits, Sheet, Workbook, first_problems, is_blank

WorkerLookup = Callable[[str], Worker | None]

__all__ = ["DOSE_LIMITS", "DoseImport", "ImportProblem", "ReportInfo", "WorkerLookup", "import_doses"]


@attrs.frozen(kw_only=True)
class ReportInfo:
    """The report's own fields, given outside the workbook; each one set overrides the 报告信息 sheet."""

    report_no: str | None = None
    report_date: date | None = None
    client_name: str | None = None
    client_uscc: str | None = None
    client_kind: ClientKind | None = None
    client_division: str | None = None
    institution_uscc: str | None = None


_INFO_ATTR = {
    "report_no": "report_no",
    "report_date": "report_date",
    "client.name": "client_name",
    "client.uscc": "client_uscc",
    "client.kind": "client_kind",
    "client.division_code": "client_division",
    "institution_uscc": "institution_uscc",
}


@attrs.frozen(kw_only=True)
class DoseImport:
    """The outcome of an import: the report when clean, else the problems found.

    ``errors`` and ``warnings`` list the first :attr:`ImportLimits.max_reported_problems`
    of each, in sheet and row order; ``error_count`` and ``warning_count`` say how many
    there are in all.
    """

    source: str
    rows: int
    report: DoseReport | None
    errors: tuple[ImportProblem, ...]
    warnings: tuple[ImportProblem, ...] = ()
    check_result: CheckResult | None = None
    error_count: int = attrs.field(default=attrs.Factory(lambda self: len(self.errors), takes_self=True))
    warning_count: int = attrs.field(default=attrs.Factory(lambda self: len(self.warnings), takes_self=True))

    @property
    def ok(self) -> bool:
        return not self.errors


#: A report takes at most :data:`~radrules.model.dose.MAX_DOSE_RECORDS` records, so one
#: import reads at most that many rows.
DOSE_LIMITS = ImportLimits(max_rows=MAX_DOSE_RECORDS)


def import_doses(
    source: str | Path | bytes | IO[bytes],
    *,
    report: ReportInfo | None = None,
    as_of: date | None = None,
    province: str | None = None,
    registry: Registry | None = None,
    workers: WorkerLookup | None = None,
    label: str = "",
    limits: ImportLimits = DOSE_LIMITS,
) -> DoseImport:
    """Read and check a filled-in dose template; see the module docstring.

    ``workers`` looks up a worker on file by ID number (with the client and monitoring
    assignments the platform keeps, source 000 §5.2.2.2), so that rules on who may be
    monitored see them; without it each row's worker is taken as the client's employee.
    Raises :class:`~radrules.documents.xlsx_read.WorkbookError` when the file cannot be read,
    and its :class:`~radrules.documents.xlsx_read.LimitExceeded` when it is over ``limits``.
    """
    book = Workbook(source, label=label, limits=limits)
    try:
        name = str(source) if isinstance(source, str | Path) else (label or "工作簿")
        return _Import(book, report or ReportInfo(), workers, as_of or date.today()).run(
            name, as_of=as_of, province=province, registry=registry
        )
    finally:
        book.close()


class _Import:
    def __init__(self, book: Workbook, info: ReportInfo, workers: WorkerLookup | None, day: date) -> None:
        self.book = book
        self.day = day
        self.info = info
        self.workers = workers
        self.problems: list[ImportProblem] = []
        self.row_numbers: list[int] = []
        self.report_sources: dict[str, tuple[str, int | None, str]] = {}
        self.skipped = 0  # rows not turned into records because a cell could not be read

    def problem(self, sheet: str, row: int | None, column: str, reason: str, value: object = None) -> None:
        if value is None or value == "":
            shown = None
        elif isinstance(value, float) and value.is_integer():
            shown = f"{value:.0f}"  # what Excel shows, not 3.3e+17
        else:
            shown = str(value)
        self.problems.append(ImportProblem(sheet=sheet, row=row, column=column, reason=reason, value=shown))

    # -- the run -------------------------------------------------------------------------

    def run(
        self, source: str, *, as_of: date | None, province: str | None, registry: Registry | None
    ) -> DoseImport:
        sheet = self.book.sheet(DATA_SHEET) if DATA_SHEET in self.book.sheet_names else self.book.sheet()
        fields = self._report_fields()
        rows = sheet.rows()
        layout = self._header(sheet, rows)
        if layout is None:
            return DoseImport(source=source, rows=0, report=None, errors=tuple(self.problems))
        uscc = fields.get("client.uscc")
        employer = uscc if isinstance(uscc, str) else ""
        records = list(self._records(sheet, rows, layout, employer))
        if not records and not self.skipped:
            self.problem(sheet.name, None, "", "没有个人剂量监测结果：第1行为表头，结果从第2行起逐行填写")
        complete = all(f.field in fields for f in REPORT_FIELDS)
        report = DoseReport(
            report_no=str(fields.get("report_no", "")),
            institution_uscc=str(fields.get("institution_uscc", "")),
            client=Client(
                name=str(fields.get("client.name", "")),
                uscc=employer,
                kind=client_kind(fields.get("client.kind")),
                division_code=str(fields.get("client.division_code", "")),
            ),
            # Without a report date, rules comparing against it see the as-of date instead.
            report_date=day_or(fields.get("report_date"), as_of or date.today()),
            records=tuple(records),
        )
        result = check(report, as_of=as_of, province=province, registry=registry)
        mapper = FindingMapper(sheet.name, self.row_numbers, self.report_sources)
        warnings = mapper.map(result.findings, self.problems, report_level=complete)
        errors, error_count = first_problems(
            sorted(
                (p for p in self.problems if p.severity is Severity.error),
                key=lambda p: order(p, sheet.name),
            ),
            self.book.limits,
        )
        shown_warnings, warning_count = first_problems(
            sorted(warnings, key=lambda p: order(p, sheet.name)), self.book.limits
        )
        return DoseImport(
            source=source,
            rows=len(self.row_numbers) + self.skipped,
            report=report if not errors else None,
            errors=errors,
            warnings=shown_warnings,
            check_result=result,
            error_count=error_count,
            warning_count=warning_count,
        )

    # -- the report's own fields ---------------------------------------------------------

    def _report_fields(self) -> dict[str, object]:
        given: dict[str, tuple[object, str, int | None, str]] = {}
        if REPORT_SHEET in self.book.sheet_names:
            sheet = self.book.sheet(REPORT_SHEET)
            by_label = {normalise_header(f.label): f for f in REPORT_FIELDS}
            for offset, row in enumerate(sheet.rows()):
                if not row or sheet.first_column != 1:
                    continue
                label = row[0]
                if not isinstance(label, str):
                    continue
                field = by_label.get(normalise_header(label))
                if field is not None and len(row) > 1 and not is_blank(row[1]):
                    given[field.field] = (row[1], REPORT_SHEET, sheet.first_row + offset, field.label)
        for field in REPORT_FIELDS:
            value = getattr(self.info, _INFO_ATTR[field.field])
            if value is not None:
                given[field.field] = (value, "", None, f"{field.label}（{field.option}）")
        out: dict[str, object] = {}
        for field in REPORT_FIELDS:
            if field.field not in given:
                self.problem(
                    REPORT_SHEET,
                    None,
                    field.label,
                    f"未填写：请在“{REPORT_SHEET}”工作表填写，或使用参数 {field.option}",
                )
                continue
            raw, sheet_name, at_row, column = given[field.field]
            self.report_sources[field.field] = (sheet_name, at_row, column)
            try:
                out[field.field] = value = report_value(field, raw)
                validate_report_value(field, value)
            except CellError as exc:
                self.problem(sheet_name, at_row, column, exc.reason, raw)
        return out

    # -- the header row ------------------------------------------------------------------

    def _header(self, sheet: Sheet, rows: Iterator[list[Cell]]) -> list[tuple[int, DoseColumn]] | None:
        header = next(rows, None)
        if header is None or sheet.first_row != 1:
            self.problem(sheet.name, 1, "", "第1行须为表头（" + "、".join(REQUIRED_HEADERS) + "）")
            return None
        known = {normalise_header(c.header): c for c in COLUMNS}
        layout: list[tuple[int, DoseColumn]] = []
        seen: dict[str, int] = {}
        ok = True
        for index, cell in enumerate(header):
            if is_blank(cell):
                continue
            text = str(cell).strip()
            column = known.get(normalise_header(text))
            if column is None:
                near = nearest(text, [c.header for c in COLUMNS])
                hint = (
                    f"，是否应为“{near}”？"
                    if near
                    else "；模板的列为：" + "、".join(c.header for c in COLUMNS)
                )
                self.problem(sheet.name, 1, text, f"未知的列名{hint}")
                ok = False
                continue
            if column.header in seen:
                self.problem(sheet.name, 1, text, "列名重复")
                ok = False
                continue
            seen[column.header] = index
            layout.append((index, column))
        for required in REQUIRED_HEADERS:
            if required not in seen:
                self.problem(sheet.name, 1, required, "缺少此列，请使用导入模板的表头")
                ok = False
        return layout if ok else None

    # -- the rows ------------------------------------------------------------------------

    def _records(
        self, sheet: Sheet, rows: Iterator[list[Cell]], layout: list[tuple[int, DoseColumn]], employer: str
    ) -> Iterator[DoseRecord]:
        converters = [(index, column, CONVERT[column.kind]) for index, column in layout]
        required = [c for _, c in layout if c.required and c.kind in (DATE, NUMBER)]
        first = sheet.first_row + 1
        name = sheet.name
        for offset, row in enumerate(rows):
            values: dict[str, Any] = {}
            failed: set[str] = set()
            width = len(row)
            number = first + offset
            for index, column, convert in converters:
                raw = row[index] if index < width else ""
                try:
                    value = convert(raw)
                except CellError as exc:
                    self.problem(name, number, column.header, exc.reason, raw)
                    failed.add(column.field)
                    continue
                if value is not None:
                    values[column.field] = value
            if not values and not failed:
                continue  # blank lines between blocks of data are ignored
            for column in required:
                if column.field not in values and column.field not in failed:
                    self.problem(name, number, column.header, f"{column.header}为必填项")
                    failed.add(column.field)
            if failed:
                self.skipped += 1
                continue
            self._identity(name, number, values)
            self.row_numbers.append(number)
            yield DoseRecord(
                worker=self._worker(values, employer),
                period_start=values["period_start"],
                period_end=values["period_end"],
                hp10=values["hp10"],
                dosimeter_no=values.get("dosimeter_no"),
                hp007=values.get("hp007"),
                remark=values.get("remark"),
            )

    def _identity(self, sheet: str, number: int, values: dict[str, Any]) -> None:
        """Name and ID number with the identifier validators; the row is still checked by the rules."""
        if not values.get("worker.name"):
            self.problem(sheet, number, "姓名", "姓名为必填项")
        id_number = values.get("worker.id_number")
        if not id_number:
            self.problem(sheet, number, "身份证号", "身份证号为必填项")
            return
        try:
            validate_id_number(id_number, as_of=self.day)
        except InvalidValue as exc:
            self.problem(sheet, number, "身份证号", exc.reason, id_number)

    def _worker(self, values: dict[str, Any], employer: str) -> Worker:
        name = values.get("worker.name") or ""
        id_number = values.get("worker.id_number") or ""
        if self.workers is not None and id_number:
            stored = self.workers(id_number)
            if stored is not None:
                if stored.name == name and stored.id_number == id_number:
                    return stored  # the usual case, and no copy per row
                return attrs.evolve(stored, name=name, id_number=id_number)
            # Not on file: no employer, so rules on whom the client employs can say so.
            return Worker(name=name, id_number=id_number, employer_uscc="")
        # The dosimeter of a period belongs to the record; the worker's own is the registry's.
        return Worker(name=name, id_number=id_number, employer_uscc=employer)
