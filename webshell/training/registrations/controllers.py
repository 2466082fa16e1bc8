"""JSON API of 集体报名 (source 002 §4.4) for the unit: the plan's page, 添加, 报名信息, 报名,
取消报名, 删除 — ``/api/training/plans/{plan_id}…`` and ``/api/training/registrations/{id}…``.

Bodies of ``PUT /api/training/registrations/{id}``: ``needs_credit_certificate`` (bool),
``training_kind`` (``initial``|``refresher``), ``accommodation`` (``single_room``|
``double_room``|``none``), ``specialties`` (names), ``recipient`` (``name``, ``phone``,
``postcode``, ``address``), optionally ``version``. A refused 报名 answers 422 with
``errors`` by field (paths within the registration, ``specialties``, ``recipient.phone``,
``person.resume.title``) and ``findings``.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.path_ids import row_id
from radrules_webshell.training.registrations import forms, queries, service
from radrules_webshell.training.shared.scope import unit_plan
from radrules_webshell.training.shared.web import unit


def _version(data: dict[str, Any]) -> int | None:
    value = data.get("version")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


async def _registration(inst: int, registration_id: int) -> dict[str, Any]:
    row = await service.reg_row(inst, registration_id)
    page = await queries.plan_page(inst, row["plan"])
    found: dict[str, Any] = next(r for r in page["registrations"] if r["id"] == registration_id)
    return found


class RegistrationApi(Controller):
    path = "/api/training"
    guards = (role("institution"), api_csrf)
    tags = ("集体报名",)

    @get("/plans/{plan_id:int}", summary="报名页：培训计划（只读）、本单位报名人员及其检查结果（红色提醒）")
    async def plan(self, request: Request[Any, Any, Any], plan_id: FromPath[int]) -> dict[str, Any]:
        _, inst = unit(request)
        return await queries.plan_page(inst, plan_id)

    @get("/plans/{plan_id:int}/candidates", summary="可添加的本单位在职人员（姓名模糊查询）")
    async def candidates(
        self, request: Request[Any, Any, Any], plan_id: FromPath[int], name: FromQuery[str | None] = None
    ) -> list[dict[str, Any]]:
        _, inst = unit(request)
        return await queries.candidates(inst, plan_id, name)

    @post(
        "/plans/{plan_id:int}/registrations",
        summary='添加报名人员（{"person_ids": [...]}，未报名）',
        status_code=201,
    )
    async def add(
        self, request: Request[Any, Any, Any], plan_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user, inst = unit(request)
        await unit_plan(inst, plan_id)  # another province's plan: 404 before reading the body
        ids = data.get("person_ids")
        if not isinstance(ids, list) or any(row_id(i) is None for i in ids):
            raise Invalid(errors={"person_ids": "应为人员编号（正整数）的列表"})
        return {"ids": await service.add(user, inst, plan_id, ids)}

    @get("/registrations/{registration_id:int}", summary="一名人员的报名资料")
    async def show(self, request: Request[Any, Any, Any], registration_id: FromPath[int]) -> dict[str, Any]:
        _, inst = unit(request)
        return await _registration(inst, registration_id)

    @put("/registrations/{registration_id:int}", summary="保存报名信息和收件人信息（未报名、已退回时）")
    async def save(
        self, request: Request[Any, Any, Any], registration_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user, inst = unit(request)
        await service.reg_row(inst, registration_id)
        await service.save_info(user, inst, registration_id, forms.parse(data, form=False), _version(data))
        return await _registration(inst, registration_id)

    @post(
        "/registrations/{registration_id:int}/submit",
        summary="报名（可带报名信息一并保存；错误阻止报名并返回 422，红色提醒作为 warnings 返回）",
        status_code=200,
    )
    async def submit(self, request: Request[Any, Any, Any], registration_id: FromPath[int]) -> dict[str, Any]:
        user, inst = unit(request)
        await service.reg_row(inst, registration_id)
        body = await request.body()
        if body.strip():
            data = await request.json()
            if not isinstance(data, dict):
                raise Invalid("请求体应为 JSON 对象")
            if set(data) - {"version"}:
                await service.save_info(
                    user, inst, registration_id, forms.parse(data, form=False), _version(data)
                )
        warnings = await service.submit(user, inst, registration_id)
        return {"status": "registered", "warnings": warnings}

    @post("/registrations/{registration_id:int}/cancel", summary="取消报名（审核前）", status_code=200)
    async def cancel(self, request: Request[Any, Any, Any], registration_id: FromPath[int]) -> dict[str, str]:
        user, inst = unit(request)
        await service.cancel(user, inst, registration_id)
        return {"status": "not_registered"}

    @delete("/registrations/{registration_id:int}", summary="删除（未报名、已退回时）", status_code=204)
    async def remove(self, request: Request[Any, Any, Any], registration_id: FromPath[int]) -> None:
        user, inst = unit(request)
        await service.remove(user, inst, registration_id)
