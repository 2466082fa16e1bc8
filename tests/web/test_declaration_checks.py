"""The qualification declaration judged by the rules on the web (issue 18 item 6; source 000
§4.1.2 第二、三、五步; the Jiangsu rules JS.declaration.*): the unfilled template
“苏卫职技字[]第号”, a website that is no address and a calibration dated in the future are
refused beside their field; a lapsed calibration is a warning the reviewer sees and does
not block; 支撑几倍 is asked for, kept and shown; the read-only view shows 证书状态.
"""

from __future__ import annotations

from datetime import timedelta

from radrules_webshell.core import clock
from test_qualification import BASIC, INSTRUMENT, staff
from web_helpers import DEMO, PDF, Web, error_of, new_institution, unique_id_number


def _ready(web: Web) -> tuple[dict[str, str], int]:
    """A new institution with its basic information, one person and one attachment."""
    data, institution_id = new_institution(web)
    user = web.api_login(data["login"], data["password"])
    assert user.api("PUT", "/api/institution/qualification", json=BASIC).status_code == 200
    assert (
        user.api("POST", "/api/institution/staff/", json=staff(id_number=unique_id_number())).status_code
        == 201
    )
    up = user.api(
        "POST",
        "/api/institution/qualification/attachments",
        files={"file": ("a.pdf", PDF, "application/pdf")},
    )
    assert up.status_code == 201
    return data, institution_id


def test_the_unfilled_template_and_a_website_that_is_no_address_are_refused(web: Web) -> None:
    data, _ = new_institution(web)
    page = web.login(data["login"], data["password"])
    refused = page.post_form(
        "/institution/qualification",
        {**BASIC, "certificate_no": "苏卫职技字[]第号", "website": "not a url"},
    )
    assert refused.status_code == 400
    assert "网址格式不正确" in (error_of(refused.text, "website") or "")
    assert 'value="not a url"' in refused.text  # kept as typed
    # the website fixed, the template alone is the rules' error beside 证书编号
    again = page.post_form("/institution/qualification", {**BASIC, "certificate_no": "苏卫职技字[]第号"})
    assert again.status_code == 400 and error_of(again.text, "certificate_no"), again.text[:600]
    api = web.api_login(data["login"], data["password"])
    body = api.api(
        "PUT", "/api/institution/qualification", json={**BASIC, "certificate_no": "苏卫职技字[2025]第号"}
    )
    assert body.status_code == 400 and "certificate_no" in body.json()["errors"]
    assert api.get("/api/institution/qualification").json()["declaration"]["certificate_no"] is None


def test_a_calibration_dated_in_the_future_is_refused_a_lapsed_one_is_a_warning(web: Web) -> None:
    data, institution_id = _ready(web)
    user = web.api_login(data["login"], data["password"])
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    future = user.api("POST", "/api/institution/instruments/", json={**INSTRUMENT, "calibrated_on": tomorrow})
    assert future.status_code == 400 and "calibrated_on" in future.json()["errors"], future.text
    page = web.login(data["login"], data["password"]).post_form(
        "/institution/instruments", {**INSTRUMENT, "asset_no": "T-F", "calibrated_on": tomorrow}
    )
    assert page.status_code == 400 and error_of(page.text, "calibrated_on")

    lapsed = {**INSTRUMENT, "asset_no": "T-OLD", "calibrated_on": "2020-03-01", "calibration_period_years": 1}
    saved = user.api("POST", "/api/institution/instruments/", json=lapsed)
    assert saved.status_code == 201, saved.text
    state = user.get("/api/institution/qualification").json()
    warning = [f for f in state["findings"] if f["severity"] == "warning" and f.get("part") == "instruments"]
    assert warning and warning[0]["row_id"] == saved.json()["id"] and warning[0]["column"] == "calibrated_on"
    # a warning does not block the submission; the reviewer sees it
    assert user.api("POST", "/api/institution/qualification/submit").status_code == 200, state
    reviewer = web.api_login(*DEMO["reviewer"])
    decl = next(
        d for d in reviewer.get("/api/review/qualifications/").json() if d["institution"] == institution_id
    )
    page = web.login(*DEMO["reviewer"]).get(f"/review/qualifications/{decl['id']}").text
    assert 'id="declaration-findings"' in page and "finding-warning" in page and "2020-03-01" in page


def test_support_multiple_is_asked_for_and_shown_with_the_certificate_status(web: Web) -> None:
    data, institution_id = _ready(web)
    user = web.api_login(data["login"], data["password"])
    person = staff(id_number=unique_id_number())
    del person["support_multiple"]
    missing = user.api("POST", "/api/institution/staff/", json=person)
    assert missing.status_code == 400 and missing.json()["errors"]["support_multiple"] == "必填"
    added = user.api("POST", "/api/institution/staff/", json={**person, "support_multiple": 2})
    assert added.status_code == 201 and added.json()["support_multiple"] == 2
    assert user.api("POST", "/api/institution/instruments/", json=INSTRUMENT).status_code == 201
    assert user.api("POST", "/api/institution/qualification/submit").status_code == 200
    own = web.login(data["login"], data["password"]).get("/institution/qualification").text
    assert '<dd id="certificate-status">有效</dd>' in own  # the read-only view
    reviewer = web.api_login(*DEMO["reviewer"])
    decl = next(
        d for d in reviewer.get("/api/review/qualifications/").json() if d["institution"] == institution_id
    )
    page = web.login(*DEMO["reviewer"]).get(f"/review/qualifications/{decl['id']}").text
    assert "支撑几倍" in page and "<td>2</td>" in page and '<dd id="certificate-status">有效</dd>' in page


def test_a_stored_declaration_with_an_error_is_not_submitted(web: Web) -> None:
    """A declaration saved before these rules (the template still in 证书编号) is refused at
    submission, with the message beside the field."""
    from radrules_webshell.institutions.tables import QualificationDeclaration

    data, institution_id = _ready(web)
    user = web.api_login(data["login"], data["password"])
    assert user.api("POST", "/api/institution/instruments/", json=INSTRUMENT).status_code == 201
    web.run(
        QualificationDeclaration.update({QualificationDeclaration.certificate_no: "苏卫职技字[]第号"}).where(
            QualificationDeclaration.institution == institution_id
        )
    )
    refused = user.api("POST", "/api/institution/qualification/submit")
    assert refused.status_code == 400 and "certificate_no" in refused.json()["errors"], refused.text
    page = web.login(data["login"], data["password"]).post_form("/institution/qualification/submit", {})
    assert page.status_code == 400 and "不能提交" in page.text and error_of(page.text, "certificate_no")
    assert user.get("/api/institution/qualification").json()["status"] == "draft"
