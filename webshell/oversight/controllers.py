"""Read-only pages and API for regulators, the reviewer and the administrator."""

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template
from radrules_webshell.core.guards import role
from radrules_webshell.core.web import render, user_of
from radrules_webshell.oversight import service

ROLES = ("regulator", "reviewer", "admin")


class OversightPages(Controller):
    path = "/oversight"
    guards = [role(*ROLES)]
    include_in_schema = False

    @get("/institutions")
    async def institutions(self, request: Request[Any, Any, Any]) -> Template:
        rows = await service.institutions(user_of(request))
        return render(request, "oversight/institutions.html", nav="o_institutions", rows=rows)

    @get("/institutions/{institution_id:int}")
    async def institution(self, request: Request[Any, Any, Any], institution_id: FromPath[int]) -> Template:
        row = await service.institution_detail(user_of(request), institution_id)
        return render(request, "oversight/institution.html", nav="o_institutions", row=row)

    @get("/clients")
    async def clients(self, request: Request[Any, Any, Any]) -> Template:
        rows = await service.clients(user_of(request))
        return render(request, "oversight/clients.html", nav="o_clients", rows=rows)

    @get("/clients/{client_id:int}")
    async def client(self, request: Request[Any, Any, Any], client_id: FromPath[int]) -> Template:
        detail = await service.client_detail(user_of(request), client_id)
        return render(request, "oversight/client.html", nav="o_clients", **detail)


class OversightApi(Controller):
    path = "/api/oversight"
    guards = [role(*ROLES)]
    tags = ["监管查询"]

    @get("/institutions", summary="辖区内的技术服务机构（按行政区划代码前缀）")
    async def institutions(self, request: Request[Any, Any, Any]) -> list[dict[str, Any]]:
        return await service.institutions(user_of(request))

    @get("/institutions/{institution_id:int}", summary="技术服务机构详情")
    async def institution(
        self, request: Request[Any, Any, Any], institution_id: FromPath[int]
    ) -> dict[str, Any]:
        return await service.institution_detail(user_of(request), institution_id)

    @get("/clients", summary="辖区内的放射诊疗单位")
    async def clients(self, request: Request[Any, Any, Any]) -> list[dict[str, Any]]:
        return await service.clients(user_of(request))

    @get("/clients/{client_id:int}", summary="放射诊疗单位的设备和放射工作人员（身份证号已遮蔽）")
    async def client(self, request: Request[Any, Any, Any], client_id: FromPath[int]) -> dict[str, Any]:
        return await service.client_detail(user_of(request), client_id)
