"""Reading scores: the CDC's entry page of a session, and the unit's 集体成绩查询 (source 002
§6.3–§6.4) — the list of its classes whose scores the CDC published and which are complete
for every person the unit placed (培训开始日期 from 1 January to
today by default, :func:`radrules.score_query_range`), and per class the scores by
specialty with 合格, the certificate number and its download."""

from __future__ import annotations

from datetime import date
from typing import Any

from radrules_webshell.core.masking import mask_id_number
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import reads
from radrules_webshell.filings.reports.lists import contains
from radrules_webshell.training.certificates.tables import TrainingCertificate
from radrules_webshell.training.plans.queries import plan_detail
from radrules_webshell.training.plans.tables import TrainingPlan
from radrules_webshell.training.scores.service import placements, score_key, stored_scores
from radrules_webshell.training.scores.tables import TrainingScore
from radrules_webshell.training.sessions.cdc_queries import session_out
from radrules_webshell.training.sessions.seats import seat_counts
from radrules_webshell.training.sessions.service import cdc_session
from radrules_webshell.training.sessions.tables import TrainingSelection, TrainingSession
from radrules_webshell.training.shared import documents as docs
from radrules_webshell.training.shared.scope import cdc_plan, unit_plans, unit_row

from radrules import CertificateStatus, scores_complete, session_seats

#: §6.3 3: “无专业类别的培训班类型‘专业类别’内显示‘——’”.
NO_SPECIALTY = "——"


@reads
async def cdc_score_page(user: Principal, session_id: int) -> dict[str, Any]:
    """One row per person and specialty placed, with the score stored for it."""
    session = await cdc_session(user, session_id)
    plan = await cdc_plan(user, session["plan"])
    stored = {r["key"]: r for r in await stored_scores(session_id)}
    certs = {
        r["id_number"]: r
        for r in await TrainingCertificate.select().where(TrainingCertificate.session == session_id)
    }
    rows = []
    for p in sorted(await placements(session_id), key=lambda p: (p["institution"], p["id_number"])):
        for specialty in docs.loads(p["specialties"], []) or [None]:
            score = stored.get(score_key(session_id, p["id_number"], specialty))
            cert = certs.get(p["id_number"])
            rows.append(
                {
                    "id_number": p["id_number"],
                    "id_number_masked": mask_id_number(p["id_number"]),
                    "name": p["name"],
                    "specialty": specialty,
                    "score": score["score"] if score else None,
                    "passed": score["passed"] if score else None,
                    "certificate_no": cert["number"] if cert else None,
                    "certificate_status": cert["status"] if cert else None,
                }
            )
    counts = await seat_counts([session_id])
    return {
        "plan": plan_detail(plan),
        "session": session_out(
            session, session_seats(docs.session_model(session), counts.get(str(session_id)))
        ),
        "rows": rows,
        "scored": sum(1 for r in rows if r["passed"] is not None),
        "published_at": session["scores_published_at"],
    }


@reads
async def unit_list(
    institution_id: int,
    *,
    plan_type: str | None,
    name: str | None,
    start_from: date | None,
    start_to: date | None,
) -> list[dict[str, Any]]:
    unit = await unit_row(institution_id)
    mine = TrainingScore.select(TrainingScore.session).where(TrainingScore.institution == institution_id)
    visible = TrainingPlan.select(TrainingPlan.id).where(unit_plans(unit["division_code"][:2]))
    where: Any = (
        TrainingSession.id.is_in(mine)
        & TrainingSession.plan.is_in(visible)
        & TrainingSession.scores_published_at.is_not_null()
    )
    if start_from:
        where &= TrainingSession.starts_on >= start_from
    if start_to:
        where &= TrainingSession.starts_on <= start_to
    if plan_type:
        where &= TrainingSession.plan.plan_type == plan_type
    if name:
        where &= contains(TrainingSession.plan.name, name)
    rows = await (
        TrainingSession.select(
            *TrainingSession.all_columns(),
            TrainingSession.plan.plan_type.as_alias("plan_type"),
            TrainingSession.plan.name.as_alias("plan_name"),
        )
        .where(where)
        .order_by(TrainingSession.plan.plan_type, TrainingSession.plan.name, TrainingSession.number)
        .limit(500)
    )
    complete = await _complete_for(institution_id, [r["id"] for r in rows])
    out = []
    for r in rows:
        if r["id"] not in complete:
            continue
        s = docs.session_model(r)
        out.append(
            {
                "id": r["id"],
                "plan_type": r["plan_type"],
                "plan_name": r["plan_name"],
                "specialties": "、".join(s.specialty_names()) or NO_SPECIALTY,
                "label": s.label,
                "starts_on": s.starts_on,
                "ends_on": s.ends_on,
            }
        )
    return out


async def _complete_for(institution_id: int, session_ids: list[int]) -> set[int]:
    """The sessions whose scores are complete for every person-specialty the unit placed
    (:func:`radrules.scores_complete`, §6.3 3)."""
    if not session_ids:
        return set()
    placed = await TrainingSelection.select().where(
        TrainingSelection.session.is_in(session_ids) & (TrainingSelection.institution == institution_id)
    )
    scored = await TrainingScore.select().where(
        TrainingScore.session.is_in(session_ids) & (TrainingScore.institution == institution_id)
    )
    selections = [docs.selection_model(p, "") for p in placed]
    scores = [docs.score_model(s) for s in scored]
    return {i for i in session_ids if scores_complete(str(i), selections, scores)}


@reads
async def unit_session(institution_id: int, session_id: int) -> dict[str, Any]:
    """§6.4: 课程信息 and the unit's 成绩信息 of one class (published), else 404."""
    from radrules_webshell.core.errors import NotFound

    unit = await unit_row(institution_id)
    row = (
        await TrainingSession.select()
        .where((TrainingSession.id == session_id) & TrainingSession.scores_published_at.is_not_null())
        .first()
    )
    plan = (
        await TrainingPlan.select()
        .where((TrainingPlan.id == (row or {}).get("plan", 0)) & unit_plans(unit["division_code"][:2]))
        .first()
    )
    scores = (
        list(
            await TrainingScore.select(
                *TrainingScore.all_columns(),
                TrainingScore.registration.person_document.as_alias("person_document"),
            )
            .where((TrainingScore.session == session_id) & (TrainingScore.institution == institution_id))
            .order_by(TrainingScore.id_number, TrainingScore.specialty)
        )
        if row and plan
        else []
    )
    if not scores or row is None or plan is None or not await _complete_for(institution_id, [session_id]):
        raise NotFound("该培训班次没有本单位的成绩")
    certs = {
        c["id_number"]: c
        for c in await TrainingCertificate.select().where(
            (TrainingCertificate.session == session_id) & (TrainingCertificate.institution == institution_id)
        )
    }
    s = docs.session_model(row)
    order = {name: i for i, name in enumerate(s.specialty_names())}
    scores.sort(key=lambda r: (r["id_number"], order.get(r["specialty"] or "", -1)))
    out = []
    for i, r in enumerate(scores, 1):
        person = docs.profile_model(r["person_document"]) if r["person_document"] else None
        cert = certs.get(r["id_number"])
        out.append(
            {
                "index": i,
                "name": r["name"],
                "sex": person.basic.sex.label if person and person.basic.sex else "",
                "title": person.resume.title if person and person.resume.title else "",
                "specialty": r["specialty"] or NO_SPECIALTY,
                "score": r["score"],
                "passed": "合格" if r["passed"] else "不合格",
                "certificate_id": cert["id"] if cert else None,
                "certificate_no": cert["number"] if cert else "",
                "certificate_status": CertificateStatus(cert["status"]).label if cert else "",
                "revoked": bool(cert and cert["status"] == CertificateStatus.revoked.value),
            }
        )
    return {
        "plan": plan_detail(plan),
        "session": {
            "id": row["id"],
            "label": s.label,
            "specialties": "、".join(s.specialty_names()) or NO_SPECIALTY,
            "starts_on": s.starts_on,
            "ends_on": s.ends_on,
        },
        "rows": out,
    }
