"""The JSON API of the report card (source 000 §5.3), ``/api/cards``. It calls
:mod:`.service` (writes) and :mod:`.queries` (reads), as the pages (:mod:`.controllers_pages`)
do; the card's files have their own routes (:mod:`.controllers_files`).

This module deliberately does not use postponed annotations: Litestar reads the handler
signatures at import time.

API (JSON; writes need the X-CSRF-Token header and carry the card's ``version``):

* ``GET /api/cards`` — list; query ``division``, ``client_name``, ``issued_from``,
  ``issued_to``, ``status`` (pending|submitted), ``page``
* ``POST /api/cards`` — create and 暂存 (card input, see :mod:`.forms`) → 201
* ``GET /api/cards/{id}`` — the card, version, sources and findings
* ``PUT /api/cards/{id}`` or ``POST /api/cards/{id}/save`` — change and 暂存
* ``POST /api/cards/{id}/submit`` — 提交 (``{"version"}``, optionally with new content)
* ``POST /api/cards/{id}/withdraw`` — 撤销 (``{"version", "reason"?}``)
* ``POST /api/cards/{id}/delete`` — 删除 a never-submitted draft (``{"version"}``)
* ``GET /api/cards/staff``, ``GET /api/cards/clients?q=``, ``POST /api/cards/clients``,
  ``GET /api/cards/reports?client_id=`` — what may be picked
"""

from typing import Any

from litestar import Controller, Request, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from radrules_webshell.clients import service as clients
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.path_ids import row_id
from radrules_webshell.core.web import settings_of
from radrules_webshell.filings.cards import queries, service
from radrules_webshell.filings.reports.controllers import institution_of


def _outcome(o: service.Outcome) -> dict[str, Any]:
    return {
        "id": o.card_id,
        "version": o.version,
        "status": o.card.status.value,
        "status_label": o.card.status.label,
        "qc_code": o.card.qc_code,
        "filed_on": o.card.filed_on.isoformat() if o.card.filed_on else None,
        "qc_code_withheld": [f.message for f in o.qc_code_withheld],
        "findings": [queries.finding_view(f) for f in (o.check.findings if o.check else ())],
    }


class CardApi(Controller):
    path = "/api/cards"
    guards = [role("institution"), api_csrf]
    tags = ["技术服务信息报送卡"]

    @get("/", summary="报送卡列表（服务单位地区、名称、出具报告日期、状态筛选）")
    async def index(self, request: Request[Any, Any, Any]) -> list[dict[str, Any]]:
        _, inst = institution_of(request)
        return await queries.list_cards(inst, queries.parse_filters(request.query_params))

    @post("/", summary="新建报送卡并暂存", status_code=201)
    async def create(self, request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
        user, inst = institution_of(request)
        return _outcome(await service.save(user, inst, data, province=settings_of(request).province))

    @get("/staff", summary="可选择的参与人员（本机构人员）")
    async def staff(self, request: Request[Any, Any, Any]) -> list[dict[str, Any]]:
        _, inst = institution_of(request)
        return await queries.staff_for_pick(inst)

    @get("/clients", summary="按单位名称或统一社会信用代码查询服务单位")
    async def find_clients(
        self, request: Request[Any, Any, Any], q: FromQuery[str] = ""
    ) -> list[dict[str, Any]]:
        institution_of(request)
        return await clients.search_clients(q)

    @post("/clients", summary="添加服务单位（uscc, name, kind, division_code, …）", status_code=201)
    async def add_client(
        self, request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]
    ) -> dict[str, int]:
        user, _ = institution_of(request)
        return {"id": await clients.create_client(user, data, for_card=True)}

    @get("/reports", summary="可选择的已提交检测报告（医用辐射装置检测、个人剂量监测）")
    async def reports(
        self, request: Request[Any, Any, Any], client_id: FromQuery[int | None] = None
    ) -> list[dict[str, Any]]:
        _, inst = institution_of(request)
        if client_id is not None and row_id(client_id) is None:
            return []
        return await queries.reports_for_pick(inst, client_id)

    @get("/{card_id:int}", summary="查看报送卡（含版本号与检查结果）")
    async def read(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> dict[str, Any]:
        _, inst = institution_of(request)
        return await queries.card_view(inst, card_id)

    @put("/{card_id:int}", summary="修改报送卡并暂存（须带 version）")
    async def replace(
        self, request: Request[Any, Any, Any], card_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user, inst = institution_of(request)
        return _outcome(await service.save(user, inst, data, card_id))

    @post("/{card_id:int}/save", summary="暂存（同 PUT）", status_code=200)
    async def save(
        self, request: Request[Any, Any, Any], card_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user, inst = institution_of(request)
        return _outcome(await service.save(user, inst, data, card_id))

    @post("/{card_id:int}/submit", summary="提交（须带 version；错误阻止提交，警告不阻止）", status_code=200)
    async def submit(
        self, request: Request[Any, Any, Any], card_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user, inst = institution_of(request)
        return _outcome(await service.submit(user, inst, card_id, data))

    @post("/{card_id:int}/withdraw", summary="撤销（须带 version，可带 reason）", status_code=200)
    async def withdraw(
        self, request: Request[Any, Any, Any], card_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user, inst = institution_of(request)
        return _outcome(await service.withdraw(user, inst, card_id, data))

    @post("/{card_id:int}/delete", summary="删除从未提交过的暂存报送卡（须带 version）", status_code=204)
    async def remove(
        self, request: Request[Any, Any, Any], card_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> None:
        user, inst = institution_of(request)
        await service.delete(user, inst, card_id, data)
