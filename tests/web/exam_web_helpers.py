"""Helpers for the online-exam web tests: a bank imported from the template, a published
plan open today, a worker signed up with an SMS code, the answers drawn for a candidate."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from notification_helpers import sms_rows, unique_mobile
from radrules_webshell.core import clock
from web_helpers import DEMO, User, Web, unique_id_number, unique_login

from radrules.documents.question_sheet import COLUMNS, DATA_SHEET, write_question_template

HEADERS = [c.header for c in COLUMNS]
HOSPITAL_USCC = None  # read from the demo data when first needed


def bank_workbook(per_part: int = 5, prefix: str = "") -> bytes:
    """A filled-in template: ``per_part`` law single-choice, protection multiple-choice and
    X-ray true/false questions. The key of each is in its 解析 so the tests can read it back."""
    from openpyxl import load_workbook

    buffer = io.BytesIO()
    write_question_template(buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = book[DATA_SHEET]
    for i in range(per_part):
        rows = [
            {
                "题号": f"{prefix}L{i}",
                "题型": "单选题",
                "类别": "法律法规",
                "题干": f"法规题{prefix}{i}",
                "选项A": f"甲{i}",
                "选项B": f"乙{i}",
                "选项C": f"丙{i}",
                "选项D": f"丁{i}",
                "答案": "B",
            },
            {
                "题号": f"{prefix}P{i}",
                "题型": "多选题",
                "类别": "放射防护",
                "题干": f"防护题{prefix}{i}",
                "选项A": f"时间{i}",
                "选项B": f"距离{i}",
                "选项C": f"屏蔽{i}",
                "选项D": f"稀释{i}",
                "答案": "ABC",
                "解析": "外照射防护三要素",
            },
            {
                "题号": f"{prefix}X{i}",
                "题型": "判断题",
                "类别": "放射诊疗项目",
                "项目类别": "X射线影像诊断",
                "题干": f"影像题{prefix}{i}",
                "答案": "错误",
            },
        ]
        for row in rows:
            sheet.append([row.get(h, "") for h in HEADERS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def manager(web: Web) -> User:
    return web.login(*DEMO["reviewer"])


def new_bank(web: Web, cdc: User, per_part: int = 5) -> int:
    r = cdc.post_form("/exams/manage/banks", {"name": f"题库{unique_login('b')}"})
    assert r.status_code == 303, r.text
    bank_id = int(re.search(r"/banks/(\d+)", r.headers["location"])[1])  # type: ignore[index]
    files = {"file": ("题库.xlsx", bank_workbook(per_part), "application/octet-stream")}
    r = cdc.post_form(f"/exams/manage/banks/{bank_id}/import", {}, files=files)
    assert r.status_code == 303, r.text
    return bank_id


def plan_form(bank_id: int, **overrides: Any) -> dict[str, Any]:
    today: date = clock.today()
    form: dict[str, Any] = {
        "bank_id": bank_id,
        "plan_id": unique_login("P"),
        "name": "放射工作人员在岗培训（在线）",
        "kind": "pre_job",
        "organizer": "江苏省疾病预防控制中心",
        "registration_opens_on": (today - timedelta(days=1)).isoformat(),
        "registration_closes_on": (today + timedelta(days=10)).isoformat(),
        "training_starts_on": today.isoformat(),
        "training_days": "4",
        "exam_opens_on": today.isoformat(),
        "exam_closes_on": (today + timedelta(days=5)).isoformat(),
        "time_limit_minutes": "30",
        "pass_mark": "60",
        "max_attempts": "2",
        "part0_category": "law",
        "part0_kind": "single",
        "part0_count": "4",
        "part0_marks": "10",
        "part1_category": "protection",
        "part1_kind": "multiple",
        "part1_count": "3",
        "part1_marks": "10",
        "part2_category": "project",
        "part2_project": "x_ray_imaging",
        "part2_kind": "true_false",
        "part2_count": "3",
        "part2_marks": "10",
    }
    form.update(overrides)
    return form


def new_plan(web: Web, cdc: User, bank_id: int, **overrides: Any) -> int:
    from radrules_webshell.exams.tables import ExamPlanRow

    form = plan_form(bank_id, **overrides)
    r = cdc.post_form("/exams/manage/plans", form)
    assert r.status_code == 303, r.text
    row = web.run(ExamPlanRow.select(ExamPlanRow.id).where(ExamPlanRow.code == form["plan_id"]).first())
    r = cdc.post_form(f"/exams/manage/plans/{row['id']}/publish", {})
    assert r.status_code == 303, r.text
    return int(row["id"])


def sms_code(web: Web, mobile: str) -> str:
    body = sms_rows(web, mobile)[-1]["body"]
    return re.search(r"验证码为(\d{6})", body)[1]  # type: ignore[index]


def sign_up(web: Web, *, name: str = "李明") -> tuple[User, str]:
    """A worker's account opened with a code sent to a new mobile; the worker and ID number."""
    id_number = unique_id_number()
    mobile = unique_mobile()
    anon = web.anonymous()
    values = {"name": name, "id_number": id_number, "mobile": mobile}
    r = anon.post_form("/exams/signup", {**values, "action": "code"})
    assert r.status_code == 200 and "验证码已发送" in r.text, r.text
    password = "Worker#2026x"
    r = anon.post_form(
        "/exams/signup",
        {
            **values,
            "code": sms_code(web, mobile),
            "password": password,
            "confirm": password,
            "action": "signup",
        },
    )
    assert r.status_code == 303, r.text
    return web.login(id_number, password), id_number


def hospital_uscc() -> str:
    from radrules_webshell.demo import HOSPITAL_USCC as uscc

    return uscc


def right_answers(web: Web, sitting_id: int) -> dict[int, list[int]]:
    """The shown positions of each question's key, read from the database (as only the test may)."""
    from radrules_webshell.exams.papers import paper_of
    from radrules_webshell.exams.questions import versions
    from radrules_webshell.exams.tables import ExamSitting

    row = web.run(ExamSitting.select().where(ExamSitting.id == sitting_id).first())
    paper = paper_of(row)
    bank = json.loads(row["paper"])["bank"]
    keyed = web.run(versions, bank, [(i.question_id, i.version) for i in paper.items])
    return {
        i.number: list(i.original_to_shown(keyed[(i.question_id, i.version)].answer)) for i in paper.items
    }


def exam_records(web: Web, client_id: int) -> dict[str, Any]:
    """For the isolation test: a bank with a question and a plan of another province (Fujian,
    which Jiangsu's CDC does not manage), and worker B of client B with a confirmed
    registration for a Jiangsu plan and a sitting under way."""
    from radrules_webshell.core.principal import Principal
    from radrules_webshell.exams import plans, questions
    from radrules_webshell.exams.forms import plan_from_form
    from radrules_webshell.exams.tables import ExamEnrolmentRow

    from radrules.documents.question_import import import_questions

    admin = Principal(account_id=0, login="system", name="系统", role="admin")
    fujian_bank = web.run(questions.create_bank, admin, "福建题库", "350100")
    parsed = import_questions(bank_workbook(5, prefix="F"))
    assert parsed.questions is not None
    web.run(questions.store, admin, fujian_bank, list(parsed.questions))
    form = plan_form(fujian_bank)
    fujian_plan, _ = web.run(
        plans.create, admin, plan_from_form(form), bank_id=fujian_bank, today=clock.today()
    )
    web.run(plans.publish, admin, fujian_plan)
    cdc = manager(web)
    jiangsu_plan = new_plan(web, cdc, new_bank(web, cdc))
    from radrules_webshell.clients.tables import Client

    uscc = web.run(Client.select(Client.uscc).where(Client.id == client_id).first())["uscc"]
    worker, _ = sign_up(web, name="乙工人")
    r = worker.post_form("/exams/me/enrol", {"plan_id": jiangsu_plan, "unit_uscc": uscc})
    assert r.status_code == 303, r.text
    enrolment = web.run(
        ExamEnrolmentRow.select(ExamEnrolmentRow.id)
        .where(ExamEnrolmentRow.plan == jiangsu_plan)
        .order_by(ExamEnrolmentRow.id, ascending=False)
        .first()
    )["id"]
    web.run(
        ExamEnrolmentRow.update({ExamEnrolmentRow.status: "confirmed"}).where(
            ExamEnrolmentRow.id == enrolment
        )
    )
    r = worker.post_form(f"/exams/me/enrolments/{enrolment}/start", {})
    assert r.status_code == 303, r.text
    sitting = int(r.headers["location"].split("/")[3])
    return {
        "exam_bank": fujian_bank,
        "exam_question": "FL0",
        "exam_plan": fujian_plan,
        "exam_enrolment": enrolment,
        "exam_sitting": sitting,
        "exam_number": 1,
    }


def confirmed_sitting(worker: Any, web: Web, plan_id: int) -> tuple[int, int]:
    """The worker registers for the plan naming the demo hospital, which confirms; the
    enrolment and the first sitting started."""
    from radrules_webshell.exams.tables import ExamEnrolmentRow

    r = worker.post_form("/exams/me/enrol", {"plan_id": plan_id, "unit_uscc": hospital_uscc()})
    assert r.status_code == 303, r.text
    page = worker.get("/exams/me").text
    assert "待单位确认" in page
    enrolment = re.search(r"/exams/me/enrolments/(\d+)", page)
    assert enrolment
    enrolment_id = int(enrolment[1])
    r = worker.post_form(f"/exams/me/enrolments/{enrolment_id}/start", {})
    assert r.status_code == 409 and "单位确认后" in r.text
    unit = web.login(*DEMO["client"])
    assert "确认是本单位人员" in unit.get("/exams/unit").text
    r = unit.post_form(f"/exams/unit/enrolments/{enrolment_id}/confirm", {})
    assert r.status_code == 303, r.text
    row = web.run(ExamEnrolmentRow.select().where(ExamEnrolmentRow.id == enrolment_id).first())
    assert row["status"] == "confirmed"
    r = worker.post_form(f"/exams/me/enrolments/{enrolment_id}/start", {})
    assert r.status_code == 303, r.text
    sitting = re.search(r"/exams/sittings/(\d+)/1$", r.headers["location"])
    assert sitting
    return enrolment_id, int(sitting[1])


def pass_sitting(web: Web, worker: Any, sitting_id: int) -> None:
    """Answer every question right and submit."""
    for number, shown in right_answers(web, sitting_id).items():
        worker.post_form(
            f"/exams/sittings/{sitting_id}/{number}", {"choice": [str(s) for s in shown], "go": "1"}
        )
    assert worker.post_form(f"/exams/sittings/{sitting_id}/submit", {}).status_code == 303


async def worker_accounts(n: int) -> list[Any]:
    """``n`` worker accounts (rows written directly: the sign-up is tested elsewhere)."""
    from radrules_webshell.accounts.tables import Account
    from radrules_webshell.core.principal import Principal
    from radrules_webshell.exams.tables import ExamWorker

    accounts = [
        Account(
            login=unique_login("cw"),
            password_hash="x",
            role="worker",
            name=f"考生{i}",
            must_change_password=False,
        )
        for i in range(n)
    ]
    await Account.insert(*accounts)
    workers = [
        ExamWorker(
            account=a.id,
            id_number=unique_id_number(),
            name=a.name,
            mobile="13900000000",
            mobile_confirmed_at=datetime.now(UTC),
        )
        for a in accounts
    ]
    await ExamWorker.insert(*workers)
    return [Principal(account_id=a.id, login=a.login, name=a.name, role="worker") for a in accounts]
