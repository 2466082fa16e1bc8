"""The training certificate of a passed online exam (source 001 表1 第18项, the plan's
``issues_certificate``), issued with the training module's certificate machinery: the
library's rules (:func:`radrules.issue_exam_certificate` on top of the class certificates of
source 002 §6.4), the certificate table and its numbers (``training_certificate``, drawn from
the database counter of the province's series), the PDF with its QR code and the public
verification page (``/training/verify``).

Issued inside the scoring transaction (:func:`radrules_webshell.exams.sittings.finalize`),
so the score and its certificate are written together or not at all; the row's ``key``
(``exam:<plan id>|<ID number>``, unique) makes it one per worker per plan, however often
scoring runs.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from radrules_webshell.clients.tables import Client
from radrules_webshell.core.errors import NotFound
from radrules_webshell.exams.tables import ExamEnrolmentRow, ExamSitting
from radrules_webshell.training.certificates.numbers import next_number
from radrules_webshell.training.certificates.tables import TrainingCertificate
from radrules_webshell.training.shared import documents as docs

from radrules import (
    CertificateStatus,
    ExamPlan,
    ExamResult,
    RadrulesError,
    certificate_plan,
    exam_certificate_due,
    issue_exam_certificate,
    training_vocabulary,
    unstructure,
)

log = logging.getLogger(__name__)


def certificate_key(plan_row_id: int, id_number: str) -> str:
    return f"exam:{plan_row_id}|{id_number.strip().upper()}"


async def issue_for_pass(
    *,
    sitting_id: int,
    plan_row: dict[str, Any],
    plan: ExamPlan,
    enrolment: dict[str, Any],
    result: ExamResult,
    on: date,
) -> int | None:
    """Issue the certificate ``result`` earns, in the caller's transaction; its id (the one
    already issued when scoring runs again), None when none is due."""
    due = exam_certificate_due(plan, result)
    if due is None:
        return None
    key = certificate_key(plan_row["id"], due.id_number)
    found = (
        await TrainingCertificate.select(TrainingCertificate.id).where(TrainingCertificate.key == key).first()
    )
    if found is not None:
        return int(found["id"])
    client = await Client.select(Client.name).where(Client.id == enrolment["client"]).first()
    try:
        number = await next_number(certificate_plan(plan), on=on)
        cert = issue_exam_certificate(
            plan,
            result,
            number=number,
            issued_on=on,
            issuer=training_vocabulary(plan.division_code, on=on).issuer or plan.organizer,
            unit_name=client["name"] if client else None,
        )
    except RadrulesError as exc:
        # The plan was checked for a certificate format when written (exam_certificate_problems);
        # a format ended since must not cost the candidate the score, so the pass stands
        # without its certificate and the log says why.
        log.warning("exam sitting %s: no certificate issued: %s", sitting_id, exc)
        return None
    if cert is None:
        return None
    row = TrainingCertificate(
        number=cert.number,
        exam_sitting=sitting_id,
        key=key,
        id_number=cert.id_number,
        name=cert.name,
        status=CertificateStatus.valid.value,
        issued_on=on,
        document=docs.dumps(unstructure(cert)),
    )
    await row.save()
    return int(row.id)


async def of_sitting(sitting_id: int) -> dict[str, Any] | None:
    """The certificate a sitting issued (number, status, day), or None."""
    row: dict[str, Any] | None = (
        await TrainingCertificate.select(
            TrainingCertificate.id,
            TrainingCertificate.number,
            TrainingCertificate.status,
            TrainingCertificate.issued_on,
        )
        .where(TrainingCertificate.exam_sitting == sitting_id)
        .first()
    )
    return row


async def worker_certificate(id_number: str, sitting_id: int) -> dict[str, Any]:
    """The whole certificate row of the worker's own sitting, else 404."""
    own = ExamSitting.select(ExamSitting.id).where(
        ExamSitting.enrolment.is_in(
            ExamEnrolmentRow.select(ExamEnrolmentRow.id).where(ExamEnrolmentRow.id_number == id_number)
        )
    )
    row: dict[str, Any] | None = (
        await TrainingCertificate.select()
        .where((TrainingCertificate.exam_sitting == sitting_id) & TrainingCertificate.exam_sitting.is_in(own))
        .first()
    )
    if row is None:
        raise NotFound("证书不存在或无权访问")
    return row
