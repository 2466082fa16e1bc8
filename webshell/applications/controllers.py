"""Pages and ``/api`` routes of account applications and account validity (source 002 §2.1).

The application form and 查询进度 are public (a unit without an account applies); review and
validity are the reviewer's (疾控, scoped to its division prefix by the service) and the
administrator's.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.applications import service
from radrules_webshell.applications.forms import APPLICATION_FORM, LABELS, STEPS
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Invalid, WebError
from radrules_webshell.core.forms import is_refresh
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.masking import mask_id_number, mask_phone
from radrules_webshell.core.middleware import client_ip
from radrules_webshell.core.web import redirect, render, user_of

STATUS_LABELS = {"submitted": "待审核", "returned": "已退回", "approved": "审核通过"}


def shown(row: dict[str, Any], *, full: bool = False) -> dict[str, Any]:
    """An application as the reviewer sees it: labels added; ID and mobile masked in lists."""
    out = dict(row)
    roles = json.loads(row.get("roles") or "[]")
    out["roles"] = roles
    out["role_labels"] = [LABELS["roles"].get(r, r) for r in roles]
    out["unit_kind_label"] = LABELS["unit_kind"].get(row.get("unit_kind") or "", row.get("unit_kind"))
    out["purpose_label"] = LABELS["purpose"].get(row.get("purpose") or "", row.get("purpose"))
    out["status_label"] = STATUS_LABELS.get(row.get("status") or "", row.get("status"))
    if not full:
        out["applicant_mobile"] = mask_phone(row.get("applicant_mobile"))
    out["applicant_id_number"] = mask_id_number(row.get("applicant_id_number"))
    return out


def _form(
    request: Request[Any, Any, Any], values: dict[str, Any], errors: dict[str, str], status: int = 200
) -> Template:
    return render(
        request,
        "applications/form.html",
        status=status,
        steps=STEPS,
        values=values,
        errors=errors,
        message="填写的信息有误，请按提示修改" if errors else None,
    )


class ApplicationPages(Controller):
    path = "/account-applications"
    include_in_schema = False

    @get("/new")
    async def form(self, request: Request[Any, Any, Any]) -> Template:
        return _form(request, {"validity_years": "3", "valid_from": clock.today().isoformat()}, {})

    @post("/new")
    async def submit(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = await request.form()
        data = APPLICATION_FORM.form_values(form)
        if is_refresh(form):
            return _form(request, data, {})
        try:
            _, number = await service.submit(data, client_ip(request.scope))
        except Invalid as exc:
            return _form(request, data, exc.errors, status=400)
        return Redirect(
            f"/account-applications/progress?number={number}&uscc={data.get('uscc', '')}&notice=applied",
            status_code=303,
        )

    @get("/progress")
    async def progress(
        self,
        request: Request[Any, Any, Any],
        number: FromQuery[str | None] = None,
        uscc: FromQuery[str | None] = None,
    ) -> Template:
        result, message = None, None
        if number and uscc:
            try:
                result = await service.progress(number, uscc)
                result["status_label"] = STATUS_LABELS.get(result["status"], result["status"])
            except WebError as exc:
                message = exc.message
        return render(
            request,
            "applications/progress.html",
            result=result,
            number=number or "",
            uscc=uscc or "",
            message=message,
        )


class ReviewApplicationPages(Controller):
    path = "/review/account-applications"
    guards = [role("reviewer", "admin")]
    include_in_schema = False

    @get("/")
    async def index(
        self, request: Request[Any, Any, Any], status: FromQuery[str | None] = "submitted"
    ) -> Template:
        rows = [shown(r) for r in await service.list_for_review(user_of(request), status or None)]
        return render(
            request, "review/account_applications.html", rows=rows, status_filter=status or "", nav="review"
        )

    @get("/{application_id:int}")
    async def show(self, request: Request[Any, Any, Any], application_id: FromPath[int]) -> Template:
        row = shown(await service.get_for_review(user_of(request), application_id), full=True)
        return render(
            request, "review/account_application.html", row=row, errors={}, nav="review", initial=None
        )

    @post("/{application_id:int}/approve")
    async def approve(self, request: Request[Any, Any, Any], application_id: FromPath[int]) -> Template:
        _, initial = await service.approve(user_of(request), application_id)
        row = shown(await service.get_for_review(user_of(request), application_id), full=True)
        # the initial password is shown this once, to be told to the applicant
        return render(
            request, "review/account_application.html", row=row, errors={}, nav="review", initial=initial
        )

    @post("/{application_id:int}/return")
    async def return_(
        self, request: Request[Any, Any, Any], application_id: FromPath[int]
    ) -> Template | Redirect:
        form = await request.form()
        try:
            await service.return_(user_of(request), application_id, str(form.get("reason") or ""))
        except Invalid as exc:
            row = shown(await service.get_for_review(user_of(request), application_id), full=True)
            return render(
                request,
                "review/account_application.html",
                status=400,
                row=row,
                errors=exc.errors,
                nav="review",
                initial=None,
            )
        return redirect(f"/review/account-applications/{application_id}", "returned")


class ReviewAccountPages(Controller):
    path = "/review/accounts"
    guards = [role("reviewer", "admin")]
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        rows = await service.accounts_for_review(user_of(request))
        return render(request, "review/accounts.html", rows=rows, nav="review", errors={})

    @post("/{account_id:int}/extend")
    async def extend(self, request: Request[Any, Any, Any], account_id: FromPath[int]) -> Template | Redirect:
        form = await request.form()
        try:
            years = int(str(form.get("years") or "0"))
        except ValueError:
            years = 0
        try:
            await service.extend(user_of(request), account_id, years)
        except Invalid as exc:
            rows = await service.accounts_for_review(user_of(request))
            return render(
                request, "review/accounts.html", status=400, rows=rows, nav="review", errors=exc.errors
            )
        return redirect("/review/accounts", "extended")


# -- JSON API ---------------------------------------------------------------------------------


@attrs.define
class SubmittedOut:
    id: int
    number: str
    status: str


@attrs.define
class ProgressOut:
    number: str
    unit_name: str
    status: str
    status_label: str
    return_reason: str | None
    login: str
    valid_to: str
    reviewing_body: str | None


@attrs.define
class ReasonIn:
    reason: str = ""  # required: the service says so beside the field, after the scope check


@attrs.define
class ApprovedOut:
    status: str
    account_id: int
    login: str
    #: Shown this once: the reviewer tells it to the applicant; it must be changed at first login.
    initial_password: str


@attrs.define
class ExtendIn:
    #: 1, 2 or 3 (source 002 §2.1 3 “账号有效期建议1-3年”); checked after the scope
    years: int = 0


@attrs.define
class ExtendOut:
    account_id: int
    valid_until: str


class ApplicationApi(Controller):
    path = "/api/account-applications"
    tags = ["账号申请"]

    @post(
        "/",
        summary="提交账号申请（用户申请表，无需登录）",
        status_code=201,
        description="JSON 字段："
        + "、".join(f"`{f.name}`（{f.label[:12]}）" for f in APPLICATION_FORM)
        + "；`roles` 为列表，`validity_years` 为 1/2/3，`commitment` 须为 true。",
    )
    async def submit(self, request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]) -> SubmittedOut:
        if len(data) > 60:
            raise Invalid("字段过多")
        values = {k: v for k, v in data.items() if k in APPLICATION_FORM.names}
        if isinstance(values.get("validity_years"), int):
            values["validity_years"] = str(values["validity_years"])
        app_id, number = await service.submit(values, client_ip(request.scope))
        return SubmittedOut(id=app_id, number=number, status="submitted")

    @get("/progress", summary="按申请编号与统一社会信用代码查询审核进度")
    async def progress(self, number: FromQuery[str], uscc: FromQuery[str]) -> ProgressOut:
        row = await service.progress(number, uscc)
        return ProgressOut(
            number=row["number"],
            unit_name=row["unit_name"],
            status=row["status"],
            status_label=STATUS_LABELS.get(row["status"], row["status"]),
            return_reason=row["return_reason"],
            login=row["login"],
            valid_to=row["valid_to"].isoformat(),
            reviewing_body=row["reviewing_body"],
        )


class ReviewApplicationApi(Controller):
    path = "/api/review/account-applications"
    guards = [role("reviewer", "admin"), api_csrf]
    tags = ["账号申请"]

    @get("/", summary="账号申请列表（本疾控所辖地区）")
    async def index(
        self, request: Request[Any, Any, Any], status: FromQuery[str | None] = None
    ) -> list[dict[str, Any]]:
        return [shown(r) for r in await service.list_for_review(user_of(request), status)]

    @get("/{application_id:int}", summary="账号申请详情")
    async def show(self, request: Request[Any, Any, Any], application_id: FromPath[int]) -> dict[str, Any]:
        return shown(await service.get_for_review(user_of(request), application_id), full=True)

    @post(
        "/{application_id:int}/approve", summary="审核通过（创建账号，返回一次性初始密码）", status_code=200
    )
    async def approve(self, request: Request[Any, Any, Any], application_id: FromPath[int]) -> ApprovedOut:
        account_id, initial = await service.approve(user_of(request), application_id)
        row = await service.get_for_review(user_of(request), application_id)
        return ApprovedOut(
            status="approved", account_id=account_id, login=row["login"], initial_password=initial
        )

    @post("/{application_id:int}/return", summary="退回（须填写原因）", status_code=200)
    async def return_(
        self, request: Request[Any, Any, Any], application_id: FromPath[int], data: JSONBody[ReasonIn]
    ) -> dict[str, str]:
        await service.return_(user_of(request), application_id, data.reason)
        return {"status": "returned"}


class ReviewAccountApi(Controller):
    path = "/api/review/accounts"
    guards = [role("reviewer", "admin"), api_csrf]
    tags = ["账号申请"]

    @get("/", summary="本疾控所辖地区单位账号及有效期")
    async def index(self, request: Request[Any, Any, Any]) -> list[dict[str, Any]]:
        return await service.accounts_for_review(user_of(request))

    @post("/{account_id:int}/extend", summary="延长账号有效期（1-3年）", status_code=200)
    async def extend(
        self, request: Request[Any, Any, Any], account_id: FromPath[int], data: JSONBody[ExtendIn]
    ) -> ExtendOut:
        until = await service.extend(user_of(request), account_id, data.years)
        return ExtendOut(account_id=account_id, valid_until=until.isoformat())
