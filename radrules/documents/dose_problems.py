"""Problems of a dose import, located as the filer sees them, and the rules' findings mapped
back to the spreadsheet (source 000 §5.2.2.2, 个人剂量导入).

A finding of :func:`radrules.check` names a JSON path (``dose_reports[0].records[3].hp10``);
the filer needs the sheet, the row (the header is row 1) and the column header. Records
the rules name by position in their message (第4条记录) are renamed by row too.
"""

from __future__ import annotations

import re

import attrs

from radrules.engine.findings import Finding, Severity

from .dose_sheet import COLUMNS

_RECORD_PATH = re.compile(r"dose_reports\[0\]\.records\[(\d+)\](?:\.(.+))?")
_REPORT_PATH = re.compile(r"dose_reports\[0\]\.?(.*)")
_NTH_RECORD = re.compile(r"第(\d+)条记录")


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


@attrs.define
class FindingMapper:
    """Turns findings into problems, given where the report's rows and fields came from."""

    sheet: str
    #: Spreadsheet row of each record, in record order.
    row_numbers: list[int]
    #: Report field → (sheet, row, column label) it was read from.
    report_sources: dict[str, tuple[str, int | None, str]]

    def map(
        self, findings: tuple[Finding, ...], problems: list[ImportProblem], *, report_level: bool
    ) -> list[ImportProblem]:
        """Append the errors to ``problems``; the warnings."""
        sheet = self.sheet
        headers = {c.field: c.header for c in COLUMNS}
        headers["worker.dosimeter_no"] = "剂量计编号"
        warnings: list[ImportProblem] = []
        # A cell the identifier validators already faulted needs no second message from a rule.
        faulted = {(p.sheet, p.row, p.column) for p in problems if p.row is not None or p.column}
        for f in findings:
            if f.severity is Severity.info:
                continue
            match = _RECORD_PATH.fullmatch(f.path)
            if match:
                index, field = int(match[1]), match[2] or ""
                row: int | None = self.row_numbers[index]
                column = headers.get(field, "")
                where = sheet
                reason = self.reason(f)
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
                problems.append(problem)
            else:
                warnings.append(problem)
        return warnings

    def reason(self, finding: Finding) -> str:
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


def order(problem: ImportProblem, data_sheet: str) -> tuple[int, int, int]:
    sheet_rank = 0 if problem.sheet != data_sheet else 1
    columns = [c.header for c in COLUMNS]
    column_rank = columns.index(problem.column) if problem.column in columns else -1
    return (sheet_rank, problem.row or 0, column_rank)
