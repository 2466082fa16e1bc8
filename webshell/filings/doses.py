"""个人剂量监测填报 (source 000 §5.2): the institution's dose reports and their Excel import.

A report names a client picked from the platform's register and, per record, one of that
client's radiation workers (the institution cannot add or change workers, §5.2.1); the
worker in a body is replaced by the stored one with its monitoring assignments, so that
the rules on whom this institution may monitor (§5.2.2.2) see the client's own data.

The import (个人剂量导入) reads the platform's template with
:func:`radrules.documents.import_doses`: every row is checked by the same rules, and any
error stores nothing; a clean file adds its records to the draft report.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import attrs
from radrules_webshell.clients import service as clients
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.masking import mask_id_number
from radrules_webshell.core.principal import Principal
from radrules_webshell.filings import report_store as store
from radrules_webshell.filings.documents import dose_from_row
from radrules_webshell.filings.report_common import (
    ReportFilters,
    like,
    sorted_rows,
    within,
)
from radrules_webshell.filings.tables import DoseReport as DoseTable

from radrules import DoseReport, Worker, default_registry
from radrules.documents import ImportProblem, ReportInfo, WorkbookError, import_doses


async def _resolve(institution_id: int, report: DoseReport) -> tuple[int, DoseReport]:
    own, client_id, client = await store.parties(institution_id, report.institution_uscc, report.client.uscc)
    workers = {w.id_number: w for w in await clients.worker_models(client_id)}
    records = []
    for i, record in enumerate(report.records):
        worker = workers.get(record.worker.id_number.strip().upper())
        if worker is None:
            raise Invalid(
                f"第{i + 1}条记录的人员不是委托单位 {client.name} 的放射工作人员",
                errors={
                    f"records[{i}].worker.id_number": "只能选择委托单位的放射工作人员（人员由委托单位自行维护）"
                },
            )
        records.append(attrs.evolve(record, worker=worker))
    return client_id, attrs.evolve(report, client=client, institution_uscc=own, records=tuple(records))


KIND: store.ReportKind[DoseReport] = store.ReportKind(
    kind="dose",
    label="个人剂量监测报告",
    table=DoseTable,
    model=DoseReport,
    filing_field="dose_reports",
    from_row=dose_from_row,
    resolve=_resolve,
)


def dose_limit(division_code: str, on: date) -> float | None:
    """The upper dose band (mSv) of the ruleset for the client's jurisdiction, if it has one.

    The list's 合格 (§5.2.2.1 2) compares Hp(10) with it: it is the value above which the
    report card counts a worker as exceeding (“超过20mSv人数”), read from the ruleset, not
    fixed here.
    """
    registry = default_registry()
    view = registry.view(registry.chain_for_division(division_code), on)
    if not view.has("dose_bands"):
        return None
    upper = getattr(view.get("dose_bands"), "upper", None)
    return float(upper) if upper is not None else None


@attrs.define(kw_only=True)
class Filters(ReportFilters):
    """查询条件 of §5.2.2.1 2: those of every report list and the record's own."""

    dosimeter_no: str | None = None
    worker: str | None = None
    id_number: str | None = None


async def list_rows(institution_id: int, f: Filters) -> list[dict[str, Any]]:
    record_filters = any((f.dosimeter_no, f.worker, f.passed, f.id_number, f.tested_from, f.tested_to))
    out = []
    for report, base in await store.listed(KIND, institution_id, f):
        limit = dose_limit(report.client.division_code, report.report_date)
        if not report.records and not record_filters:
            out.append(
                base
                | {
                    "worker_name": "",
                    "dosimeter_no": "",
                    "id_number": "",
                    "period_start": None,
                    "period_end": None,
                    "hp10": None,
                    "passed": "",
                }
            )
        for record in report.records:
            passed = "" if limit is None else ("是" if record.hp10 <= limit else "否")
            dosimeter = record.dosimeter_no or record.worker.dosimeter_no or ""
            if not (
                like(dosimeter, f.dosimeter_no)
                and like(record.worker.name, f.worker)
                and like(record.worker.id_number, f.id_number)
                and within(record.period_end, f.tested_from, f.tested_to)
                and (not f.passed or ((f.passed == "yes") == (passed == "是") and passed != ""))
            ):
                continue
            out.append(
                base
                | {
                    "worker_name": record.worker.name,
                    "dosimeter_no": dosimeter,
                    "id_number": mask_id_number(record.worker.id_number),
                    "period_start": record.period_start,
                    "period_end": record.period_end,
                    "hp10": record.hp10,
                    "passed": passed,
                }
            )
    return sorted_rows(out)


@attrs.frozen(kw_only=True)
class ImportOutcome:
    rows: int
    imported: int
    errors: tuple[dict[str, Any], ...]
    warnings: tuple[dict[str, Any], ...]
    seconds: float


class ImportRefused(Invalid):
    """The file has errors: nothing was stored; ``outcome`` lists them by row and column."""

    def __init__(self, outcome: ImportOutcome) -> None:
        super().__init__(f"导入失败：发现 {len(outcome.errors)} 处错误，未导入任何数据，请修改后重新导入")
        self.outcome = outcome


def problem_out(p: ImportProblem) -> dict[str, Any]:
    return {
        "sheet": p.sheet,
        "row": p.row,
        "column": p.column,
        "value": p.value,
        "message": p.reason,
        "rule_id": p.rule_id,
        "text": str(p),
    }


async def import_file(
    actor: Principal, institution_id: int, report_id: int, content: bytes, filename: str, on: date
) -> ImportOutcome:
    """Add the records of a filled-in template to the draft report: all of them, or none."""
    started = time.perf_counter()
    holder: dict[str, ImportOutcome] = {}

    async def edit(report: DoseReport) -> DoseReport:
        # Re-resolved inside the transaction: the client's workers as they are now.
        client_id, report = await _resolve(institution_id, report)
        on_file = {w.id_number: w for w in await clients.worker_models(client_id)}
        strangers: set[str] = set()

        def lookup(id_number: str) -> Worker | None:
            found = on_file.get(id_number.strip().upper())
            if found is None:
                strangers.add(id_number)
            return found

        info = ReportInfo(
            report_no=report.report_no,
            report_date=report.report_date,
            client_name=report.client.name,
            client_uscc=report.client.uscc,
            client_kind=report.client.kind,
            client_division=report.client.division_code,
            institution_uscc=report.institution_uscc,
        )
        try:
            result = import_doses(
                content, report=info, as_of=on, workers=lookup, label=filename or "上传的文件"
            )
        except WorkbookError as exc:
            raise Invalid(f"无法读取上传的文件：{exc}", errors={"file": str(exc)}) from None
        errors = [problem_out(p) for p in result.errors]
        # Whoever the province's rules say, a record names one of the client's workers (§5.2.2.2).
        for id_number in sorted(strangers):
            if any(id_number in (e["text"] or "") or e["value"] == id_number for e in errors):
                continue  # the province's rules already said so, with the row
            errors.append(
                {
                    "sheet": "",
                    "row": None,
                    "column": "身份证号",
                    "value": id_number,
                    "message": f"{report.client.name}没有身份证号为 {mask_id_number(id_number)} 的放射工作人员；"
                    "人员由委托单位自行维护",
                    "rule_id": None,
                    "text": f"身份证号（{mask_id_number(id_number)}）：不是委托单位的放射工作人员",
                }
            )
        outcome = ImportOutcome(
            rows=result.rows,
            imported=0 if errors or result.report is None else len(result.report.records),
            errors=tuple(errors),
            warnings=tuple(problem_out(p) for p in result.warnings),
            seconds=time.perf_counter() - started,
        )
        holder["outcome"] = outcome
        if errors or result.report is None:
            raise ImportRefused(outcome)
        return attrs.evolve(report, records=report.records + result.report.records)

    await store.edit_document(KIND, actor, institution_id, report_id, edit, "import")
    outcome = holder["outcome"]
    return attrs.evolve(outcome, seconds=time.perf_counter() - started)
