"""The training certificate a passed online exam issues (source 001 表1 第18项; the plan's
``issues_certificate``), with the training module's certificate rules (source 002 §6.4).

An online training plan has no class of the training module, so the certificate names the
plan as its class: ``session_id`` ``exam:<plan id>``, 第1期, from the training's first day
to the day of the pass — one certificate per worker per plan (source 002 §6.4 “一个培训班次同一
人员只有一个合格证”), however many attempts it took. It is numbered in the province's
certificate series (:func:`radrules.certificate_series`) under the plan type
``放射工作人员岗前培训`` or ``放射工作人员在岗培训`` (the kind's label), a type the training
vocabularies do not list, so it takes the format's code for other types. Storage draws the
number, as for a class's certificates, and verifies it on the same public page.
"""

from __future__ import annotations

from datetime import date

from radrules.exams.records import ExamResult, training_record
from radrules.model.exam import ExamPlan
from radrules.model.training import Certificate, Session, TrainingPlan
from radrules.training.certificates import CertificateDue, issue_certificate
from radrules.training.numbers import CertificateError, certificate_series

#: The plan type of an exam certificate is this followed by the kind's label.
PLAN_TYPE_PREFIX = "放射工作人员"


def exam_session_id(plan: ExamPlan) -> str:
    """The certificate's class: the plan itself."""
    return f"exam:{plan.plan_id}"


def certificate_plan(plan: ExamPlan) -> TrainingPlan:
    """The plan as the certificate rules read it: its type, name and province."""
    return TrainingPlan(
        plan_id=plan.plan_id,
        plan_type=PLAN_TYPE_PREFIX + plan.kind.label,
        name=plan.name,
        division_code=plan.division_code,
        deadline=plan.registration_closes_on,
    )


def exam_certificate_due(plan: ExamPlan, result: ExamResult) -> CertificateDue | None:
    """The certificate ``result`` earns: None for a fail or a plan that issues none."""
    if not plan.issues_certificate or training_record(plan, result) is None:
        return None
    return CertificateDue(
        session_id=exam_session_id(plan),
        id_number=result.id_number.strip().upper(),
        specialties=(),
        name=result.name,
    )


def issue_exam_certificate(
    plan: ExamPlan,
    result: ExamResult,
    *,
    number: str,
    issued_on: date,
    issuer: str,
    unit_name: str | None = None,
) -> Certificate | None:
    """The certificate of a pass, with the ``number`` storage drew; None when none is due."""
    due = exam_certificate_due(plan, result)
    record = training_record(plan, result)
    if due is None or record is None:
        return None
    session = Session(
        session_id=due.session_id,
        number=1,
        capacity=max(plan.registration_limit or 1, 1),
        starts_on=plan.training_starts_on,
        ends_on=record.ended_on,
        selection_deadline=plan.registration_closes_on,
    )
    return issue_certificate(
        due,
        plan=certificate_plan(plan),
        session=session,
        number=number,
        issued_on=issued_on,
        issuer=issuer,
        unit_name=unit_name,
    )


def exam_certificate_problems(plan: ExamPlan) -> tuple[tuple[str, str], ...]:
    """Why the plan's certificates could not be numbered (the province has no certificate
    format in force on the exam's first or last day); empty when they can, or none is issued."""
    if not plan.issues_certificate:
        return ()
    problems = []
    for day in sorted({plan.exam_opens_on, plan.exam_closes_on}):
        try:
            certificate_series(certificate_plan(plan), on=day)
        except CertificateError as exc:
            problems.append(("issues_certificate", f"无法颁发培训合格证：{exc}"))
            break
    return tuple(problems)
