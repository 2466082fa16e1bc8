"""Pages of 医用辐射装置检测填报 (source 000 §5.1) under ``/institution/device-tests``: the list
and a report's page.

The list has the manual's query conditions (one line per device tested); a report's page
its basic information (报告编号, 委托单位, 报告日期 — saved first, §5.1.2.2 1), its samples
and the buttons of §5.1.2.2 2 (保存/提交 while 未提交, 撤回 once 已提交, 删除 the whole
report). The samples' own pages are :mod:`.controllers_samples`. radrules' findings are
shown beside the fields whose path they name.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from radrules_webshell.clients import service as clients
from radrules_webshell.core import clock
from radrules_webshell.core.guards import role
from radrules_webshell.core.web import render
from radrules_webshell.filings.device_tests import judging, service
from radrules_webshell.filings.reports import controllers_pages as actions
from radrules_webshell.filings.reports import service as store
from radrules_webshell.filings.reports.controllers import institution_of
from radrules_webshell.filings.reports.controllers_pages import client_choices
from radrules_webshell.filings.reports.findings import findings_by_field
from radrules_webshell.filings.reports.forms import parse_day
from radrules_webshell.filings.reports.service import STATUS_LABELS, cards_using

BASE = "/institution/device-tests"
NOTICES = {
    "saved": "已保存",
    "created": "已添加，请继续添加样品信息",
    "deleted": "已删除",
    "submitted": "已提交",
    "withdrawn": "已撤回，可修改后重新提交",
    "sample_saved": "样品信息已保存",
    "sample_deleted": "样品已删除",
}


def _notice(request: Request[Any, Any, Any]) -> str | None:
    return NOTICES.get(request.query_params.get("notice", ""))


class DeviceTestPages(Controller):
    path = BASE
    guards = (role("institution"),)
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        _, inst_id = institution_of(request)
        q = request.query_params
        errors: dict[str, str] = {}
        status = q.get("status", "draft")
        client_id = q.get("client_id") or ""
        filters = service.Filters(
            report_no=q.get("report_no") or None,
            client_id=int(client_id) if client_id.isdigit() else None,
            report_date_from=parse_day(q.get("report_date_from"), "report_date_from", errors),
            report_date_to=parse_day(q.get("report_date_to"), "report_date_to", errors),
            sample_no=q.get("sample_no") or None,
            device=q.get("device") or None,
            passed=q.get("passed") or None,
            device_uid=q.get("device_uid") or None,
            tested_from=parse_day(q.get("tested_from"), "tested_from", errors),
            tested_to=parse_day(q.get("tested_to"), "tested_to", errors),
            status=status,
        )
        rows = await service.list_rows(inst_id, filters)
        return render(
            request,
            "institution/device_tests.html",
            nav="device_tests",
            rows=rows,
            q=dict(q),
            errors=errors,
            clients=await client_choices("", filters.client_id),
            today=clock.today().isoformat(),
            notice=_notice(request),
        )

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


async def _report_page(
    request: Request[Any, Any, Any],
    inst_id: int,
    report_id: int,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    message: str | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Template:
    row = await store.get(service.KIND, inst_id, report_id)
    report = await store.report_of(service.KIND, row)
    check_errors, warnings = await store.checked(service.KIND, report, clock.today())
    findings = findings_by_field(check_errors + warnings)
    per_sample: dict[int, list[dict[str, Any]]] = {}
    general = []
    for f in check_errors + warnings:
        if f["field"].startswith("samples["):
            per_sample.setdefault(int(f["field"][8 : f["field"].index("]")]), []).append(f)
        else:
            general.append(f)
    samples = [
        {
            "index": i,
            "sample": s,
            "passed": judging.list_verdict(judging.judged(s, report.client.division_code, clock.today())),
            "categories": "、".join(c.label for c in s.categories),
            "findings": per_sample.get(i, []),
        }
        for i, s in enumerate(report.samples)
    ]
    return render(
        request,
        "institution/device_test.html",
        status=status,
        nav="device_tests",
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
        clients=await client_choices("", row["client"]),
        devices=await clients.devices_for_pick(row["client"]),
        samples=samples,
        general=general,
        findings=findings,
        error_count=len(check_errors),
        used_by=await cards_using(inst_id, service.KIND.kind, report_id),
        message=message,
        notice=notice,
        today=clock.today().isoformat(),
    )


PAGES = actions.ReportPages(
    kind=service.KIND,
    base=BASE,
    nav="device_tests",
    kind_label="医用辐射装置检测报告",
    blank=None,
    report_page=_report_page,
)
