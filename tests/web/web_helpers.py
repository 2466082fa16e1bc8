"""Helpers for the web-shell tests: acting as users, unique valid identifiers, sample files."""

from __future__ import annotations

import itertools
import os
import re
import secrets
from datetime import date
from typing import Any

import httpx
from litestar.testing import TestClient
from stdnum.cn import ric

from radrules.identifiers.uscc import complete_uscc, org_code_check

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class Web:
    """The app under test, with helpers to act as different users in turn."""

    def __init__(self, client: TestClient[Any], settings: Any, backend: str) -> None:
        self.client = client
        self.settings = settings
        self.backend = backend

    def run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run an async function on the app's event loop (for direct database checks)."""

        async def call() -> Any:
            # a coroutine function with its arguments, or a Piccolo query to await
            return await (fn(*args, **kwargs) if callable(fn) else fn)

        return self.client.blocking_portal.call(call)

    def anonymous(self) -> User:
        return User(self)

    def login(self, login: str, password: str) -> User:
        user = User(self)
        response = user.post_form("/login", {"login": login, "password": password})
        assert response.status_code == 303, response.text
        return user

    def api_login(self, login: str, password: str) -> User:
        user = User(self)
        response = user.request("POST", "/api/auth/login", json={"login": login, "password": password})
        assert response.status_code == 200, response.text
        user.csrf = response.json()["csrf_token"]
        return user


class User:
    """One browser: its own cookie jar, swapped into the shared client for each request."""

    def __init__(self, web: Web) -> None:
        self.web = web
        self.jar = httpx.Cookies()
        self.csrf = ""

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        client = self.web.client
        client.cookies = self.jar
        kwargs.setdefault("follow_redirects", False)
        if self.csrf and method in ("POST", "PUT", "PATCH", "DELETE") and url.startswith("/api/"):
            kwargs.setdefault("headers", {})["X-CSRF-Token"] = self.csrf
        try:
            return client.request(method, url, **kwargs)
        finally:
            self.jar = httpx.Cookies(client.cookies)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def form_token(self) -> str:
        token = self.jar.get("csrftoken")
        if not token:
            self.get("/login")
            token = self.jar.get("csrftoken")
        assert token, "no CSRF cookie"
        return token

    def post_form(
        self, url: str, data: dict[str, Any], files: dict[str, Any] | None = None
    ) -> httpx.Response:
        body = {**data, "_csrf_token": self.form_token()}
        return self.request("POST", url, data=body, files=files)

    def api(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self.request(method, url, **kwargs)


_counter = itertools.count(1)


def unique_uscc(kind: str = "91") -> str:
    """A valid credit code never used before in this test session."""
    n = next(_counter)
    body = f"M{os.getpid() % 100:02d}{n:05d}"  # a letter, so that the upper-case rule can be tested
    return complete_uscc(f"{kind}320102" + body + org_code_check(body))


def unique_id_number(sex: str = "male") -> str:
    """A valid ID number (Nanjing Xuanwu, born 1985–1999); the order code gives ``sex``."""
    n = next(_counter)
    born = date(1985 + n % 15, 1 + n % 12, 1 + n % 28)
    order = (n % 499) * 2 + (1 if sex == "male" else 0)
    first17 = f"320102{born:%Y%m%d}{order:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


def unique_login(prefix: str = "u") -> str:
    return f"{prefix}{next(_counter)}{secrets.token_hex(2)}"


def registration_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "division_code": "320102",
        "uscc": unique_uscc(),
        "name": "测试放射卫生技术服务中心",
        "phone": "025-83001234",
        "unit_attribute": "tech_service",
        "applicant_name": "测试员",
        "applicant_mobile": "13800138000",
        "applicant_id_number": unique_id_number(),
        "login": unique_login("reg"),
        "password": "Regist#2026x",
        "password_confirm": "Regist#2026x",
    }
    data.update(overrides)
    return data


def registration_files() -> dict[str, Any]:
    return {
        "certificate": ("资质证书.pdf", PDF, "application/pdf"),
        "commitment": ("承诺书.png", PNG, "image/png"),
    }


def error_of(html: str, field: str) -> str | None:
    """The message shown next to ``field`` on a rendered form."""
    match = re.search(rf'id="err_{field}">([^<]*)<', html)
    return match.group(1) if match else None


def new_institution(web: Web) -> tuple[dict[str, str], int]:
    """Register, approve and change the password of a fresh institution; its data and id."""
    data = registration_data()
    assert (
        web.anonymous().api("POST", "/api/registrations/", data=data, files=registration_files()).status_code
        == 201
    )
    reviewer = web.api_login(*DEMO["reviewer"])
    reg_id = next(
        r["id"] for r in reviewer.get("/api/review/registrations/").json() if r["uscc"] == data["uscc"]
    )
    institution_id = reviewer.api("POST", f"/api/review/registrations/{reg_id}/approve").json()[
        "institution_id"
    ]
    user = web.api_login(data["login"], data["password"])
    assert (
        user.api(
            "POST",
            "/api/me/password",
            json={"current_password": data["password"], "new_password": "Ready#2026ok"},
        ).status_code
        == 204
    )
    data["password"] = "Ready#2026ok"
    return data, institution_id


def new_admin(web: Web, password: str = "Start#2026ab", prefix: str = "acc") -> tuple[str, str]:
    """A fresh administrator account (which must change its password first); login and password."""
    admin = web.api_login(*DEMO["admin"])
    login = unique_login(prefix)
    r = admin.api("POST", "/api/admin/users", json={"role": "admin", "login": login, "password": password})
    assert r.status_code == 201, r.text
    return login, password


DEMO = {
    "reviewer": ("jscdc", "Review#2026"),
    "institution": ("jsinst", "Inst#2026rad"),
    "client": ("njhosp", "Hosp#2026rad"),
    "regulator": ("njwjw", "Regu#2026rad"),
    "admin": ("admin", "Admin#2026rr"),
}
