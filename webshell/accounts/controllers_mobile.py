"""个人设置 — 修改手机号 (source 002 §2.4): the page and ``/api/me/mobile`` routes.

Each acts on the logged-in account only (no path parameter: there is no other account to
reach). The code button asks for the picture check first (§7 问题九).
"""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Controller, Request, get, post
from litestar.params import JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.accounts import captcha, mobile
from radrules_webshell.accounts.services import AccountError
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.guards import api_csrf, logged_in
from radrules_webshell.core.masking import mask_phone
from radrules_webshell.core.web import redirect, render, settings_of, user_of
from radrules_webshell.notifications.codes import CodeSent


async def _page(
    request: Request[Any, Any, Any],
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    sent: CodeSent | None = None,
) -> Template:
    current = await mobile.current_mobile(user_of(request))
    return render(
        request,
        "account_mobile.html",
        status=status,
        current=mask_phone(current) if current else None,
        challenge=await captcha.create(settings_of(request)),
        errors=errors or {},
        values=values or {},
        sent=sent,
        message="填写的信息有误，请按提示修改" if errors else None,
    )


class MobilePages(Controller):
    path = "/account/mobile"
    guards = [logged_in]
    include_in_schema = False

    @get("/")
    async def form(self, request: Request[Any, Any, Any]) -> Template:
        return await _page(request)

    @post("/code")
    async def send_code(self, request: Request[Any, Any, Any]) -> Template:
        form = await request.form()
        values = {"mobile": str(form.get("mobile") or "").strip()[:20]}
        try:
            sent = await mobile.send_code(
                user_of(request),
                values["mobile"],
                str(form.get("challenge") or ""),
                str(form.get("captcha") or ""),
                settings_of(request),
            )
        except AccountError as exc:
            return await _page(request, status=400, errors=exc.errors, values=values)
        return await _page(request, values=values, sent=sent)

    @post("/")
    async def confirm(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = await request.form()
        values = {"mobile": str(form.get("mobile") or "").strip()[:20]}
        try:
            await mobile.confirm(
                user_of(request),
                values["mobile"],
                str(form.get("code") or ""),
                str(form.get("password") or ""),
                settings_of(request),
            )
        except AccountError as exc:
            return await _page(request, status=400, errors=exc.errors, values=values)
        return redirect("/account/mobile", "mobile_changed")


@attrs.define
class MobileOut:
    mobile: str | None


@attrs.define
class CodeIn:
    mobile: str
    #: The picture check: ``token`` of ``POST /api/auth/challenge`` and the typed answer.
    challenge: str
    answer: str


@attrs.define
class CodeOut:
    mobile: str
    expires_at: str
    resend_after: str


@attrs.define
class MobileIn:
    mobile: str
    code: str
    password: str


class MobileApi(Controller):
    path = "/api/me/mobile"
    tags = ["账号"]
    guards = [logged_in]

    @get("/", summary="本账号的手机号（部分隐藏）")
    async def show(self, request: Request[Any, Any, Any]) -> MobileOut:
        current = await mobile.current_mobile(user_of(request))
        return MobileOut(mobile=mask_phone(current) if current else None)

    @post(
        "/code",
        summary="修改手机号：图片验证后向新手机号发送验证码",
        status_code=202,
        guards=[api_csrf],
    )
    async def send_code(self, request: Request[Any, Any, Any], data: JSONBody[CodeIn]) -> CodeOut:
        try:
            sent = await mobile.send_code(
                user_of(request), data.mobile, data.challenge, data.answer, settings_of(request)
            )
        except AccountError as exc:
            raise Invalid(errors=exc.errors) from None
        return CodeOut(
            mobile=mask_phone(sent.mobile),
            expires_at=sent.expires_at.isoformat(),
            resend_after=sent.resend_after.isoformat(),
        )

    @post("/", summary="修改手机号：新手机号收到的验证码与登录密码", status_code=204, guards=[api_csrf])
    async def confirm(self, request: Request[Any, Any, Any], data: JSONBody[MobileIn]) -> None:
        try:
            await mobile.confirm(
                user_of(request), data.mobile, data.code, data.password, settings_of(request)
            )
        except AccountError as exc:
            raise Invalid(errors=exc.errors) from None


__all__ = ["MobileApi", "MobilePages"]
