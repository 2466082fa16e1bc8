"""Issuing and revoking certificates (合格证书, source 002 §6.4) when the CDC publishes a
session's scores.

“只要该培训班次有一个专业合格就会有证书信息……一个培训班次同一人员只有一个合格证，多个专业合格
则证书编号和附件为同一个”: :func:`radrules.certificates_due` compares the session's scores
with the certificates already issued and says what to issue, what to extend (a later pass
in the same session: same number, one more specialty) and which certificate lost every
pass (a score corrected to a fail: it is revoked, and its verification page says so). Each
new certificate is added to the holder's profile in the unit (§3.3). All in the caller's
transaction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import attrs
from radrules_webshell.accounts.tables import Authority
from radrules_webshell.audit import service as audit
from radrules_webshell.core.principal import Principal
from radrules_webshell.institutions.tables import Institution
from radrules_webshell.training.certificates.numbers import next_number
from radrules_webshell.training.certificates.tables import TrainingCertificate
from radrules_webshell.training.people.qualifications import add_certificate
from radrules_webshell.training.shared import documents as docs

from radrules import (
    CertificateStatus,
    Score,
    certificates_due,
    issue_certificate,
    revoke_certificate,
    training_vocabulary,
    unstructure,
)

#: The reason recorded when a corrected score leaves a certificate without a pass.
NO_PASS = "成绩更正后该人员在本期次已无合格的专业类别"


async def session_certificates(session_id: int) -> list[dict[str, Any]]:
    return list(await TrainingCertificate.select().where(TrainingCertificate.session == session_id))


async def issue_for_session(
    user: Principal,
    plan: dict[str, Any],
    session: dict[str, Any],
    scores: list[Score],
    placed: dict[str, dict[str, Any]],
    on: date,
) -> dict[str, int]:
    """Issue, extend and revoke as the scores call for; ``placed`` maps each ID number to
    its placement (unit and registration). The counts of each."""
    plan_model = docs.plan_model(plan)
    session_model = docs.session_model(session)
    rows = await session_certificates(session["id"])
    by_number = {r["number"]: r for r in rows}
    due = certificates_due(scores, [docs.certificate_model(r) for r in rows])
    issuer = training_vocabulary(plan["division_code"], on=on).issuer or await _authority_name(plan)
    units = {
        u["id"]: u
        for u in await Institution.select(Institution.id, Institution.name).where(
            Institution.id.is_in(list({p["institution"] for p in placed.values()}) or [0])
        )
    }
    now = datetime.now(UTC)
    issued = 0
    for item in due.issue:
        where = placed.get(item.id_number)
        if where is None:
            continue  # the score rules refuse scores of people not placed; nothing to print for them
        number = await next_number(plan_model, on=on)
        cert = issue_certificate(
            item,
            plan=plan_model,
            session=session_model,
            number=number,
            issued_on=on,
            issuer=issuer,
            unit_name=units.get(where["institution"], {}).get("name"),
        )
        await TrainingCertificate.insert(
            TrainingCertificate(
                number=number,
                session=session["id"],
                registration=where["registration"],
                institution=where["institution"],
                key=f"{session['id']}|{cert.id_number}",
                id_number=cert.id_number,
                name=cert.name,
                status=CertificateStatus.valid.value,
                issued_on=on,
                document=docs.dumps(unstructure(cert)),
            )
        )
        await add_certificate(user, where["institution"], cert)
        issued += 1
    for ext in due.extend:
        cert = attrs.evolve(ext.certificate, specialties=ext.specialties)
        row = by_number[cert.number]
        await TrainingCertificate.update(
            {TrainingCertificate.document: docs.dumps(unstructure(cert)), TrainingCertificate.updated_at: now}
        ).where(TrainingCertificate.id == row["id"])
        await add_certificate(user, row["institution"], cert)
    for lost in due.without_pass:
        await revoke(user, by_number[lost.number], NO_PASS, on)
    await audit.record(
        user,
        "training_certificates_issue",
        "training_session",
        session["id"],
        after={
            "issued": issued,
            "extended": [e.certificate.number for e in due.extend],
            "revoked": [c.number for c in due.without_pass],
        },
    )
    return {"issued": issued, "extended": len(due.extend), "revoked": len(due.without_pass)}


async def _authority_name(plan: dict[str, Any]) -> str:
    """The publishing CDC, where the province's ruleset names no issuer."""
    row = await Authority.select(Authority.name).where(Authority.id == plan["authority"]).first()
    return str(row["name"]) if row else ""


async def revoke(user: Principal, row: dict[str, Any], reason: str, on: date) -> None:
    """撤销: the certificate stays, marked revoked with the day and the reason."""
    cert = revoke_certificate(docs.certificate_model(row), on=on, reason=reason)
    await TrainingCertificate.update(
        {
            TrainingCertificate.status: cert.status.value,
            TrainingCertificate.revoked_on: cert.revoked_on,
            TrainingCertificate.revoke_reason: cert.revoke_reason,
            TrainingCertificate.document: docs.dumps(unstructure(cert)),
            TrainingCertificate.updated_at: datetime.now(UTC),
        }
    ).where(TrainingCertificate.id == row["id"])
    await audit.record(
        user,
        "training_certificate_revoke",
        "training_certificate",
        row["id"],
        before={"number": row["number"], "status": row["status"]},
        after={"status": cert.status.value, "reason": reason},
    )
