"""The training cycle through the JSON API (source 002 §4–§6, issue 13): the CDC publishes a
plan, a unit registers, one registration is returned and corrected, the CDC approves and
arranges classes, opens selection, the unit places its people, the CDC enters and
publishes scores, and the unit downloads a certificate whose address verifies in public."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from training_web_helpers import SPECIALTIES, TODAY, add_person, cdc, published_plan, unit_user
from web_helpers import User, Web


def _register(user: User, plan_id: int, person_ids: list[int]) -> list[int]:
    added = user.api("POST", f"/api/training/plans/{plan_id}/registrations", json={"person_ids": person_ids})
    assert added.status_code == 201, added.text
    return [int(i) for i in added.json()["ids"]]


def _fill(user: User, reg_id: int, **overrides: Any) -> Any:
    body = {
        "needs_credit_certificate": False,
        "training_kind": "initial",
        "accommodation": "none",
        "specialties": [SPECIALTIES[0]],
    } | overrides
    return user.api("PUT", f"/api/training/registrations/{reg_id}", json=body)


def _inbox_titles(user: User) -> list[str]:
    return [m["title"] for m in user.get("/api/inbox/").json()["items"]]


def test_the_whole_cycle(web: Web) -> None:
    plan_id = published_plan(web, name="周期测试培训班")
    reviewer = cdc(web)
    user, _, _ = unit_user(web)
    people = [add_person(user, name=n)[0] for n in ("甲医生", "乙医生", "丙医生")]

    # §4.3: the plan is listed 未报名 (black) with 报名
    row = next(p for p in user.get("/api/training/plans/").json() if p["id"] == plan_id)
    assert (row["unit_status_label"], row["colour"], row["action"]) == ("未报名", "black", "报名")

    regs = _register(user, plan_id, people)
    assert len(regs) == 3 and _register(user, plan_id, people[:1]) == []  # already on the list
    page = user.get(f"/api/training/plans/{plan_id}").json()
    assert page["unit_status"] == "registering" and page["registrations"][0]["recipient"]["name"] == "甲医生"

    # 报名 without the required fields is refused beside them
    refused = user.api("POST", f"/api/training/registrations/{regs[0]}/submit")
    assert refused.status_code == 422
    assert {"training_kind", "accommodation", "needs_credit_certificate", "specialties"} <= set(
        refused.json()["errors"]
    )

    for reg in regs:
        assert _fill(user, reg).status_code == 200
        sent = user.api("POST", f"/api/training/registrations/{reg}/submit")
        assert sent.status_code == 200, sent.text
    row = next(p for p in user.get("/api/training/plans/").json() if p["id"] == plan_id)
    assert (row["unit_status_label"], row["colour"], row["action"], row["unit_registered"]) == (
        "已报名",
        "green",
        "查看",
        3,
    )

    # the CDC returns one with a reason; the unit sees 已报名（有退回） in red and the reason
    no_reason = reviewer.api(
        "POST", f"/api/cdc/training/registrations/{regs[2]}/return", json={"reason": " "}
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    assert (
        reviewer.api(
            "POST", f"/api/cdc/training/registrations/{regs[2]}/return", json={"reason": "职称证书不清晰"}
        ).status_code
        == 200
    )
    row = next(p for p in user.get("/api/training/plans/").json() if p["id"] == plan_id)
    assert (row["unit_status_label"], row["colour"]) == ("已报名（有退回）", "red")
    returned = user.get(f"/api/training/registrations/{regs[2]}").json()
    assert returned["status_label"] == "已退回" and returned["return_reason"] == "职称证书不清晰"
    assert "报名已退回：丙医生" in _inbox_titles(user)

    # corrected and sent again; the CDC approves all three
    assert _fill(user, regs[2], specialties=[SPECIALTIES[0], SPECIALTIES[1]]).status_code == 200
    assert user.api("POST", f"/api/training/registrations/{regs[2]}/submit").status_code == 200
    for reg in regs:
        assert reviewer.api("POST", f"/api/cdc/training/registrations/{reg}/approve").status_code == 200
    assert user.api("POST", f"/api/training/registrations/{regs[0]}/cancel").status_code == 409  # approved
    assert "报名审核通过：甲医生" in _inbox_titles(user)

    # two classes; selection opens on the second only
    start = TODAY + timedelta(days=20)
    sessions = []
    for number, offset in ((1, 0), (2, 10)):
        created = reviewer.api(
            "POST",
            f"/api/cdc/training/plans/{plan_id}/sessions",
            json={
                "number": number,
                "capacity": 2,
                "starts_on": (start + timedelta(days=offset)).isoformat(),
                "ends_on": (start + timedelta(days=offset + 2)).isoformat(),
                "selection_deadline": (start - timedelta(days=1)).isoformat(),
                "place": "南京",
                "training_kind": "initial",
                "specialties": [
                    {"specialty": SPECIALTIES[0], "limit": None},
                    {"specialty": SPECIALTIES[1], "limit": 1},
                ],
            },
        )
        assert created.status_code == 201, created.text
        sessions.append(int(created.json()["id"]))
    s1, s2 = sessions
    listed = user.get("/api/training/selection/").json()
    assert [r["id"] for r in listed if r["id"] == plan_id] == [plan_id]
    closed = user.api(
        "PUT",
        f"/api/training/selection/{plan_id}/sessions/{s1}",
        json={"specialty": SPECIALTIES[0], "registration_ids": regs[:1]},
    )
    assert closed.status_code == 409 and "尚未开放" in closed.json()["message"]
    for s in sessions:
        assert reviewer.api("POST", f"/api/cdc/training/sessions/{s}/open").status_code == 200
    assert any(t.startswith("已开放选班") for t in _inbox_titles(user))

    # capacity 2: two fit, the third is told the class is full
    full = user.api(
        "PUT",
        f"/api/training/selection/{plan_id}/sessions/{s1}",
        json={"specialty": SPECIALTIES[0], "registration_ids": regs},
    )
    assert full.status_code == 422 and "已满" in full.json()["message"]
    placed = user.api(
        "PUT",
        f"/api/training/selection/{plan_id}/sessions/{s1}",
        json={"specialty": SPECIALTIES[0], "registration_ids": regs[:2]},
    )
    assert placed.json() == {"added": 2, "removed": 0}
    page = user.get(f"/api/training/selection/{plan_id}").json()
    first = next(s for s in page["sessions"] if s["id"] == s1)
    assert first["left"] == 0 and first["specialties"][0]["taken"] == 2
    # the third person sits both specialties in 第2期 (no conflict: other dates)
    for specialty in SPECIALTIES[:2]:
        ok = user.api(
            "PUT",
            f"/api/training/selection/{plan_id}/sessions/{s2}",
            json={"specialty": specialty, "registration_ids": regs[2:]},
        )
        assert ok.status_code == 200, ok.text
    picker = user.get(f"/api/training/selection/{plan_id}/sessions/{s2}?specialty={SPECIALTIES[0]}").json()
    assert [r["id"] for r in picker["rows"]] == [regs[2]]  # the other two sit the same specialty in 第1期
    assert user.api("POST", f"/api/training/selection/{plan_id}/submit").status_code == 200
    assert (
        user.api(
            "PUT",
            f"/api/training/selection/{plan_id}/sessions/{s2}",
            json={"specialty": SPECIALTIES[0], "registration_ids": []},
        ).status_code
        == 409
    )

    # scores of 第2期: one pass, one fail → one certificate naming the specialty passed
    scores = reviewer.get(f"/api/cdc/training/sessions/{s2}/scores/").json()["rows"]
    assert len(scores) == 2
    id_number = scores[0]["id_number"]
    body = {
        "scores": [
            {"id_number": id_number, "specialty": SPECIALTIES[0], "score": 85, "passed": True},
            {"id_number": id_number, "specialty": SPECIALTIES[1], "score": 50, "passed": False},
        ]
    }
    assert reviewer.api("PUT", f"/api/cdc/training/sessions/{s2}/scores/", json=body).status_code == 200
    assert user.get(f"/api/training/scores/{s2}").status_code == 404  # not published yet
    published = reviewer.api("POST", f"/api/cdc/training/sessions/{s2}/scores/publish")
    assert published.json() == {"issued": 1, "extended": 0, "revoked": 0}
    mine = user.get(f"/api/training/scores/{s2}").json()
    assert [r["passed"] for r in mine["rows"]] == ["合格", "不合格"]
    cert_id = mine["rows"][0]["certificate_id"]
    number = mine["rows"][0]["certificate_no"]
    assert number.startswith(f"JSPX-{TODAY.year}-01-")
    assert any(
        r["id"] == s2
        for r in user.get(f"/api/training/scores/?start_to={(start + timedelta(days=30)).isoformat()}").json()
    )
    pdf = user.get(f"/api/training/certificates/{cert_id}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # §3.3: the certificate joins the holder's profile
    person = user.get(f"/api/training/people/{people[2]}").json()
    assert person["certificate_no"] == number

    # the public page: valid; altered → 无效; revoked → says so
    from radrules_webshell.verify.secret import qc_secret

    from radrules import certificate_verification_url

    url = certificate_verification_url(
        number, base_url="http://testserver.local/training/verify", secret=qc_secret(web.settings)
    )
    public = web.anonymous()
    valid = public.get(urlsplit(url).path + "?" + urlsplit(url).query)
    assert (
        valid.status_code == 200
        and "有效" in valid.text
        and number in valid.text
        and id_number not in valid.text
    )
    altered = public.get(
        urlsplit(url).path + "?" + urlsplit(url).query.replace(number[-1], "0" if number[-1] != "0" else "1")
    )
    assert altered.status_code == 404 and "无效" in altered.text
    certs = reviewer.get(f"/api/cdc/training/certificates/?number={number}").json()
    assert (
        reviewer.api(
            "POST", f"/api/cdc/training/certificates/{certs[0]['id']}/revoke", json={"reason": "资料造假"}
        ).status_code
        == 200
    )
    revoked = public.get(urlsplit(url).path + "?" + urlsplit(url).query)
    assert revoked.status_code == 200 and "已撤销" in revoked.text and "资料造假" in revoked.text


def test_no_registration_after_the_deadline(web: Web) -> None:
    """§7 问题八: “当报名时间截止时，报名入口关闭”."""
    plan_id = published_plan(web, name="已截止的培训班", deadline=(TODAY - timedelta(days=1)).isoformat())
    user, _, _ = unit_user(web)
    person_id, _ = add_person(user)
    added = user.api("POST", f"/api/training/plans/{plan_id}/registrations", json={"person_ids": [person_id]})
    assert added.status_code == 409 and "截止" in added.json()["message"]
    listed = user.get("/api/training/plans/?closed=yes").json()
    assert next(p for p in listed if p["id"] == plan_id)["action"] == "查看"
