"""Route guards: logged in, the password changed after first login, the right role.

Scope within a role (an institution sees only its own records, a regulator only its
division) is enforced by the services, which filter every query by the principal.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler
from radrules_webshell.core.errors import Forbidden, NotAuthenticated, PasswordChangeRequired
from radrules_webshell.core.principal import Principal

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], None]
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_HEADER = "x-csrf-token"


def current(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal | None:
    user = connection.scope.get("user")
    return user if isinstance(user, Principal) else None


def logged_in(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    user = current(connection)
    if user is None:
        raise NotAuthenticated()
    if user.must_change_password and not handler.opt.get("before_password_change"):
        raise PasswordChangeRequired()


def role(*names: str) -> Guard:
    def guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
        logged_in(connection, handler)
        user = current(connection)
        assert user is not None
        if user.role not in names:
            raise Forbidden()

    guard.__name__ = f"role_{'_'.join(names)}"
    return guard


def api_csrf(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
    """A JSON write with the session cookie must echo the session's token in X-CSRF-Token.

    The token is returned by ``POST /api/auth/login`` and ``GET /api/me``. Anonymous
    requests (login, registration, progress query) carry no session to abuse.
    """
    user = current(connection)
    if user is None or connection.scope.get("method") not in UNSAFE:
        return
    if user.token_id is not None:
        return  # an API token: no browser sends it by itself, so no other site can (gateway)
    sent = connection.headers.get(CSRF_HEADER, "")
    if not sent or not hmac.compare_digest(sent, user.csrf_token):
        raise Forbidden("缺少或错误的 X-CSRF-Token 请求头（从 GET /api/me 获取）")
