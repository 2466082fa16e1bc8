"""The Excel side of dose reports (source 000 §5.2.2.2): the template download (导入模板下载)
and the import (个人剂量导入).

The import reads the platform's template with :func:`radrules.documents.import_doses`:
every row is checked by the same rules as a typed record, and any error stores nothing; a
clean file adds its records to the draft report, in the report's transaction. Every
problem is told with its sheet, row and column (the first 200, and how many in all).

Reading a workbook is the heaviest thing the server does (20,000 rows take about a
second): it runs in a worker thread, before the report's transaction begins, so that
neither the event loop nor the database's write lock waits for it. The transaction then
checks that the report and the client's workers are still what the file was read
against, and reads it again (in a thread) if they are not. The file itself is bounded
before anything is read (:data:`radrules.documents.dose_import.DOSE_LIMITS`: 5 MB,
32 MB decompressed, 20,000 rows), and so is the request that carries it (:data:`MAX_BODY`).
"""

from __future__ import annotations

import io
import time
from datetime import date
from typing import Any
from urllib.parse import quote

import anyio.to_thread
import attrs
from litestar import Request, Response
from radrules_webshell.clients import service as clients
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.masking import mask_id_number, mask_ids_in
from radrules_webshell.core.principal import Principal
from radrules_webshell.filings.doses.service import KIND, resolve
from radrules_webshell.filings.reports import service as store

from radrules import DoseReport, Worker
from radrules.documents import ImportProblem, ReportInfo, WorkbookError, import_doses, write_dose_template
from radrules.documents.dose_import import DOSE_LIMITS, DoseImport

#: The import request: the workbook at its largest, and the form's few fields.
MAX_BODY = DOSE_LIMITS.max_file_bytes + 64 * 1024

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_NAME = "个人剂量监测导入模板.xlsx"


def template_response() -> Response[bytes]:
    """导入模板下载: the empty template, named in Chinese (RFC 6266 ``filename*``)."""
    buffer = io.BytesIO()
    write_dose_template(buffer, for_web=True)
    return Response(
        buffer.getvalue(),
        media_type=XLSX,
        headers={
            "Content-Disposition": 'attachment; filename="dose-template.xlsx"; '
            f"filename*=UTF-8''{quote(TEMPLATE_NAME)}"
        },
    )


async def read_upload(request: Request[Any, Any, Any]) -> tuple[bytes, str]:
    """The uploaded file (multipart field ``file``) and its name; an empty or missing one is refused."""
    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise Invalid("请选择要导入的 Excel 文件", errors={"file": "请选择要导入的 Excel 文件（.xlsx）"})
    content = await upload.read()
    if not content:
        raise Invalid("上传的文件是空的", errors={"file": "上传的文件是空的"})
    return content, str(upload.filename or "")


@attrs.frozen(kw_only=True)
class ImportOutcome:
    rows: int
    imported: int
    #: The first problems, in sheet and row order; ``error_count`` says how many in all.
    errors: tuple[dict[str, Any], ...]
    warnings: tuple[dict[str, Any], ...]
    seconds: float
    error_count: int = 0
    warning_count: int = 0


class ImportRefused(Invalid):
    """The file has errors: nothing was stored; ``outcome`` lists them by row and column."""

    def __init__(self, outcome: ImportOutcome) -> None:
        super().__init__(f"导入失败：发现 {outcome.error_count} 处错误，未导入任何数据，请修改后重新导入")
        self.outcome = outcome


def problem_out(p: ImportProblem) -> dict[str, Any]:
    return {
        "sheet": p.sheet,
        "row": p.row,
        "column": p.column,
        "value": p.value,
        # a rule's message may name a worker by ID number: masked as the lists show it
        "message": mask_ids_in(p.reason),
        "rule_id": p.rule_id,
        "text": mask_ids_in(str(p)),
    }


@attrs.frozen
class _Read:
    """A file read against one state of the report and of the client's workers."""

    info: ReportInfo
    workers: tuple[Worker, ...]
    result: DoseImport
    strangers: frozenset[str]


def _info(report: DoseReport) -> ReportInfo:
    return ReportInfo(
        report_no=report.report_no,
        report_date=report.report_date,
        client_name=report.client.name,
        client_uscc=report.client.uscc,
        client_kind=report.client.kind,
        client_division=report.client.division_code,
        institution_uscc=report.institution_uscc,
    )


def _read(content: bytes, filename: str, info: ReportInfo, workers: tuple[Worker, ...], on: date) -> _Read:
    """Read and check the workbook (in a worker thread: see the module docstring)."""
    on_file = {w.id_number: w for w in workers}
    strangers: set[str] = set()

    def lookup(id_number: str) -> Worker | None:
        found = on_file.get(id_number.strip().upper())
        if found is None:
            strangers.add(id_number)
        return found

    try:
        result = import_doses(content, report=info, as_of=on, workers=lookup, label=filename or "上传的文件")
    except WorkbookError as exc:  # unreadable, or over a limit: the message says which and the figure
        raise Invalid(f"无法读取上传的文件：{exc}", errors={"file": str(exc)}) from None
    return _Read(info, workers, result, frozenset(strangers))


async def _read_off_loop(
    content: bytes, filename: str, institution_id: int, report: DoseReport, on: date
) -> tuple[DoseReport, _Read]:
    client_id, report = await resolve(institution_id, report)
    workers = tuple(await clients.worker_models(client_id))
    read = await anyio.to_thread.run_sync(_read, content, filename, _info(report), workers, on)
    return report, read


def _outcome(report: DoseReport, read: _Read, started: float) -> ImportOutcome:
    result = read.result
    errors = [problem_out(p) for p in result.errors]
    extra = 0
    # Whoever the province's rules say, a record names one of the client's workers (§5.2.2.2).
    for id_number in sorted(read.strangers):
        if any(id_number in (e["text"] or "") or e["value"] == id_number for e in errors):
            continue  # the province's rules already said so, with the row
        extra += 1
        if len(errors) >= DOSE_LIMITS.max_reported_problems:
            continue  # counted, not listed
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
    failed = bool(errors) or result.report is None
    return ImportOutcome(
        rows=result.rows,
        imported=0 if failed or result.report is None else len(result.report.records),
        errors=tuple(errors),
        warnings=tuple(problem_out(p) for p in result.warnings),
        seconds=time.perf_counter() - started,
        error_count=result.error_count + extra,
        warning_count=result.warning_count,
    )


async def import_file(
    actor: Principal, institution_id: int, report_id: int, content: bytes, filename: str, on: date
) -> ImportOutcome:
    """Add the records of a filled-in template to the draft report: all of them, or none."""
    started = time.perf_counter()
    _, first = await _read_off_loop(
        content,
        filename,
        institution_id,
        await store.report_of(KIND, await store.get(KIND, institution_id, report_id)),
        on,
    )
    holder: dict[str, ImportOutcome] = {}

    async def edit(report: DoseReport) -> DoseReport:
        # In the transaction: the report and the client's workers as they are now. The file
        # was read against them, unless someone changed them meanwhile; then it is read again.
        client_id, report = await resolve(institution_id, report)
        read = first
        if _info(report) != first.info or tuple(await clients.worker_models(client_id)) != first.workers:
            report, read = await _read_off_loop(content, filename, institution_id, report, on)
        outcome = _outcome(report, read, started)
        holder["outcome"] = outcome
        if outcome.error_count or read.result.report is None:
            raise ImportRefused(outcome)
        return attrs.evolve(report, records=report.records + read.result.report.records)

    await store.edit_document(KIND, actor, institution_id, report_id, edit, "import")
    outcome = holder["outcome"]
    return attrs.evolve(outcome, seconds=time.perf_counter() - started)
