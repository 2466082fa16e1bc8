"""Pages of 个人剂量监测填报 (source 000 §5.2) under ``/institution/doses``.

List with the manual's query conditions (one line per worker and period); a report's page
with its basic information (saved first, §5.2.2.2 1), its records, a form to add a record
for a worker the client assigned to this institution for the report date (§5.2.2.2 3),
the template download and the import (all or nothing; each problem shown with its row and
column), and the buttons 保存/提交, 撤回 and 删除.
"""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from radrules_webshell.clients import service as clients
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Invalid, NotFound, WebError
from radrules_webshell.core.guards import role
from radrules_webshell.core.masking import mask_id_number
from radrules_webshell.core.web import redirect, render
from radrules_webshell.filings.doses import excel, forms, service
from radrules_webshell.filings.reports import controllers_pages as actions
from radrules_webshell.filings.reports import service as store
from radrules_webshell.filings.reports.controllers import institution_of
from radrules_webshell.filings.reports.controllers_pages import client_choices
from radrules_webshell.filings.reports.forms import parse_day
from radrules_webshell.filings.reports.service import STATUS_LABELS, cards_using

from radrules import DoseReport

BASE = "/institution/doses"
NOTICES = {
    "saved": "已保存",
    "created": "已添加，请继续添加放射工作人员的监测结果或导入",
    "deleted": "已删除",
    "submitted": "已提交",
    "withdrawn": "已撤回，可修改后重新提交",
    "record_saved": "监测结果已添加",
    "record_deleted": "监测结果已删除",
}


def _notice(request: Request[Any, Any, Any]) -> str | None:
    return NOTICES.get(request.query_params.get("notice", ""))


class DosePages(Controller):
    path = BASE
    guards = (role("institution"),)
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        _, inst_id = institution_of(request)
        q = request.query_params
        errors: dict[str, str] = {}
        client_id = q.get("client_id") or ""
        filters = service.Filters(
            report_no=q.get("report_no") or None,
            client_id=int(client_id) if client_id.isdigit() else None,
            report_date_from=parse_day(q.get("report_date_from"), "report_date_from", errors),
            report_date_to=parse_day(q.get("report_date_to"), "report_date_to", errors),
            dosimeter_no=q.get("dosimeter_no") or None,
            worker=q.get("worker") or None,
            passed=q.get("passed") or None,
            id_number=q.get("id_number") or None,
            tested_from=parse_day(q.get("tested_from"), "tested_from", errors),
            tested_to=parse_day(q.get("tested_to"), "tested_to", errors),
            status=q.get("status", "draft"),
        )
        return render(
            request,
            "institution/doses.html",
            nav="doses",
            rows=await service.list_rows(inst_id, filters),
            q=dict(q),
            errors=errors,
            clients=await client_choices("", filters.client_id),
            today=clock.today().isoformat(),
            notice=_notice(request),
        )

    @get("/template")
    async def template(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        institution_of(request)
        return excel.template_response()

    @get("/new")
    async def new(self, request: Request[Any, Any, Any], q: FromQuery[str | None] = None) -> Template:
        return await actions.new(request, PAGES, q)

    @post("/new")
    async def create(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        return await actions.create(request, PAGES)

    @get("/{report_id:int}")
    async def show(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> Template:
        _, inst_id = institution_of(request)
        return await _report_page(request, inst_id, report_id, notice=_notice(request))

    @post("/{report_id:int}")
    async def save(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> Template | Redirect:
        return await actions.save(request, PAGES, report_id)

    @post("/{report_id:int}/records")
    async def add_record(
        self, request: Request[Any, Any, Any], report_id: FromPath[int]
    ) -> Template | Redirect:
        return await _put_record(request, report_id, None)

    @get("/{report_id:int}/records/{index:int}/edit")
    async def edit_record(
        self, request: Request[Any, Any, Any], report_id: FromPath[int], index: FromPath[int]
    ) -> Template:
        """修改 a record: the report's page with the record in the form."""
        _, inst_id = institution_of(request)
        row = await store.get(service.KIND, inst_id, report_id)
        report = service.KIND.from_row(row)
        if not 0 <= index < len(report.records):
            raise NotFound()
        workers = await clients.workers_for_pick(row["client"], inst_id, row["report_date"])
        return await _report_page(
            request, inst_id, report_id, record=forms.values_of(report.records[index], workers), editing=index
        )

    @post("/{report_id:int}/records/{index:int}")
    async def save_record(
        self, request: Request[Any, Any, Any], report_id: FromPath[int], index: FromPath[int]
    ) -> Template | Redirect:
        return await _put_record(request, report_id, index)

    @post("/{report_id:int}/records/{index:int}/delete")
    async def delete_record(
        self, request: Request[Any, Any, Any], report_id: FromPath[int], index: FromPath[int]
    ) -> Redirect:
        user, inst_id = institution_of(request)

        async def edit(report: DoseReport) -> DoseReport:
            if not 0 <= index < len(report.records):
                raise NotFound()
            return attrs.evolve(report, records=report.records[:index] + report.records[index + 1 :])

        await store.edit_document(service.KIND, user, inst_id, report_id, edit, "record_delete")
        return redirect(f"{BASE}/{report_id}", "record_deleted")

    @post("/{report_id:int}/import", opt={"max_body": excel.MAX_BODY})
    async def import_(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> Template:
        user, inst_id = institution_of(request)
        await store.get(service.KIND, inst_id, report_id)  # another institution's: 404 before reading
        try:
            content, filename = await excel.read_upload(request)
            outcome = await excel.import_file(user, inst_id, report_id, content, filename, clock.today())
        except excel.ImportRefused as exc:
            return await _report_page(
                request, inst_id, report_id, message=exc.message, outcome=exc.outcome, status=400
            )
        except WebError as exc:
            return await actions.refused(request, PAGES, inst_id, report_id, exc)
        return await _report_page(
            request,
            inst_id,
            report_id,
            notice=f"导入成功：共读取 {outcome.rows} 行，导入 {outcome.imported} 条监测结果（用时 {outcome.seconds:.1f} 秒）",
            outcome=outcome,
        )

    @post("/{report_id:int}/submit")
    async def submit(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> Template | Redirect:
        return await actions.submit(request, PAGES, report_id)

    @post("/{report_id:int}/withdraw")
    async def withdraw(
        self, request: Request[Any, Any, Any], report_id: FromPath[int]
    ) -> Template | Redirect:
        return await actions.withdraw(request, PAGES, report_id)

    @post("/{report_id:int}/delete")
    async def delete(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> Template | Redirect:
        return await actions.delete(request, PAGES, report_id)


async def _put_record(
    request: Request[Any, Any, Any], report_id: int, index: int | None
) -> Template | Redirect:
    """添加 (``index`` None) or 修改 the record ``index`` from the record form; refused, the
    form comes back as typed with the messages beside its inputs."""
    user, inst_id = institution_of(request)
    entered = forms.entered(await request.form())
    row = await store.get(service.KIND, inst_id, report_id)
    pickable = {
        str(w["id"]): w for w in await clients.workers_for_pick(row["client"], inst_id, row["report_date"])
    }
    errors: dict[str, str] = {}
    record = forms.record_of(entered, pickable.get(entered["worker_id"]), errors)
    if record is not None:

        async def edit(report: DoseReport) -> DoseReport:
            records = list(report.records)
            if index is None:
                records.append(record)
            elif 0 <= index < len(records):
                records[index] = record
            else:
                raise NotFound()
            _, resolved = await service.KIND.resolve(inst_id, attrs.evolve(report, records=tuple(records)))
            return resolved

        try:
            action = "record_add" if index is None else "record_update"
            await store.edit_document(service.KIND, user, inst_id, report_id, edit, action)
        except Invalid as exc:
            errors = {"worker_id": exc.message}
        else:
            return redirect(f"{BASE}/{report_id}", "record_saved")
    return await _report_page(
        request, inst_id, report_id, record=entered, record_errors=errors, editing=index, status=400
    )


async def _report_page(
    request: Request[Any, Any, Any],
    inst_id: int,
    report_id: int,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    record: dict[str, Any] | None = None,
    record_errors: dict[str, str] | None = None,
    message: str | None = None,
    notice: str | None = None,
    outcome: excel.ImportOutcome | None = None,
    editing: int | None = None,
    status: int = 200,
) -> Template:
    row = await store.get(service.KIND, inst_id, report_id)
    report = await store.report_of(service.KIND, row)
    check_errors, warnings = await store.checked(service.KIND, report, clock.today())
    per_record: dict[int, list[dict[str, Any]]] = {}
    general: dict[str, list[dict[str, Any]]] = {}
    for f in check_errors + warnings:
        if f["field"].startswith("records["):
            per_record.setdefault(int(f["field"][8 : f["field"].index("]")]), []).append(f)
        else:
            general.setdefault(f["field"].split(".")[0], []).append(f)
    limit = service.dose_limit(report.client.division_code, report.report_date)
    records = [
        {
            "index": i,
            "record": r,
            "id_number": mask_id_number(r.worker.id_number),
            "passed": "" if limit is None else ("是" if r.hp10 <= limit else "否"),
            "findings": per_record.get(i, []),
        }
        for i, r in enumerate(report.records)
    ]
    workers = [
        w | {"id_number": mask_id_number(w["id_number"])}
        for w in await clients.workers_for_pick(row["client"], inst_id, row["report_date"])
    ]
    return render(
        request,
        "institution/dose.html",
        status=status,
        nav="doses",
        row=row,
        report=report,
        status_label=STATUS_LABELS.get(row["status"], row["status"]),
        editable=row["status"] == "draft",
        values=values
        or {
            "report_no": row["report_no"],
            "report_date": row["report_date"],
            "client_id": str(row["client"]),
        },
        errors=errors or {},
        record=record or {},
        record_errors=record_errors or {},
        clients=await client_choices("", row["client"]),
        workers=workers,
        records=records,
        general=general,
        other_findings=[f for k, fs in general.items() if k not in ("report_no", "report_date") for f in fs],
        error_count=len(check_errors),
        used_by=await cards_using(inst_id, service.KIND.kind, report_id),
        message=message,
        notice=notice,
        outcome=outcome,
        editing=editing,
        today=clock.today().isoformat(),
    )


PAGES = actions.ReportPages(
    kind=service.KIND,
    base=BASE,
    nav="doses",
    kind_label="个人剂量监测报告",
    blank={"institution_uscc": "", "records": []},
    report_page=_report_page,
)
