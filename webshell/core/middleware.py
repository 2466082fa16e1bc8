"""Loads the session named by the cookie and puts its :class:`Principal` in ``scope["user"]``
(and, for pages, the number of the account's unread messages in ``scope["unread"]``); a JSON
request without a session may come with an API token instead (:mod:`..gateway.middleware`)."""

from __future__ import annotations

import ipaddress

from litestar.datastructures import Cookie
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send
from radrules_webshell.accounts import sessions
from radrules_webshell.gateway import middleware as api_tokens
from radrules_webshell.notifications import service as inbox


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name:
                    return v
    return None


def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_ip(scope: Scope) -> str | None:
    """The client's address: the peer's, or, when the peer is a configured proxy
    (``RADRULES_TRUSTED_PROXIES``), the last address in ``X-Forwarded-For`` that is not one.

    A header from any other peer is ignored, so a client cannot choose the address its
    failed logins are counted against.
    """
    client = scope.get("client")
    peer = client[0] if client else None
    app = scope.get("litestar_app")
    proxies: tuple[str, ...] = app.state.settings.trusted_proxies if app is not None else ()
    if peer is None or not proxies:
        return peer
    networks = _networks(proxies)
    if not _trusted(peer, networks):
        return peer
    forwarded = [
        part.strip()
        for key, value in scope.get("headers", [])
        if key == b"x-forwarded-for"
        for part in value.decode("latin-1").split(",")
    ]
    for address in reversed(forwarded):
        if not _trusted(address, networks):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:  # not written by a proxy of ours
                return peer
    return peer


class SessionMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        secret = api_tokens.bearer(scope) if scope["path"].startswith("/api/") else None
        if secret is not None and _cookie(scope, sessions.COOKIE) is None:
            # the standard interface (docs/api-tokens.md): a token, when there is no session
            scope["user"] = None
            await api_tokens.handle(scope, receive, send, next_app, secret, client_ip(scope))
            return

        settings = scope["litestar_app"].state.settings
        token = None if scope["path"].startswith("/static/") else _cookie(scope, sessions.COOKIE)
        user, ended = await sessions.resolve(token, settings, client_ip(scope)) if token else (None, None)
        scope["user"] = user
        if ended:
            # a request that needed the login is told why it has gone (core.errors)
            scope["session_ended"] = ended  # type: ignore[typeddict-unknown-key]
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
