"""Online training and exams on the web (source 001 表1 第17–19项): the worker's account with
an SMS code, registration and the unit's confirmation, a timed exam from an imported bank,
one score, the training record; the server's deadline; corrections only after the close."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from exam_web_helpers import (
    confirmed_sitting,
    hospital_uscc,
    manager,
    new_bank,
    new_plan,
    pass_sitting,
    right_answers,
    sign_up,
)
from web_helpers import DEMO, Web


def test_a_worker_registers_is_confirmed_sits_passes_and_the_training_is_recorded(web: Web) -> None:
    from radrules_webshell.exams.records import training_records_of
    from radrules_webshell.exams.tables import ExamSitting, ExamTrainingRecord

    cdc = manager(web)
    plan_id = new_plan(web, cdc, new_bank(web, cdc))
    worker, id_number = sign_up(web)
    _, sitting_id = confirmed_sitting(worker, web, plan_id)
    page = worker.get(f"/exams/sittings/{sitting_id}/1")
    assert page.status_code == 200 and "第1题 / 共10题" in page.text
    assert 'id="countdown"' in page.text
    key = right_answers(web, sitting_id)
    for number, shown in key.items():
        go = "submit" if number == len(key) else str(number + 1)
        r = worker.post_form(
            f"/exams/sittings/{sitting_id}/{number}", {"choice": [str(s) for s in shown], "go": go}
        )
        assert r.status_code == 303, r.text
    result = worker.get(f"/exams/sittings/{sitting_id}/result").text
    assert "100.0" in result and "合格" in result and 'id="training-recorded"' in result
    assert 'id="corrections-later"' in result and 'id="corrections"' not in result  # the exam is still open
    row = web.run(ExamSitting.select().where(ExamSitting.id == sitting_id).first())
    assert row["score"] == 100 and row["passed"] is True
    # a submitted sheet cannot change, and the score stays
    r = worker.post_form(f"/exams/sittings/{sitting_id}/1", {"choice": ["0"], "go": "1"})
    assert r.status_code == 303 and r.headers["location"].endswith("/result")
    records = web.run(ExamTrainingRecord.select().where(ExamTrainingRecord.id_number == id_number))
    assert len(records) == 1 and records[0]["days"] == 4 and records[0]["kind"] == "pre_job"
    assert [r.kind.value for r in web.run(training_records_of, id_number)] == ["pre_job"]


def test_the_deadline_closes_the_sheet_and_it_is_scored_once(web: Web) -> None:
    from radrules_webshell.core.errors import Conflict
    from radrules_webshell.exams import sitting_views, sittings
    from radrules_webshell.exams.tables import ExamSitting
    from radrules_webshell.exams.web import now

    cdc = manager(web)
    plan_id = new_plan(web, cdc, new_bank(web, cdc), time_limit_minutes="10")
    worker, _ = sign_up(web)
    _, sitting_id = confirmed_sitting(worker, web, plan_id)
    key = right_answers(web, sitting_id)
    r = worker.post_form(f"/exams/sittings/{sitting_id}/1", {"choice": [str(s) for s in key[1]], "go": "2"})
    assert r.status_code == 303
    row = web.run(ExamSitting.select().where(ExamSitting.id == sitting_id).first())
    deadline = row["deadline_at"] if row["deadline_at"].tzinfo else row["deadline_at"].replace(tzinfo=UTC)
    assert timedelta(minutes=9) < deadline - now() <= timedelta(minutes=10)
    from radrules_webshell.core.principal import Principal
    from radrules_webshell.exams.tables import ExamWorker

    account = web.run(
        ExamWorker.select(ExamWorker.account)
        .where(
            ExamWorker.id
            == web.run(
                ExamSitting.select(ExamSitting.enrolment.worker.as_alias("w"))
                .where(ExamSitting.id == sitting_id)
                .first()
            )["w"]
        )
        .first()
    )["account"]
    actor = Principal(account_id=account, login="", name="", role="worker")
    late = deadline + timedelta(seconds=1)
    with pytest.raises(Conflict):  # an answer after the deadline is not saved
        web.run(sittings.save_answer, actor, sitting_id, 2, [0], late)
    scored = web.run(ExamSitting.select().where(ExamSitting.id == sitting_id).first())
    assert scored["scored_at"] is not None and scored["score"] == 10  # only the first answer counts
    again = web.run(sittings.finalize, sitting_id, late + timedelta(minutes=5), submitted=True)
    assert again["score"] == 10 and again["scored_at"] == scored["scored_at"]
    # corrections once the exam window is over, not before
    after_close = datetime.now(UTC) + timedelta(days=7)
    view = web.run(sitting_views.result_view, actor, sitting_id, after_close)
    assert view["exam_closed"] and len(view["corrections"]) == 10
    assert view["corrections"][0]["key"]
    assert not web.run(sitting_views.result_view, actor, sitting_id, late)["corrections"]


def test_eligibility_refuses_in_service_training_without_pre_job_and_the_unit_may_refuse(web: Web) -> None:
    cdc = manager(web)
    bank = new_bank(web, cdc)
    plan_id = new_plan(web, cdc, bank, kind="in_service", training_days="2")
    worker, _ = sign_up(web)
    r = worker.post_form("/exams/me/enrol", {"plan_id": plan_id, "unit_uscc": hospital_uscc()})
    assert r.status_code == 400 and "首次培训应报名岗前培训" in r.text
    plan2 = new_plan(web, cdc, bank)
    r = worker.post_form("/exams/me/enrol", {"plan_id": plan2, "unit_uscc": hospital_uscc()})
    assert r.status_code == 303
    r = worker.post_form("/exams/me/enrol", {"plan_id": plan2, "unit_uscc": hospital_uscc()})
    assert r.status_code == 400 and "已报名本计划" in r.text
    enrolment_id = int(re.search(r"/exams/me/enrolments/(\d+)", worker.get("/exams/me").text)[1])  # type: ignore[index]
    unit = web.login(*DEMO["client"])
    assert unit.post_form(f"/exams/unit/enrolments/{enrolment_id}/refuse", {}).status_code == 303
    assert "单位已拒绝" in worker.get("/exams/me").text


def test_a_bad_bank_file_imports_nothing_and_names_each_row(web: Web) -> None:
    import io

    from exam_web_helpers import HEADERS, bank_workbook
    from openpyxl import load_workbook

    cdc = manager(web)
    r = cdc.post_form("/exams/manage/banks", {"name": "错误题库"})
    bank_id = int(re.search(r"/banks/(\d+)", r.headers["location"])[1])  # type: ignore[index]
    book = load_workbook(io.BytesIO(bank_workbook(2)))
    book["题库"].append(
        [
            {
                "题号": "Z1",
                "题型": "多选题",
                "类别": "放射防护",
                "题干": "x",
                "选项A": "a",
                "选项B": "b",
                "答案": "A",
            }.get(h, "")
            for h in HEADERS
        ]
    )
    out = io.BytesIO()
    book.save(out)
    r = cdc.post_form(
        f"/exams/manage/banks/{bank_id}/import",
        {},
        files={"file": ("x.xlsx", out.getvalue(), "application/octet-stream")},
    )
    assert r.status_code == 400 and "未导入任何数据" in r.text and "多选题的答案应为两个或以上选项" in r.text
    assert "题目（0）" in cdc.get(f"/exams/manage/banks/{bank_id}").text


def test_the_exam_pages_fit_a_phone_and_need_no_inline_script(web: Web) -> None:
    cdc = manager(web)
    plan_id = new_plan(web, cdc, new_bank(web, cdc))
    worker, _ = sign_up(web)
    _, sitting_id = confirmed_sitting(worker, web, plan_id)
    html = worker.get(f"/exams/sittings/{sitting_id}/1").text
    assert "<script>" not in html and 'src="/static/exams.js"' in html
    assert 'name="viewport" content="width=device-width' in html


def _passed_sitting(web: Web) -> tuple[int, str, str]:
    """A worker of the demo hospital who passed a fresh plan: plan id, ID number, the worker's name."""
    cdc = manager(web)
    plan_id = new_plan(web, cdc, new_bank(web, cdc))
    name = f"查询{plan_id}"
    worker, id_number = sign_up(web, name=name)
    _, sitting_id = confirmed_sitting(worker, web, plan_id)
    pass_sitting(web, worker, sitting_id)
    return plan_id, id_number, name


def _regulator(web: Web, division: str) -> Any:
    from web_helpers import unique_login

    admin = web.api_login(*DEMO["admin"])
    login = unique_login("rx")
    r = admin.api(
        "POST",
        "/api/admin/users",
        json={"role": "regulator", "login": login, "password": "Region#2026x", "division": division},
    )
    assert r.status_code == 201, r.text
    first = web.api_login(login, "Region#2026x")
    first.api(
        "POST", "/api/me/password", json={"current_password": "Region#2026x", "new_password": "Region#2027x"}
    )
    return web.api_login(login, "Region#2027x")


def test_scores_are_queried_by_authority_filtered_and_exported(web: Web) -> None:
    from python_calamine import CalamineWorkbook

    plan_id, id_number, name = _passed_sitting(web)

    def names(user: Any, query: str = "") -> list[str]:
        r = user.get(f"/api/exams/scores/?plan={plan_id}{query}")
        assert r.status_code == 200, r.text
        return [row["name"] for row in r.json()["rows"]]

    assert names(web.api_login(*DEMO["client"])) == [name]  # the unit: its workers
    assert names(web.api_login(*DEMO["regulator"])) == [name]  # the city (320100)
    assert names(_regulator(web, "320104")) == [name]  # the hospital's county
    assert names(_regulator(web, "320105")) == []  # another county
    assert names(web.api_login(*DEMO["client"]), "&passed=no") == []
    assert names(web.api_login(*DEMO["client"]), "&passed=yes&unit=示范") == [name]
    page = web.login(*DEMO["regulator"]).get(f"/exams/scores?plan={plan_id}")
    assert page.status_code == 200 and name in page.text and id_number not in page.text  # masked
    export = web.login(*DEMO["regulator"]).get(f"/exams/scores/export.xlsx?plan={plan_id}")
    assert export.status_code == 200
    import io

    rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0).to_python()
    assert any(name in row and id_number in row for row in rows)
    bad = web.api_login(*DEMO["client"]).get("/api/exams/scores/?from=2027-13-01")
    assert bad.status_code == 400
