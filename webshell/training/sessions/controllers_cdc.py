"""The CDC's 分期排班 pages and API (source 002 §5.4; issue 13 "arrange classes … and open
selection"): ``/cdc/training/plans/{plan_id}/sessions``, ``/cdc/training/sessions/{id}``
and ``/api/cdc/training/…``; each list exportable as xlsx."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.core.errors import WebError
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import redirect, render
from radrules_webshell.training.sessions import cdc_queries, forms, service
from radrules_webshell.training.shared.scope import CDC_ROLES, cdc_plan
from radrules_webshell.training.shared.web import cdc, notice_of, xlsx

from radrules import TrainingKind

SESSION_COLUMNS = (
    ("期次", 8),
    ("分班人数", 9),
    ("已选人数", 9),
    ("剩余人数", 9),
    ("培训开始日期", 13),
    ("培训结束日期", 13),
    ("选班截止日期", 13),
    ("开放选班", 12),
    ("培训地点", 30),
    ("专业类别（限制人数/已选）", 50),
)
PLACEMENT_COLUMNS = (("单位", 30), ("姓名", 10), ("身份证号", 21), ("专业类别", 40), ("选班日期", 12))


def _typed(form: Any) -> dict[str, Any]:
    """What the session form held, to show again beside its errors."""
    values = {k: form.get(k) for k in forms.SPEC.names} | {"specialty": list(form.getall("specialty", []))}
    return values | {k: v for k, v in form.items() if k.startswith("limit.")}


def _version(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 10 else None


class CdcSessionPages(Controller):
    path = "/cdc/training"
    guards = (role(*CDC_ROLES),)
    include_in_schema = False

    async def _list(self, request: Request[Any, Any, Any], plan_id: int, **extra: Any) -> Template:
        user, _ = cdc(request)
        data = await cdc_queries.plan_sessions_view(user, plan_id)
        return render(
            request,
            "training/cdc_sessions.html",
            nav="c_plans",
            **data,
            spec=forms.SPEC,
            kinds=[(k.value, k.label) for k in TrainingKind],
            values=extra.pop("values", {}),
            errors=extra.pop("errors", {}),
            notice=notice_of(request),
            **extra,
        )

    @get("/plans/{plan_id:int}/sessions")
    async def index(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Template:
        return await self._list(request, plan_id)

    @get("/plans/{plan_id:int}/sessions.xlsx")
    async def export(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Response[bytes]:
        user, _ = cdc(request)
        data = await cdc_queries.plan_sessions_view(user, plan_id)
        return await xlsx(
            f"{data['plan']['name']}-期次.xlsx",
            "分期排班",
            SESSION_COLUMNS,
            (
                [
                    s["label"],
                    s["capacity"],
                    s["taken"],
                    s["left"],
                    s["starts_on"],
                    s["ends_on"],
                    s["selection_deadline"],
                    s["selection_opens_on"] or "未开放",
                    s["place"] or "",
                    "；".join(
                        f"{x['specialty']}（{x['limit'] or '默认'}/{x['taken']}）" for x in s["specialties"]
                    ),
                ]
                for s in data["sessions"]
            ),
        )

    @post("/plans/{plan_id:int}/sessions")
    async def create(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Template | Redirect:
        user, _ = cdc(request)
        await cdc_plan(user, plan_id)
        form = await request.form()
        try:
            session_id = await service.create(user, plan_id, forms.parse(form, form=True))
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            values = _typed(form)
            return await self._list(
                request, plan_id, status=exc.status, message=exc.message, errors=exc.errors, values=values
            )
        return redirect(f"/cdc/training/sessions/{session_id}", "created")

    async def _page(self, request: Request[Any, Any, Any], session_id: int, **extra: Any) -> Template:
        user, _ = cdc(request)
        data = await cdc_queries.session_view(user, session_id)
        return render(
            request,
            "training/cdc_session.html",
            nav="c_plans",
            **data,
            spec=forms.SPEC,
            values=extra.pop("values", data["session"]["form"]),
            errors=extra.pop("errors", {}),
            notice=notice_of(request),
            **extra,
        )

    @get("/sessions/{session_id:int}")
    async def show(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> Template:
        return await self._page(request, session_id)

    @get("/sessions/{session_id:int}/selections.xlsx")
    async def export_placements(
        self, request: Request[Any, Any, Any], session_id: FromPath[int]
    ) -> Response[bytes]:
        user, _ = cdc(request)
        data = await cdc_queries.session_view(user, session_id)
        return await xlsx(
            f"{data['plan']['name']}-{data['session']['label']}-选班名单.xlsx",
            "选班名单",
            PLACEMENT_COLUMNS,
            (
                [p["unit_name"], p["name"], p["id_number"], "、".join(p["specialties"]), p["selected_on"]]
                for p in data["placements"]
            ),
        )

    @post("/sessions/{session_id:int}")
    async def save(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> Template | Redirect:
        user, _ = cdc(request)
        await service.cdc_session(user, session_id)
        form = await request.form()
        try:
            await service.update(
                user, session_id, forms.parse(form, form=True), _version(form.get("version"))
            )
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            values = _typed(form)
            return await self._page(
                request, session_id, status=exc.status, message=exc.message, errors=exc.errors, values=values
            )
        return redirect(f"/cdc/training/sessions/{session_id}", "saved")

    @post("/sessions/{session_id:int}/open")
    async def open(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> Template | Redirect:
        user, _ = cdc(request)
        try:
            await service.open_selection(user, session_id)
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            return await self._page(request, session_id, status=exc.status, message=exc.message)
        return redirect(f"/cdc/training/sessions/{session_id}", "opened")

    @post("/sessions/{session_id:int}/delete")
    async def delete(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> Template | Redirect:
        user, _ = cdc(request)
        row = await service.cdc_session(user, session_id)
        try:
            await service.delete(user, session_id)
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            return await self._page(request, session_id, status=exc.status, message=exc.message)
        return redirect(f"/cdc/training/plans/{row['plan']}/sessions", "deleted")


async def _session(user: Any, session_id: int) -> dict[str, Any]:
    data = await cdc_queries.session_view(user, session_id)
    data["session"].pop("form", None)
    return data


class CdcSessionApi(Controller):
    path = "/api/cdc/training"
    guards = (role(*CDC_ROLES), api_csrf)
    tags = ("分期排班（省疾控）",)

    @get("/plans/{plan_id:int}/sessions", summary="培训计划的期次及其剩余人数")
    async def index(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> dict[str, Any]:
        user, _ = cdc(request)
        return await cdc_queries.plan_sessions_view(user, plan_id)

    @post(
        "/plans/{plan_id:int}/sessions",
        summary="新增期次（number, capacity, starts_on, ends_on, selection_deadline, place, training_kind, specialties）",
        status_code=201,
    )
    async def create(
        self, request: Request[Any, Any, Any], plan_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, int]:
        user, _ = cdc(request)
        await cdc_plan(user, plan_id)  # another province's plan: 404 before reading the body
        return {"id": await service.create(user, plan_id, forms.parse(data, form=False))}

    @get("/sessions/{session_id:int}", summary="期次及选班名单")
    async def show(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> dict[str, Any]:
        user, _ = cdc(request)
        return await _session(user, session_id)

    @put(
        "/sessions/{session_id:int}",
        summary="修改期次（已有人员选班时不能改培训日期、不能删去已选的专业类别）",
    )
    async def update(
        self, request: Request[Any, Any, Any], session_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user, _ = cdc(request)
        await service.cdc_session(user, session_id)
        await service.update(user, session_id, forms.parse(data, form=False), _version(data.get("version")))
        return await _session(user, session_id)

    @post("/sessions/{session_id:int}/open", summary="开放选班（通知有审核通过人员的单位）", status_code=200)
    async def open(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> dict[str, Any]:
        user, _ = cdc(request)
        await service.open_selection(user, session_id)
        return await _session(user, session_id)

    @delete("/sessions/{session_id:int}", summary="删除期次（无人选班时）", status_code=204)
    async def remove(self, request: Request[Any, Any, Any], session_id: FromPath[int]) -> None:
        user, _ = cdc(request)
        await service.delete(user, session_id)
