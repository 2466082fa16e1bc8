"""在线成绩查询 (source 001 表1 第19项): ``/exams/scores``, its xlsx export and
``/api/exams/scores``, each scoped to the acting account's authority (:mod:`.scores`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Controller, Request, Response, get
from litestar.response import Template
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import user_of
from radrules_webshell.exams import scores
from radrules_webshell.exams.scope import QUERY_ROLES
from radrules_webshell.exams.tables import ExamPlanRow
from radrules_webshell.exams.web import now, page
from radrules_webshell.filings.doses.excel import XLSX


async def _plans() -> list[dict[str, Any]]:
    return await ExamPlanRow.select(ExamPlanRow.id, ExamPlanRow.name).order_by(
        ExamPlanRow.id, ascending=False
    )


class ScorePages(Controller):
    path = "/exams/scores"
    guards = (role(*QUERY_ROLES),)
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        user = user_of(request)
        values = dict(request.query_params)
        try:
            filters = scores.filters_of(request.query_params)
        except Invalid as exc:
            return page(
                request,
                "exams/scores.html",
                status=400,
                nav="exams_scores",
                rows=[],
                cut=False,
                plans=await _plans(),
                values=values,
                errors=exc.errors,
                message=exc.message,
            )
        rows, cut = await scores.query(user, filters, now())
        return page(
            request,
            "exams/scores.html",
            nav="exams_scores",
            rows=rows,
            cut=cut,
            plans=await _plans(),
            values=values,
            export=str(request.url.query or ""),
        )

    @get("/export.xlsx")
    async def export(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        rows, cut = await scores.query(user_of(request), scores.filters_of(request.query_params), now())
        name = quote("在线考试成绩.xlsx")
        return Response(
            await scores.export(rows, cut),
            media_type=XLSX,
            headers={"Content-Disposition": f"attachment; filename=\"scores.xlsx\"; filename*=UTF-8''{name}"},
        )


class ScoreApi(Controller):
    path = "/api/exams/scores"
    guards = (role(*QUERY_ROLES), api_csrf)
    tags = ("在线成绩查询",)

    @get("/", summary="考试成绩（plan、from、to、unit、passed=yes|no），按权限范围")
    async def index(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        rows, cut = await scores.query(user_of(request), scores.filters_of(request.query_params), now())
        return {"rows": rows, "cut": cut}
