"""JSON API of 医用辐射装置检测填报 (source 000 §5.1): ``/api/device-tests``.

Bodies are :class:`radrules.DeviceTestReport` JSON. The client is named by its credit code
(``client.uscc``) and each device by its 设备唯一标识 (``samples[i].device.device_id``); both
must be on the platform, the devices the client's own, and the server stores their
recorded data in place of what was sent.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.filings.device_tests import service
from radrules_webshell.filings.reports import controllers as api
from radrules_webshell.filings.reports.controllers import institution_of

#: Largest body of a report (bytes): its at most 500 samples (radrules' ``MAX_SAMPLES``),
#: each with a full WS 76-2020 item list and protection points (about 40 items and 20
#: points, some 6.6 KB of JSON), come to about 3.3 MB.
MAX_BODY = 4 * 1024 * 1024


class DeviceTestApi(Controller):
    path = "/api/device-tests"
    guards = (
        role("institution"),
        api_csrf,
    )
    tags = ("医用辐射装置检测填报",)

    @get("/", summary="检测记录列表（每台设备一行）", description="status: draft（默认）、submitted 或 all")
    async def index(
        self,
        request: Request[Any, Any, Any],
        report_no: FromQuery[str | None] = None,
        client_id: FromQuery[int | None] = None,
        report_date_from: FromQuery[date | None] = None,
        report_date_to: FromQuery[date | None] = None,
        sample_no: FromQuery[str | None] = None,
        device: FromQuery[str | None] = None,
        passed: FromQuery[str | None] = None,
        device_uid: FromQuery[str | None] = None,
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
            sample_no=sample_no,
            device=device,
            passed=passed,
            device_uid=device_uid,
            tested_from=tested_from,
            tested_to=tested_to,
            status=status,
        )
        return await service.list_rows(inst_id, filters)

    @post("/", summary="新增检测报告（DeviceTestReport JSON）", status_code=201, opt={"max_body": MAX_BODY})
    async def create(self, request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
        return await api.create_report(service.KIND, request, data)

    @get("/{report_id:int}", summary="检测报告")
    async def show(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> dict[str, Any]:
        return await api.show_report(service.KIND, request, report_id)

    @put("/{report_id:int}", summary="修改未提交的检测报告", opt={"max_body": MAX_BODY})
    async def update(
        self, request: Request[Any, Any, Any], report_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        return await api.update_report(service.KIND, request, report_id, data)

    @post(
        "/{report_id:int}/submit",
        summary="提交（radrules 检查：错误阻止提交并返回 422，警告随结果返回）",
        status_code=200,
    )
    async def submit(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> Response[Any]:
        return await api.submit_report(service.KIND, request, report_id)

    @post("/{report_id:int}/withdraw", summary="撤回已提交的检测报告", status_code=200)
    async def withdraw(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> dict[str, str]:
        return await api.withdraw_report(service.KIND, request, report_id)

    @delete("/{report_id:int}", summary="删除整份检测报告（未提交时）", status_code=204)
    async def remove(self, request: Request[Any, Any, Any], report_id: FromPath[int]) -> None:
        await api.delete_report(service.KIND, request, report_id)
