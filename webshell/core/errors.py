"""Errors the handlers raise, and how each becomes a page or a JSON reply — never a traceback.

Pages under ``/api`` get JSON ``{"message": ..., "errors": {field: message}}``; every other
path gets a Chinese page (or, when the visitor must log in or change the password first,
a redirect).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

log = logging.getLogger("radrules_webshell")


class WebError(Exception):
    status = 400
    default = "请求无法处理"

    def __init__(self, message: str | None = None, *, errors: dict[str, str] | None = None) -> None:
        self.message = message or self.default
        self.errors = errors or {}
        super().__init__(self.message)


class NotAuthenticated(WebError):
    status = 401
    default = "请先登录"


class Forbidden(WebError):
    status = 403
    default = "无权访问该页面或记录"


class NotFound(WebError):
    status = 404
    default = "记录不存在或无权访问"


class Conflict(WebError):
    status = 409
    default = "当前状态下不能进行该操作"


class PasswordChangeRequired(WebError):
    status = 403
    default = "首次登录须先修改密码"


class TooManyAttempts(WebError):
    status = 429
    default = "请求过于频繁，请稍后再试"


class Invalid(WebError):
    status = 400
    default = "填写的信息有误，请按提示修改"


def is_api(request: Request[Any, Any, Any]) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _json(
    message: str,
    status: int,
    errors: dict[str, str] | None = None,
    code: str | None = None,
    findings: list[dict[str, Any]] | None = None,
) -> Response[Any]:
    body: dict[str, Any] = {"message": message}
    if errors:
        body["errors"] = errors
    if code:
        body["code"] = code
    if findings:
        body["findings"] = findings
    return Response(body, status_code=status, media_type=MediaType.JSON)


def _page(request: Request[Any, Any, Any], message: str, status: int) -> Response[Any]:
    from radrules_webshell.accounts.tables import ROLE_LABELS

    return Template(
        template_name="error.html",
        context={
            "error_message": message,
            "status": status,
            "user": request.scope.get("user"),
            "role_labels": ROLE_LABELS,
        },
        status_code=status,
    )


def _session_ended(request: Request[Any, Any, Any], reason: str) -> Response[Any]:
    """The session was ended by a later login (accounts.sessions): say so, and drop its cookie."""
    from litestar.datastructures import Cookie
    from radrules_webshell.accounts.sessions import COOKIE, ENDED_MESSAGES

    secure = bool(request.app.state.settings.secure_cookies)
    gone = Cookie(key=COOKIE, value="", httponly=True, samesite="lax", secure=secure, path="/", max_age=0)
    if is_api(request):
        message = ENDED_MESSAGES.get(reason, NotAuthenticated.default)
        reply = _json(message, 401, {}, f"session_{reason}", None)
        reply.set_cookie(gone)
        return reply
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return Redirect(f"/login?notice=session_{reason}&next={quote(target)}", cookies=[gone])


def handle_web_error(request: Request[Any, Any, Any], exc: WebError) -> Response[Any]:
    if is_api(request) and not (isinstance(exc, NotAuthenticated) and request.scope.get("session_ended")):
        code = {PasswordChangeRequired: "password_change_required", NotAuthenticated: "login_required"}.get(
            type(exc)
        )
        return _json(exc.message, exc.status, exc.errors, code, getattr(exc, "findings", None))
    if isinstance(exc, NotAuthenticated) and request.scope.get("session_ended"):
        return _session_ended(request, str(request.scope.get("session_ended")))
    if isinstance(exc, NotAuthenticated):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Redirect(f"/login?next={quote(target)}")
    if isinstance(exc, PasswordChangeRequired):
        return Redirect("/password")
    return _page(request, exc.message, exc.status)


_VALIDATION_TEXT = "请求数据格式不正确"


def handle_validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    errors: dict[str, str] = {}
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if isinstance(item, dict):
            key = str(item.get("key") or item.get("source") or "body")
            errors[key] = "类型或格式不正确"
    if is_api(request):
        return _json(_VALIDATION_TEXT, 400, errors)
    return _page(request, _VALIDATION_TEXT, 400)


_HTTP_TEXT = {
    400: "请求无法处理",
    401: "请先登录",
    403: "无权进行该操作（页面已过期时请刷新后重试）",
    404: "页面不存在",
    405: "不支持该请求方式",
    413: "上传的内容过大",
    429: "请求过于频繁，请稍后再试",
}


def handle_http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    message = _HTTP_TEXT.get(status, "请求无法处理")
    if status == 403 and "csrf" in str(exc.detail).lower():
        message = "页面已过期（CSRF 校验失败），请刷新页面后重试"
    if is_api(request):
        return _json(message, status)
    return _page(request, message, status)


def handle_internal(request: Request[Any, Any, Any], _exc: Exception) -> Response[Any]:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    message = "服务器内部错误，请稍后再试；如问题持续，请联系管理员"
    if is_api(request):
        return _json(message, HTTP_500_INTERNAL_SERVER_ERROR)
    return _page(request, message, HTTP_500_INTERNAL_SERVER_ERROR)


EXCEPTION_HANDLERS: dict[Any, Any] = {
    WebError: handle_web_error,
    ValidationException: handle_validation,
    NotFoundException: handle_http,
    HTTPException: handle_http,
    Exception: handle_internal,
}
