"""JSON API of 个人剂量监测填报 (source 000 §5.2): ``/api/dose-reports``.

Bodies are :class:`radrules.DoseReport` JSON; the client is named by its credit code and
each worker by ID number, and both must be the client's records on the platform. The
Excel template (导入模板下载) and the import (个人剂量导入, multipart field ``file``) are
here too: an import with any error stores nothing and answers 400 with every problem by
sheet, row and column.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
from litestar import Controller, MediaType, Request, Response, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from radrules_webshell.core import clock
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.filings.doses import excel, service
from radrules_webshell.filings.reports import controllers as api
from radrules_webshell.filings.reports import service as store
from radrules_webshell.filings.reports.controllers import institution_of

#: Largest body of a report (bytes): its at most 20,000 records (radrules'
#: ``MAX_DOSE_RECORDS``) of about 320 bytes of JSON each come to about 6.4 MB.
MAX_BODY = 8 * 1024 * 1024


class DoseApi(Controller):
    path = "/api/dose-reports"
    guards = (
        role("institution"),
        api_csrf,
    )
    tags = ("个人剂量监测填报",)

    @get(
        "/",
        summary="个人剂量记录列表（每人每周期一行）",
        description="status: draft（默认）、submitted 或 all",
    )
    async def index(
        self,
        request: Request[Any, Any, Any],
        report_no: FromQuery[str | None] = None,
        client_id: FromQuery[int | None] = None,
        report_date_from: FromQuery[date | None] = None,
        report_date_to: FromQuery[date | None] = None,
        dosimeter_no: FromQuery[str | None] = None,
        worker: FromQuery[str | None] = None,
        passed: FromQuery[str | None] = None,
        id_number: FromQuery[str | None] = None,
        tested_from: FromQuery[date | None] = None,
        tested_to: FromQuery[date | None] = None,
        status: FromQuery[str | None] = "draft",
    ) -> list[dict[str, Any]]:
        _, inst_id = institution_of(request)
        filters = service.Filters(
            report_no=report_no,
            client_id=client_id,
            report_date_from=report_date_from,
            report_date_to=report_date_to,
            dosimeter_no=dosimeter_no,
            worker=worker,
            passed=passed,
            id_number=id_number,
            tested_from=tested_from,
            tested_to=tested_to,
            status=status,
        )
        return await service.list_rows(inst_id, filters)

    @get("/template", summary="个人剂量导入模板（xlsx）")
    async def template(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        institution_of(request)
        return excel.template_response()

    @post("/", summary="新增个人剂量监测报告（DoseReport JSON）", status_code=201, opt={"max_body": MAX_BODY})
    async def create(self, request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
        return await api.create_report(service.KIND, request, data)

    @get("/{report_id:int}", summary="个人剂量监测报告")
    async def show(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> dict[str, Any]:
        return await api.show_report(service.KIND, request, report_id)

    @put("/{report_id:int}", summary="修改未提交的个人剂量监测报告", opt={"max_body": MAX_BODY})
    async def update(
        self, request: Request[Any, Any, Any], report_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        return await api.update_report(service.KIND, request, report_id, data)

    @post(
        "/{report_id:int}/import",
        summary="个人剂量导入（multipart，字段 file）：全部导入或全部不导入",
        status_code=200,
        opt={"max_body": excel.MAX_BODY},
    )
    async def import_(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> Response[Any]:
        user, inst_id = institution_of(request)
        await store.get(service.KIND, inst_id, report_id)  # another institution's: 404 before reading
        content, filename = await excel.read_upload(request)
        try:
            outcome = await excel.import_file(user, inst_id, report_id, content, filename, clock.today())
        except excel.ImportRefused as exc:
            body = {"message": exc.message} | attrs.asdict(exc.outcome)
            return Response(body, status_code=400, media_type=MediaType.JSON)
        return Response(attrs.asdict(outcome), media_type=MediaType.JSON)

    @post(
        "/{report_id:int}/submit",
        summary="提交（radrules 检查：错误阻止提交并返回 422，警告随结果返回）",
        status_code=200,
    )
    async def submit(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> Response[Any]:
        return await api.submit_report(service.KIND, request, report_id)

    @post("/{report_id:int}/withdraw", summary="撤回已提交的个人剂量监测报告", status_code=200)
    async def withdraw(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> dict[str, str]:
        return await api.withdraw_report(service.KIND, request, report_id)

    @delete("/{report_id:int}", summary="删除整份个人剂量监测报告（未提交时）", status_code=204)
    async def remove(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> None:
        await api.delete_report(service.KIND, request, report_id)
