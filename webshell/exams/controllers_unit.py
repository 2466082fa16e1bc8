"""The unit's exam page (source 001 表1 第17项): the registrations naming it — confirm the
worker is its own, or refuse — and registering one of its workers itself."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from radrules_webshell.clients.tables import Client
from radrules_webshell.core.errors import Conflict, Invalid
from radrules_webshell.core.guards import role
from radrules_webshell.core.web import redirect, user_of
from radrules_webshell.exams import enrolments, plans
from radrules_webshell.exams.scope import client_of
from radrules_webshell.exams.web import form_dict, page, today


class UnitExamPages(Controller):
    path = "/exams/unit"
    guards = (role("client"),)
    include_in_schema = False

    async def _page(self, request: Request[Any, Any, Any], status: int = 200, **extra: Any) -> Template:
        user = user_of(request)
        unit = await Client.select(Client.division_code).where(Client.id == client_of(user)).first()
        return page(
            request,
            "exams/unit.html",
            status=status,
            nav="exams_unit",
            enrolments=await enrolments.of_unit(user),
            plans=await plans.open_plans(today(), division_code=unit["division_code"] if unit else ""),
            **extra,
        )

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        return await self._page(request)

    @post("/enrol")
    async def enrol(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = await form_dict(request)
        try:
            plan_id = int(form.get("plan_id") or "0")
            await enrolments.enrol_by_unit(user_of(request), plan_id, form, today())
        except ValueError:
            return await self._page(request, status=400, message="请选择培训计划", values=form)
        except (Invalid, Conflict) as exc:
            return await self._page(
                request, status=exc.status, message=exc.message, errors=exc.errors, values=form
            )
        return redirect("/exams/unit?ok=unit_enrolled")

    @post("/enrolments/{enrolment_id:int}/confirm")
    async def confirm(
        self, request: Request[Any, Any, Any], enrolment_id: FromPath[int]
    ) -> Template | Redirect:
        return await self._decide(request, enrolment_id, True)

    @post("/enrolments/{enrolment_id:int}/refuse")
    async def refuse(
        self, request: Request[Any, Any, Any], enrolment_id: FromPath[int]
    ) -> Template | Redirect:
        return await self._decide(request, enrolment_id, False)

    async def _decide(
        self, request: Request[Any, Any, Any], enrolment_id: int, confirm: bool
    ) -> Template | Redirect:
        try:
            await enrolments.decide(user_of(request), enrolment_id, confirm=confirm)
        except Conflict as exc:
            return await self._page(request, status=409, message=exc.message)
        return redirect(f"/exams/unit?ok={'confirmed' if confirm else 'refused'}")
