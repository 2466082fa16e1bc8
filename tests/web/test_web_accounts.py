"""Login, sessions, the forced password change, lockout, CSRF (source 000 §2.2.1, §3.2)."""

from __future__ import annotations

from web_helpers import DEMO, Web, error_of, new_admin


def test_api_login_and_me(web: Web) -> None:
    user = web.api_login(*DEMO["institution"])
    me = user.get("/api/me").json()
    assert me["login"] == "jsinst"
    assert me["role"] == "institution"
    assert me["role_label"] == "技术服务机构"
    assert me["must_change_password"] is False
    assert me["csrf_token"]


def test_session_cookie_is_http_only_and_lax(web: Web) -> None:
    user = web.anonymous()
    r = user.request("POST", "/api/auth/login", json={"login": "jsinst", "password": "Inst#2026rad"})
    cookie = r.headers["set-cookie"]
    assert "radrules_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie.replace("Lax", "lax")


def test_wrong_password_is_refused_in_chinese(web: Web) -> None:
    r = web.anonymous().request(
        "POST", "/api/auth/login", json={"login": "jsinst", "password": "Wrong#2026x"}
    )
    assert r.status_code == 401
    assert r.json()["message"] == "账号或密码错误"
    page = web.anonymous().post_form("/login", {"login": "nobody", "password": "x"})
    assert page.status_code == 401
    assert "账号或密码错误" in page.text


def test_anonymous_is_sent_to_login_and_api_says_401(web: Web) -> None:
    anon = web.anonymous()
    r = anon.get("/institution/staff")
    assert r.status_code in (302, 303, 307)
    assert r.headers["location"].startswith("/login?next=")
    api = anon.get("/api/me")
    assert api.status_code == 401
    assert api.json()["code"] == "login_required"


def test_first_login_forces_password_change(web: Web) -> None:
    login, password = new_admin(web)
    user = web.login(login, password)
    page = user.get("/admin/users")
    assert page.status_code in (302, 303, 307) and page.headers["location"] == "/password"
    assert "首次登录，请修改密码" in user.get("/password").text
    api = web.api_login(login, password)
    blocked = api.get("/api/admin/users")
    assert blocked.status_code == 403 and blocked.json()["code"] == "password_change_required"
    # the policy of radrules.validate_password, reported next to the field
    weak = user.post_form(
        "/password",
        {"current_password": password, "new_password": "abc12345", "confirm_password": "abc12345"},
    )
    assert weak.status_code == 400
    message = error_of(weak.text, "new_password")
    assert message and "须包含大写字母" in message and "连续3位" in message
    done = user.post_form(
        "/password",
        {"current_password": password, "new_password": "Better#2026x", "confirm_password": "Better#2026x"},
    )
    assert done.status_code == 303
    assert user.get("/admin/users").status_code == 200
    # the other session (API) was ended by the change
    assert api.get("/api/me").status_code == 401
    assert (
        web.anonymous()
        .request("POST", "/api/auth/login", json={"login": login, "password": password})
        .status_code
        == 401
    )


def test_password_change_via_api(web: Web) -> None:
    login, password = new_admin(web)
    user = web.api_login(login, password)
    bad = user.api(
        "POST", "/api/me/password", json={"current_password": "nope", "new_password": "Better#2026x"}
    )
    assert bad.status_code == 400 and bad.json()["errors"]["current_password"] == "原密码不正确"
    ok = user.api(
        "POST", "/api/me/password", json={"current_password": password, "new_password": "Better#2026x"}
    )
    assert ok.status_code == 204
    assert user.get("/api/me").json()["must_change_password"] is False


def test_lockout_after_five_failures(web: Web) -> None:
    login, password = new_admin(web)
    anon = web.anonymous()
    for _ in range(5):
        r = anon.request("POST", "/api/auth/login", json={"login": login, "password": "Wrong#2026x"})
        assert r.status_code == 401
    # while locked no password is checked: the right one is refused like a wrong one
    for guess in ("Wrong#2026x", password):
        locked = anon.request("POST", "/api/auth/login", json={"login": login, "password": guess})
        assert locked.status_code == 429
        assert "锁定" in locked.json()["message"]


def test_form_without_csrf_token_is_refused(web: Web) -> None:
    user = web.login(*DEMO["client"])
    r = user.request("POST", "/client/devices", data={"name": "x"})
    assert r.status_code == 403
    assert "CSRF" in r.text


def test_api_write_without_csrf_header_is_refused(web: Web) -> None:
    user = web.api_login(*DEMO["client"])
    user.csrf = ""
    r = user.api("POST", "/api/client/devices", json={"name": "x"})
    assert r.status_code == 403
    assert "X-CSRF-Token" in r.json()["message"]


def test_logout_ends_the_session(web: Web) -> None:
    user = web.api_login(*DEMO["regulator"])
    assert user.api("POST", "/api/auth/logout").status_code == 204
    assert user.get("/api/me").status_code == 401


def test_pages_carry_security_headers(web: Web) -> None:
    r = web.anonymous().get("/login")
    assert r.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_openapi_schema_is_served(web: Web) -> None:
    schema = web.anonymous().get("/schema/openapi.json").json()
    assert "/api/auth/login" in schema["paths"]
    assert "/api/me" in schema["paths"]
    assert "/api/client/devices" in schema["paths"]
    assert not any(p.startswith("/institution") for p in schema["paths"])  # pages are not API
