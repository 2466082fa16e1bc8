"""Account applications (用户申请表, source 002 §2.1), reviewed by the city CDC; account expiry.

A unit applies online (no login); the CDC of its city (a reviewer whose division prefix
covers the unit's county) approves — the account is created with the validity applied for
and an initial password shown once, which must be changed — or returns it with a reason.
An account past its validity cannot log in (§2.1 3) and the reviewer extends it.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

from radrules_webshell.core import clock
from web_helpers import DEMO, User, Web, unique_id_number, unique_login, unique_uscc


def city_cdc(web: Web, division: str) -> User:
    admin = web.api_login(*DEMO["admin"])
    login = unique_login("city")
    made = admin.api(
        "POST",
        "/api/admin/users",
        json={"role": "reviewer", "login": login, "password": "City#2026cdc", "division": division},
    )
    assert made.status_code == 201, made.text
    first = web.api_login(login, "City#2026cdc")
    assert (
        first.api(
            "POST",
            "/api/me/password",
            json={"current_password": "City#2026cdc", "new_password": "City#2027cdc"},
        ).status_code
        == 204
    )
    return web.api_login(login, "City#2027cdc")


def application(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "unit_name": "南京某职业健康检查机构",
        "uscc": unique_uscc(),
        "division_code": "320102",
        "address": "南京市玄武区北京东路1号",
        "phone": "025-83001234",
        "postcode": "210008",
        "legal_representative": "张主任",
        "contact_name": "李联系",
        "contact_phone": "13900001111",
        "unit_kind": "health_exam",
        "applicant_name": "王申请",
        "applicant_mobile": "139" + f"{secrets.randbelow(10**8):08d}",
        "applicant_id_number": unique_id_number(),
        "applicant_email": "wang@example.cn",
        "purpose": "data_reporter",
        "roles": ["reporter.collective_registration", "reporter.health_exam"],
        "valid_from": clock.today().isoformat(),
        "validity_years": 2,
        "login": unique_login("app"),
        "commitment": True,
    }
    data.update(overrides)
    return data


def submit(web: Web, **overrides: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    data = application(**overrides)
    r = web.anonymous().api("POST", "/api/account-applications/", json=data)
    assert r.status_code == 201, r.text
    return data, r.json()


def test_the_form_refuses_bad_fields_beside_them(web: Web) -> None:
    bad = application(
        uscc="123", applicant_mobile="1390000", roles=[], commitment=False, validity_years=5, login="中文"
    )
    r = web.anonymous().api("POST", "/api/account-applications/", json=bad)
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert {"uscc", "applicant_mobile", "roles", "commitment", "validity_years", "login"} <= set(errors)
    page = web.anonymous().get("/account-applications/new")
    assert (
        "用户申请表" in page.text and "数据直报员：集体报名" in page.text and "隐私信息安全承诺" in page.text
    )


def test_the_city_cdc_approves_and_the_account_works_until_its_end(web: Web) -> None:
    from radrules_webshell.notifications.tables import SmsMessage

    nanjing, suzhou = city_cdc(web, "320100"), city_cdc(web, "320500")
    data, made = submit(web)
    progress = web.anonymous().get(
        f"/api/account-applications/progress?number={made['number']}&uscc={data['uscc']}"
    )
    assert progress.json()["status_label"] == "待审核"
    # Suzhou's CDC neither lists nor reaches Nanjing's application
    assert all(r["id"] != made["id"] for r in suzhou.get("/api/review/account-applications/").json())
    assert suzhou.get(f"/api/review/account-applications/{made['id']}").status_code == 404
    assert suzhou.api("POST", f"/api/review/account-applications/{made['id']}/approve").status_code == 404
    listed = [r for r in nanjing.get("/api/review/account-applications/").json() if r["id"] == made["id"]]
    assert listed and listed[0]["role_labels"] == ["数据直报员：职业健康检查", "数据直报员：集体报名"]
    assert "****" in listed[0]["applicant_mobile"]
    # an institution account cannot review
    unit_user = web.api_login(*DEMO["institution"])
    assert unit_user.get("/api/review/account-applications/").status_code == 403
    approved = nanjing.api("POST", f"/api/review/account-applications/{made['id']}/approve")
    assert approved.status_code == 200, approved.text
    initial = approved.json()["initial_password"]
    assert nanjing.api("POST", f"/api/review/account-applications/{made['id']}/approve").status_code == 409
    # the applicant is told: inbox and an SMS to the applicant's mobile
    sms = web.run(SmsMessage.select().where(SmsMessage.mobile == data["applicant_mobile"]))
    assert sms and "账号申请已审核通过" in sms[0]["body"]
    user = web.api_login(data["login"], initial)
    me = user.get("/api/me").json()
    assert me["must_change_password"] is True and me["role"] == "institution"
    changed = user.api(
        "POST", "/api/me/password", json={"current_password": initial, "new_password": "Unit#2026ok"}
    )
    assert changed.status_code == 204
    initial = "Unit#2026ok"
    inbox = user.get("/api/inbox/").json()
    assert any("账号申请已审核通过" in m["title"] for m in inbox["items"])
    # the validity applied for: two years from the start
    start = date.fromisoformat(data["valid_from"])
    accounts = {a["login"]: a for a in nanjing.get("/api/review/accounts/").json()}
    assert (
        accounts[data["login"]]["valid_until"]
        == (start.replace(year=start.year + 2) - timedelta(days=1)).isoformat()
    )
    assert data["login"] not in {a["login"] for a in suzhou.get("/api/review/accounts/").json()}
    # past its end: no login, told why in Chinese; the open session ends too
    _set_valid_until(web, data["login"], clock.today() - timedelta(days=1))
    refused = web.anonymous().api(
        "POST", "/api/auth/login", json={"login": data["login"], "password": initial}
    )
    assert refused.status_code == 403 and refused.json()["code"] == "account_expired"
    assert "到期，请联系所在地市疾控延长账号使用期限" in refused.json()["message"]
    page = web.anonymous().post_form("/login", {"login": data["login"], "password": initial})
    assert page.status_code == 403 and "到期" in page.text
    gone = user.get("/api/me")
    assert gone.status_code == 401 and gone.json()["code"] == "session_expired"
    # the city CDC extends it; Suzhou's cannot; 1-3 years only
    account_id = accounts[data["login"]]["id"]
    assert (
        suzhou.api("POST", f"/api/review/accounts/{account_id}/extend", json={"years": 1}).status_code == 404
    )
    assert (
        nanjing.api("POST", f"/api/review/accounts/{account_id}/extend", json={"years": 4}).status_code == 400
    )
    extended = nanjing.api("POST", f"/api/review/accounts/{account_id}/extend", json={"years": 1})
    assert extended.status_code == 200
    today = clock.today()
    assert (
        extended.json()["valid_until"] == (today.replace(year=today.year + 1) - timedelta(days=1)).isoformat()
    )
    assert (
        web.anonymous()
        .api("POST", "/api/auth/login", json={"login": data["login"], "password": initial})
        .status_code
        == 200
    )


def test_a_return_states_its_reason_and_is_audited(web: Web) -> None:
    from radrules_webshell.audit.tables import AuditEvent

    nanjing = city_cdc(web, "320100")
    data, made = submit(web)
    assert (
        nanjing.api(
            "POST", f"/api/review/account-applications/{made['id']}/return", json={"reason": " "}
        ).status_code
        == 400
    )
    r = nanjing.api(
        "POST", f"/api/review/account-applications/{made['id']}/return", json={"reason": "申请表缺单位公章"}
    )
    assert r.status_code == 200
    page = web.anonymous().get(f"/account-applications/progress?number={made['number']}&uscc={data['uscc']}")
    assert "已退回" in page.text and "申请表缺单位公章" in page.text
    actions = {
        e["action"]
        for e in web.run(AuditEvent.select(AuditEvent.action).where(AuditEvent.entity_id == str(made["id"])))
    }
    assert {"account_application_submit", "account_application_return"} <= actions
    wrong = web.anonymous().get(
        f"/api/account-applications/progress?number={made['number']}&uscc={unique_uscc()}"
    )
    assert wrong.status_code == 404


def test_the_pages_without_javascript(web: Web) -> None:
    import re

    data = application()
    form = {
        k: v for k, v in data.items() if k not in ("roles", "commitment", "division_code", "validity_years")
    }
    form |= {"division_code": "320102", "validity_years": "3", "commitment": "on"}
    anon = web.anonymous()
    r = anon.post_form("/account-applications/new", {**form, "roles": ["reporter.collective_registration"]})
    assert r.status_code == 303, r.text
    shown = anon.get(r.headers["location"])
    assert "待审核" in shown.text and "申请编号" in shown.text
    number = re.search(r"number=(SQ[0-9A-F]+)", r.headers["location"]).group(1)  # type: ignore[union-attr]
    reviewer = web.login(*DEMO["reviewer"])  # the provincial CDC covers every city
    listing = reviewer.get("/review/account-applications/")
    assert number in listing.text
    app_id = re.search(rf"{number}.*?/review/account-applications/(\d+)", listing.text, re.S).group(1)  # type: ignore[union-attr]
    done = reviewer.post_form(f"/review/account-applications/{app_id}/approve", {})
    assert done.status_code == 200 and "初始密码" in done.text
    assert data["login"] in reviewer.get("/review/accounts/").text


def _set_valid_until(web: Web, login: str, day: date) -> None:
    from radrules_webshell.accounts.tables import Account

    web.run(Account.update({Account.valid_until: day}).where(Account.login == login))
