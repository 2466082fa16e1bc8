"""Jilin's credit warning and blacklist on the web (吉卫监督发〔2021〕1号 第六条): regulators
record behaviours, the blacklist entry moves through the plugin's states with its history,
the published list is public and the institution sees its own records."""

from __future__ import annotations

from supervision_helpers import credit_record, new_regulator, page_user
from web_helpers import DEMO, User, Web, new_institution, unique_uscc


def _inbox_titles(user: User) -> list[str]:
    return [m["title"] for m in user.get("/api/inbox/?page_size=100").json()["items"]]


def test_record_propose_approve_publish_remove(web: Web) -> None:
    data, _ = new_institution(web)
    institution = web.api_login(data["login"], data["password"])
    county = new_regulator(web, "220102")  # 长春市南关区
    province = new_regulator(web, "220000")
    # a Jilin hospital, told of the published entry (通报全省医疗卫生机构)
    admin = web.api_login(*DEMO["admin"])
    hospital = unique_uscc("12")
    created = admin.api(
        "POST",
        "/api/admin/clients",
        json={"uscc": hospital, "name": "长春某医院", "kind": "general_hospital", "division_code": "220102"},
    )
    assert created.status_code == 201, created.text
    hospital_id = created.json()["id"]

    record = credit_record(county, data["uscc"])
    assert record["behaviour_label"] == "超出资质认可范围从事放射卫生技术服务"
    assert record["action"] == "blacklist" and "纳入黑名单管理" in record["message"]
    own = institution.get("/api/institution/credit/").json()
    assert [r["id"] for r in own["records"]] == [record["id"]]
    assert any("超出资质认可范围" in t for t in _inbox_titles(institution))

    entry = county.api(
        "POST", "/api/oversight/credit/entries", json={"record_ids": [record["id"]], "level": "serious"}
    )
    assert entry.status_code == 201, entry.text
    entry_id = entry.json()["id"]
    assert entry.json()["state_label"] == "拟纳入"
    assert entry.json()["out_of_province"] is True  # registered in Jiangsu, serving in Jilin

    # the county proposes; the provincial commission approves and publishes
    assert county.api("POST", f"/api/oversight/credit/entries/{entry_id}/approve", json={}).status_code == 403
    early = province.api(
        "POST", f"/api/oversight/credit/entries/{entry_id}/publish", json={"channels": ["portal"]}
    )
    assert early.status_code == 409 and "拟纳入" in early.json()["message"]
    approved = province.api("POST", f"/api/oversight/credit/entries/{entry_id}/approve", json={})
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    no_channel = province.api("POST", f"/api/oversight/credit/entries/{entry_id}/publish", json={})
    assert no_channel.status_code == 409 and "公布渠道" in no_channel.json()["message"]
    stale = province.api(
        "POST",
        f"/api/oversight/credit/entries/{entry_id}/publish",
        json={"channels": ["portal"], "version": 1},
    )
    assert stale.status_code == 409
    published = province.api(
        "POST",
        f"/api/oversight/credit/entries/{entry_id}/publish",
        json={"channels": ["portal", "credit_jilin"]},
    ).json()
    assert published["state_label"] == "已公布"
    assert published["medical_institutions_notified"] and published["inspection_frequency_raised"]
    assert [h["state"] for h in published["history"]] == ["draft", "approved", "published"]

    public = web.anonymous().get("/api/credit/blacklist").json()
    mine = [e for e in public if e["id"] == entry_id]
    assert mine and mine[0]["level_label"] == "较重失信"
    assert mine[0]["channel_labels"] == ["省卫生健康委门户网站", "信用吉林"]
    assert "description" not in str(mine[0])
    assert data["uscc"] in web.anonymous().get("/credit/blacklist").text

    from radrules_webshell.notifications.tables import Notification

    told = web.run(
        Notification.select(Notification.title).where(
            (Notification.org_kind == "client") & (Notification.org_id == hospital_id)
        )
    )
    assert any("信用预警" in t["title"] for t in told)

    no_reason = province.api("POST", f"/api/oversight/credit/entries/{entry_id}/remove", json={"reason": " "})
    assert no_reason.status_code == 409 and "理由" in no_reason.json()["message"]
    removed = province.api(
        "POST", f"/api/oversight/credit/entries/{entry_id}/remove", json={"reason": "整改到位，复查合格"}
    ).json()
    assert removed["state"] == "removed" and removed["history"][-1]["reason"] == "整改到位，复查合格"
    assert entry_id not in [e["id"] for e in web.anonymous().get("/api/credit/blacklist").json()]
    # the institution sees its entry with the whole history
    [own_entry] = institution.get("/api/institution/credit/").json()["entries"]
    assert [h["state"] for h in own_entry["history"]] == ["draft", "approved", "published", "removed"]


def test_what_the_plugin_refuses_is_said(web: Web) -> None:
    data, _ = new_institution(web)
    county = new_regulator(web, "220102")
    referral = credit_record(county, data["uscc"], behaviour="unqualified")
    assert referral["action"] == "referral"
    refused = county.api(
        "POST", "/api/oversight/credit/entries", json={"record_ids": [referral["id"]], "level": "minor"}
    )
    assert refused.status_code == 400 and "报请省卫生健康委处理" in refused.json()["message"]
    other, _ = new_institution(web)
    a = credit_record(county, data["uscc"])
    b = credit_record(county, other["uscc"])
    mixed = county.api(
        "POST", "/api/oversight/credit/entries", json={"record_ids": [a["id"], b["id"]], "level": "minor"}
    )
    assert mixed.status_code == 400 and "记录属于" in mixed.json()["message"]
    bad = county.api(
        "POST",
        "/api/oversight/credit/records",
        json={"institution_uscc": "", "behaviour": "x", "observed_on": "2999-01-01", "description": ""},
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"institution_uscc", "behaviour", "observed_on", "description"}
    unknown = county.api(
        "POST",
        "/api/oversight/credit/records",
        json={
            "institution_uscc": unique_uscc(),
            "behaviour": "over_scope",
            "observed_on": "2026-01-01",
            "description": "x",
        },
    )
    assert unknown.status_code == 400 and "institution_uscc" in unknown.json()["errors"]


def test_scope(web: Web) -> None:
    data, _ = new_institution(web)
    county = new_regulator(web, "220102")
    record = credit_record(county, data["uscc"])
    city = new_regulator(web, "220100")
    other_city = new_regulator(web, "220200")
    jiangsu = web.api_login(*DEMO["regulator"])
    assert city.get(f"/api/oversight/credit/records/{record['id']}").status_code == 200
    assert other_city.get(f"/api/oversight/credit/records/{record['id']}").status_code == 404
    assert record["id"] not in [r["id"] for r in other_city.get("/api/oversight/credit/").json()["records"]]
    assert jiangsu.get("/api/oversight/credit/").status_code == 403
    # another institution sees none of it
    other = web.api_login(*DEMO["institution"])
    assert record["id"] not in [r["id"] for r in other.get("/api/institution/credit/").json()["records"]]


def test_pages(web: Web) -> None:
    data, _ = new_institution(web)
    county = page_user(web, new_regulator(web, "220102"))
    page = county.get("/oversight/credit")
    assert page.status_code == 200 and "冒名代替他人签字" in page.text
    refused = county.post_form("/oversight/credit/records", {"institution_uscc": data["uscc"]})
    assert refused.status_code == 400 and 'id="err_behaviour"' in refused.text
    saved = county.post_form(
        "/oversight/credit/records",
        {
            "institution_uscc": data["uscc"],
            "behaviour": "falsified_data",
            "observed_on": "2026-05-01",
            "description": "检测数据与原始记录不符",
            "evidence": "JL-1\nJL-2",
        },
    )
    assert saved.status_code == 303
    record_id = next(
        r["id"]
        for r in county.get("/api/oversight/credit/").json()["records"]
        if r["institution_uscc"] == data["uscc"]
    )
    assert "JL-1；JL-2" in county.get(f"/oversight/credit/records/{record_id}").text
    proposed = county.post_form(
        "/oversight/credit/entries", {"record_ids": str(record_id), "level": "severe"}
    )
    assert proposed.status_code == 303
    entry_page = county.get(proposed.headers["location"])
    assert "严重失信" in entry_page.text and "拟纳入" in entry_page.text
    institution = web.login(data["login"], data["password"])
    own = institution.get("/institution/credit")
    assert own.status_code == 200 and "篡改检测数据" in own.text
