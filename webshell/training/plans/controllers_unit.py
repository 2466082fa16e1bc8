"""The unit's 集体报名 list (source 002 §4.3): ``/training/plans`` and ``/api/training/plans``,
and the plan's attachment (“附件可以查看”, §4.4 2). The registration page of one plan is
in :mod:`radrules_webshell.training.registrations`."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import File, Template
from radrules_webshell.core import clock
from radrules_webshell.core.errors import WebError
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import render, settings_of
from radrules_webshell.training.plans import queries
from radrules_webshell.training.plans.controllers_cdc import attachment_file
from radrules_webshell.training.shared.scope import unit_plan, unit_row
from radrules_webshell.training.shared.web import notice_of, unit, vocabulary

from radrules import UnitPlanStatus


class UnitPlanPages(Controller):
    path = "/training/plans"
    guards = (role("institution"),)
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        _, inst = unit(request)
        today = clock.today()
        errors: dict[str, str] = {}
        try:
            filters = queries.unit_filters(request.query_params, today)
        except WebError as exc:
            errors = exc.errors
            filters = queries.UnitFilters(deadline_from=today)
        division = (await unit_row(inst))["division_code"]
        return render(
            request,
            "training/plans.html",
            nav="t_plans",
            rows=await queries.unit_list(inst, filters, today),
            filters=filters,
            errors=errors,
            plan_types=[t.name for t in vocabulary(division).plan_types],
            statuses=[(s.value, s.label) for s in UnitPlanStatus],
            notice=notice_of(request),
        )

    @get("/{plan_id:int}/attachment")
    async def attachment(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> File:
        _, inst = unit(request)
        return await attachment_file(await unit_plan(inst, plan_id), settings_of(request))


class UnitPlanApi(Controller):
    path = "/api/training/plans"
    guards = (role("institution"), api_csrf)
    tags = ("集体报名",)

    @get(
        "/",
        summary="集体报名：本省已发布的培训计划",
        description="plan_type、name（模糊）、deadline_from（默认今天）、deadline_to、closed=yes|no（默认 no）、status（可多个）",
    )
    async def index(self, request: Request[Any, Any, Any]) -> list[dict[str, Any]]:
        _, inst = unit(request)
        today = clock.today()
        return await queries.unit_list(inst, queries.unit_filters(request.query_params, today), today)

    @get("/{plan_id:int}/attachment", summary="下载培训附件")
    async def attachment(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> File:
        _, inst = unit(request)
        return await attachment_file(await unit_plan(inst, plan_id), settings_of(request))
