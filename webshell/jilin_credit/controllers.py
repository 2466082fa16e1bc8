"""Pages and API of Jilin's credit warning and blacklist (source 003 第六条).

``/credit/blacklist`` (and ``/api/credit/blacklist``) is the published list, for everyone;
``/oversight/credit`` the regulators' records and entries; ``/institution/credit`` an
institution's own.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.core.errors import NotFound, WebError
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import redirect, render, user_of

from . import queries, service

BASE = "/oversight/credit"
ACTIONS = {"approve": "credit_approved", "publish": "credit_published", "remove": "credit_removed"}


async def _form(request: Request[Any, Any, Any]) -> dict[str, Any]:
    form = await request.form()
    data: dict[str, Any] = dict(form)
    data["record_ids"] = form.getall("record_ids") if "record_ids" in form else []
    data["channels"] = form.getall("channels") if "channels" in form else []
    return data


class CreditPublicPages(Controller):
    path = "/credit"
    include_in_schema = False

    @get("/blacklist")
    async def blacklist(self, request: Request[Any, Any, Any]) -> Template:
        return render(request, "credit/blacklist.html", nav="portal", rows=await queries.published())


class CreditPublicApi(Controller):
    path = "/api/credit"
    tags = ("信用预警（公开）",)

    @get("/blacklist", summary="已公布的放射卫生技术服务机构黑名单（吉林，第六条；无须登录）")
    async def blacklist(self) -> list[dict[str, Any]]:
        return await queries.published()


class CreditOversightPages(Controller):
    path = BASE
    guards = (role("regulator", "admin"),)
    include_in_schema = False

    async def _index(
        self,
        request: Request[Any, Any, Any],
        values: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
        status: int = 200,
        message: str | None = None,
    ) -> Template:
        lists = await queries.regulator_lists(user_of(request))
        return render(
            request,
            "credit/oversight.html",
            status=status,
            nav="o_credit",
            **lists,
            vocab=queries.vocabulary(),
            values=values or {},
            errors=errors or {},
            message=message,
        )

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        return await self._index(request)

    @post("/records")
    async def record(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        data = await _form(request)
        try:
            await service.record(user_of(request), service.parse_record(data))
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            return await self._index(request, data, exc.errors, exc.status, exc.message)
        return redirect(BASE, "credit_recorded")

    @get("/records/{record_id:int}")
    async def show_record(self, request: Request[Any, Any, Any], record_id: FromPath[int]) -> Template:
        row = await queries.record_detail(user_of(request), record_id)
        return render(request, "credit/record.html", nav="o_credit", record=row)

    @post("/entries")
    async def propose(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        data = await _form(request)
        try:
            entry_id = await service.propose(user_of(request), data)
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            return await self._index(request, data, exc.errors, exc.status, exc.message)
        return redirect(f"{BASE}/entries/{entry_id}", "credit_proposed")

    async def _entry(
        self, request: Request[Any, Any, Any], entry_id: int, status: int = 200, message: str | None = None
    ) -> Template:
        row = await queries.entry_detail(user_of(request), entry_id)
        return render(
            request,
            "credit/entry.html",
            status=status,
            nav="o_credit",
            entry=row,
            vocab=queries.vocabulary(),
            message=message,
        )

    @get("/entries/{entry_id:int}")
    async def show_entry(self, request: Request[Any, Any, Any], entry_id: FromPath[int]) -> Template:
        return await self._entry(request, entry_id)

    @post("/entries/{entry_id:int}/{action:str}")
    async def move(
        self, request: Request[Any, Any, Any], entry_id: FromPath[int], action: FromPath[str]
    ) -> Template | Redirect:
        if action not in ACTIONS:
            raise NotFound()
        user = user_of(request)
        await queries.entry_detail(user, entry_id)
        try:
            await service.transition(user, entry_id, action, await _form(request))
        except WebError as exc:
            if exc.status in (403, 404):
                raise
            return await self._entry(request, entry_id, exc.status, exc.message)
        return redirect(f"{BASE}/entries/{entry_id}", ACTIONS[action])


class CreditOversightApi(Controller):
    path = "/api/oversight/credit"
    guards = (role("regulator", "admin"), api_csrf)
    tags = ("信用预警与黑名单（吉林，第六条）",)

    @get("/", summary="本辖区的信用记录和黑名单条目")
    async def index(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        return await queries.regulator_lists(user_of(request))

    @get("/vocabulary", summary="第六条所列行为、失信程度、公布渠道")
    async def vocabulary(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        service.regulator_prefix(user_of(request))
        return queries.vocabulary()

    @post(
        "/records",
        summary="记录一条行为：institution_uscc、behaviour、observed_on、description、evidence（列表）",
        status_code=201,
    )
    async def record(self, request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
        user = user_of(request)
        record_id = await service.record(user, service.parse_record(data))
        return await queries.record_detail(user, record_id)

    @get("/records/{record_id:int}", summary="一条信用记录")
    async def show_record(self, request: Request[Any, Any, Any], record_id: FromPath[int]) -> dict[str, Any]:
        return await queries.record_detail(user_of(request), record_id)

    @post("/entries", summary="拟纳入黑名单：record_ids（同一机构）、level", status_code=201)
    async def propose(
        self, request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user = user_of(request)
        entry_id = await service.propose(user, data)
        return await queries.entry_detail(user, entry_id)

    @get("/entries/{entry_id:int}", summary="黑名单条目及其记录和状态历史")
    async def show_entry(self, request: Request[Any, Any, Any], entry_id: FromPath[int]) -> dict[str, Any]:
        return await queries.entry_detail(user_of(request), entry_id)

    @post(
        "/entries/{entry_id:int}/{action:str}",
        summary="approve（审定）、publish（公布，channels）、remove（移出，reason）；可带 version",
        status_code=200,
    )
    async def move(
        self,
        request: Request[Any, Any, Any],
        entry_id: FromPath[int],
        action: FromPath[str],
        data: JSONBody[dict[str, Any]],
    ) -> dict[str, Any]:
        if action not in ACTIONS:
            raise NotFound()
        user = user_of(request)
        await queries.entry_detail(user, entry_id)
        await service.transition(user, entry_id, action, data)
        return await queries.entry_detail(user, entry_id)


class CreditInstitutionPages(Controller):
    path = "/institution/credit"
    guards = (role("institution"),)
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        return render(request, "credit/own.html", nav="credit", **await queries.own(user_of(request)))


class CreditInstitutionApi(Controller):
    path = "/api/institution/credit"
    guards = (role("institution"), api_csrf)
    tags = ("信用预警与黑名单（吉林，第六条）",)

    @get("/", summary="本机构的信用记录和黑名单条目")
    async def index(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        return await queries.own(user_of(request))


CREDIT_CONTROLLERS: list[type[Controller]] = [
    CreditPublicPages,
    CreditPublicApi,
    CreditOversightPages,
    CreditOversightApi,
    CreditInstitutionPages,
    CreditInstitutionApi,
]
