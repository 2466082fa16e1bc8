"""Requests with an API token (source 001 module 13 标准接口): ``Authorization: Bearer rrt_…``
on a JSON route, when the request carries no session.

- An unknown, expired or revoked token is 401; a route its permissions do not open is 403
  (:mod:`.permissions`), before the handler runs.
- No CSRF token is asked of a token request (:func:`radrules_webshell.core.guards.api_csrf`):
  a browser never adds an ``Authorization`` header by itself, so another site cannot make one.
  The request gate's other checks (JSON only as JSON, body limits, NUL, integers) apply as to
  any request.
- Every use is audited after the answer: ``api_token_use`` with the method, path and status.
"""

from __future__ import annotations

import logging

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from radrules_webshell.audit import service as audit
from radrules_webshell.core.errors import Forbidden, WebError
from radrules_webshell.gateway import service
from radrules_webshell.gateway.permissions import opens

log = logging.getLogger(__name__)


class TokenRefused(WebError):
    status = 401
    default = "API 令牌无效、已过期或已吊销（Authorization: Bearer <令牌>）"


def bearer(scope: Scope) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, or None."""
    for key, value in scope.get("headers", []):
        if key == b"authorization":
            kind, _, token = value.decode("latin-1").strip().partition(" ")
            if kind.lower() == "bearer":
                return token.strip()
    return None


async def handle(
    scope: Scope, receive: Receive, send: Send, next_app: ASGIApp, token: str, ip: str | None
) -> None:
    user = await service.load(token, ip)
    if user is None:
        raise TokenRefused()
    template = str(scope.get("path_template") or scope["path"])
    if not opens(template, user.token_permissions):
        raise Forbidden("此接口不对 API 令牌开放，或令牌没有相应权限")
    scope["user"] = user
    status = 500

    async def watched(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])
        await send(message)

    try:
        await next_app(scope, receive, watched)
    finally:
        try:
            await audit.record(
                user,
                "api_token_use",
                "api_token",
                user.token_id,
                after={"method": scope.get("method", ""), "path": scope["path"][:200], "status": status},
            )
        except Exception:  # the answer is already sent; the log says the use was not recorded
            log.exception("recording the use of API token %s failed", user.token_id)
