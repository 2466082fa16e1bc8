"""完善人员信息 (source 002 §3): profiles checked by the province's rules on save, one per
person in a unit, uploads checked by content, 在职/离职, scoped to the unit."""

from __future__ import annotations

import re

from training_web_helpers import add_person, profile, unit_user
from web_helpers import PDF, PNG, Web


def test_a_complete_profile_is_saved_and_listed(web: Web) -> None:
    user, _, _ = unit_user(web)
    person_id, body = add_person(user, name="李明")
    listed = user.get("/api/training/people/").json()
    assert [r["name"] for r in listed] == ["李明"]
    assert listed[0]["employment_label"] == "在职"
    assert listed[0]["id_number"].count("*") == 8  # masked in the list
    shown = user.get(f"/api/training/people/{person_id}").json()
    assert shown["id_number_full"] == body["basic"]["id_number"]
    # §3.5 1: sex and birth date default to the ID number's
    assert shown["profile"]["basic"]["sex"] == "male"
    assert shown["profile"]["basic"]["birth_date"] == (
        f"{body['basic']['id_number'][6:10]}-{body['basic']['id_number'][10:12]}-{body['basic']['id_number'][12:14]}"
    )


def test_the_rules_refuse_beside_each_field(web: Web) -> None:
    user, _, _ = unit_user(web)
    body = profile(basic__mobile="1380013800", basic__postcode="2100")  # 10 digits; 4 digits
    del body["resume"]["title"]
    response = user.api("POST", "/api/training/people/", json=body)
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert set(errors) >= {"basic.mobile", "basic.postcode", "resume.title"}
    assert "职称为必填项" in errors["resume.title"]
    assert any(f["rule_id"] == "JS.training.person.contacts" for f in response.json()["findings"])
    assert user.get("/api/training/people/").json() == []


def test_physician_fields_required_for_an_examining_physician(web: Web) -> None:
    """§3.5 5: 医师资格证编号 … 主执业地点 “当人员属性为‘检查医生’或‘诊断/鉴定医师’时必填”."""
    user, _, _ = unit_user(web)
    body = profile()
    del body["qualification"]["main_practice_site"]
    response = user.api("POST", "/api/training/people/", json=body)
    assert response.status_code == 422
    assert "主执业地点" in response.json()["errors"]["qualification.main_practice_site"]
    body["qualification"]["attributes"] = ["technician"]
    assert user.api("POST", "/api/training/people/", json=body).status_code == 201


def test_one_profile_per_id_number_in_a_unit(web: Web) -> None:
    user, _, _ = unit_user(web)
    _, body = add_person(user)
    again = user.api("POST", "/api/training/people/", json=body)
    assert again.status_code == 422
    assert "重复" in again.json()["errors"]["basic.id_number"]
    # another unit may keep the same person
    other, _, _ = unit_user(web)
    assert other.api("POST", "/api/training/people/", json=body).status_code == 201


def test_unknown_keys_are_refused_with_their_path(web: Web) -> None:
    user, _, _ = unit_user(web)
    body = profile()
    body["basic"]["mobil"] = "1"
    response = user.api("POST", "/api/training/people/", json=body)
    assert response.status_code == 400
    assert "mobil" in response.json()["message"]
    assert (
        user.api("POST", "/api/training/people/", json={**profile(), "employment": "departed"}).status_code
        == 400
    )


def test_uploads_are_checked_by_content_and_replace_per_field(web: Web) -> None:
    user, _, _ = unit_user(web)
    person_id, _ = add_person(user)
    url = f"/api/training/people/{person_id}/files"
    bad = user.api(
        "POST",
        url,
        data={"field": "basic.id_card_copy"},
        files={"file": ("id.pdf", b"<html>", "application/pdf")},
    )
    assert bad.status_code == 400 and "file" in bad.json()["errors"]
    first = user.api(
        "POST", url, data={"field": "basic.id_card_copy"}, files={"file": ("id.png", PNG, "image/png")}
    )
    second = user.api(
        "POST", url, data={"field": "basic.id_card_copy"}, files={"file": ("id.pdf", PDF, "application/pdf")}
    )
    assert first.status_code == second.status_code == 201
    shown = user.get(f"/api/training/people/{person_id}").json()
    assert [f["filename"] for f in shown["files"]] == ["id.pdf"]
    assert shown["profile"]["basic"]["id_card_copy"]["media_type"] == "application/pdf"
    got = user.get(f"{url}/{second.json()['id']}")
    assert got.status_code == 200 and got.content == PDF
    assert user.api("DELETE", f"{url}/{second.json()['id']}").status_code == 204
    assert user.get(f"/api/training/people/{person_id}").json()["files"] == []


def test_employment_toggle_and_delete(web: Web) -> None:
    user, _, _ = unit_user(web)
    person_id, _ = add_person(user)
    url = f"/api/training/people/{person_id}"
    assert user.api("POST", f"{url}/employment", json={"employment": "departed"}).json() == {
        "employment": "departed"
    }
    assert user.get("/api/training/people/?employment=departed").json()[0]["id"] == person_id
    assert user.get("/api/training/people/?employment=in_service").json() == []
    assert user.api("POST", f"{url}/employment", json={"employment": "gone"}).status_code == 400
    assert user.api("DELETE", url).status_code == 204
    assert user.get(url).status_code == 404


def test_professional_qualifications(web: Web) -> None:
    """§3.5 8: 资质范围 required for 职业病诊断医师, absent for the others; number ≤ 50 bytes."""
    user, _, _ = unit_user(web)
    person_id, _ = add_person(user)
    url = f"/api/training/people/{person_id}/qualifications"
    entry = {"category": "职业病诊断医师", "certificate_no": "苏职诊2024001", "issued_on": "2024-05-01"}
    missing = user.api("POST", url, json=entry)
    assert missing.status_code == 422 and "资质范围" in missing.json()["errors"]["scope"]
    assert user.api("POST", url, json={**entry, "scope": ["职业性放射性疾病"]}).json() == {"index": 0}
    long_no = user.api(
        "POST", url, json={"category": "检查医生", "certificate_no": "证" * 26, "issued_on": "2024-05-01"}
    )
    assert long_no.status_code == 422 and "字节" in long_no.json()["errors"]["certificate_no"]
    shown = user.get(f"/api/training/people/{person_id}").json()
    assert shown["certificate_no"] == "苏职诊2024001"
    assert user.api("DELETE", f"{url}/0").status_code == 204
    assert user.api("DELETE", f"{url}/0").status_code == 404


def test_pages_show_the_form_and_errors_beside_fields(web: Web) -> None:
    from web_helpers import error_of

    api_user, data, _ = unit_user(web)
    page = web.login(data["login"], data["password"])
    form = page.get("/training/people/new")
    assert form.status_code == 200 and "身份证复印件" not in form.text  # uploads once saved
    assert 'name="basic.id_number"' in form.text
    body = profile()
    fields = {f"{s}.{k}": v for s, part in body.items() for k, v in part.items() if not isinstance(v, list)}
    fields["basic.mobile"] = "12345"
    refused = page.post_form(
        "/training/people/new", {**fields, "qualification.attributes": "examining_physician"}
    )
    assert refused.status_code == 422, re.findall(r"class=\"(?:error|alert)\"[^>]*>([^<]*)", refused.text)
    assert error_of(refused.text, "basic.mobile")
    fields["basic.mobile"] = "13900139000"
    saved = page.post_form(
        "/training/people/new", {**fields, "qualification.attributes": "examining_physician"}
    )
    assert saved.status_code == 303, saved.text[:500]
    listed = page.get("/training/people")
    assert body["basic"]["name"] in listed.text and "在职" in listed.text
    assert api_user.get("/api/training/people/").json()[0]["name"] == body["basic"]["name"]
