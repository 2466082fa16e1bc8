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

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

import attrs

from radrules.engine.check import CheckResult, check
from radrules.engine.findings import Finding, Severity
from radrules.engine.registry import Registry
from radrules.identifiers import InvalidValue, validate_division_code, validate_id_number, validate_uscc
from radrules.model.dose import DoseRecord, DoseReport
from radrules.model.enums import ClientKind
from radrules.model.parties import Client
from radrules.model.people import Worker

from .dose_sheet import (
    COLUMNS,
    DATA_SHEET,
    DATE,
    KIND,
    KIND_LABELS,
    NUMBER,
    REPORT_FIELDS,
    REPORT_SHEET,
    REQUIRED_HEADERS,
    DoseColumn,
    ReportField,
    normalise_header,
)
from .xlsx_read import Cell, CellError, Sheet, Workbook, cell_date, cell_number, cell_text, is_blank

WorkerLookup = Callable[[str], Worker | None]


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
class ImportProblem:
    """One problem, located as the filer sees it.

    ``sheet`` is the worksheet (empty when the value came from a parameter), ``row`` the
    spreadsheet row number (None for the report as a whole), ``column`` the column header
    or report-field label (empty for the whole row).
    """

    sheet: str
    row: int | None
    column: str
    reason: str
    value: str | None = None
    rule_id: str | None = None
    severity: Severity = Severity.error

    def __str__(self) -> str:
        where = self.sheet or "参数"
        if self.row is not None:
            where += f" 第{self.row}行"
        if self.column:
            where += f" {self.column}"
        shown = f"（{self.value}）" if self.value not in (None, "") else ""
        rule = f" [{self.rule_id}]" if self.rule_id else ""
        return f"{where}{shown}：{self.reason}{rule}"


@attrs.frozen(kw_only=True)
class DoseImport:
    """The outcome of an import: the report when clean, else every problem found."""

    source: str
    rows: int
    report: DoseReport | None
    errors: tuple[ImportProblem, ...]
    warnings: tuple[ImportProblem, ...] = ()
    check_result: CheckResult | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def import_doses(
    source: str | Path | bytes | IO[bytes],
    *,
    report: ReportInfo | None = None,
    as_of: date | None = None,
    province: str | None = None,
    registry: Registry | None = None,
    workers: WorkerLookup | None = None,
    label: str = "",
) -> DoseImport:
    """Read and check a filled-in dose template; see the module docstring.

    ``workers`` looks up a worker on file by ID number (with the client and monitoring
    assignments the platform keeps, source 000 §5.2.2.2), so that rules on who may be
    monitored see them; without it each row's worker is taken as the client's employee.
    Raises :class:`~radrules.documents.xlsx_read.WorkbookError` when the file cannot be read.
    """
    book = Workbook(source, label=label)
    try:
        name = str(source) if isinstance(source, str | Path) else (label or "工作簿")
        return _Import(book, report or ReportInfo(), workers, as_of or date.today()).run(
            name, as_of=as_of, province=province, registry=registry
        )
    finally:
        book.close()


_RECORD_PATH = re.compile(r"dose_reports\[0\]\.records\[(\d+)\](?:\.(.+))?")
_REPORT_PATH = re.compile(r"dose_reports\[0\]\.?(.*)")
_NTH_RECORD = re.compile(r"第(\d+)条记录")


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
                kind=_kind(fields.get("client.kind")),
                division_code=str(fields.get("client.division_code", "")),
            ),
            # Without a report date, rules comparing against it see the as-of date instead.
            report_date=_day(fields.get("report_date"), as_of or date.today()),
            records=tuple(records),
        )
        result = check(report, as_of=as_of, province=province, registry=registry)
        warnings = self._findings(result.findings, sheet.name, report_level=complete)
        errors = sorted(
            (p for p in self.problems if p.severity is Severity.error), key=lambda p: _order(p, sheet.name)
        )
        return DoseImport(
            source=source,
            rows=len(self.row_numbers) + self.skipped,
            report=report if not errors else None,
            errors=tuple(errors),
            warnings=tuple(sorted(warnings, key=lambda p: _order(p, sheet.name))),
            check_result=result,
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
                out[field.field] = value = _report_value(field, raw)
                _validate_report_value(field, value)
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
                near = _nearest(text, [c.header for c in COLUMNS])
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
        converters = [(index, column, _CONVERT[column.kind]) for index, column in layout]
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

    # -- findings back to cells -------------------------------------------------------------

    def _findings(
        self, findings: tuple[Finding, ...], sheet: str, *, report_level: bool
    ) -> list[ImportProblem]:
        headers = {c.field: c.header for c in COLUMNS}
        headers["worker.dosimeter_no"] = "剂量计编号"
        warnings: list[ImportProblem] = []
        # A cell the identifier validators already faulted needs no second message from a rule.
        faulted = {(p.sheet, p.row, p.column) for p in self.problems if p.row is not None or p.column}
        for f in findings:
            if f.severity is Severity.info:
                continue
            match = _RECORD_PATH.fullmatch(f.path)
            if match:
                index, field = int(match[1]), match[2] or ""
                row: int | None = self.row_numbers[index]
                column = headers.get(field, "")
                where = sheet
                reason = self._reason(f)
            else:
                rest = _REPORT_PATH.fullmatch(f.path)
                field = rest[1] if rest else f.path
                if not report_level and field != "records":
                    continue  # findings on placeholder report fields would only echo the gaps above
                where, row, column = self.report_sources.get(
                    field, (sheet if field == "records" else "", None, "")
                )
                reason = f.message
            if column and (where, row, column) in faulted:
                continue
            problem = ImportProblem(
                sheet=where,
                row=row,
                column=column,
                reason=reason,
                value=_shown(f),
                rule_id=f.rule_id,
                severity=f.severity,
            )
            if f.severity is Severity.error:
                self.problems.append(problem)
            else:
                warnings.append(problem)
        return warnings

    def _reason(self, finding: Finding) -> str:
        """The rule's message, with records it names by position (第N条记录) named by spreadsheet row."""

        def row_of(match: re.Match[str]) -> str:
            index = int(match[1]) - 1
            if 0 <= index < len(self.row_numbers):
                return f"第{self.row_numbers[index]}行"
            return match[0]

        return _NTH_RECORD.sub(row_of, finding.message)


def _shown(finding: Finding) -> str | None:
    value = finding.values.get("value")
    return None if value is None else str(value)


def _order(problem: ImportProblem, data_sheet: str) -> tuple[int, int, int]:
    sheet_rank = 0 if problem.sheet != data_sheet else 1
    columns = [c.header for c in COLUMNS]
    column_rank = columns.index(problem.column) if problem.column in columns else -1
    return (sheet_rank, problem.row or 0, column_rank)


def _nearest(text: str, options: list[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(
        normalise_header(text), [normalise_header(o) for o in options], n=1, cutoff=0.5
    )
    if not found:
        return None
    return next(o for o in options if normalise_header(o) == found[0])


_CONVERT: dict[str, Callable[[Cell], Any]] = {
    "text": cell_text,
    "identifier": cell_text,
    DATE: cell_date,
    NUMBER: cell_number,
}


def _report_value(field: ReportField, raw: object) -> object:
    if field.kind == KIND:
        if isinstance(raw, ClientKind):
            return raw
        text = cell_text(raw) if isinstance(raw, str | int | float) else None
        if text in KIND_LABELS:
            return KIND_LABELS[text]
        if text is not None and text in ClientKind._value2member_map_:
            return ClientKind(text)
        raise CellError(f"“{text}”不是有效的委托单位类型；可选：" + "、".join(KIND_LABELS))
    if field.kind == DATE:
        if isinstance(raw, date | str | int | float):
            return cell_date(raw)
        raise CellError("应为日期")
    text = cell_text(raw) if isinstance(raw, str | int | float | bool) else None
    if text is None:
        raise CellError(f"{field.label}为必填项")
    return text


def _validate_report_value(field: ReportField, value: object) -> None:
    """The identifier validators for the report's codes (their reasons are the filer's message)."""
    if not isinstance(value, str):
        return
    validators: dict[str, Callable[[str], str]] = {
        "client.uscc": validate_uscc,
        "institution_uscc": validate_uscc,
        "client.division_code": validate_division_code,
    }
    validate = validators.get(field.field)
    if validate is None:
        return
    try:
        validate(value)
    except InvalidValue as exc:
        raise CellError(exc.reason) from None


def _kind(value: object) -> ClientKind:
    return value if isinstance(value, ClientKind) else ClientKind.other


def _day(value: object, default: date) -> date:
    return value if isinstance(value, date) else default
