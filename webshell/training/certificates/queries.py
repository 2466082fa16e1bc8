"""The CDC's certificate list (issue 13 “issue certificates … every list exportable”):
the province's certificates by plan, number, holder's name and status."""

from __future__ import annotations

from typing import Any

from radrules_webshell.core.masking import mask_id_number
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import reads
from radrules_webshell.filings.reports.lists import contains
from radrules_webshell.training.certificates.tables import TrainingCertificate
from radrules_webshell.training.plans.tables import TrainingPlan
from radrules_webshell.training.sessions.tables import TrainingSession
from radrules_webshell.training.shared import documents as docs
from radrules_webshell.training.shared.scope import cdc_plans, cdc_prefix

from radrules import CertificateStatus

PAGE = 5000


@reads
async def cdc_list(
    user: Principal,
    *,
    number: str | None = None,
    name: str | None = None,
    status: str | None = None,
    plan_id: int | None = None,
) -> list[dict[str, Any]]:
    plans = TrainingPlan.select(TrainingPlan.id).where(cdc_plans(cdc_prefix(user)))
    where: Any = TrainingCertificate.session.is_in(
        TrainingSession.select(TrainingSession.id).where(TrainingSession.plan.is_in(plans))
    )
    if number:
        where &= contains(TrainingCertificate.number, number)
    if name:
        where &= contains(TrainingCertificate.name, name)
    if status in {s.value for s in CertificateStatus}:
        where &= TrainingCertificate.status == status
    if plan_id is not None:
        where &= TrainingCertificate.session.plan == plan_id
    rows = await (
        TrainingCertificate.select(
            *TrainingCertificate.all_columns(), TrainingCertificate.institution.name.as_alias("unit_name")
        )
        .where(where)
        .order_by(TrainingCertificate.id, ascending=False)
        .limit(PAGE)
    )
    out = []
    for r in rows:
        cert = docs.certificate_model(r)
        out.append(
            {
                "id": r["id"],
                "number": r["number"],
                "name": r["name"],
                "id_number": mask_id_number(r["id_number"]),
                "unit_name": r["unit_name"],
                "plan_name": cert.plan_name,
                "session": f"第{cert.session_number}期",
                "specialties": list(cert.specialties),
                "issued_on": r["issued_on"],
                "status": r["status"],
                "status_label": CertificateStatus(r["status"]).label,
                "revoked_on": r["revoked_on"],
                "revoke_reason": r["revoke_reason"],
            }
        )
    return out
