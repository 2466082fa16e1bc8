"""Registration and its review (source 000 §2.2): submit, progress, return, edit, approve,
first login with the forced password change (§3.2.1)."""

from __future__ import annotations

import re

from web_helpers import DEMO, PDF, PNG, Web, error_of, registration_data, registration_files, unique_uscc


def _reg_id(web: Web, uscc: str) -> int:
    reviewer = web.api_login(*DEMO["reviewer"])
    rows = reviewer.get("/api/review/registrations/").json()
    return next(r["id"] for r in rows if r["uscc"] == uscc)


def test_full_flow_through_the_pages(web: Web) -> None:
    data = registration_data()
    anon = web.anonymous()
    r = anon.post_form("/register", data, files=registration_files())
    assert r.status_code == 303, r.text
    assert r.headers["location"].startswith(f"/register/progress?uscc={data['uscc']}")

    # pending: the reviewing body and its phone are shown
    page = anon.get(f"/register/progress?uscc={data['uscc']}").text
    assert "待审核" in page and "江苏省疾病预防控制中心" in page and "025-83759411" in page

    # the applicant cannot log in yet, and is told why
    early = web.anonymous().post_form("/login", {"login": data["login"], "password": data["password"]})
    assert early.status_code == 403 and "正在审核中" in early.text

    reg_id = _reg_id(web, data["uscc"])
    reviewer = web.login(*DEMO["reviewer"])
    detail = reviewer.get(f"/review/registrations/{reg_id}").text
    assert data["name"] in detail and "/files/" in detail
    no_reason = reviewer.post_form(f"/review/registrations/{reg_id}/return", {"reason": "  "})
    assert no_reason.status_code == 400 and "退回时须填写退回原因" in no_reason.text
    returned = reviewer.post_form(f"/review/registrations/{reg_id}/return", {"reason": "承诺书未盖章"})
    assert returned.status_code == 303

    page = anon.get(f"/register/progress?uscc={data['uscc']}").text
    assert "退回" in page and "承诺书未盖章" in page

    # edit: authenticate with the application's login and password, then resubmit
    wrong = anon.post_form(
        "/register/edit/open", {"uscc": data["uscc"], "login": data["login"], "password": "Nope#2026x"}
    )
    assert wrong.status_code == 403
    opened = anon.post_form(
        "/register/edit/open", {"uscc": data["uscc"], "login": data["login"], "password": data["password"]}
    )
    assert opened.status_code == 200 and "承诺书未盖章" in opened.text
    token = re.search(r'name="edit_token" value="([^"]+)"', opened.text).group(1)
    edited = dict(
        data, name="测试放射卫生技术服务中心（已更名）", password="", password_confirm="", edit_token=token
    )
    files = {"commitment": ("承诺书-盖章.pdf", PDF, "application/pdf")}
    resubmitted = anon.post_form("/register/edit", edited, files=files)
    assert resubmitted.status_code == 303, resubmitted.text
    assert "待审核" in anon.get(f"/register/progress?uscc={data['uscc']}").text

    approved = reviewer.post_form(f"/review/registrations/{reg_id}/approve", {})
    assert approved.status_code == 303
    page = anon.get(f"/register/progress?uscc={data['uscc']}").text
    assert "审核通过" in page and "立即登录" in page

    # first login: every page leads to the password change
    user = web.login(data["login"], data["password"])
    assert user.get("/institution").headers["location"] == "/password"
    changed = user.post_form(
        "/password",
        {
            "current_password": data["password"],
            "new_password": "Changed#2026x",
            "confirm_password": "Changed#2026x",
        },
    )
    assert changed.status_code == 303 and changed.headers["location"].startswith("/institution")
    home = user.get("/institution").text
    assert "测试放射卫生技术服务中心（已更名）" in home and data["uscc"] in home


def test_field_errors_are_shown_in_chinese_next_to_fields(web: Web) -> None:
    data = registration_data(
        uscc=unique_uscc().lower(),
        applicant_id_number="320102198501011230",
        applicant_mobile="12345",
        password="short",
        password_confirm="short",
        division_code="320000",
    )
    r = web.anonymous().post_form("/register", data, files=registration_files())
    assert r.status_code == 400
    assert error_of(r.text, "uscc") == "统一社会信用代码中的英文字母应大写"
    assert "校验码" in (error_of(r.text, "applicant_id_number") or "")
    assert "手机号码" in (error_of(r.text, "applicant_mobile") or "")
    assert "长度应为8~16位" in (error_of(r.text, "password") or "")
    assert error_of(r.text, "division_code") == "行政区划代码须选择到地级市"
    assert "Traceback" not in r.text


def test_uploads_are_checked_by_content_and_size(web: Web) -> None:
    anon = web.anonymous()
    fake = {
        "certificate": ("证书.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        "commitment": ("c.png", PNG, "image/png"),
    }
    r = anon.post_form("/register", registration_data(), files=fake)
    assert r.status_code == 400
    assert error_of(r.text, "certificate") == "只能上传 PDF、PNG 或 JPEG 文件（按文件内容判断）"
    big = {
        "certificate": ("big.pdf", PDF + b"0" * (web.settings.max_upload_bytes + 1), "application/pdf"),
        "commitment": ("c.png", PNG, "image/png"),
    }
    r = anon.post_form("/register", registration_data(), files=big)
    assert r.status_code == 400 and "文件不能超过" in (error_of(r.text, "certificate") or "")
    missing = anon.post_form(
        "/register", registration_data(), files={"commitment": ("c.png", PNG, "image/png")}
    )
    assert missing.status_code == 400 and "请选择要上传的文件" in (
        error_of(missing.text, "certificate") or ""
    )


def test_uploads_are_stored_outside_the_web_root_under_random_names(web: Web) -> None:
    data = registration_data()
    assert web.anonymous().post_form("/register", data, files=registration_files()).status_code == 303
    stored = [p for p in web.settings.upload_dir.rglob("*") if p.is_file()]
    assert stored and all(re.fullmatch(r"[0-9a-f]{32}\.(pdf|png|jpg)", p.name) for p in stored)
    assert not any("承诺书" in p.name for p in stored)
    assert web.anonymous().get(f"/static/../{stored[0].name}").status_code == 404


def test_duplicates_are_refused(web: Web) -> None:
    data = registration_data()
    anon = web.anonymous()
    assert anon.post_form("/register", data, files=registration_files()).status_code == 303
    again = anon.post_form("/register", registration_data(uscc=data["uscc"]), files=registration_files())
    assert again.status_code == 400 and "正在审核中" in (error_of(again.text, "uscc") or "")
    same_login = anon.post_form(
        "/register", registration_data(login=data["login"]), files=registration_files()
    )
    assert (
        same_login.status_code == 400 and error_of(same_login.text, "login") == "该登录账号已被使用，请换一个"
    )
    demo = anon.post_form("/register", registration_data(login="jsinst"), files=registration_files())
    assert error_of(demo.text, "login") == "该登录账号已被使用，请换一个"


def test_flow_through_the_api(web: Web) -> None:
    data = registration_data()
    anon = web.anonymous()
    r = anon.api("POST", "/api/registrations/", data=data, files=registration_files())
    assert r.status_code == 201, r.text
    progress = anon.get(f"/api/registrations/progress?uscc={data['uscc']}").json()
    assert progress["status"] == "submitted"
    assert (
        progress["reviewing_body"] == "江苏省疾病预防控制中心"
        and progress["reviewing_phone"] == "025-83759411"
    )

    reviewer = web.api_login(*DEMO["reviewer"])
    reg_id = progress and _reg_id(web, data["uscc"])
    detail = reviewer.get(f"/api/review/registrations/{reg_id}").json()
    assert "password_hash" not in detail and "*" in detail["applicant_id_number"]
    assert (
        reviewer.api(
            "POST", f"/api/review/registrations/{reg_id}/return", json={"reason": "资质证书不清晰"}
        ).status_code
        == 200
    )
    progress = anon.get(f"/api/registrations/progress?uscc={data['uscc']}").json()
    assert progress["status"] == "returned" and progress["return_reason"] == "资质证书不清晰"
    assert progress["reviewing_body"] is None

    again = dict(data, auth_login=data["login"], auth_password=data["password"], password="")
    files = {"certificate": ("清晰版.pdf", PDF, "application/pdf")}
    assert anon.api("POST", "/api/registrations/resubmit", data=again, files=files).status_code == 200
    twice = reviewer.api("POST", f"/api/review/registrations/{reg_id}/approve")
    assert twice.status_code == 200 and twice.json()["institution_id"]
    conflict = reviewer.api("POST", f"/api/review/registrations/{reg_id}/approve")
    assert conflict.status_code == 409 and "审核通过" in conflict.json()["message"]

    user = web.api_login(data["login"], data["password"])
    assert user.get("/api/me").json()["must_change_password"] is True
    assert user.get("/api/institution/qualification").json()["code"] == "password_change_required"


def test_progress_of_an_unknown_code(web: Web) -> None:
    r = web.anonymous().get(f"/api/registrations/progress?uscc={unique_uscc()}")
    assert r.status_code == 404 and "未找到" in r.json()["message"]
    page = web.anonymous().get(f"/register/progress?uscc={unique_uscc()}")
    assert page.status_code == 200 and "未找到" in page.text


def test_only_reviewers_review(web: Web) -> None:
    institution = web.api_login(*DEMO["institution"])
    assert institution.get("/api/review/registrations/").status_code == 403
    page = web.login(*DEMO["client"]).get("/review/registrations")
    assert page.status_code == 403 and "无权" in page.text
