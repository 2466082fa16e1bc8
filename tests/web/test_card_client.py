"""The client of a report card (source 000 §5.3.4 第四步), issue 18 items 1, 7 and 8.

1. The client's kind is the register's, never the card's word: a typed kind that
   contradicts the register is refused, and a stored card is submitted with the kind the
   register holds (so the data-first control of 第四步 cannot be skipped).
7. A client added from a card must have the fields a card reads (注册地址); registered
   clients are changed by whoever registered them (the institution, or the administrator),
   audited with before and after — a card named after a client without an address is
   no longer stranded.
8. On the card page, adding a client and typed results refused for a field keep the whole
   card form as typed, with the message beside the field.
"""

from __future__ import annotations

from typing import Any

from card_helpers import card_input, institution, new_client
from web_helpers import DEMO, Web, error_of, new_institution, unique_uscc


def _page_form(web: Web, client_id: int, **overrides: str) -> dict[str, str]:
    staff = institution(web).get("/api/cards/staff").json()[0]["id"]
    form = {
        "institution_phone": "025-84561234",
        "project_leader": "王建国",
        "client_id": str(client_id),
        f"p{staff}_on": "on",
        f"p{staff}_field_testing": "on",
        f"p{staff}_field_testing_times": "2026-10-08 08:30-17:00",
        "service_field": "protection_testing",
        "report_no": "TYPED-2026-0042",
        "report_issued_on": "2026-10-15",
        "wp_points_tested": "12",
        "wp_exceeding_points": "0",
        "filler_unit_head": "王建国",
        "filler_name": "李敏",
        "filler_phone": "13905171234",
        "filler_filled_on": "2026-10-22",
        "action": "save",
    }
    return {**form, **overrides}


_TYPED_RESULTS = {"protection_testing": {"workplace": {"points_tested": 12, "exceeding_points": 0}}}


# -- item 1 ----------------------------------------------------------------------------------


def test_a_kind_contradicting_the_register_is_refused(web: Web) -> None:
    """A registered hospital cannot be filed as 企业 to type the report number and results."""
    user = institution(web)
    hospital = new_client(user, kind="general_hospital")
    body = card_input(
        user,
        hospital["id"],
        client={"kind": "enterprise"},
        service_field="protection_testing",
        results=_TYPED_RESULTS,
    )
    refused = user.api("POST", "/api/cards", json=body)
    assert refused.status_code == 400, refused.text
    assert (
        "登记" in refused.json()["errors"]["client.kind"]
        and "综合性医院" in refused.json()["errors"]["client.kind"]
    )
    # the same kind as registered is no contradiction; the rules then see a hospital
    same = user.api("POST", "/api/cards", json={**body, "client": {"kind": "general_hospital"}})
    assert same.status_code == 201, same.text
    submitted = user.api("POST", f"/api/cards/{same.json()['id']}/submit", json={"version": 1})
    assert submitted.status_code == 422, "a hospital's typed report number must not be submitted"


def test_the_page_refuses_a_contradicting_kind_beside_the_field(web: Web) -> None:
    user = institution(web)
    hospital = new_client(user, kind="specialist_hospital")
    browser = web.login(*DEMO["institution"])
    page = browser.post_form("/institution/cards", _page_form(web, hospital["id"], client_kind="enterprise"))
    assert page.status_code == 400, page.text[:500]
    assert "与登记信息“专科医院”不符" in (error_of(page.text, "client_kind") or "")
    assert 'value="TYPED-2026-0042"' in page.text  # what was typed is kept
    # without a kind chosen, the page shows the registered one
    fresh = browser.get(f"/institution/cards/new?client_id={hospital['id']}").text
    assert '<option value="specialist_hospital" selected>' in fresh


def test_a_stored_card_is_submitted_with_the_kind_registered_now(web: Web) -> None:
    """A card saved while the client was registered as 企业 is checked, when submitted, as a
    hospital once the register says so."""
    user = institution(web)
    client = new_client(user, kind="enterprise")
    body = card_input(user, client["id"], service_field="protection_testing", results=_TYPED_RESULTS)
    saved = user.api("POST", "/api/cards", json=body)
    assert saved.status_code == 201, saved.text
    changed = user.api(
        "PUT", f"/api/clients/{client['id']}", json={**_details(client), "kind": "other_medical"}
    )
    assert changed.status_code == 200, changed.text
    view = user.get(f"/api/cards/{saved.json()['id']}").json()
    assert view["card"]["client"]["kind"] == "other_medical"
    refused = user.api("POST", f"/api/cards/{saved.json()['id']}/submit", json={"version": 1})
    assert refused.status_code == 422, refused.text
    assert "report_no" in refused.json()["errors"]


# -- item 7 ----------------------------------------------------------------------------------


def _details(client: dict[str, Any]) -> dict[str, Any]:
    keys = ("name", "kind", "division_code", "address", "contact_name", "contact_phone")
    return {k: client.get(k) for k in keys}


def test_a_client_added_from_a_card_needs_the_address_the_card_reads(web: Web) -> None:
    user = institution(web)
    data = {
        "uscc": unique_uscc(),
        "name": "无地址医院",
        "kind": "general_hospital",
        "division_code": "320104",
    }
    refused = user.api("POST", "/api/cards/clients", json=data)
    assert refused.status_code == 400 and refused.json()["errors"] == {"address": "必填"}


def test_the_registrant_and_the_admin_change_a_client_others_may_not(web: Web) -> None:
    from radrules_webshell.audit.tables import AuditEvent

    user = institution(web)
    client = new_client(user)
    assert user.get(f"/api/clients/{client['id']}").json()["editable"] is True
    renamed = user.api(
        "PUT", f"/api/clients/{client['id']}", json={**_details(client), "name": "改名后的单位"}
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "改名后的单位"
    event = web.run(
        AuditEvent.select(AuditEvent.before, AuditEvent.after)
        .where((AuditEvent.action == "client_update") & (AuditEvent.entity_id == str(client["id"])))
        .first()
    )
    assert event and client["name"] in str(event["before"]) and "改名后的单位" in str(event["after"])

    data, _ = new_institution(web)
    other = web.api_login(data["login"], data["password"])
    assert other.get(f"/api/clients/{client['id']}").json()["editable"] is False
    assert other.api("PUT", f"/api/clients/{client['id']}", json=_details(client)).status_code == 403
    assert (
        web.login(data["login"], data["password"])
        .get(f"/institution/clients/{client['id']}/edit")
        .status_code
        == 403
    )
    admin = web.api_login(*DEMO["admin"])
    by_admin = admin.api(
        "PUT", f"/api/clients/{client['id']}", json={**_details(client), "contact_name": "吴刚"}
    )
    assert by_admin.status_code == 200 and by_admin.json()["contact_name"] == "吴刚"
    # the credit code names the client: it is not changed by an update
    assert admin.get(f"/api/clients/{client['id']}").json()["uscc"] == client["uscc"]


def test_a_card_stranded_by_a_client_without_address_is_freed_by_the_admin(web: Web) -> None:
    """The issue's case: 提交 says 注册地址为必填项; the admin completes the register on its page."""
    admin = web.api_login(*DEMO["admin"])
    uscc = unique_uscc()
    client_id = admin.api(
        "POST",
        "/api/admin/clients",
        json={"uscc": uscc, "name": "无地址企业", "kind": "enterprise", "division_code": "320104"},
    ).json()["id"]
    user = institution(web)
    saved = user.api("POST", "/api/cards", json=card_input(user, client_id)).json()
    refused = user.api("POST", f"/api/cards/{saved['id']}/submit", json={"version": saved["version"]})
    assert refused.status_code == 422 and "注册地址为必填项" in str(refused.json()["errors"])
    # the institution did not register it: it is told whom to ask
    assert web.login(*DEMO["institution"]).get(f"/institution/clients/{client_id}/edit").status_code == 403

    page = web.login(*DEMO["admin"])
    form = page.get(f"/admin/clients/{client_id}/edit")
    assert form.status_code == 200 and uscc in form.text
    fields = {"name": "无地址企业", "kind": "enterprise", "division_code": "320104", "contact_phone": "12"}
    bad = page.post_form(f"/admin/clients/{client_id}/edit", {**fields, "address": "南京市江宁区某路1号"})
    assert bad.status_code == 400 and error_of(bad.text, "contact_phone")
    assert 'value="南京市江宁区某路1号"' in bad.text  # kept as typed
    fields["contact_phone"] = ""
    done = page.post_form(f"/admin/clients/{client_id}/edit", {**fields, "address": "南京市江宁区某路1号"})
    assert done.status_code == 303 and done.headers["location"].startswith("/admin/clients")
    submitted = user.api("POST", f"/api/cards/{saved['id']}/submit", json={"version": saved["version"]})
    assert submitted.status_code == 200, submitted.text


# -- item 8 (the card page) ------------------------------------------------------------------


def test_adding_a_client_on_the_card_page_keeps_the_card_as_typed(web: Web) -> None:
    browser = web.login(*DEMO["institution"])
    typed = {**_page_form(web, 0, report_no="KEEP-ME-77"), "client_id": ""}
    good = unique_uscc()
    client = {
        "new_client_uscc": good.lower(),  # a typo: lower case
        "new_client_name": "新添医院",
        "new_client_kind": "general_hospital",
        "new_client_division_code": "320104",
        "new_client_address": "南京市秦淮区某路2号",
    }
    refused = browser.post_form("/institution/cards", {**typed, **client, "action": "add_client"})
    assert refused.status_code == 400
    assert 'id="card-form"' in refused.text and "出错了" not in refused.text
    assert error_of(refused.text, "new_client_uscc"), "the credit code's error beside it"
    assert 'value="KEEP-ME-77"' in refused.text and 'value="新添医院"' in refused.text
    assert 'id="client-add" open' in refused.text

    added = browser.post_form(
        "/institution/cards", {**typed, **client, "new_client_uscc": good, "action": "add_client"}
    )
    assert added.status_code == 200, added.text[:500]
    assert "已添加服务单位并选中" in added.text and 'value="KEEP-ME-77"' in added.text
    assert "新添医院" in added.text and "checked> 新添医院" in added.text


def test_typed_dose_results_missing_a_number_are_told_beside_it(web: Web) -> None:
    """The issue's case: 个人剂量监测, 监测人数 50, 暂存 → no raw JSON path."""
    client = new_client(institution(web))
    browser = web.login(*DEMO["institution"])
    form = _page_form(
        web,
        client["id"],
        service_field="dose_monitoring",
        wp_points_tested="",
        wp_exceeding_points="",
        dm_workers_monitored="50",
    )
    page = browser.post_form("/institution/cards", form)
    assert page.status_code == 400
    assert error_of(page.text, "dm_workers_5_to_20") == "必填，若无则填写0"
    assert error_of(page.text, "dm_workers_over_20") == "必填，若无则填写0"
    assert "results.dose_monitoring" not in page.text and "缺少必填字段" not in page.text
    assert "5~20mSv人数" in page.text and 'value="50"' in page.text
