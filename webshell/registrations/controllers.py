"""Registration pages and API: apply, query progress, edit a returned application, review."""

import hashlib
import hmac
import time
from typing import Any

import attrs
from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.core.errors import Forbidden, Invalid, WebError
from radrules_webshell.core.forms import is_refresh
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.masking import mask_id_number, mask_phone
from radrules_webshell.core.middleware import client_ip
from radrules_webshell.core.web import redirect, render, settings_of, user_of
from radrules_webshell.registrations import service, states
from radrules_webshell.registrations.forms import ACCOUNT_FORM, FILES, REGISTRATION_FORM, UNIT_FORM, USER_FORM
from radrules_webshell.settings import Settings

EDIT_TOKEN_SECONDS = 3600


def _edit_token(settings: Settings, reg_id: int, expires: int | None = None) -> str:
    expires = expires or int(time.time()) + EDIT_TOKEN_SECONDS
    mac = hmac.new(settings.secret.encode(), f"registration-edit:{reg_id}:{expires}".encode(), hashlib.sha256)
    return f"{reg_id}.{expires}.{mac.hexdigest()}"


def _check_edit_token(settings: Settings, token: str) -> int:
    try:
        reg_id, expires, _ = token.split(".")
        rid, exp = int(reg_id), int(expires)
    except ValueError:
        raise Forbidden("修改链接无效，请重新查询进度并验证账号") from None
    if exp < time.time() or not hmac.compare_digest(_edit_token(settings, rid, exp), token):
        raise Forbidden("修改链接已过期，请重新查询进度并验证账号")
    return rid


def _files(form: Any) -> dict[str, Any]:
    return {key: form.get(key) for key, _ in FILES}


def _form_context(**extra: Any) -> dict[str, Any]:
    return {
        "steps": (
            ("第一步：单位机构信息", UNIT_FORM),
            ("第二步：用户信息", USER_FORM),
            ("第三步：账号信息", ACCOUNT_FORM),
        ),
        "files": FILES,
        **extra,
    }


class RegistrationPages(Controller):
    path = "/register"
    include_in_schema = False

    @get("/")
    async def form(self, request: Request[Any, Any, Any]) -> Template:
        return render(
            request,
            "register.html",
            values={"unit_attribute": "tech_service"},
            errors={},
            **_form_context(action="/register", editing=False),
        )

    @post("/")
    async def submit(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = await request.form()
        data = {
            **REGISTRATION_FORM.form_values(form),
            "password": form.get("password"),
            "password_confirm": form.get("password_confirm"),
        }
        if is_refresh(form):
            return render(
                request,
                "register.html",
                values=data,
                errors={},
                **_form_context(action="/register", editing=False),
            )
        try:
            await service.submit(data, _files(form), settings_of(request), client_ip(request.scope))
        except Invalid as exc:
            return render(
                request,
                "register.html",
                status=400,
                values=data,
                errors=exc.errors,
                message=exc.message,
                **_form_context(action="/register", editing=False),
            )
        return Redirect(f"/register/progress?uscc={data.get('uscc', '')}&notice=registered", status_code=303)

    @get("/progress")
    async def progress(self, request: Request[Any, Any, Any], uscc: FromQuery[str | None] = None) -> Template:
        result = None
        message = None
        if uscc:
            try:
                result = await service.progress(uscc, settings_of(request))
            except WebError as exc:
                message = exc.message
        return render(request, "progress.html", uscc=uscc or "", result=result, message=message)

    @post("/edit/open")
    async def open_edit(self, request: Request[Any, Any, Any]) -> Template:
        form = await request.form()
        uscc = str(form.get("uscc") or "")
        try:
            row = await service.authenticate_applicant(
                uscc,
                str(form.get("login") or ""),
                str(form.get("password") or ""),
                settings_of(request),
                client_ip(request.scope),
            )
        except WebError as exc:
            return render(
                request,
                "progress.html",
                status=exc.status,
                uscc=uscc,
                result=await _maybe_progress(request, uscc),
                message=exc.message,
            )
        values = {k: row[k] for k in REGISTRATION_FORM.names}
        return render(
            request,
            "register.html",
            values=values,
            errors={},
            return_reason=row["return_reason"],
            **_form_context(
                action="/register/edit", editing=True, edit_token=_edit_token(settings_of(request), row["id"])
            ),
        )

    @post("/edit")
    async def resubmit(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = await request.form()
        settings = settings_of(request)
        token = str(form.get("edit_token") or "")
        reg_id = _check_edit_token(settings, token)
        data = {
            **REGISTRATION_FORM.form_values(form),
            "password": form.get("password"),
            "password_confirm": form.get("password_confirm"),
        }
        if is_refresh(form):
            row = await service.get(reg_id)
            return render(
                request,
                "register.html",
                values=data,
                errors={},
                return_reason=row["return_reason"],
                **_form_context(action="/register/edit", editing=True, edit_token=token),
            )
        try:
            await service.resubmit(reg_id, data, _files(form), settings, client_ip(request.scope))
        except Invalid as exc:
            row = await service.get(reg_id)
            return render(
                request,
                "register.html",
                status=400,
                values=data,
                errors=exc.errors,
                message=exc.message,
                return_reason=row["return_reason"],
                **_form_context(action="/register/edit", editing=True, edit_token=token),
            )
        return Redirect(f"/register/progress?uscc={data.get('uscc', '')}&notice=resubmitted", status_code=303)


async def _maybe_progress(request: Request[Any, Any, Any], uscc: FromQuery[str]) -> Any:
    try:
        return await service.progress(uscc, settings_of(request))
    except WebError:
        return None


def listed(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "uscc": row["uscc"],
        "name": row["name"],
        "division_code": row["division_code"],
        "status": row["status"],
        "status_label": states.label(row["status"]),
        "submitted_at": row["submitted_at"],
        "applicant_name": row["applicant_name"],
        "applicant_mobile": mask_phone(row["applicant_mobile"]),
    }


def detail(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "password_hash"} | {
        "status_label": states.label(row["status"])
    }


class ReviewRegistrationPages(Controller):
    path = "/review/registrations"
    guards = [role("reviewer", "admin")]
    include_in_schema = False

    @get("/")
    async def index(
        self, request: Request[Any, Any, Any], status: FromQuery[str | None] = "submitted"
    ) -> Template:
        rows = [listed(r) for r in await service.list_for_review(status or None)]
        return render(
            request, "review/registrations.html", rows=rows, status_filter=status or "", nav="review"
        )

    @get("/{registration_id:int}")
    async def show(self, request: Request[Any, Any, Any], registration_id: FromPath[int]) -> Template:
        row = detail(await service.get(registration_id))
        return render(request, "review/registration.html", row=row, errors={}, nav="review")

    @post("/{registration_id:int}/approve")
    async def approve(self, request: Request[Any, Any, Any], registration_id: FromPath[int]) -> Redirect:
        await service.approve(user_of(request), registration_id)
        return redirect(f"/review/registrations/{registration_id}", "approved")

    @post("/{registration_id:int}/return")
    async def return_(
        self, request: Request[Any, Any, Any], registration_id: FromPath[int]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            await service.return_(user_of(request), registration_id, str(form.get("reason") or ""))
        except Invalid as exc:
            row = detail(await service.get(registration_id))
            return render(
                request, "review/registration.html", status=400, row=row, errors=exc.errors, nav="review"
            )
        return redirect(f"/review/registrations/{registration_id}", "returned")


@attrs.define
class ProgressOut:
    uscc: str
    name: str
    status: str
    status_label: str
    return_reason: str | None
    reviewing_body: str | None
    reviewing_phone: str | None


@attrs.define
class ReasonIn:
    reason: str


class RegistrationApi(Controller):
    path = "/api/registrations"
    tags = ["注册"]

    @post(
        "/",
        summary="提交注册申请（multipart/form-data）",
        status_code=201,
        description="字段："
        + "、".join(f"`{f.name}`（{f.label}）" for f in REGISTRATION_FORM)
        + "、`password`；文件：`certificate`（资质证书）、`commitment`（承诺书），图片或PDF。",
    )
    async def submit(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        form = await request.form()
        data = {**REGISTRATION_FORM.form_values(form), "password": form.get("password")}
        reg_id = await service.submit(data, _files(form), settings_of(request), client_ip(request.scope))
        return {"id": reg_id, "status": "submitted"}

    @get("/progress", summary="按社会信用代码查询审核进度")
    async def progress(self, request: Request[Any, Any, Any], uscc: FromQuery[str]) -> ProgressOut:
        p = await service.progress(uscc, settings_of(request))
        return ProgressOut(
            uscc=p.uscc,
            name=p.name,
            status=p.status,
            status_label=p.status_label,
            return_reason=p.return_reason,
            reviewing_body=p.reviewing_body,
            reviewing_phone=p.reviewing_phone,
        )

    @post(
        "/resubmit",
        summary="修改被退回的申请并重新提交（multipart/form-data）",
        status_code=200,
        description="另加 `auth_login`、`auth_password`（申请时的账号和密码）；文件可不传（保留原文件）；`password` 选填（修改密码）。",
    )
    async def resubmit(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        form = await request.form()
        row = await service.authenticate_applicant(
            str(form.get("uscc") or ""),
            str(form.get("auth_login") or ""),
            str(form.get("auth_password") or ""),
            settings_of(request),
            client_ip(request.scope),
        )
        data = {**REGISTRATION_FORM.form_values(form), "password": form.get("password")}
        await service.resubmit(row["id"], data, _files(form), settings_of(request), client_ip(request.scope))
        return {"id": row["id"], "status": "submitted"}


class ReviewRegistrationApi(Controller):
    path = "/api/review/registrations"
    guards = [role("reviewer", "admin"), api_csrf]
    tags = ["审核"]

    @get("/", summary="注册申请列表")
    async def index(self, status: FromQuery[str | None] = None) -> list[dict[str, Any]]:
        return [listed(r) for r in await service.list_for_review(status)]

    @get("/{registration_id:int}", summary="注册申请详情")
    async def show(self, registration_id: FromPath[int]) -> dict[str, Any]:
        row = detail(await service.get(registration_id))
        row["applicant_id_number"] = mask_id_number(row["applicant_id_number"])
        return row

    @post("/{registration_id:int}/approve", summary="审核通过（创建机构和账号）", status_code=200)
    async def approve(
        self, request: Request[Any, Any, Any], registration_id: FromPath[int]
    ) -> dict[str, Any]:
        institution_id = await service.approve(user_of(request), registration_id)
        return {"status": "approved", "institution_id": institution_id}

    @post("/{registration_id:int}/return", summary="退回（须填写原因）", status_code=200)
    async def return_(
        self, request: Request[Any, Any, Any], registration_id: FromPath[int], data: JSONBody[ReasonIn]
    ) -> dict[str, Any]:
        await service.return_(user_of(request), registration_id, data.reason)
        return {"status": "returned"}
