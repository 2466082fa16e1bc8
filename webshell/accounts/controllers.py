"""Login, logout and password pages, and the JSON ``/api/auth`` and ``/api/me`` routes."""

import base64
from typing import Any
from urllib.parse import urlsplit

import attrs
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template
from radrules_webshell.accounts import captcha, passwords, services, sessions
from radrules_webshell.accounts.tables import ROLE_LABELS
from radrules_webshell.core.errors import Invalid, NotAuthenticated
from radrules_webshell.core.guards import api_csrf, current, logged_in
from radrules_webshell.core.middleware import clear_cookie, client_ip, session_cookie
from radrules_webshell.core.web import home_of, redirect, render, settings_of, user_of

from radrules import password_rules


async def _rule_text(request: Request[Any, Any, Any]) -> str:
    """The password rule of the account's jurisdiction, as its plugin words it."""
    return passwords.policy_text(await passwords.division_of(user_of(request).account_id))


async def _challenge_if_required(
    request: Request[Any, Any, Any], login_name: str
) -> captcha.Challenge | None:
    """A new picture check when the next login from here (by ``login_name``) needs one."""
    settings = settings_of(request)
    if await captcha.required(login_name, client_ip(request.scope), settings):
        return await captcha.create(settings)
    return None


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


class AuthPages(Controller):
    include_in_schema = False

    @get("/")
    async def home(self, request: Request[Any, Any, Any]) -> Redirect:
        return Redirect(home_of(current(request)))

    @get("/login")
    async def login_form(
        self, request: Request[Any, Any, Any], next: FromQuery[str | None] = None
    ) -> Template | Redirect:
        if current(request) is not None:
            return Redirect(home_of(current(request)))
        return render(
            request,
            "login.html",
            next=_safe_next(next) or "",
            errors={},
            login="",
            challenge=await _challenge_if_required(request, ""),
        )

    @post("/login")
    async def login(self, request: Request[Any, Any, Any]) -> Template | Response[Any]:
        form = await request.form()
        settings = settings_of(request)
        login_name = str(form.get("login") or "")
        try:
            token = await services.login(
                login_name,
                str(form.get("password") or ""),
                settings,
                client_ip(request.scope),
                challenge=str(form.get("challenge") or "") or None,
                answer=str(form.get("captcha") or ""),
            )
        except services.LoginRefused as exc:
            captcha_error = exc.message if exc.code in ("captcha_required", "captcha_wrong") else None
            return render(
                request,
                "login.html",
                status=exc.status,
                message=None if captcha_error else exc.message,
                login=login_name[:64],
                next=_safe_next(str(form.get("next") or "")) or "",
                errors={"captcha": captcha_error} if captcha_error else {},
                challenge=await _challenge_if_required(request, login_name),
            )
        target = _safe_next(str(form.get("next") or "")) or "/"
        return Redirect(target, status_code=303, cookies=[session_cookie(token, settings.secure_cookies)])

    @post("/logout")
    async def logout(self, request: Request[Any, Any, Any]) -> Response[Any]:
        token = request.cookies.get(sessions.COOKIE)
        await sessions.destroy(token)
        return Redirect(
            "/login?notice=logout",
            status_code=303,
            cookies=[clear_cookie(settings_of(request).secure_cookies)],
        )

    @get("/password", guards=[logged_in], opt={"before_password_change": True})
    async def password_form(self, request: Request[Any, Any, Any]) -> Template:
        return render(request, "password.html", errors={}, rule=await _rule_text(request))

    @post("/password", guards=[logged_in], opt={"before_password_change": True})
    async def password(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        user = user_of(request)
        form = await request.form()
        try:
            await services.change_password(
                user,
                str(form.get("current_password") or ""),
                str(form.get("new_password") or ""),
                str(form.get("confirm_password") or ""),
            )
        except services.AccountError as exc:
            return render(
                request, "password.html", status=400, errors=exc.errors, rule=await _rule_text(request)
            )
        return redirect(home_of(user), "password")


@attrs.define
class LoginIn:
    login: str
    password: str
    #: The picture check, when a refusal said ``captcha_required`` (POST /api/auth/challenge).
    challenge: str | None = None
    answer: str | None = None


@attrs.define
class ChallengeOut:
    """A picture check: show ``image`` (PNG, base64), send ``token`` and the typed answer."""

    token: str
    image: str
    media_type: str
    expires_in: int


@attrs.define
class Me:
    id: int
    login: str
    name: str
    role: str
    role_label: str
    institution_id: FromPath[int] | None
    client_id: FromPath[int] | None
    division_prefix: str
    must_change_password: bool
    csrf_token: str


@attrs.define
class PasswordRule:
    """The password rules in force for the account (its jurisdiction's plugin), by rule id."""

    rules: dict[str, str]
    text: str


@attrs.define
class PasswordIn:
    current_password: str
    new_password: str


def _me(request: Request[Any, Any, Any]) -> Me:
    user = user_of(request)
    return Me(
        id=user.account_id,
        login=user.login,
        name=user.name,
        role=user.role,
        role_label=ROLE_LABELS.get(user.role, user.role),
        institution_id=user.institution_id,
        client_id=user.client_id,
        division_prefix=user.division_prefix,
        must_change_password=user.must_change_password,
        csrf_token=user.csrf_token,
    )


class AuthApi(Controller):
    path = "/api"
    tags = ["账号"]

    @post("/auth/login", summary="登录（设置会话 Cookie）", status_code=200)
    async def login(self, request: Request[Any, Any, Any], data: JSONBody[LoginIn]) -> Response[Me]:
        settings = settings_of(request)
        ip = client_ip(request.scope)
        try:
            token = await services.login(
                data.login, data.password, settings, ip, challenge=data.challenge, answer=data.answer
            )
        except services.LoginRefused as exc:
            body: dict[str, Any] = {"message": exc.message}
            if exc.code:
                body["code"] = exc.code
            body["captcha_required"] = await captcha.required(data.login, ip, settings)
            return Response(body, status_code=exc.status)  # type: ignore[arg-type]
        request.scope["user"] = await sessions.load(token, settings, client_ip(request.scope))
        return Response(_me(request), cookies=[session_cookie(token, settings.secure_cookies)])

    @post(
        "/auth/challenge", summary="图片验证：取一张验证码图片（登录失败多次后登录须附答案）", status_code=200
    )
    async def challenge(self, request: Request[Any, Any, Any]) -> ChallengeOut:
        made = await captcha.create(settings_of(request))
        return ChallengeOut(
            token=made.token,
            image=base64.b64encode(made.png).decode(),
            media_type="image/png",
            expires_in=made.expires_in,
        )

    @post("/auth/logout", summary="退出登录", status_code=204, guards=[api_csrf])
    async def logout(self, request: Request[Any, Any, Any]) -> Response[None]:
        await sessions.destroy(request.cookies.get(sessions.COOKIE))
        return Response(None, status_code=204, cookies=[clear_cookie(settings_of(request).secure_cookies)])

    @get("/me", summary="当前用户与角色（含写操作所需的 X-CSRF-Token）")
    async def me(self, request: Request[Any, Any, Any]) -> Me:
        if current(request) is None:
            raise NotAuthenticated()
        return _me(request)

    @get(
        "/me/password-rule",
        summary="本账号适用的密码规则（所属省份的规则，或全国基线）",
        guards=[logged_in],
        opt={"before_password_change": True},
    )
    async def password_rule(self, request: Request[Any, Any, Any]) -> PasswordRule:
        division = await passwords.division_of(user_of(request).account_id)
        rules = {rule.id: rule.title for rule in password_rules(division_code=division)}
        return PasswordRule(rules=rules, text=passwords.policy_text(division))

    @post(
        "/me/password",
        summary="修改密码（首次登录须先修改）",
        status_code=204,
        guards=[logged_in, api_csrf],
        opt={"before_password_change": True},
    )
    async def password(self, request: Request[Any, Any, Any], data: JSONBody[PasswordIn]) -> None:
        try:
            await services.change_password(user_of(request), data.current_password, data.new_password)
        except services.AccountError as exc:
            raise Invalid(errors=exc.errors) from None
