"""Changing a registered client (委托单位 / 服务的用人单位; source 000 §5.3.4 第四步): the
institution that added it from a card, or the administrator, corrects it — a client added
without an address, or with a wrong kind, would otherwise strand every card that names it.

Pages ``/institution/clients/{id}/edit`` and ``/admin/clients/{id}/edit``; API ``GET|PUT
/api/clients/{id}``. Others read the record (to pick it) but may not change it (403).

This module deliberately does not use postponed annotations: Litestar reads the handler
signatures at import time.
"""

from typing import Any

from litestar import Controller, Request, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.clients import service
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.forms import is_refresh
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.masking import mask_phone
from radrules_webshell.core.principal import Principal
from radrules_webshell.core.web import redirect, render, user_of

#: Where a page may send the user back to after saving (never an outside address).
_BACKS = ("/institution/cards", "/institution/clients", "/admin/clients")


def _back(given: object, default: str) -> str:
    text = str(given or "")
    return text if text.startswith(_BACKS) and "//" not in text and "\\" not in text else default


async def _page(
    request: Request[Any, Any, Any],
    client_id: int,
    *,
    back: str,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Template:
    user = user_of(request)
    row = await service.client_for_edit(user, client_id)
    return render(
        request,
        "client_edit.html",
        status=status,
        nav="a_clients" if user.role == "admin" else "clients",
        client=row,
        spec=service.edit_form(user),
        values=row if values is None else values,
        errors=errors or {},
        action=request.url.path,
        back=back,
        message="填写的信息有误，请按提示修改" if errors else None,
    )


async def _save(request: Request[Any, Any, Any], client_id: int, default_back: str) -> Template | Redirect:
    user = user_of(request)
    form = await request.form()
    spec = service.edit_form(user)
    data = spec.form_values(form)
    back = _back(form.get("back"), default_back)
    if is_refresh(form):
        return await _page(request, client_id, back=back, values=data)
    try:
        await service.update_client(user, client_id, data)
    except Invalid as exc:
        return await _page(request, client_id, back=back, values=data, errors=exc.errors, status=400)
    return redirect(back, "saved")


class InstitutionClientEditPages(Controller):
    path = "/institution/clients"
    guards = [role("institution")]
    include_in_schema = False

    @get("/{client_id:int}/edit")
    async def form(
        self, request: Request[Any, Any, Any], client_id: FromPath[int], back: FromQuery[str] = ""
    ) -> Template:
        return await _page(request, client_id, back=_back(back, f"/institution/clients/{client_id}"))

    @post("/{client_id:int}/edit")
    async def save(self, request: Request[Any, Any, Any], client_id: FromPath[int]) -> Template | Redirect:
        return await _save(request, client_id, f"/institution/clients/{client_id}")


class AdminClientEditPages(Controller):
    path = "/admin/clients"
    guards = [role("admin")]
    include_in_schema = False

    @get("/{client_id:int}/edit")
    async def form(
        self, request: Request[Any, Any, Any], client_id: FromPath[int], back: FromQuery[str] = ""
    ) -> Template:
        return await _page(request, client_id, back=_back(back, "/admin/clients"))

    @post("/{client_id:int}/edit")
    async def save(self, request: Request[Any, Any, Any], client_id: FromPath[int]) -> Template | Redirect:
        return await _save(request, client_id, "/admin/clients")


def _out(user: Principal, row: dict[str, Any]) -> dict[str, Any]:
    editable = service.may_edit(user, row)
    # The record's full phone is for those who keep it; others see it masked, as in lists.
    phone = row["contact_phone"] if editable else mask_phone(row["contact_phone"])
    return {**row, "contact_phone": phone, "editable": editable}


class ClientRegistryApi(Controller):
    path = "/api/clients"
    guards = [role("institution", "admin"), api_csrf]
    tags = ["委托单位"]

    @get("/{client_id:int}", summary="登记的委托单位（editable：本账号可否修改）")
    async def read(self, request: Request[Any, Any, Any], client_id: FromPath[int]) -> dict[str, Any]:
        user = user_of(request)
        return _out(user, await service.client(client_id))

    @put(
        "/{client_id:int}",
        summary="修改登记的委托单位（登记机构或系统管理员；统一社会信用代码不可改）",
    )
    async def update(
        self, request: Request[Any, Any, Any], client_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        user = user_of(request)
        return _out(user, await service.update_client(user, client_id, data))
