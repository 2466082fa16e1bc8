"""Every page renders for the roles allowed to see it, and refuses the others — never a 500."""

from __future__ import annotations

import pytest
from litestar.routes import HTTPRoute
from web_helpers import DEMO, Web, error_of, unique_id_number

OWN_PAGES = {
    "institution": ["/institution", "/institution/qualification", "/institution/staff", "/institution/staff/new",
                    "/institution/instruments", "/institution/instruments/new", "/institution/clients"],
    "client": ["/client", "/client/devices", "/client/devices/new", "/client/workers", "/client/workers/new"],
    "reviewer": ["/review/registrations", "/review/registrations?status=", "/review/qualifications",
                 "/oversight/institutions", "/oversight/clients", "/oversight/cards", "/oversight/overdue",
                 "/oversight/summaries"],
    "regulator": ["/oversight/institutions", "/oversight/clients", "/oversight/cards", "/oversight/overdue",
                  "/oversight/summaries"],
    "admin": ["/admin/users", "/admin/clients", "/admin/audit", "/review/registrations", "/oversight/clients"],
}  # fmt: skip


def _page_routes(web: Web) -> list[str]:
    return sorted(
        r.path
        for r in web.client.app.routes
        if isinstance(r, HTTPRoute)
        and "GET" in r.methods
        and "{" not in r.path
        and not r.path.startswith(("/api", "/schema"))
    )


@pytest.mark.parametrize("role", sorted(OWN_PAGES))
def test_pages_of_each_role(web: Web, role: str) -> None:
    user = web.login(*DEMO[role])
    for path in OWN_PAGES[role]:
        r = user.get(path)
        assert r.status_code == 200, f"{role} {path}: {r.status_code}"
        assert "<title>" in r.text and "Traceback" not in r.text
    for path in _page_routes(web):
        r = user.get(path)
        assert r.status_code in (200, 302, 303, 307, 403), f"{role} {path}: {r.status_code}"


def test_public_pages(web: Web) -> None:
    anon = web.anonymous()
    for path in ("/login", "/register", "/register/progress"):
        assert anon.get(path).status_code == 200
    assert anon.get("/static/app.css").status_code == 200
    assert anon.get("/no/such/page").status_code == 404
    assert "页面不存在" in anon.get("/no/such/page").text


def test_client_assigns_a_monitoring_institution_on_the_page(web: Web) -> None:
    from radrules_webshell.demo import INSTITUTION_USCC

    user = web.login(*DEMO["client"])
    id_number = unique_id_number("female")
    assert (
        user.post_form(
            "/client/workers", {"name": "孙丽", "id_number": id_number, "dosimeter_no": "D-9"}
        ).status_code
        == 303
    )
    listing = user.get("/client/workers").text
    assert "孙丽" in listing and id_number not in listing
    worker_id = int(listing.split("孙丽")[1].split("/client/workers/")[1].split('"')[0])
    bad = user.post_form(
        f"/client/workers/{worker_id}/assignments",
        {"institution_uscc": INSTITUTION_USCC.lower(), "start": "2026-01-01"},
    )
    assert (
        bad.status_code == 400
        and error_of(bad.text, "institution_uscc") == "统一社会信用代码中的英文字母应大写"
    )
    ok = user.post_form(
        f"/client/workers/{worker_id}/assignments",
        {"institution_uscc": INSTITUTION_USCC, "start": "2026-01-01"},
    )
    assert ok.status_code == 303
    page = user.get(f"/client/workers/{worker_id}/assignments").text
    assert "江苏示范放射卫生技术服务有限公司" in page and "长期" in page


def test_admin_creates_an_account_on_the_page(web: Web) -> None:
    from web_helpers import unique_login

    admin = web.login(*DEMO["admin"])
    login = unique_login("pg")
    bad = admin.post_form("/admin/users", {"role": "regulator", "login": login, "password": "Region#2026x"})
    assert bad.status_code == 400 and "行政区划代码" in bad.text
    ok = admin.post_form(
        "/admin/users",
        {"role": "regulator", "login": login, "password": "Region#2026x", "division": "320100"},
    )
    assert ok.status_code == 303
    assert login in admin.get("/admin/users").text
