"""The standard interface's JSON routes (source 001 module 13 标准接口; docs/api-tokens.md):
职业健康检查机构 post examination results (``/api/health-exams``, one or a bulk) and another
health system pulls units' registers (``/api/registers``). Reached with an API token of the
matching permission (:mod:`.permissions`) or with a session of the same organisation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import settings_of, user_of
from radrules_webshell.gateway import health_exams, registers
from radrules_webshell.supervision import scope
from radrules_webshell.unit_warnings.on_change import register_changed
from radrules_webshell.unit_warnings.runner import beijing_day

from radrules.supervision.exam_results import MAX_RESULTS

R = Request[Any, Any, Any]
Json = dict[str, Any]
#: A bulk of MAX_RESULTS results of a few hundred bytes each, with room to spare.
MAX_BODY = 1024 * 1024


async def _written(request: R, data: Json, *, bulk: bool) -> list[Json]:
    rows = await health_exams.post(user_of(request), data, beijing_day(datetime.now(UTC)), bulk=bulk)
    if settings_of(request).warnings_on_change:
        # committed: the warnings of every unit concerned follow before the answer goes out
        for client_id in sorted({r["client_id"] for r in rows}):
            await register_changed(client_id)
    return rows


class HealthExamApi(Controller):
    path = "/api/health-exams"
    guards = [role("institution"), api_csrf]
    tags = ["标准接口：职业健康检查"]

    @post("/", summary="提交一条职业健康检查结果（职业健康检查机构）", status_code=201)
    async def create(self, request: R, data: JSONBody[Json]) -> Json:
        return (await _written(request, data, bulk=False))[0]

    @post(
        "/bulk",
        summary=f"批量提交职业健康检查结果（results，至多 {MAX_RESULTS} 条，全部成功或全部不保存）",
        status_code=201,
        opt={"max_body": MAX_BODY},
    )
    async def bulk(self, request: R, data: JSONBody[Json]) -> Json:
        rows = await _written(request, data, bulk=True)
        return {"created": len(rows), "results": rows}

    @get("/", summary="本机构提交过的职业健康检查结果（分页）")
    async def listed(self, request: R, page: FromQuery[int] = 1, per_page: FromQuery[int] = 50) -> Json:
        return await health_exams.posted(user_of(request), page=page, per_page=per_page)


class RegisterApi(Controller):
    path = "/api/registers"
    guards = [role(*scope.ROLES), api_csrf]
    tags = ["标准接口：登记信息"]

    @get("/", summary=f"辖区内单位的登记（分页，每页至多 {registers.MAX_PER_PAGE} 个单位）")
    async def listing(
        self,
        request: R,
        page: FromQuery[int] = 1,
        per_page: FromQuery[int] = 20,
        division: FromQuery[str | None] = None,
        uscc: FromQuery[str | None] = None,
    ) -> Json:
        return await registers.page(
            user_of(request), page=page, per_page=per_page, division=division, uscc=uscc
        )

    @get("/{client_id:int}", summary="一个单位的登记（radrules unit_register 格式）")
    async def one(self, request: R, client_id: FromPath[int]) -> Json:
        return await registers.one(user_of(request), client_id)
