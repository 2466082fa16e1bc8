"""集体选班 pages and API of the unit (source 002 §5.3–§5.4): ``/training/selection`` and
``/api/training/selection``. A refused placement (the class full, a time conflict …)
answers 422 with the library's findings."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.core.errors import Invalid, WebError
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.path_ids import row_id
from radrules_webshell.core.web import redirect, render
from radrules_webshell.training.sessions import queries, selection
from radrules_webshell.training.shared.scope import unit_plan, unit_row
from radrules_webshell.training.shared.web import notice_of, unit, vocabulary

from radrules import SelectionStatus

BASE = "/training/selection"


class SelectionPages(Controller):
    path = BASE
    guards = (role("institution"),)
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        _, inst = unit(request)
        q = request.query_params
        statuses = tuple(q.getall("status", []))
        rows = await queries.unit_list(
            inst, plan_type=q.get("plan_type"), name=q.get("name"), statuses=statuses
        )
        division = (await unit_row(inst))["division_code"]
        return render(
            request,
            "training/selection_list.html",
            nav="t_selection",
            rows=rows,
            q=dict(q),
            chosen=statuses,
            plan_types=[t.name for t in vocabulary(division).plan_types],
            statuses=[(s.value, s.label) for s in SelectionStatus],
            notice=notice_of(request),
        )

    @get("/{plan_id:int}")
    async def show(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Template:
        _, inst = unit(request)
        return await self._page(request, inst, plan_id)

    async def _page(self, request: Request[Any, Any, Any], inst: int, plan_id: int, **extra: Any) -> Template:
        page = await queries.class_page(inst, plan_id)
        return render(
            request, "training/selection.html", nav="t_selection", **page, notice=notice_of(request), **extra
        )

    @get("/{plan_id:int}/sessions/{session_id:int}")
    async def pick(
        self, request: Request[Any, Any, Any], plan_id: FromPath[int], session_id: FromPath[int]
    ) -> Template:
        _, inst = unit(request)
        q = request.query_params
        data = await queries.picker(inst, plan_id, session_id, q.get("specialty"), q.get("name"))
        return render(
            request, "training/selection_pick.html", nav="t_selection", **data, name=q.get("name") or ""
        )

    @post("/{plan_id:int}/sessions/{session_id:int}")
    async def place(
        self, request: Request[Any, Any, Any], plan_id: FromPath[int], session_id: FromPath[int]
    ) -> Template | Redirect:
        user, inst = unit(request)
        form = await request.form()
        ids = [
            int(v)
            for v in form.getall("registration_id", [])
            if isinstance(v, str) and v.isdigit() and len(v) < 11
        ]
        specialty = form.get("specialty") or None
        try:
            await selection.place(
                user, inst, plan_id, session_id, specialty if isinstance(specialty, str) else None, ids
            )
        except WebError as exc:
            if exc.status == 404:
                raise
            return await self._page(request, inst, plan_id, status=exc.status, message=exc.message)
        return redirect(f"{BASE}/{plan_id}", "selected")

    @post("/{plan_id:int}/submit")
    async def submit(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Template | Redirect:
        user, inst = unit(request)
        try:
            await selection.submit(user, inst, plan_id)
        except WebError as exc:
            if exc.status == 404:
                raise
            return await self._page(request, inst, plan_id, status=exc.status, message=exc.message)
        return redirect(f"{BASE}/{plan_id}", "selection_submitted")


class SelectionApi(Controller):
    path = "/api/training/selection"
    guards = (role("institution"), api_csrf)
    tags = ("集体选班",)

    @get(
        "/",
        summary="集体选班：有审核通过人员且已分期排班的培训计划（plan_type、name、status=pending|selected）",
    )
    async def index(
        self,
        request: Request[Any, Any, Any],
        plan_type: FromQuery[str | None] = None,
        name: FromQuery[str | None] = None,
        status: FromQuery[list[str] | None] = None,
    ) -> list[dict[str, Any]]:
        _, inst = unit(request)
        return await queries.unit_list(inst, plan_type=plan_type, name=name, statuses=tuple(status or ()))

    @get("/{plan_id:int}", summary="选班详情：各期次、各专业类别的报名人数、限制人数、已选人数、剩余人数")
    async def show(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> dict[str, Any]:
        _, inst = unit(request)
        return await queries.class_page(inst, plan_id)

    @get(
        "/{plan_id:int}/sessions/{session_id:int}",
        summary="可选人员（specialty、name）；已选的 checked 为 true",
    )
    async def pick(
        self,
        request: Request[Any, Any, Any],
        plan_id: FromPath[int],
        session_id: FromPath[int],
        specialty: FromQuery[str | None] = None,
        name: FromQuery[str | None] = None,
    ) -> dict[str, Any]:
        _, inst = unit(request)
        return await queries.picker(inst, plan_id, session_id, specialty, name)

    @put(
        "/{plan_id:int}/sessions/{session_id:int}",
        summary="确定：该期次、该专业类别的选班人员即为 registration_ids（新勾选的加入，取消勾选的移出）",
    )
    async def place(
        self,
        request: Request[Any, Any, Any],
        plan_id: FromPath[int],
        session_id: FromPath[int],
        data: JSONBody[dict[str, Any]],
    ) -> dict[str, int]:
        user, inst = unit(request)
        await unit_plan(inst, plan_id)  # another province's plan: 404 before reading the body
        ids = data.get("registration_ids")
        if not isinstance(ids, list) or any(row_id(i) is None for i in ids):
            raise Invalid(errors={"registration_ids": "应为报名编号（正整数）的列表"})
        specialty = data.get("specialty")
        if specialty is not None and not isinstance(specialty, str):
            raise Invalid(errors={"specialty": "应为专业类别名称"})
        return await selection.place(user, inst, plan_id, session_id, specialty, ids)

    @post("/{plan_id:int}/submit", summary="提交集体选班（之后只能查看）", status_code=200)
    async def submit(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> dict[str, str]:
        user, inst = unit(request)
        await selection.submit(user, inst, plan_id)
        return {"status": "selected"}
