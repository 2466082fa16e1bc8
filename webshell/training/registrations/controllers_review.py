"""The CDC's review pages and API (source 002 §1.2; §7 问题五、十二): a plan's registrations
(and their xlsx), one person's profile as sent, 审核通过 and 退回 with a reason."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import File, Redirect, Template
from radrules_webshell.core.errors import WebError
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import redirect, render, settings_of
from radrules_webshell.training.registrations import review, review_queries
from radrules_webshell.training.shared.files import download
from radrules_webshell.training.shared.scope import CDC_ROLES
from radrules_webshell.training.shared.web import cdc, notice_of, xlsx

from radrules import RegistrationStatus

EXPORT_COLUMNS = (
    ("报名单位", 30),
    ("姓名", 10),
    ("身份证号", 21),
    ("培训类型", 8),
    ("培训专业类别", 40),
    ("报名日期", 12),
    ("状态", 9),
    ("退回原因", 30),
)


class ReviewPages(Controller):
    path = "/cdc/training"
    guards = (role(*CDC_ROLES),)
    include_in_schema = False

    @get("/plans/{plan_id:int}/registrations")
    async def index(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Template:
        user, _ = cdc(request)
        q = request.query_params
        data = await review_queries.plan_registrations(
            user, plan_id, status=q.get("status"), unit=q.get("unit")
        )
        return render(
            request,
            "training/cdc_registrations.html",
            nav="c_plans",
            **data,
            q=dict(q),
            statuses=[
                (s.value, s.label) for s in RegistrationStatus if s is not RegistrationStatus.not_registered
            ],
            notice=notice_of(request),
        )

    @get("/plans/{plan_id:int}/registrations.xlsx")
    async def export(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> Response[bytes]:
        user, _ = cdc(request)
        q = request.query_params
        data = await review_queries.plan_registrations(
            user, plan_id, status=q.get("status"), unit=q.get("unit")
        )
        kinds = {"initial": "初训", "refresher": "复训"}
        return await xlsx(
            f"{data['plan']['name']}-报名.xlsx",
            "报名审核",
            EXPORT_COLUMNS,
            (
                [
                    r["unit_name"],
                    r["name"],
                    r["id_number"],
                    kinds.get(r["training_kind"] or "", ""),
                    "、".join(r["specialties"]),
                    r["submitted_on"],
                    r["status_label"],
                    r["return_reason"] or "",
                ]
                for r in data["rows"]
            ),
        )

    @get("/registrations/{registration_id:int}")
    async def show(self, request: Request[Any, Any, Any], registration_id: FromPath[int]) -> Template:
        return await self._page(request, registration_id)

    async def _page(self, request: Request[Any, Any, Any], registration_id: int, **extra: Any) -> Template:
        user, _ = cdc(request)
        detail = await review_queries.registration_detail(user, registration_id)
        return render(
            request,
            "training/cdc_registration.html",
            nav="c_plans",
            r=detail,
            notice=notice_of(request),
            errors={},
            **extra,
        )

    @get("/registrations/{registration_id:int}/files/{file_id:int}")
    async def file(
        self, request: Request[Any, Any, Any], registration_id: FromPath[int], file_id: FromPath[int]
    ) -> File:
        user, _ = cdc(request)
        return download(
            await review_queries.registration_file(user, registration_id, file_id), settings_of(request)
        )

    @post("/registrations/{registration_id:int}/approve")
    async def approve(
        self, request: Request[Any, Any, Any], registration_id: FromPath[int]
    ) -> Template | Redirect:
        user, _ = cdc(request)
        try:
            await review.approve(user, registration_id)
        except WebError as exc:
            if exc.status == 404:
                raise
            return await self._page(request, registration_id, status=exc.status, message=exc.message)
        return await self._next(user, registration_id, "approved")

    @post("/registrations/{registration_id:int}/return")
    async def return_(
        self, request: Request[Any, Any, Any], registration_id: FromPath[int]
    ) -> Template | Redirect:
        user, _ = cdc(request)
        reason = (await request.form()).get("reason")
        try:
            await review.return_(user, registration_id, reason if isinstance(reason, str) else "")
        except WebError as exc:
            if exc.status == 404:
                raise
            return await self._page(
                request, registration_id, status=exc.status, message=exc.message, errors=exc.errors
            )
        return await self._next(user, registration_id, "returned")

    async def _next(self, user: Any, registration_id: int, notice: str) -> Redirect:
        row = await review.cdc_registration(user, registration_id)
        return redirect(f"/cdc/training/plans/{row['plan']}/registrations", notice)


class ReviewApi(Controller):
    path = "/api/cdc/training"
    guards = (role(*CDC_ROLES), api_csrf)
    tags = ("报名审核（省疾控）",)

    @get("/plans/{plan_id:int}/registrations", summary="培训计划的报名（status、unit 单位名称筛选）")
    async def index(
        self,
        request: Request[Any, Any, Any],
        plan_id: FromPath[int],
        status: FromQuery[str | None] = None,
        unit: FromQuery[str | None] = None,
    ) -> dict[str, Any]:
        user, _ = cdc(request)
        return await review_queries.plan_registrations(user, plan_id, status=status, unit=unit)

    @get("/registrations/{registration_id:int}", summary="一名人员的报名资料与人员信息（报名时的副本）")
    async def show(self, request: Request[Any, Any, Any], registration_id: FromPath[int]) -> dict[str, Any]:
        user, _ = cdc(request)
        return await review_queries.registration_detail(user, registration_id)

    @get("/registrations/{registration_id:int}/files/{file_id:int}", summary="下载报名人员的附件")
    async def file(
        self, request: Request[Any, Any, Any], registration_id: FromPath[int], file_id: FromPath[int]
    ) -> File:
        user, _ = cdc(request)
        return download(
            await review_queries.registration_file(user, registration_id, file_id), settings_of(request)
        )

    @post("/registrations/{registration_id:int}/approve", summary="审核通过（单位收到通知）", status_code=200)
    async def approve(
        self, request: Request[Any, Any, Any], registration_id: FromPath[int]
    ) -> dict[str, str]:
        user, _ = cdc(request)
        await review.approve(user, registration_id)
        return {"status": "approved"}

    @post(
        "/registrations/{registration_id:int}/return",
        summary='退回（{"reason": "…"}，单位收到通知）',
        status_code=200,
    )
    async def return_(
        self, request: Request[Any, Any, Any], registration_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, str]:
        user, _ = cdc(request)
        reason = data.get("reason")
        await review.return_(user, registration_id, reason if isinstance(reason, str) else "")
        return {"status": "returned"}
