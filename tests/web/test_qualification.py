"""The qualification declaration and its review (source 000 §4.1–§4.2)."""

from __future__ import annotations

from web_helpers import DEMO, PDF, Web, error_of, new_institution, unique_id_number

BASIC = {
    "name": "测试放射卫生技术服务中心",
    "address": "南京市玄武区测试路8号",
    "website": "https://example.org/t",
    "legal_representative": "孙立",
    "legal_representative_title": "主任",
    "contact_mobile": "13700001111",
    "phone": "025-83001234",
    "certificate_no": "苏卫职技字[2025]第066号",
    "issued_on": "2025-06-01",
    "certificate_status": "valid",
    "expires_on": "2030-05-31",
    "service_scope": ["protection_testing", "dose_monitoring"],
}


def staff(**kw: object) -> dict[str, object]:
    row = {
        "name": "吴芳",
        "id_number": unique_id_number("female"),
        "mobile": "13600002222",
        "address": "南京市",
        "major": "放射医学",
        "title": "技师",
        "social_security": "本单位",
        "recipient_name": "吴芳",
        "recipient_phone": "13600002222",
        "recipient_address": "南京市",
        "support_multiple": 1,
        "selected": True,
    }
    row.update(kw)
    return row


INSTRUMENT = {
    "type": "剂量率仪",
    "name": "X-γ剂量率仪",
    "model": "AT1123",
    "asset_no": "T-001",
    "outsourced": False,
    "calibrated_on": "2026-02-01",
    "calibration_period_years": 1,
    "selected": True,
}


def test_declaration_through_the_pages(web: Web) -> None:
    data, _ = new_institution(web)
    user = web.login(data["login"], data["password"])
    page = user.get("/institution/qualification").text
    assert "苏卫职技字[]第号" in page  # the platform's default text
    bad = user.post_form("/institution/qualification", dict(BASIC, expires_on="2024-01-01", postcode="2100"))
    assert bad.status_code == 400
    assert error_of(bad.text, "expires_on") == "失效日期应晚于发证时间"
    assert error_of(bad.text, "postcode") == "邮政编码应为6位数字"
    form = {k: v for k, v in BASIC.items() if k != "service_scope"}
    r = user.request(
        "POST",
        "/institution/qualification",
        data={**form, "_csrf_token": user.form_token(), "service_scope": BASIC["service_scope"]},
    )
    assert r.status_code == 303, r.text

    early = user.post_form("/institution/qualification/submit", {})
    assert early.status_code == 400 and "人员信息" in early.text and "资质附件" in early.text

    person = staff()
    assert user.post_form("/institution/staff", person).status_code == 303
    listing = user.get("/institution/staff").text
    assert person["id_number"] not in listing  # masked in lists
    assert person["id_number"][:6] + "********" + person["id_number"][-4:] in listing
    assert "女" in listing  # sex derived from the ID number
    dup = user.post_form("/institution/staff", staff(id_number=person["id_number"]))
    assert dup.status_code == 400 and error_of(dup.text, "id_number") == "本机构已有该身份证号的人员"
    assert user.post_form("/institution/instruments", INSTRUMENT).status_code == 303
    attach = user.post_form(
        "/institution/qualification/attachments", {}, files={"file": ("证书.pdf", PDF, "application/pdf")}
    )
    assert attach.status_code == 303
    assert user.post_form("/institution/qualification/submit", {}).status_code == 303
    assert "待审核" in user.get("/institution").text

    locked = user.post_form("/institution/staff", staff())
    assert locked.status_code == 409 and "不能修改" in locked.text

    reviewer = web.login(*DEMO["reviewer"])
    listing = reviewer.get("/review/qualifications").text
    assert data["uscc"] in listing
    decl_id = web.api_login(*DEMO["reviewer"]).get("/api/review/qualifications/?status=submitted").json()
    decl_id = next(d["id"] for d in decl_id if d["institution_uscc"] == data["uscc"])
    detail = reviewer.get(f"/review/qualifications/{decl_id}").text
    assert "吴芳" in detail and "X-γ剂量率仪" in detail
    assert (
        reviewer.post_form(
            f"/review/qualifications/{decl_id}/return", {"reason": "仪器校准证书缺失"}
        ).status_code
        == 303
    )
    home = user.get("/institution").text
    assert "退回" in home and "仪器校准证书缺失" in home
    assert user.post_form("/institution/qualification/submit", {}).status_code == 303
    assert reviewer.post_form(f"/review/qualifications/{decl_id}/approve", {}).status_code == 303
    assert "审核通过" in user.get("/institution").text

    # an approved declaration is reopened to change it
    assert user.post_form("/institution/staff", staff()).status_code == 409
    assert user.post_form("/institution/qualification/reopen", {}).status_code == 303
    assert user.post_form("/institution/staff", staff()).status_code == 303


def test_declaration_through_the_api(web: Web) -> None:
    data, institution_id = new_institution(web)
    user = web.api_login(data["login"], data["password"])
    state = user.get("/api/institution/qualification").json()
    assert state["status"] == "draft" and "服务项目" in state["missing"]
    bad = user.api("PUT", "/api/institution/qualification", json=dict(BASIC, service_scope=["brewing"]))
    assert bad.status_code == 400 and "不是可选的值" in bad.json()["errors"]["service_scope"]
    assert user.api("PUT", "/api/institution/qualification", json=BASIC).status_code == 200
    person = user.api("POST", "/api/institution/staff/", json=staff(id_number=unique_id_number("male")))
    assert person.status_code == 201
    body = person.json()
    assert body["sex"] == "male" and body["sex_label"] == "男" and body["birth_date"]
    listed = user.get("/api/institution/staff/").json()
    assert "*" in listed[0]["id_number"] and "*" in listed[0]["mobile"]
    inst = user.api("POST", "/api/institution/instruments/", json=INSTRUMENT)
    assert inst.status_code == 201
    changed = user.api(
        "PUT",
        f"/api/institution/instruments/{inst.json()['id']}",
        json=dict(INSTRUMENT, calibration_period_years=2),
    )
    assert changed.status_code == 200 and changed.json()["calibration_period_years"] == 2
    up = user.api(
        "POST",
        "/api/institution/qualification/attachments",
        files={"file": ("a.pdf", PDF, "application/pdf")},
    )
    assert up.status_code == 201
    assert user.get(f"/files/{up.json()['id']}").content == PDF
    assert user.api("POST", "/api/institution/qualification/submit").status_code == 200
    reviewer = web.api_login(*DEMO["reviewer"])
    decl = next(
        d for d in reviewer.get("/api/review/qualifications/").json() if d["institution"] == institution_id
    )
    detail = reviewer.get(f"/api/review/qualifications/{decl['id']}").json()
    assert "*" in detail["staff"][0]["id_number"]
    assert reviewer.api("POST", f"/api/review/qualifications/{decl['id']}/approve").status_code == 200
    assert user.get("/api/institution/qualification").json()["status_label"] == "审核通过"
    assert reviewer.api("POST", f"/api/review/qualifications/{decl['id']}/approve").status_code == 409


def test_institution_model_for_filings(web: Web) -> None:
    """The web shell hands radrules a model it can check (used by the filing pages)."""
    from radrules_webshell.demo import INSTITUTION_USCC
    from radrules_webshell.institutions import service
    from radrules_webshell.institutions.tables import Institution as InstitutionTable

    from radrules import DeclarationStatus, Institution, ServiceField

    demo_id = web.run(
        InstitutionTable.select(InstitutionTable.id).where(InstitutionTable.uscc == INSTITUTION_USCC).first
    )["id"]
    model = web.run(service.institution_model, demo_id)
    assert isinstance(model, Institution)
    assert model.qualification is not None
    assert model.qualification.declaration_status == DeclarationStatus.approved
    assert ServiceField.dose_monitoring in model.qualification.service_scope
    assert len(model.staff) == 2 and len(model.instruments) == 2
