"""The certificate PDF (证书下载, source 002 §6.4): the library's
:func:`radrules.documents.render_certificate_pdf`, with the signed address of this
deployment's public verification page in its QR code, drawn in a worker thread.

Who may download: the unit whose person it is (:func:`unit_certificate`) and the CDC of the
plan's province (:func:`cdc_certificate`); anyone else gets 404.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from radrules_webshell.core.errors import Conflict, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.settings import Settings
from radrules_webshell.training.certificates.tables import TrainingCertificate
from radrules_webshell.training.plans.tables import TrainingPlan
from radrules_webshell.training.sessions.tables import TrainingSession
from radrules_webshell.training.shared import documents as docs
from radrules_webshell.training.shared.scope import cdc_plans, cdc_prefix
from radrules_webshell.verify.secret import qc_secret

from radrules import RadrulesError, certificate_verification_url

#: The public page the QR code opens (no login).
VERIFY_PATH = "/training/verify"


async def unit_certificate(institution_id: int, certificate_id: int) -> dict[str, Any]:
    row = (
        await TrainingCertificate.select()
        .where(
            (TrainingCertificate.id == certificate_id) & (TrainingCertificate.institution == institution_id)
        )
        .first()
    )
    if row is None:
        raise NotFound("证书不存在或无权访问")
    return row


async def cdc_certificate(user: Principal, certificate_id: int) -> dict[str, Any]:
    plans = TrainingPlan.select(TrainingPlan.id).where(cdc_plans(cdc_prefix(user)))
    sessions = TrainingSession.select(TrainingSession.id).where(TrainingSession.plan.is_in(plans))
    row = (
        await TrainingCertificate.select()
        .where((TrainingCertificate.id == certificate_id) & TrainingCertificate.session.is_in(sessions))
        .first()
    )
    if row is None:
        raise NotFound("证书不存在或无权访问")
    return row


def verification_base(settings: Settings, request_base: str) -> str:
    return (settings.public_url or request_base).rstrip("/") + VERIFY_PATH


def verification_url(number: str, settings: Settings, base: str) -> str:
    return certificate_verification_url(number, base_url=base, secret=qc_secret(settings))


async def pdf(row: dict[str, Any], settings: Settings, base: str) -> bytes:
    from radrules.documents import render_certificate_pdf

    cert = docs.certificate_model(row)
    url = verification_url(cert.number, settings, base)
    try:
        return await anyio.to_thread.run_sync(lambda: render_certificate_pdf(cert, verification_url=url))
    except RadrulesError as exc:
        raise Conflict(f"不能生成证书PDF：{exc}") from None
