"""Scores of a session (成绩, source 002 §6.4), entered by the CDC by hand or from the score
template, and published — which issues the certificates and tells the units (§6.3 “当本单位
选择该培训班次的人员成绩录入完成即可查询到考试成绩”).

Every set of scores is checked by the province's score rules against the session's
placements (only people placed in the session and the specialty, one row per person and
specialty) and written all or nothing: a row with an error stores no row of the set. A
row replaces the stored score of the same person and specialty; others stay. Writes go
in chunks (PostgreSQL takes at most 32,767 parameters a statement).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import attrs
from radrules_webshell.audit import service as audit
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Conflict
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.training.certificates.service import issue_for_session
from radrules_webshell.training.scores.tables import TrainingScore
from radrules_webshell.training.sessions.service import cdc_session
from radrules_webshell.training.sessions.tables import TrainingSelection, TrainingSession
from radrules_webshell.training.shared import documents as docs
from radrules_webshell.training.shared import notices
from radrules_webshell.training.shared.findings import Refused, field_errors, views
from radrules_webshell.training.shared.scope import cdc_plan

from radrules import (
    BasicInfo,
    PersonProfile,
    Registration,
    RegistrationStatus,
    Score,
    Severity,
    TrainingFiling,
    check_training,
)

_CHUNK = 1000


def score_key(session_id: int, id_number: str, specialty: str | None) -> str:
    return f"{session_id}|{id_number.strip().upper()}|{specialty or ''}"


async def placements(session_id: int) -> list[dict[str, Any]]:
    return list(
        await TrainingSelection.select(
            TrainingSelection.id_number,
            TrainingSelection.specialties,
            TrainingSelection.institution,
            TrainingSelection.registration,
            TrainingSelection.registration.name.as_alias("name"),
        ).where(TrainingSelection.session == session_id)
    )


async def envelope(
    user: Principal, session_id: int
) -> tuple[dict[str, Any], dict[str, Any], TrainingFiling, dict[str, dict[str, Any]]]:
    """The session's plan and row, the envelope the score rules read (the session, its
    placements, a registration per placed person for the name), and the placements by ID."""
    session = await cdc_session(user, session_id)
    plan = await cdc_plan(user, session["plan"])
    placed = await placements(session_id)
    by_id = {p["id_number"]: p for p in placed}
    filing = TrainingFiling(
        plan=docs.plan_model(plan),
        sessions=(docs.session_model(session),),
        selections=tuple(
            docs.selection_model({**p, "session": session_id, "selected_on": None}, "") for p in placed
        ),
        registrations=tuple(
            Registration(
                person=PersonProfile(basic=BasicInfo(id_number=p["id_number"], name=p["name"])),
                unit_uscc="",
                status=RegistrationStatus.approved,
            )
            for p in placed
        ),
    )
    return plan, session, filing, by_id


def check_scores(filing: TrainingFiling, scores: Sequence[Score]) -> list[dict[str, Any]]:
    """The score rules on ``scores``; errors refuse the whole set, beside their rows (``scores[i].…``)."""
    result = check_training(attrs.evolve(filing, scores=tuple(scores)), as_of=clock.today())
    found = [f for f in result.findings if f.path.startswith("scores[")]
    shown = views(found, "")
    errors = [f for f in found if f.severity is Severity.error]
    if errors:
        raise Refused(
            f"成绩未保存：发现{len(errors)}处错误，未保存任何成绩", errors=field_errors(shown), findings=shown
        )
    return [f for f in shown if f["severity"] == Severity.warning.value]


async def store(
    user: Principal, session_id: int, scores: Sequence[Score], by_id: dict[str, dict[str, Any]], action: str
) -> int:
    """Write the checked ``scores`` over the session's stored ones of the same keys; in one transaction."""
    now = datetime.now(UTC)
    rows = [
        TrainingScore(
            session=session_id,
            registration=by_id[s.id_number]["registration"],
            institution=by_id[s.id_number]["institution"],
            key=score_key(session_id, s.id_number, s.specialty),
            id_number=s.id_number,
            name=s.name or by_id[s.id_number]["name"],
            specialty=s.specialty,
            score=s.score,
            passed=s.passed,
            entered_by=user.account_id or None,
            entered_at=now,
        )
        for s in scores
    ]
    async with atomic():
        await cdc_session(user, session_id, lock=True)
        keys = [r.key for r in rows]
        for start in range(0, len(keys), _CHUNK):
            await TrainingScore.delete().where(TrainingScore.key.is_in(keys[start : start + _CHUNK]))
        for start in range(0, len(rows), _CHUNK):
            await TrainingScore.insert(*rows[start : start + _CHUNK])
        await TrainingSession.update({TrainingSession.updated_at: now}).where(
            TrainingSession.id == session_id
        )
        await audit.record(user, action, "training_session", session_id, after={"scores": len(rows)})
    return len(rows)


async def stored_scores(session_id: int) -> list[dict[str, Any]]:
    return list(
        await TrainingScore.select()
        .where(TrainingScore.session == session_id)
        .order_by(TrainingScore.institution, TrainingScore.id_number, TrainingScore.specialty)
    )


async def publish(user: Principal, session_id: int) -> dict[str, int]:
    """发布成绩: issue, extend and revoke certificates as the scores call for, and tell the units."""
    async with atomic():
        session = await cdc_session(user, session_id, lock=True)
        plan = await cdc_plan(user, session["plan"])
        rows = await stored_scores(session_id)
        if not rows:
            raise Conflict("该期次尚未录入成绩，不能发布")
        placed = {p["id_number"]: p for p in await placements(session_id)}
        counts = await issue_for_session(
            user, plan, session, [docs.score_model(r) for r in rows], placed, clock.today()
        )
        await TrainingSession.update(
            {
                TrainingSession.scores_published_at: datetime.now(UTC),
                TrainingSession.version: session["version"] + 1,
            }
        ).where(TrainingSession.id == session_id)
        await audit.record(user, "training_scores_publish", "training_session", session_id, after=counts)
        await notices.scores_published(session, plan, {r["institution"] for r in rows})
    return counts
