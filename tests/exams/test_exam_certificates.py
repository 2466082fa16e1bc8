"""The certificate of a passed online exam, with the training module's certificate rules."""

from __future__ import annotations

from datetime import date

import attrs

from radrules import (
    ExamResult,
    InMemoryQcSequence,
    certificate_format,
    certificate_number_problems,
    certificate_plan,
    exam_certificate_due,
    exam_certificate_problems,
    issue_certificate_number,
    issue_exam_certificate,
)

from .helpers import plan

RESULT = ExamResult(
    plan_id="JS-2027-01",
    id_number="320104198503120021",
    name="李明",
    unit_uscc="",
    attempt=2,
    score=80,
    possible=100,
    passed=True,
    scored_on=date(2027, 5, 12),
)


def test_a_pass_of_a_plan_that_says_so_earns_one_certificate_numbered_in_the_province() -> None:
    p = plan(plan_id="JS-2027-01", division_code="320100", issues_certificate=True)
    due = exam_certificate_due(p, RESULT)
    assert due is not None and due.session_id == "exam:JS-2027-01" and due.specialties == ()
    rules_plan = certificate_plan(p)
    assert rules_plan.plan_type == "放射工作人员在岗培训" and rules_plan.division_code == "320100"
    number = issue_certificate_number(rules_plan, on=RESULT.scored_on, sequence=InMemoryQcSequence())
    assert number.startswith("JSPX-2027-99-000001-")
    cert = issue_exam_certificate(p, RESULT, number=number, issued_on=RESULT.scored_on, issuer="江苏省疾控")
    assert cert is not None
    assert (cert.starts_on, cert.ends_on, cert.session_number) == (date(2027, 5, 10), date(2027, 5, 12), 1)
    assert cert.name == "李明" and cert.plan_name == p.name
    _, fmt = certificate_format(rules_plan, on=cert.issued_on)
    assert certificate_number_problems(cert.number, fmt) == ()
    assert exam_certificate_problems(p) == ()


def test_no_certificate_for_a_fail_or_a_plan_without_one() -> None:
    p = plan(division_code="320100", issues_certificate=True)
    assert exam_certificate_due(p, attrs.evolve(RESULT, passed=False)) is None
    assert exam_certificate_due(plan(division_code="320100"), RESULT) is None
    assert issue_exam_certificate(plan(), RESULT, number="x", issued_on=RESULT.scored_on, issuer="x") is None


def test_a_province_without_a_certificate_format_cannot_promise_one() -> None:
    (problem,) = exam_certificate_problems(plan(issues_certificate=True))  # Sichuan: no format
    assert problem[0] == "issues_certificate" and "无法颁发培训合格证" in problem[1]
    assert exam_certificate_problems(plan()) == ()
