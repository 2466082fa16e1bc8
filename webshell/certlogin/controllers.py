"""The CA-certificate login page and API (source 001 §2.4.2): ``GET/POST /login/certificate``
and ``POST /api/auth/certificate``. Off (the page says so, the API answers 404) unless
``RADRULES_CERT_LOGIN`` names an authenticator."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect, Template
from radrules_webshell import hooks
from radrules_webshell.accounts import sessions
from radrules_webshell.accounts.controllers import Me
from radrules_webshell.accounts.controllers import _me as me_of  # the answer of a login
from radrules_webshell.accounts.services import LoginRefused
from radrules_webshell.certlogin import service
from radrules_webshell.certlogin.identity import Authenticator, CertificateIdentity
from radrules_webshell.core.errors import NotFound
from radrules_webshell.core.middleware import client_ip, session_cookie
from radrules_webshell.core.web import render, settings_of
from radrules_webshell.settings import Settings

OFF = "本平台未启用 CA 证书登录（RADRULES_CERT_LOGIN）"
_authenticators: dict[int, tuple[Settings, Authenticator]] = {}


def _authenticator(settings: Settings) -> Authenticator | None:
    if not settings.cert_login:
        return None
    found = _authenticators.get(id(settings))
    if found is None or found[0] is not settings:
        found = (settings, hooks.authenticator(settings))
        _authenticators[id(settings)] = found
    return found[1]


def _identity(request: Request[Any, Any, Any], authenticator: Authenticator) -> CertificateIdentity | None:
    client = request.scope.get("client")
    headers = {k.lower(): v for k, v in request.headers.items()}
    return authenticator.identify(headers, client[0] if client else None)


class CertificateLoginPages(Controller):
    include_in_schema = False

    @get("/login/certificate")
    async def form(self, request: Request[Any, Any, Any]) -> Template:
        authenticator = _authenticator(settings_of(request))
        identity = _identity(request, authenticator) if authenticator else None
        return render(
            request,
            "login_certificate.html",
            enabled=authenticator is not None,
            identity=identity,
            message=None if authenticator else OFF,
        )

    @post("/login/certificate")
    async def login(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        settings = settings_of(request)
        authenticator = _authenticator(settings)
        if authenticator is None:
            return render(
                request, "login_certificate.html", status=404, enabled=False, identity=None, message=OFF
            )
        identity = _identity(request, authenticator)
        try:
            token = await service.login(identity, settings, client_ip(request.scope))
        except LoginRefused as exc:
            return render(
                request,
                "login_certificate.html",
                status=exc.status,
                enabled=True,
                identity=identity,
                message=exc.message,
            )
        return Redirect("/", status_code=303, cookies=[session_cookie(token, settings.secure_cookies)])


class CertificateLoginApi(Controller):
    path = "/api/auth"
    tags = ["账号"]

    @post(
        "/certificate", summary="CA 证书登录（经反向代理验证的客户端证书；设置会话 Cookie）", status_code=200
    )
    async def login(self, request: Request[Any, Any, Any]) -> Response[Me]:
        settings = settings_of(request)
        authenticator = _authenticator(settings)
        if authenticator is None:
            raise NotFound(OFF)
        try:
            token = await service.login(_identity(request, authenticator), settings, client_ip(request.scope))
        except LoginRefused as exc:
            return Response({"message": exc.message}, status_code=exc.status)  # type: ignore[arg-type]
        request.scope["user"] = await sessions.load(token, settings, client_ip(request.scope))
        return Response(me_of(request), cookies=[session_cookie(token, settings.secure_cookies)])
