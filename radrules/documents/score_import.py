"""Importing a session's scores from the score template, all or nothing (source 002 §6.4).

Every row becomes a :class:`~radrules.model.training.Score` of the session, and the
scores are checked by :func:`radrules.check_training` together with what the caller's
envelope holds (the plan, the sessions, the session's placements, the registrations for
names) — the same rules, of the plan's province, that scores entered by hand meet: only
people placed in the session and the specialty, one row per person and specialty.
Cells that are not of their column's kind, ID numbers (GB 11643), names that differ from
the registration, and each finding of the rules are reported with the spreadsheet row
(the header is row 1) and column header. A file with any error imports nothing
(:attr:`ScoreImport.scores` is None); warnings do not block.

The workbook is read with :mod:`radrules.documents.xlsx_read`, so it meets the same
limits as every other import.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

import attrs

from radrules.engine.check import CheckResult
from radrules.engine.findings import Finding, Severity
from radrules.engine.registry import Registry
from radrules.identifiers import InvalidValue, validate_id_number
from radrules.model.training import Score, Session, TrainingFiling
from radrules.training.check import check_training

from .dose_problems import ImportProblem
from .score_sheet import COLUMNS, DATA_SHEET, FAIL, PASS, REQUIRED_HEADERS, ScoreColumn
from .sheet_layout import data_rows, read_header
from .xlsx_limits import DEFAULT_LIMITS
from .xlsx_read import (
    Cell,
    CellError,
    ImportLimits,
    Sheet,
    Workbook,
    cell_number,
    cell_text,
    first_problems,
    is_blank,
)

_PASSED = {PASS: True, "是": True, FAIL: False, "否": False}
_SCORE_PATH = re.compile(r"scores\[(\d+)\](?:\.(\w+))?")
_HEADER_OF = {c.field: c.header for c in COLUMNS}


@attrs.frozen(kw_only=True)
class ScoreImport:
    """The outcome: the session's scores when the file is clean, else the problems found.

    ``errors`` and ``warnings`` list the first :attr:`ImportLimits.max_reported_problems` of
    each, in row order; ``error_count`` and ``warning_count`` say how many there are in all.
    """

    source: str
    session_id: str
    rows: int
    scores: tuple[Score, ...] | None
    errors: tuple[ImportProblem, ...]
    warnings: tuple[ImportProblem, ...] = ()
    check_result: CheckResult | None = None
    error_count: int = attrs.field(default=attrs.Factory(lambda self: len(self.errors), takes_self=True))
    warning_count: int = attrs.field(default=attrs.Factory(lambda self: len(self.warnings), takes_self=True))

    @property
    def ok(self) -> bool:
        return not self.errors


def import_scores(
    source: str | Path | bytes | IO[bytes],
    *,
    session: Session,
    filing: TrainingFiling,
    as_of: date | None = None,
    province: str | None = None,
    registry: Registry | None = None,
    label: str = "",
    limits: ImportLimits = DEFAULT_LIMITS,
) -> ScoreImport:
    """Read and check a filled-in score template of ``session``; see the module docstring.

    ``filing`` is the envelope the scores are checked in (its own ``scores`` are replaced
    by the file's). ``limits`` bound the file (size, decompressed size, rows) before it is
    read. Raises :class:`~radrules.errors.WorkbookError` (``LimitExceeded`` among them) when
    the file cannot be read at all or is over a limit.
    """
    book = Workbook(source, label=label, limits=limits)
    name = str(source) if isinstance(source, str | Path) else (label or "工作簿")
    try:
        sheet = book.sheet(DATA_SHEET) if DATA_SHEET in book.sheet_names else book.sheet()
        return _Import(sheet, session, filing, as_of or date.today()).run(
            name, province=province, registry=registry, limits=limits
        )
    finally:
        book.close()


class _Import:
    def __init__(self, sheet: Sheet, session: Session, filing: TrainingFiling, day: date) -> None:
        self.sheet = sheet
        self.session = session
        self.filing = filing
        self.day = day
        self.problems: list[ImportProblem] = []
        self.row_numbers: list[int] = []
        self.read = 0
        self.names = {r.id_number: r.person.basic.name for r in filing.registrations}

    def problem(self, row: int | None, column: str, reason: str, value: object = None) -> None:
        shown = (
            None
            if value in (None, "")
            else (f"{value:.0f}" if isinstance(value, float) and value.is_integer() else str(value))
        )
        self.problems.append(
            ImportProblem(sheet=self.sheet.name, row=row, column=column, reason=reason, value=shown)
        )

    def run(
        self, source: str, *, province: str | None, registry: Registry | None, limits: ImportLimits
    ) -> ScoreImport:
        rows = self.sheet.rows()
        layout = self._header(rows)
        scores = list(self._scores(rows, layout)) if layout is not None else []
        if layout is not None and not scores and not self.problems:
            self.problem(None, "", "没有成绩：第1行为表头，成绩从第2行起逐行填写")
        result = None
        warnings: list[ImportProblem] = []
        if scores and not self.problems:
            result = check_training(
                attrs.evolve(self.filing, scores=tuple(scores)),
                as_of=self.day,
                province=province,
                registry=registry,
                only=(Score,),
            )
            warnings = self._findings(result.findings)
        errors, error_count = first_problems(
            sorted(self.problems, key=lambda p: (p.row or 0, _rank(p.column))), limits
        )
        shown, warning_count = first_problems(warnings, limits)
        return ScoreImport(
            source=source,
            session_id=self.session.session_id,
            rows=self.read,
            scores=tuple(scores) if not errors else None,
            errors=errors,
            warnings=shown,
            check_result=result,
            error_count=error_count,
            warning_count=warning_count,
        )

    def _header(self, rows: Iterator[list[Cell]]) -> list[tuple[int, ScoreColumn]] | None:
        return read_header(
            rows,
            self.sheet.first_row,
            COLUMNS,
            [*REQUIRED_HEADERS, *(["专业类别"] if self.session.specialties else [])],
            header_hint="、".join(REQUIRED_HEADERS),
            template="成绩导入模板",
            problem=self.problem,
        )

    def _scores(self, rows: Iterator[list[Cell]], layout: list[tuple[int, ScoreColumn]]) -> Iterator[Score]:
        for number, values in data_rows(rows, self.sheet.first_row, layout, ignored=frozenset({"remark"})):
            self.read += 1
            score = self._score(number, values)
            if score is not None:
                self.row_numbers.append(number)
                yield score

    def _score(self, number: int, raw: dict[str, Any]) -> Score | None:
        before = len(self.problems)
        fields: dict[str, Any] = {}
        for field in ("name", "id_number", "specialty"):
            try:
                fields[field] = cell_text(raw.get(field, ""))
            except CellError as exc:
                self.problem(number, _HEADER_OF[field], exc.reason, raw.get(field))
        try:
            fields["score"] = cell_number(raw.get("score", ""))
        except CellError as exc:
            self.problem(number, "成绩", exc.reason, raw.get("score"))
        fields["passed"] = self._passed(number, raw.get("passed", ""))
        for field in ("name", "id_number", *(["specialty"] if self.session.specialties else [])):
            if field in fields and fields[field] is None:
                self.problem(number, _HEADER_OF[field], f"{_HEADER_OF[field]}为必填项")
        id_number = fields.get("id_number")
        if id_number:
            try:
                fields["id_number"] = id_number = validate_id_number(id_number, as_of=self.day)
            except InvalidValue as exc:
                self.problem(number, "身份证号", exc.reason, id_number)
            else:
                known = self.names.get(id_number)
                if known is not None and fields.get("name") and fields["name"] != known:
                    self.problem(number, "姓名", f"姓名与报名信息不一致（报名为“{known}”）", fields["name"])
        if len(self.problems) > before:
            return None
        return Score(
            session_id=self.session.session_id,
            id_number=fields["id_number"],
            name=fields["name"],
            specialty=fields["specialty"],
            score=fields["score"],
            passed=fields["passed"],
        )

    def _passed(self, number: int, value: Cell) -> bool | None:
        if isinstance(value, bool):
            return value
        text = value.strip() if isinstance(value, str) else None
        if text in _PASSED:
            return _PASSED[text]
        if is_blank(value):
            self.problem(number, "是否合格", "是否合格为必填项")
        else:
            self.problem(number, "是否合格", f"应为“{PASS}”或“{FAIL}”", value)
        return None

    def _findings(self, findings: tuple[Finding, ...]) -> list[ImportProblem]:
        """The rules' findings on the scores, at their rows; the others are about stored data."""
        warnings: list[ImportProblem] = []
        for f in findings:
            match = _SCORE_PATH.fullmatch(f.path)
            if match is None or f.severity is Severity.info:
                continue
            problem = ImportProblem(
                sheet=self.sheet.name,
                row=self.row_numbers[int(match[1])],
                column=_HEADER_OF.get(match[2] or "", ""),
                reason=f.message,
                rule_id=f.rule_id,
                severity=f.severity,
            )
            (self.problems if f.severity is Severity.error else warnings).append(problem)
        return warnings


def _rank(column: str) -> int:
    headers = [c.header for c in COLUMNS]
    return headers.index(column) if column in headers else -1
