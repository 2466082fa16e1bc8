"""Loads the session named by the cookie and puts its :class:`Principal` in ``scope["user"]``
(and, for pages, the number of the account's unread messages in ``scope["unread"]``)."""

from __future__ import annotations

from litestar.datastructures import Cookie
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send
from radrules_webshell.accounts import sessions
from radrules_webshell.notifications import service as inbox


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name:
                    return v
    return None


def client_ip(scope: Scope) -> str | None:
    client = scope.get("client")
    return client[0] if client else None


class SessionMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        settings = scope["litestar_app"].state.settings
        token = None if scope["path"].startswith("/static/") else _cookie(scope, sessions.COOKIE)
        user = await sessions.load(token, settings, client_ip(scope)) if token else None
        scope["user"] = user
        if user is not None and not scope["path"].startswith("/api/"):
            # pages show the number of unread messages in their header
            scope["unread"] = await inbox.unread_count(user)  # type: ignore[typeddict-unknown-key]
        await next_app(scope, receive, send)


def session_cookie(token: str, secure: bool) -> Cookie:
    return Cookie(key=sessions.COOKIE, value=token, httponly=True, samesite="lax", secure=secure, path="/")


def clear_cookie(secure: bool) -> Cookie:
    return Cookie(
        key=sessions.COOKIE, value="", httponly=True, samesite="lax", secure=secure, path="/", max_age=0
    )


__all__ = ["SessionMiddleware", "clear_cookie", "client_ip", "session_cookie"]
