"""An organisation's API tokens: the page ``/tokens`` and the JSON API ``/api/tokens``
(source 001 module 13 标准接口; docs/api-tokens.md). Only a session may manage tokens; the
secret is shown once, on the answer that made it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs
from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import redirect, render, user_of
from radrules_webshell.gateway import service
from radrules_webshell.gateway.permissions import PERMISSIONS, allowed_for

#: Regulators make tokens too: another health system pulls the registers of their division.
ORG_ROLES = role("institution", "client", "regulator")


@attrs.define
class TokenIn:
    name: str
    permissions: list[str]
    #: Days until it expires (1–366).
    days: int = 90


@attrs.frozen(kw_only=True)
class TokenOut:
    id: int
    name: str
    prefix: str
    permissions: list[str]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


@attrs.frozen(kw_only=True)
class NewTokenOut(TokenOut):
    #: The secret: shown this once, never again (only its hash is kept).
    token: str


def _out(row: dict[str, Any]) -> TokenOut:
    return TokenOut(**{k: row[k] for k in attrs.fields_dict(TokenOut)})


class TokenApi(Controller):
    path = "/api/tokens"
    tags = ["API 令牌"]
    guards = [ORG_ROLES, api_csrf]

    @get("/", summary="本单位的 API 令牌（不含令牌本身）")
    async def listed(self, request: Request[Any, Any, Any]) -> list[TokenOut]:
        return [_out(r) for r in await service.listed(user_of(request))]

    @post("/", summary="创建 API 令牌（令牌只在此应答中显示一次）", status_code=201)
    async def create(self, request: Request[Any, Any, Any], data: JSONBody[TokenIn]) -> NewTokenOut:
        if len(data.permissions) > len(PERMISSIONS):
            raise Invalid(errors={"permissions": "权限过多"})
        row = await service.create(
            user_of(request), name=data.name, permissions=data.permissions, days=data.days
        )
        return NewTokenOut(**{k: row[k] for k in attrs.fields_dict(NewTokenOut)})

    @post("/{token_id:int}/revoke", summary="吊销 API 令牌", status_code=204)
    async def revoke(self, request: Request[Any, Any, Any], token_id: FromPath[int]) -> None:
        await service.revoke(user_of(request), token_id)


class TokenPages(Controller):
    path = "/tokens"
    include_in_schema = False
    guards = [ORG_ROLES]

    def _page(self, request: Request[Any, Any, Any], rows: list[dict[str, Any]], **context: Any) -> Template:
        user = user_of(request)
        choices = [(name, PERMISSIONS[name][0]) for name in allowed_for(user.role)]
        context.setdefault("errors", {})
        return render(request, "tokens.html", tokens=rows, choices=choices, **context)

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        return self._page(request, await service.listed(user_of(request)))

    @post("/")
    async def create(self, request: Request[Any, Any, Any]) -> Template:
        user = user_of(request)
        form = await request.form()
        days_text = str(form.get("days") or "90")
        try:
            days = int(days_text) if days_text.isascii() and days_text.isdigit() else 0
            made = await service.create(
                user,
                name=str(form.get("name") or ""),
                permissions=[str(p) for p in form.getall("permissions", [])][: len(PERMISSIONS) + 1],
                days=days,
            )
        except Invalid as exc:
            rows = await service.listed(user)
            return self._page(request, rows, status=400, errors=exc.errors, form=dict(form))
        return self._page(request, await service.listed(user), made=made, status=201)

    @post("/{token_id:int}/revoke")
    async def revoke(self, request: Request[Any, Any, Any], token_id: FromPath[int]) -> Redirect:
        await service.revoke(user_of(request), token_id)
        return redirect("/tokens/", "saved")
