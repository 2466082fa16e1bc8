"""Administrator pages and API: accounts, client organisations, the audit trail."""

from typing import Any

import attrs
from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.accounts.services import AccountError
from radrules_webshell.accounts.tables import ROLE_LABELS, ROLES
from radrules_webshell.admin import recovery, service
from radrules_webshell.audit import service as audit
from radrules_webshell.audit.tables import AuditEvent
from radrules_webshell.clients import service as clients
from radrules_webshell.clients.forms import CLIENT_FORM
from radrules_webshell.core.errors import Invalid, NotFound
from radrules_webshell.core.forms import is_refresh
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import redirect, render, user_of


class AdminPages(Controller):
    path = "/admin"
    guards = [role("admin")]
    include_in_schema = False

    @get("/users")
    async def users(self, request: Request[Any, Any, Any]) -> Template:
        return await _users_page(request, {}, {})

    @post("/users")
    async def create_user(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = await request.form()
        values = {k: str(form.get(k) or "").strip() for k in ("role", "login", "name", "org", "division")}
        try:
            await service.create_user(
                user_of(request),
                role=values["role"],
                login=values["login"],
                password=str(form.get("password") or ""),
                name=values["name"] or None,
                org=values["org"] or None,
                division=values["division"] or None,
            )
        except AccountError as exc:
            return await _users_page(request, values, exc.errors, status=400)
        return redirect("/admin/users", "created")

    @post("/users/{account_id:int}/reset-password")
    async def reset_password(self, request: Request[Any, Any, Any], account_id: FromPath[int]) -> Template:
        """重置密码: the new password is shown once, on this page (never in an address)."""
        form = await request.form()
        try:
            done = await recovery.reset_password(
                user_of(request), account_id=account_id, password=str(form.get("password") or "") or None
            )
        except AccountError as exc:
            return await _users_page(
                request, {}, {f"reset_{account_id}": "；".join(exc.errors.values())}, 400
            )
        told = f"，临时密码：{done.password}（只显示这一次，请当面或电话告知本人）" if done.password else ""
        return await _users_page(
            request, {}, {}, notice=f"已重置 {done.login} 的密码{told}；该账号下次登录须修改密码"
        )

    @post("/users/{account_id:int}/unlock")
    async def unlock(self, request: Request[Any, Any, Any], account_id: FromPath[int]) -> Template:
        """解锁: the failed-login count of the account is cleared."""
        try:
            had = await recovery.unlock(user_of(request), account_id=account_id)
        except AccountError:
            raise NotFound() from None
        note = "已解锁" if had else "该账号没有登录失败记录，无需解锁"
        return await _users_page(request, {}, {}, notice=note)

    @get("/clients")
    async def client_list(self, request: Request[Any, Any, Any]) -> Template:
        rows = await clients.search_clients("", limit=1000)
        return render(
            request, "admin/clients.html", nav="a_clients", rows=rows, spec=CLIENT_FORM, values={}, errors={}
        )

    @post("/clients")
    async def create_client(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = await request.form()
        data = CLIENT_FORM.form_values(form)
        try:
            if is_refresh(form):
                raise Invalid(errors={})
            await clients.create_client(user_of(request), data)
        except Invalid as exc:
            rows = await clients.search_clients("", limit=1000)
            return render(
                request,
                "admin/clients.html",
                status=400 if exc.errors else 200,
                nav="a_clients",
                rows=rows,
                spec=CLIENT_FORM,
                values=data,
                errors=exc.errors,
            )
        return redirect("/admin/clients", "created")

    @get("/audit")
    async def audit_trail(self, request: Request[Any, Any, Any]) -> Template:
        rows = await AuditEvent.select().order_by(AuditEvent.id, ascending=False).limit(200)
        report = await audit.verify()
        return render(request, "admin/audit.html", nav="a_audit", rows=rows, report=report)


async def _users_page(
    request: Request[Any, Any, Any],
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
    notice: str | None = None,
) -> Template:
    return render(
        request,
        "admin/users.html",
        status=status,
        **({"notice": notice} if notice else {}),
        nav="a_users",
        rows=await service.list_accounts(),
        roles=[(r, ROLE_LABELS[r]) for r in ROLES],
        values=values,
        errors=errors,
    )


@attrs.define
class UserIn:
    role: str
    login: str
    password: str
    name: str | None = None
    org: str | None = None
    division: str | None = None


@attrs.define
class ChainOut:
    events: int
    ok: bool
    first_bad_id: int | None
    reason: str | None
    checkpoints: int
    last_checkpoint_at: str | None


class AdminApi(Controller):
    path = "/api/admin"
    guards = [role("admin"), api_csrf]
    tags = ["系统管理"]

    @get("/users", summary="账号列表（手机号已遮蔽）")
    async def users(self) -> list[dict[str, Any]]:
        return await service.list_accounts()

    @post("/users", summary="创建账号（首次登录须修改密码）", status_code=201)
    async def create_user(self, request: Request[Any, Any, Any], data: JSONBody[UserIn]) -> dict[str, int]:
        try:
            account_id = await service.create_user(
                user_of(request),
                role=data.role,
                login=data.login,
                password=data.password,
                name=data.name,
                org=data.org,
                division=data.division,
            )
        except AccountError as exc:
            raise Invalid(errors=exc.errors) from None
        return {"id": account_id}

    @post(
        "/users/{account_id:int}/reset-password",
        summary="重置密码（password 不填则随机生成并只返回这一次；下次登录须修改；同时解锁）",
        status_code=200,
    )
    async def reset_password(
        self, request: Request[Any, Any, Any], account_id: FromPath[int], data: JSONBody[dict[str, Any]]
    ) -> dict[str, Any]:
        # Read strictly: a body that says anything but ``password`` resets nothing.
        errors = {str(k): "未知字段；可用字段：password" for k in data if k != "password"}
        password = data.get("password")
        if password is not None and not isinstance(password, str):
            errors["password"] = "应为文本"
        if errors:
            raise Invalid(errors=errors)
        try:
            done = await recovery.reset_password(user_of(request), account_id=account_id, password=password)
        except AccountError as exc:
            if "login" in exc.errors:
                raise NotFound() from None
            raise Invalid(errors=exc.errors) from None
        return {"login": done.login, "password": done.password, "must_change_password": True}

    @post("/users/{account_id:int}/unlock", summary="解锁（清除登录失败计数）", status_code=200)
    async def unlock(self, request: Request[Any, Any, Any], account_id: FromPath[int]) -> dict[str, bool]:
        try:
            return {"unlocked": await recovery.unlock(user_of(request), account_id=account_id)}
        except AccountError:
            raise NotFound() from None

    @post("/clients", summary="登记放射诊疗单位", status_code=201)
    async def create_client(
        self, request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]
    ) -> dict[str, int]:
        return {"id": await clients.create_client(user_of(request), data)}

    @get("/audit/verify", summary="校验审计哈希链（密钥哈希链、数据库外的检查点、记录条数）")
    async def verify(self) -> ChainOut:
        r = await audit.verify()
        return ChainOut(
            events=r.events,
            ok=r.ok,
            first_bad_id=r.first_bad_id,
            reason=r.reason,
            checkpoints=r.checkpoints,
            last_checkpoint_at=r.last_checkpoint_at,
        )
