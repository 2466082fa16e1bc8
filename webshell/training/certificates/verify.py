"""The public verification page of training certificates (``/training/verify``), which the
certificate's QR code opens — no login (issue 13 “Certificates”).

The signature (:func:`radrules.verify_certificate_url`: HMAC of ``certificate:<number>``
under the deployment's key) is checked first, so only a number this deployment signed is
looked up; then the number's format as of its issue date. The page says **有效** or
**已撤销** (with the day and reason), and shows only what the certificate prints: number,
name, masked ID number, unit, plan, class, dates, specialties passed, issuer and issue
date (an online exam's certificate shows 在线培训考试 for the class). A forged or altered address, a number no certificate here has, or anything else is
**无效** (HTTP 404).
"""

from __future__ import annotations

from typing import Any

import attrs
from radrules_webshell.exams.plans import plan_model as exam_plan_model
from radrules_webshell.exams.tables import ExamPlanRow, ExamSitting
from radrules_webshell.settings import Settings
from radrules_webshell.training.certificates.tables import TrainingCertificate
from radrules_webshell.training.plans.tables import TrainingPlan
from radrules_webshell.training.sessions.tables import TrainingSession
from radrules_webshell.training.shared import documents as docs
from radrules_webshell.verify.secret import qc_secret

from radrules import (
    CertificateStatus,
    QcSignatureError,
    RadrulesError,
    certificate_format,
    certificate_number_problems,
    certificate_plan,
    mask_id_number,
    verify_certificate_url,
)
from radrules import TrainingPlan as RulesPlan


@attrs.frozen(kw_only=True)
class Verdict:
    state: str  # valid | revoked | invalid
    reason: str
    facts: dict[str, Any] = attrs.field(factory=dict)

    @property
    def label(self) -> str:
        return {"valid": "有效", "revoked": "已撤销", "invalid": "无效"}[self.state]

    @property
    def status_code(self) -> int:
        return 404 if self.state == "invalid" else 200


def invalid(reason: str) -> Verdict:
    return Verdict(state="invalid", reason=reason)


async def verify(query: str, settings: Settings) -> Verdict:
    """The verdict on a scanned address's query string; never raises on bad input."""
    try:
        number = verify_certificate_url("/training/verify?" + query, secret=qc_secret(settings))
    except (QcSignatureError, ValueError, UnicodeError) as exc:
        return invalid(str(exc) if isinstance(exc, QcSignatureError) else "二维码地址格式不正确")
    row = await TrainingCertificate.select().where(TrainingCertificate.number == number).first()
    if row is None:
        return invalid("本系统中没有该编号的培训合格证书")
    cert = docs.certificate_model(row)
    plan = await _numbered_under(row)
    if plan is None:
        return invalid("本系统中没有该编号的培训合格证书")
    try:
        # the format in force on the issue day, of the province that numbered it
        _, fmt = certificate_format(plan, on=cert.issued_on)
    except RadrulesError as exc:
        return invalid(str(exc))
    problems = certificate_number_problems(cert.number, fmt)
    if problems:
        return invalid(problems[0])
    facts = {
        "number": cert.number,
        "name": cert.name,
        "id_number": mask_id_number(cert.id_number),
        "unit_name": cert.unit_name or "",
        "plan_type": cert.plan_type,
        "plan_name": cert.plan_name,
        "session": "在线培训考试" if row["exam_sitting"] else f"第{cert.session_number}期",
        "dates": f"{cert.starts_on} 至 {cert.ends_on}",
        "specialties": "、".join(cert.specialties) or "——",
        "issuer": cert.issuer,
        "issued_on": cert.issued_on,
    }
    if cert.status is CertificateStatus.revoked:
        return Verdict(
            state="revoked",
            reason=f"该证书已于 {cert.revoked_on} 撤销：{cert.revoke_reason or ''}",
            facts=facts,
        )
    return Verdict(state="valid", reason="该证书由本平台出具，信息如下。", facts=facts)


async def _numbered_under(row: dict[str, Any]) -> RulesPlan | None:
    """The plan whose province's series numbered the certificate: the class's training plan,
    or for a passed online exam the exam plan as the certificate rules read it."""
    if row["exam_sitting"] is not None:
        sitting = (
            await ExamSitting.select(ExamSitting.enrolment.plan.as_alias("plan"))
            .where(ExamSitting.id == row["exam_sitting"])
            .first()
        )
        exam = (
            await ExamPlanRow.select(ExamPlanRow.document)
            .where(ExamPlanRow.id == (sitting or {}).get("plan", 0))
            .first()
        )
        return certificate_plan(exam_plan_model(exam)) if exam else None
    session = (
        await TrainingSession.select(TrainingSession.plan).where(TrainingSession.id == row["session"]).first()
    )
    plan = await TrainingPlan.select().where(TrainingPlan.id == (session or {}).get("plan", 0)).first()
    return docs.plan_model(plan) if plan else None
