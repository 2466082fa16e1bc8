"""The report card, institution side (source 000 §5.3): create, 暂存, 提交, 撤销, findings,
QC code, list filters, picking a submitted report with computed results, isolation."""

from __future__ import annotations

from card_helpers import (
    card_input,
    demo_institution_id,
    institution,
    new_card,
    new_client,
    submitted_device_test,
)
from radrules_webshell.core import clock
from web_helpers import Web, new_institution


def test_save_issues_the_qc_code_once_and_submit_queues_the_card(web: Web) -> None:
    from radrules_webshell.sync.tables import SyncMessage

    user, saved = new_card(web)
    assert saved["status"] == "draft" and saved["version"] == 1
    code = saved["qc_code"]
    assert code and code.startswith("JS-")
    card_id = saved["id"]

    view = user.get(f"/api/cards/{card_id}").json()
    assert view["version"] == 1 and view["qc_code"] == code and view["editable"]
    assert view["card"]["institution"]["name"] == "江苏示范放射卫生技术服务有限公司"  # prefilled
    assert view["card"]["filler"]["unit_name"] == "江苏示范放射卫生技术服务有限公司"

    again = user.api(
        "PUT", f"/api/cards/{card_id}", json={**card_input(user, view["client_id"]), "version": 1}
    )
    assert again.status_code == 200, again.text
    assert again.json()["qc_code"] == code and again.json()["version"] == 2

    stale = user.api("POST", f"/api/cards/{card_id}/submit", json={"version": 1})
    assert stale.status_code == 409 and "刷新" in stale.json()["message"]

    done = user.api("POST", f"/api/cards/{card_id}/submit", json={"version": 2})
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "submitted" and done.json()["qc_code"] == code
    assert done.json()["filed_on"] == clock.today().isoformat()
    queued = web.run(SyncMessage.select().where(SyncMessage.report_card == card_id))
    assert [(m["kind"], m["state"]) for m in queued] == [("data", "pending")]

    refused = user.api(
        "PUT", f"/api/cards/{card_id}", json={**card_input(user, view["client_id"]), "version": 3}
    )
    assert refused.status_code == 409 and "撤销" in refused.json()["message"]

    back = user.api("POST", f"/api/cards/{card_id}/withdraw", json={"version": 3, "reason": "修改人数"})
    assert back.status_code == 200 and back.json()["status"] == "withdrawn"
    states = web.run(SyncMessage.select(SyncMessage.state).where(SyncMessage.report_card == card_id))
    assert [s["state"] for s in states] == ["cancelled"]

    resubmitted = user.api("POST", f"/api/cards/{card_id}/submit", json={"version": 4})
    assert resubmitted.status_code == 200 and resubmitted.json()["qc_code"] == code
    assert resubmitted.json()["filed_on"] == clock.today().isoformat()


def test_errors_block_submission_and_are_shown_beside_their_fields(web: Web) -> None:
    user, saved = new_card(web, results={})
    card_id = saved["id"]
    view = user.get(f"/api/cards/{card_id}").json()
    errors = [f for f in view["findings"] if f["severity"] == "error"]
    assert errors and all(f["field"] for f in errors)
    assert any(f["field"] == "results" for f in errors), errors
    refused = user.api("POST", f"/api/cards/{card_id}/submit", json={"version": 1})
    assert refused.status_code == 422, refused.text
    assert "results" in refused.json()["errors"]
    assert user.get(f"/api/cards/{card_id}").json()["status"] == "draft"

    page = web.login("jsinst", "Inst#2026rad").get(f"/institution/cards/{card_id}").text
    assert 'data-field="results"' in page and "finding-error" in page


def test_bad_input_names_the_field(web: Web) -> None:
    user = institution(web)
    client = new_client(user)
    bad = card_input(
        user,
        client["id"],
        report_issued_on="2026-13-01",
        service_field="",
        participants=[{"staff_id": 999999}],
    )
    response = user.api("POST", "/api/cards", json=bad)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["report_issued_on"] == "日期格式应为 YYYY-MM-DD"
    assert errors["service_field"] == "请选择技术服务领域"
    assert errors["participants[0]"] == "请从本机构资质申报中已勾选的人员中选择参与人员"
    shape = user.api(
        "POST",
        "/api/cards",
        json=card_input(user, client["id"], results={"dose_monitoring": {"workers_monitored": "x"}}),
    )
    assert shape.status_code == 400
    # each problem at its own JSON path, not one message joined at the first
    assert shape.json()["errors"] == {
        "results.dose_monitoring.workers_monitored": '应为整数，实际为 "x"',
        "results.dose_monitoring.workers_5_to_20": "缺少必填字段",
        "results.dose_monitoring.workers_over_20": "缺少必填字段",
    }
    assert "results.dose_monitoring" not in shape.json()["message"]


def test_picking_a_submitted_device_test_report_computes_the_results(web: Web) -> None:
    user = institution(web)
    hospital = new_client(user, kind="general_hospital")
    report_id, expected = submitted_device_test(web, demo_institution_id(web), hospital["id"])
    picks = user.get(f"/api/cards/reports?client_id={hospital['id']}").json()
    assert [(p["kind"], p["id"]) for p in picks] == [("device_test", report_id)]

    typed = card_input(
        user,
        hospital["id"],
        service_field="protection_testing",
        report_no="NOT-ENTERED-1",
        results={"protection_testing": {"workplace": {"points_tested": 99, "exceeding_points": 0}}},
    )
    saved = user.api("POST", "/api/cards", json=typed).json()
    # A medical client's card needs its data entered first: no QC code yet (§5.3.4 第四步).
    assert saved["qc_code"] is None and saved["qc_code_withheld"]
    report_field = [f for f in saved["findings"] if f["rule_id"] == "JS.card.report-source"]
    assert report_field and report_field[0]["field"] == "report_no"
    # The manual's title once, then both places in it (rulesets/sources.yaml, source 000).
    assert report_field[0]["citations"] == [
        "《江苏省放射卫生信息管理平台 操作手册》§5.3.4 第四、五步，第6章 常见问题4、5"
    ]

    picked = {**typed, "source": {"kind": "device_test", "id": report_id}, "version": saved["version"]}
    response = user.api("PUT", f"/api/cards/{saved['id']}", json=picked)
    assert response.status_code == 200, response.text
    assert response.json()["qc_code"]  # the data are there now: the code is issued
    view = user.get(f"/api/cards/{saved['id']}").json()
    assert view["results_computed"]
    assert view["card"]["results"]["protection_testing"] == expected["protection_testing"]  # typed 99 ignored
    assert view["card"]["report_no"].startswith("JSFH-T-")
    assert view["sources"] == [{"kind": "device_test", "id": report_id}]
    assert not [f for f in view["findings"] if f["severity"] == "error"], view["findings"]
    ok = user.api("POST", f"/api/cards/{saved['id']}/submit", json={"version": view["version"]})
    assert ok.status_code == 200, ok.text


def test_list_filters(web: Web) -> None:
    user = institution(web)
    a = new_client(user, division_code="320106")
    b = new_client(user, division_code="320111")
    first = user.api(
        "POST", "/api/cards", json=card_input(user, a["id"], report_issued_on="2026-10-15")
    ).json()
    later = {
        "report_issued_on": "2026-11-02",
        "filler": {"name": "李敏", "phone": "13905171234", "filled_on": "2026-11-03"},
    }
    second = user.api("POST", "/api/cards", json=card_input(user, b["id"], **later)).json()
    sent = user.api("POST", f"/api/cards/{second['id']}/submit", json={"version": 1})
    assert sent.status_code == 200, sent.json()

    def ids(query: str) -> set[int]:
        response = user.get(f"/api/cards?{query}")
        assert response.status_code == 200, response.text
        return {r["id"] for r in response.json()}

    assert first["id"] in ids("division=320106") and second["id"] not in ids("division=320106")
    assert second["id"] in ids("division=320100")  # a whole city
    assert first["id"] in ids(f"client_name={a['name']}") and second["id"] not in ids(
        f"client_name={a['name']}"
    )
    assert ids("issued_from=2026-11-01&issued_to=2026-11-30") >= {second["id"]}
    assert first["id"] not in ids("issued_from=2026-11-01&issued_to=2026-11-30")
    assert first["id"] in ids("status=pending") and second["id"] not in ids("status=pending")
    assert second["id"] in ids("status=submitted") and first["id"] not in ids("status=submitted")
    bad = user.get("/api/cards?issued_from=2026/01/01")
    assert bad.status_code == 400 and bad.json()["errors"]["issued_from"]
    page = web.login("jsinst", "Inst#2026rad").get("/institution/cards?status=pending").text
    assert a["name"] in page and b["name"] not in page


def test_other_institutions_cards_are_not_found_and_unapproved_cannot_create(web: Web) -> None:
    _, saved = new_card(web)
    data, _ = new_institution(web)
    other = web.api_login(data["login"], data["password"])
    assert other.get(f"/api/cards/{saved['id']}").status_code == 404
    assert other.api("POST", f"/api/cards/{saved['id']}/submit", json={"version": 1}).status_code == 404
    assert saved["id"] not in {r["id"] for r in other.get("/api/cards").json()}

    browser = web.login(data["login"], data["password"])
    page = browser.get("/institution/cards/new")
    assert page.status_code == 403 and "请先填报并提交放射卫生服务机构资质信息！" in page.text
    client = new_client(other)
    refused = other.api("POST", "/api/cards", json=card_input(other, client["id"], participants=[]))
    assert refused.status_code == 422 and "资质" in refused.json()["message"]
    # Served in another province, the card is still refused by the platform's own rule.
    fujian = new_client(other, division_code="350102")
    elsewhere = other.api("POST", "/api/cards", json=card_input(other, fujian["id"], participants=[]))
    assert (
        elsewhere.status_code == 422
        and "请先填报并提交放射卫生服务机构资质信息！" in elsewhere.json()["message"]
    )


def test_pages_create_save_submit_withdraw(web: Web) -> None:
    api = institution(web)
    client = new_client(api)
    browser = web.login("jsinst", "Inst#2026rad")
    new = browser.get(f"/institution/cards/new?client_id={client['id']}")
    assert new.status_code == 200 and "王建国" in new.text  # legal representative prefilled
    staff = api.get("/api/cards/staff").json()[0]["id"]
    form = {
        "institution_phone": "025-84561234",
        "project_leader": "王建国",
        "client_id": str(client["id"]),
        f"p{staff}_on": "on",
        f"p{staff}_field_testing": "on",
        f"p{staff}_field_testing_times": "2026-10-08 08:30-17:00",
        "service_field": "dose_monitoring",
        "report_no": "PAGE-2026-001",
        "report_issued_on": "2026-10-15",
        "dm_workers_monitored": "8",
        "dm_workers_5_to_20": "0",
        "dm_workers_over_20": "0",
        "filler_unit_head": "王建国",
        "filler_name": "李敏",
        "filler_phone": "13905171234",
        "filler_filled_on": "2026-10-22",
        "action": "save",
    }
    bad = browser.post_form("/institution/cards", {**form, f"p{staff}_field_testing_times": "明天上午"})
    assert bad.status_code == 400 and "时间格式" in bad.text
    created = browser.post_form("/institution/cards", form)
    assert created.status_code == 303, created.text
    url = created.headers["location"].split("?")[0]
    page = browser.get(created.headers["location"]).text
    assert "报送卡已暂存" in page
    assert "JS-" in page and "PAGE-2026-001" in page and "2026-10-08 08:30-17:00" in page
    assert "/qr.png" in page and "/card.pdf" in page and "/attachments" in page
    submitted = browser.post_form(url, {**form, "action": "submit", "version": "1"})
    assert submitted.status_code == 303, submitted.text
    page = browser.get(url).text
    assert 'id="card-status">已提交' in page and 'value="withdraw"' in page
    stale = browser.post_form(url, {"action": "withdraw", "version": "1"})
    assert stale.status_code == 409 and "刷新" in stale.text
    withdrawn = browser.post_form(url, {"action": "withdraw", "version": "2"})
    assert withdrawn.status_code == 303
    assert 'id="card-status">已撤销' in browser.get(url).text


def test_locked_card_cannot_be_edited(web: Web) -> None:
    from radrules_webshell.filings.cards.tables import ReportCard

    user, saved = new_card(web)
    card_id = saved["id"]
    web.run(
        ReportCard.update({ReportCard.status: "locked", ReportCard.status_under_lock: "draft"}).where(
            ReportCard.id == card_id
        )
    )
    view = user.get(f"/api/cards/{card_id}").json()
    assert view["locked"] and not view["editable"] and view["can_submit"]
    refused = user.api(
        "PUT", f"/api/cards/{card_id}", json={**card_input(user, view["client_id"]), "version": 1}
    )
    assert refused.status_code == 409 and "锁定" in refused.json()["message"]
    page = web.login("jsinst", "Inst#2026rad").get(f"/institution/cards/{card_id}").text
    assert 'id="locked-notice"' in page
    assert 'id="card-status">已锁定（暂存）</dd>' in page  # the state beneath, in Chinese


def test_delete_only_never_submitted_drafts(web: Web) -> None:
    user, saved = new_card(web)
    gone = user.api("POST", f"/api/cards/{saved['id']}/delete", json={"version": 1})
    assert gone.status_code == 204 and user.get(f"/api/cards/{saved['id']}").status_code == 404
    _, other = new_card(web, user)
    user.api("POST", f"/api/cards/{other['id']}/submit", json={"version": 1})
    user.api("POST", f"/api/cards/{other['id']}/withdraw", json={"version": 2})
    kept = user.api("POST", f"/api/cards/{other['id']}/delete", json={"version": 3})
    assert kept.status_code == 409


MALFORMED = [
    {},
    {"participants": "张伟"},
    {"participants": [1, None, {"staff_id": "1"}]},
    {"participants": [{"staff_id": 2**40}]},
    {"participants": [{"staff_id": 1, "duties": [{"duty": "flying", "periods": "today"}]}]},
    {"client_id": "abc"},
    {"client_id": 2**63},
    {"client": [], "client_id": True},
    {"source": "device_test:1"},
    {"source": {"kind": "dose", "id": 2**70}},
    {"source": {"kind": "x", "id": 1}},
    {"results": [1, 2]},
    {
        "results": {
            "dose_monitoring": {"workers_monitored": -1, "workers_5_to_20": 10**30, "workers_over_20": None}
        }
    },
    {"filler": "李敏"},
    {"filler": {"filled_on": 20261022}},
    {"institution": ["x"]},
    {"service_address": {"division_code": "99"}},
    {"service_address": "南京"},
    {"report_no": "X" * 500},
    {"report_no": {"a": 1}},
    {"report_issued_on": 20261015},
    {"service_field": ["dose_monitoring"]},
]


def test_malformed_card_input_is_refused_with_a_message_never_a_500(web: Web) -> None:
    user = institution(web)
    client = new_client(user)
    base = card_input(user, client["id"])
    _, saved = new_card(web, user)
    for change in MALFORMED:
        body = {**base, **change}
        created = user.api("POST", "/api/cards", json=body)
        assert created.status_code in (201, 400, 422), (change, created.status_code, created.text[:300])
        if created.status_code != 201:
            assert created.json()["message"], change
        updated = user.api("PUT", f"/api/cards/{saved['id']}", json={**body, "version": "1"})
        assert updated.status_code == 400, (change, updated.text[:300])
    for url in ("/api/cards/99999999999999999999", f"/api/cards/{2**40}/submit", "/api/cards/0/withdraw"):
        method = "GET" if url.count("/") == 3 else "POST"
        assert user.api(method, url, json={"version": 1}).status_code == 404, url
    # an integer beyond the 32-bit columns: 400 naming the parameter (issue 12, finding 7)
    refused = user.get(f"/api/cards/reports?client_id={2**40}")
    assert refused.status_code == 400 and "client_id" in refused.json()["errors"]
    assert user.get("/api/cards?page=999999999999999999999").status_code == 200


def test_only_staff_declared_in_the_qualification_can_take_part(web: Web) -> None:
    from radrules_webshell.institutions.tables import StaffMember
    from web_helpers import unique_id_number

    user = institution(web)
    row = StaffMember(
        institution=demo_institution_id(web),
        name="未申报人员",
        id_number=unique_id_number(),
        mobile="13800000001",
        address="南京",
        major="放射",
        title="技师",
        social_security="本单位",
        recipient_name="未申报人员",
        recipient_phone="13800000001",
        recipient_address="南京",
        selected=False,
    )
    web.run(row.save())
    assert row.id not in {s["id"] for s in user.get("/api/cards/staff").json()}
    client = new_client(user)
    refused = user.api(
        "POST", "/api/cards", json=card_input(user, client["id"], participants=[{"staff_id": row.id}])
    )
    assert refused.status_code == 400 and "participants[0]" in refused.json()["errors"]


def test_page_card_from_a_picked_dose_report_needs_no_typed_results(web: Web) -> None:
    """The new-card form sends the dose-monitoring inputs empty; with a submitted dose report
    picked the rules compute them (found by the browser test of the whole flow)."""
    from radrules_webshell.demo import HOSPITAL_USCC, make_id_number

    api = institution(web)
    hospital = api.get("/api/cards/clients", params={"q": HOSPITAL_USCC}).json()[0]
    no = f"JL-PAGE-{clock.today():%Y}-{hospital['id']}-{id(api) % 9973}"
    records = [
        {
            "worker": {"name": name, "id_number": make_id_number(first17), "employer_uscc": ""},
            "period_start": "2026-07-01",
            "period_end": "2026-09-28",
            "hp10": hp10,
        }
        for name, first17, hp10 in (("刘洋", "32010419880506341", 0.12), ("周婷", "32010419921120562", 6.5))
    ]
    dose = api.api(
        "POST",
        "/api/dose-reports/",
        json={
            "report_no": no,
            "institution_uscc": "",
            "client": {
                "name": "x",
                "uscc": HOSPITAL_USCC,
                "kind": "general_hospital",
                "division_code": "320104",
            },
            "report_date": "2026-10-15",
            "records": records,
        },
    )
    assert dose.status_code == 201, dose.text
    assert api.api("POST", f"/api/dose-reports/{dose.json()['id']}/submit").status_code == 200
    staff = api.get("/api/cards/staff").json()[0]["id"]
    form = {
        "institution_phone": "025-84561234",
        "client_id": str(hospital["id"]),
        f"p{staff}_on": "on",
        f"p{staff}_lab_testing": "on",
        f"p{staff}_lab_testing_times": "2026-10-08 08:30-17:00",
        "service_field": "dose_monitoring",
        "source": f"dose:{dose.json()['id']}",
        "report_no": "",
        "report_issued_on": "",
        **{f"dm_{k}": "" for k in ("workers_monitored", "workers_5_to_20", "workers_over_20")},
        "filler_unit_head": "王建国",
        "filler_name": "李敏",
        "filler_phone": "13905171234",
        "filler_filled_on": "2026-10-22",
        "action": "save",
    }
    browser = web.login("jsinst", "Inst#2026rad")
    created = browser.post_form("/institution/cards", form)
    assert created.status_code == 303, created.text
    card_id = int(created.headers["location"].split("?")[0].rsplit("/", 1)[1])
    view = api.get(f"/api/cards/{card_id}").json()
    assert view["results_computed"] and view["card"]["report_no"] == no
    assert view["card"]["results"]["dose_monitoring"] == {
        "workers_monitored": 2,
        "workers_5_to_20": 1,
        "workers_over_20": 0,
    }

    # Without a report and with nothing typed, the rules say the results are missing.
    typed = {**form, "source": "", "report_no": "JL-TYPED-NONE", "report_issued_on": "2026-10-15"}
    refused = browser.post_form("/institution/cards", {**typed, "action": "submit"})
    assert refused.status_code in (303, 422), refused.text
    assert refused.status_code == 303, refused.text
    assert refused.headers["location"].endswith("notice=card_saved_not_submitted")
    page = browser.get(refused.headers["location"]).text
    assert "缺少必填字段" not in page and 'id="card-status">暂存' in page
    assert 'data-field="results" data-rule="NAT.card.results.section"' in page
