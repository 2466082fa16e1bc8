"""What every request passes before the guards run, and what every response carries.

- **Other sites' writes.** A ``POST``/``PUT``/``PATCH``/``DELETE`` whose browser says it
  comes from another site (``Sec-Fetch-Site: cross-site``, or an ``Origin`` that is not
  this server's) is refused (403). With the session's CSRF tokens this also stops *login*
  CSRF: a foreign page can no longer log a visitor into an attacker's account.
- **JSON only as JSON.** A route that takes a JSON body accepts only
  ``Content-Type: application/json`` (415 otherwise). A browser sends that type across
  sites only after a CORS preflight, which this server never grants.
- **Bounded bodies.** Each route has a body limit: ``opt["max_body"]`` if it sets one; a
  multipart route ``opt.get("upload_files", 2)`` uploads of ``RADRULES_MAX_UPLOAD_MB``
  plus a little for the fields; any other route :data:`DEFAULT_MAX_BODY`. The
  ``Content-Length`` is checked first, and the bytes actually received are counted, so a
  chunked body cannot pass either (413, saying the limit).
- **Security headers on every response**, error pages and JSON errors included
  (:func:`security_headers`, a ``before_send`` hook, which also sees the responses the
  router makes itself for an unknown path or method).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send
from radrules_webshell.core.errors import WebError

#: Body limit of a route that sets none and takes no upload (1 MiB): every form and JSON
#: record of the platform is a few kilobytes; the reports that are larger set their own.
DEFAULT_MAX_BODY = 1024 * 1024
#: Room for a multipart body's text fields beside its files.
FORM_FIELDS_ALLOWANCE = 256 * 1024
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}
_HEADER_BYTES = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]


class CrossSite(WebError):
    status = 403
    default = "拒绝来自其他网站的请求：请在本平台的页面上操作"


class UnsupportedMediaType(WebError):
    status = 415
    default = "请求内容须为 JSON（Content-Type: application/json）"


class BodyTooLarge(WebError):
    status = 413

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"请求内容过大：本接口最多接受 {_size(limit)}", errors={"body": f"超过 {_size(limit)}"}
        )


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _netloc(scheme: str, netloc: str) -> str:
    host = netloc.lower()
    default = {"http": ":80", "https": ":443"}.get(scheme)
    return host[: -len(default)] if default and host.endswith(default) else host


def foreign_origin(scope: Scope, public_url: str | None) -> bool:
    """True when the browser says the request was made by another site's page."""
    if (_header(scope, b"sec-fetch-site") or "").lower() == "cross-site":
        return True
    origin = _header(scope, b"origin")
    if origin is None:
        return False  # not a browser's cross-origin request (or an old browser: the tokens still hold)
    parts = urlsplit(origin)
    if not parts.scheme or not parts.netloc:
        return True  # "null": a sandboxed frame, a file, a redirect from elsewhere
    mine = {_netloc(scope.get("scheme", "http"), _header(scope, b"host") or "")}
    if public_url:
        public = urlsplit(public_url)
        mine.add(_netloc(public.scheme, public.netloc))
    return _netloc(parts.scheme, parts.netloc) not in mine


def json_body(handler: Any) -> bool:
    """Whether ``handler`` takes its ``data`` as JSON (Litestar's default body kind)."""
    data = handler.parsed_fn_signature.parameters.get("data")
    if data is None:
        return False
    media = getattr(getattr(data, "kwarg_definition", None), "media_type", None)
    return media is None or str(getattr(media, "value", media)) == "application/json"


def body_limit(handler: Any, content_type: str, max_upload_bytes: int) -> int:
    opt = handler.opt
    if "max_body" in opt:
        return int(opt["max_body"])
    if content_type.startswith("multipart/form-data"):
        return int(opt.get("upload_files", 2)) * max_upload_bytes + FORM_FIELDS_ALLOWANCE
    return DEFAULT_MAX_BODY


class RequestGate(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        settings = scope["litestar_app"].state.settings
        handler = scope["route_handler"]
        method = scope.get("method", "GET")
        if method not in UNSAFE:
            await next_app(scope, receive, send)
            return
        if foreign_origin(scope, settings.public_url):
            raise CrossSite()
        content_type = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
        if json_body(handler) and content_type != "application/json":
            raise UnsupportedMediaType()
        limit = body_limit(handler, content_type, settings.max_upload_bytes)
        announced = _header(scope, b"content-length")
        if announced is not None and announced.isdigit() and int(announced) > limit:
            raise BodyTooLarge(limit)
        received = 0

        async def counted() -> ReceiveMessage:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await next_app(scope, counted, send)


async def security_headers(message: Message, _scope: Scope) -> None:
    """Add the security headers to every response's start, unless the response set its own."""
    if message["type"] != "http.response.start":
        return
    headers = list(message.get("headers", []))
    present = {bytes(k).lower() for k, _ in headers}
    headers.extend((k, v) for k, v in _HEADER_BYTES if k not in present)
    message["headers"] = headers
