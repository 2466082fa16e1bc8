"""CA-certificate login (source 001 §2.4.2; issue 16 item 8): the ``proxy-header``
authenticator believes a verified client-certificate header only from a configured reverse
proxy, and a certificate mapped to an account (``radrules admin map-certificate``) opens a
session; an unmapped certificate, or headers from any other peer, open nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient
from web_helpers import DEMO, Web

PROXY = "10.9.0.5"
SUBJECT = r"CN=\E5\BC\A0\E4\B8\89,O=Nanjing Hospital,C=CN"  # nginx escapes non-ASCII (RFC 4514)
SERIAL = "1A:2B:3C:4D"


def _peer_from_header(app: Any) -> Any:
    """The test client's requests come from ``X-Test-Peer`` (the TCP peer a server would see)."""

    async def asgi(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            for key, value in scope.get("headers", []):
                if key == b"x-test-peer":
                    scope["client"] = (value.decode(), 40000)
        await app(scope, receive, send)

    return asgi


@pytest.fixture(scope="module")
def cert_web(backend: dict[str, Any], web: Web, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    """An app of its own with certificate login on; ``web`` first, so that the tables go back
    to the shared app's database afterwards."""
    from conftest import fresh_database
    from radrules_webshell import demo, piccolo_conf
    from radrules_webshell.app import create_app
    from radrules_webshell.db.engine import bind, engine_from_url
    from radrules_webshell.settings import Settings

    previous = piccolo_conf.DB
    try:
        with fresh_database(backend, tmp_path_factory, "cert") as (url, data_dir):
            settings = Settings(
                data_dir=data_dir,
                database_url=url,
                argon2_profile="fast",
                sync_interval_seconds=0,
                notify_interval_seconds=0,
                trusted_proxies=("10.9.0.0/24",),
                cert_login="proxy-header",
            )
            app = create_app(settings, engine_from_url(url))
            with TestClient(_peer_from_header(app), base_url="http://testserver.local") as client:  # type: ignore[arg-type]
                client.blocking_portal.call(demo.seed, settings)
                yield Web(client, settings, backend["name"])
    finally:
        bind(previous)


def _headers(peer: str = PROXY, serial: str = SERIAL, verify: str = "SUCCESS") -> dict[str, str]:
    return {
        "X-Test-Peer": peer,
        "X-SSL-Client-Verify": verify,
        "X-SSL-Client-S-DN": SUBJECT,
        "X-SSL-Client-Serial": serial,
    }


def test_identify_believes_only_the_proxy() -> None:
    from radrules_webshell.certlogin.identity import ProxyHeaderAuthenticator
    from radrules_webshell.settings import Settings

    auth = ProxyHeaderAuthenticator(
        Settings(data_dir=".", database_url="x", trusted_proxies=("10.9.0.0/24",))
    )
    headers = {k.lower(): v for k, v in _headers().items()}
    found = auth.identify(headers, PROXY)
    assert found is not None and found.serial == "1A2B3C4D" and found.subject == SUBJECT
    assert auth.identify(headers, "10.8.0.5") is None  # not the proxy
    assert auth.identify(headers, None) is None
    assert auth.identify({**headers, "x-ssl-client-verify": "FAILED:certificate expired"}, PROXY) is None
    assert auth.identify({**headers, "x-ssl-client-serial": "12;drop"}, PROXY) is None
    off = ProxyHeaderAuthenticator(Settings(data_dir=".", database_url="x"))
    assert off.identify(headers, PROXY) is None  # no proxy configured: no header believed


def test_a_mapped_certificate_logs_in_and_is_audited(cert_web: Web) -> None:
    from radrules_webshell.audit import service as audit
    from radrules_webshell.audit.tables import AuditEvent
    from radrules_webshell.certlogin import service
    from radrules_webshell.core.principal import SYSTEM

    user = cert_web.anonymous()
    refused = user.request("POST", "/api/auth/certificate", headers=_headers())
    assert refused.status_code == 403 and "未绑定" in refused.json()["message"]
    cert_web.run(service.map_certificate, SYSTEM, login=DEMO["client"][0], subject=SUBJECT, serial="1a2b3c4d")
    with pytest.raises(Exception, match="已绑定"):
        cert_web.run(service.map_certificate, SYSTEM, login="admin", subject=SUBJECT, serial=SERIAL)
    # the same headers from a peer that is not the proxy: no certificate at all
    spoofed = user.request("POST", "/api/auth/certificate", headers=_headers(peer="192.0.2.7"))
    assert spoofed.status_code == 401 and "未收到" in spoofed.json()["message"]
    ok = user.request("POST", "/api/auth/certificate", headers=_headers())
    assert ok.status_code == 200, ok.text
    assert ok.json()["login"] == DEMO["client"][0]
    user.csrf = ok.json()["csrf_token"]
    me = user.api("GET", "/api/me")
    assert me.status_code == 200 and me.json()["login"] == DEMO["client"][0]
    events = cert_web.run(AuditEvent.select().where(AuditEvent.action == "login_certificate"))
    assert len(events) == 1 and events[0]["actor_login"] == DEMO["client"][0] and events[0]["signature"]
    assert cert_web.run(audit.verify).ok


def test_the_page_logs_in_with_the_certificate(cert_web: Web) -> None:
    from radrules_webshell.certlogin import service
    from radrules_webshell.core.principal import SYSTEM

    cert_web.run(
        service.map_certificate, SYSTEM, login=DEMO["institution"][0], subject=SUBJECT, serial="FF01"
    )
    user = cert_web.anonymous()
    page = user.get("/login/certificate", headers=_headers(serial="FF01"))
    assert page.status_code == 200 and "FF01" in page.text and "使用证书登录" in page.text
    token = user.form_token()
    done = user.request(
        "POST", "/login/certificate", data={"_csrf_token": token}, headers=_headers(serial="FF01")
    )
    assert done.status_code == 303, done.text
    assert user.get("/api/me").json()["login"] == DEMO["institution"][0]
    unmapped = cert_web.anonymous()
    unmapped.get("/login/certificate", headers=_headers(serial="EE02"))
    r = unmapped.request(
        "POST",
        "/login/certificate",
        data={"_csrf_token": unmapped.form_token()},
        headers=_headers(serial="EE02"),
    )
    assert r.status_code == 403 and "未绑定" in r.text


def test_off_unless_configured(web: Web) -> None:
    assert web.anonymous().request("POST", "/api/auth/certificate", headers=_headers()).status_code == 404
    page = web.anonymous().get("/login/certificate")
    assert page.status_code == 200 and "未启用" in page.text
