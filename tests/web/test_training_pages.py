"""The training pages (source 002 §4–§6) as a unit and the CDC see them: status colours, red
marks for age and title, the return reason, no 报名 after the deadline, errors beside their
fields, the class page's numbers, the score import's row errors and every list's xlsx."""

from __future__ import annotations

import io
import itertools
import re
from datetime import timedelta

from openpyxl import Workbook, load_workbook
from training_web_helpers import (
    SPECIALTIES,
    TODAY,
    add_person,
    approved,
    cdc,
    open_session,
    published_plan,
    unit_user,
)
from web_helpers import DEMO, Web, error_of


def _born(year: int) -> str:
    """A valid ID number of someone born on 1 June of ``year`` (unique within the run)."""
    from stdnum.cn import ric

    n = next(_serial)
    first17 = f"320102{year}0601{(n * 2 + 1) % 1000:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


_serial = itertools.count(101)


def _page(web: Web, data: dict[str, str]):  # type: ignore[no-untyped-def]
    return web.login(data["login"], data["password"])


def test_registration_page_marks_age_and_title_red_and_shows_the_reason(web: Web) -> None:
    plan_id = published_plan(web, name="页面测试培训班", age_limit=30)
    user, data, _ = unit_user(web)
    old, _ = add_person(user, name="老医生", basic__id_number=_born(1970))  # over 30

    junior, _ = add_person(user, name="初级医生", basic__id_number=_born(2000), resume__title_level="junior")
    added = user.api(
        "POST", f"/api/training/plans/{plan_id}/registrations", json={"person_ids": [old, junior]}
    ).json()["ids"]
    page = _page(web, data)
    html = page.get(f"/training/plans/{plan_id}?r={added[0]}").text
    rows = {m[0]: m[1] for m in re.findall(r'<tr id="reg-(\d+)"(.*?)</tr>', html, re.S)}
    assert "age-red" in rows[str(added[0])] and "title-red" not in rows[str(added[0])]
    assert "title-red" in rows[str(added[1])]  # 初级 < 中级 (the plan's requirement)
    assert 'id="submit-registration"' in html and "报名中" in html

    # 报名 with nothing chosen: the page answers 422 with each message beside its field
    refused = page.post_form(
        f"/training/registrations/{added[0]}",
        {
            "action": "submit",
            "recipient.name": "老医生",
            "recipient.phone": "13800138001",
            "recipient.address": "南京",
        },
    )
    assert refused.status_code == 422
    assert error_of(refused.text, "training_kind") and error_of(refused.text, "specialties")
    sent = page.post_form(
        f"/training/registrations/{added[0]}",
        {
            "action": "submit",
            "needs_credit_certificate": "no",
            "training_kind": "initial",
            "accommodation": "none",
            "specialties": SPECIALTIES[0],
            "recipient.name": "老医生",
            "recipient.phone": "13800138001",
            "recipient.address": "南京",
        },
    )
    assert sent.status_code == 303
    assert (
        cdc(web)
        .api("POST", f"/api/cdc/training/registrations/{added[0]}/return", json={"reason": "年龄超过限制"})
        .status_code
        == 200
    )
    html = page.get(f"/training/plans/{plan_id}?r={added[0]}").text
    assert "年龄超过限制" in html and 'id="return-reason"' in html
    listed = page.get("/training/plans").text
    assert re.search(rf'id="plan-{plan_id}".*?colour-red">已报名（有退回）', listed, re.S)


def test_no_report_button_after_the_deadline(web: Web) -> None:
    """§7 问题八: after the deadline the list says 查看 and the page has no 报名 or 添加."""
    plan_id = published_plan(web, name="截止页面测试", deadline=(TODAY - timedelta(days=1)).isoformat())
    _, data, _ = unit_user(web)
    page = _page(web, data)
    listed = page.get("/training/plans?closed=yes").text
    assert re.search(rf'id="plan-{plan_id}".*?>查看</a>', listed, re.S)
    html = page.get(f"/training/plans/{plan_id}").text
    assert 'id="closed-note"' in html and 'id="add-people"' not in html and "submit-registration" not in html


def test_cdc_pages_publish_review_arrange(web: Web) -> None:
    reviewer = web.login(*DEMO["reviewer"])
    form = reviewer.get("/cdc/training/plans/new")
    assert form.status_code == 200 and 'name="plan_type"' in form.text
    bad = reviewer.post_form(
        "/cdc/training/plans/new",
        {"plan_type": "职业病诊断医师", "name": "无专业类别", "deadline": TODAY.isoformat()},
    )
    assert bad.status_code == 422 and error_of(
        bad.text, "specialties"
    )  # the plan rule: this type needs specialties
    made = reviewer.post_form(
        "/cdc/training/plans/new",
        {
            "plan_type": "职业病诊断医师",
            "name": "页面发布的培训班",
            "deadline": (TODAY + timedelta(days=5)).isoformat(),
            "specialties": SPECIALTIES[0],
        },
    )
    assert made.status_code == 303
    plan_id = int(made.headers["location"].split("/")[-1].split("?")[0])
    assert reviewer.post_form(f"/cdc/training/plans/{plan_id}/publish", {}).status_code == 303
    assert "已发布" in reviewer.get(f"/cdc/training/plans/{plan_id}").text
    user, _, _ = unit_user(web)
    person, _ = add_person(user)
    reg = approved(web, user, plan_id, person)
    listing = reviewer.get(f"/cdc/training/plans/{plan_id}/registrations")
    assert f'id="reg-{reg}"' in listing.text and "审核通过" in listing.text
    export = reviewer.get(f"/cdc/training/plans/{plan_id}/registrations.xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None and any("审核通过" in str(c.value) for row in sheet.iter_rows() for c in row)
    start = TODAY + timedelta(days=20)
    session = reviewer.post_form(
        f"/cdc/training/plans/{plan_id}/sessions",
        {
            "number": "1",
            "capacity": "30",
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=1)).isoformat(),
            "selection_deadline": (start + timedelta(days=2)).isoformat(),
            "place": "南京",
            "specialty": SPECIALTIES[0],
            f"limit.{SPECIALTIES[0]}": "40",
        },
    )
    assert session.status_code == 422  # deadline after the start; limit above the 分班人数
    assert (
        error_of(session.text, "selection_deadline")
        and error_of(session.text, f"limit.{SPECIALTIES[0]}") is None
    )
    for path in (
        "/cdc/training/plans/export.xlsx",
        f"/cdc/training/plans/{plan_id}/sessions.xlsx",
        "/cdc/training/certificates/export.xlsx",
    ):
        got = reviewer.get(path)
        assert got.status_code == 200 and got.content[:2] == b"PK", path


def test_class_page_numbers_and_no_class_message(web: Web) -> None:
    """§5.4: 剩余人数, per specialty 报名人数/限制人数/已选人数; §5.3 3: “您选择的专业类别未开班！”."""
    plan_id = published_plan(web, name="选班页面测试")
    user, data, _ = unit_user(web)
    person, _ = add_person(user)
    approved(web, user, plan_id, person)
    # a class of another specialty only: nothing the unit's approved people registered for
    open_session(web, plan_id, specialties=[{"specialty": SPECIALTIES[2], "limit": None}])
    page = _page(web, data)
    html = page.get(f"/training/selection/{plan_id}").text
    assert "您选择的专业类别未开班！" in html
    session_id = open_session(
        web, plan_id, number=2, capacity=10, specialties=[{"specialty": SPECIALTIES[0], "limit": 5}]
    )
    html = page.get(f"/training/selection/{plan_id}").text
    assert "您选择的专业类别未开班！" not in html
    block = html[html.index(f'id="session-{session_id}"') :]
    assert re.search(r"<td>职业性放射性疾病</td><td>1</td><td>5</td><td>0</td>", block)
    picker = page.get(f"/training/selection/{plan_id}/sessions/{session_id}?specialty={SPECIALTIES[0]}")
    regs = re.findall(r'name="registration_id" value="(\d+)"', picker.text)
    assert len(regs) == 1 and 'data-select-all="registration_id"' in picker.text
    done = page.post_form(
        f"/training/selection/{plan_id}/sessions/{session_id}",
        {"specialty": SPECIALTIES[0], "registration_id": regs[0]},
    )
    assert done.status_code == 303
    html = page.get(f"/training/selection/{plan_id}").text
    block = html[html.index(f'id="session-{session_id}"') :]
    assert re.search(r"<td>职业性放射性疾病</td><td>1</td><td>5</td><td>1</td>", block)
    assert 'id="submit-selection"' in html


def _scores_file(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "成绩"
    sheet.append(["姓名", "身份证号", "专业类别", "成绩", "是否合格", "备注"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_score_import_is_all_or_nothing_with_row_errors(web: Web) -> None:
    plan_id = published_plan(web, name="成绩导入测试")
    user, _, _ = unit_user(web)
    person, body = add_person(user, name="导入医生")
    reg = approved(web, user, plan_id, person)
    session_id = open_session(web, plan_id)
    assert (
        user.api(
            "PUT",
            f"/api/training/selection/{plan_id}/sessions/{session_id}",
            json={"specialty": SPECIALTIES[0], "registration_ids": [reg]},
        ).status_code
        == 200
    )
    reviewer = cdc(web)
    template = reviewer.get(f"/api/cdc/training/sessions/{session_id}/scores/template")
    sheet = load_workbook(io.BytesIO(template.content))["成绩"]
    assert [c.value for c in sheet[2]][:3] == ["导入医生", body["basic"]["id_number"], SPECIALTIES[0]]
    id_number = body["basic"]["id_number"]
    url = f"/api/cdc/training/sessions/{session_id}/scores/import"
    bad = _scores_file(
        [
            ["导入医生", id_number, SPECIALTIES[0], 80, "合格"],
            ["导入医生", id_number, SPECIALTIES[0], 70, "也许"],
        ]
    )
    refused = reviewer.api("POST", url, files={"file": ("s.xlsx", bad)})
    assert refused.status_code == 400
    assert [(e["row"], e["column"]) for e in refused.json()["errors"]] == [(3, "是否合格")]
    # a clean file the score rules refuse: a specialty the person was not placed for (§6.4)
    unplaced = _scores_file(
        [
            ["导入医生", id_number, SPECIALTIES[0], 80, "合格"],
            ["导入医生", id_number, SPECIALTIES[1], 70, "合格"],
        ]
    )
    refused = reviewer.api("POST", url, files={"file": ("s.xlsx", unplaced)})
    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    assert (error["row"], error["column"], error["rule_id"]) == (3, "专业类别", "JS.training.score.selected")
    assert (
        reviewer.get(f"/api/cdc/training/sessions/{session_id}/scores/").json()["scored"] == 0
    )  # nothing stored
    good = _scores_file([["导入医生", id_number, SPECIALTIES[0], 80, "合格"]])
    ok = reviewer.api(
        "POST", f"/api/cdc/training/sessions/{session_id}/scores/import", files={"file": ("s.xlsx", good)}
    )
    assert ok.status_code == 200 and ok.json()["imported"] == 1, ok.text
    page = web.login(*DEMO["reviewer"])
    html = page.get(f"/cdc/training/sessions/{session_id}/scores").text
    assert "已录入 1 / 1 行" in html
    bad_page = page.post_form(
        f"/cdc/training/sessions/{session_id}/scores/import", {}, files={"file": ("s.xlsx", bad)}
    )
    assert bad_page.status_code == 400 and 'id="import-problems"' in bad_page.text
