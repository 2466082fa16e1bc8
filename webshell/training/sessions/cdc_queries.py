"""The CDC's view of a plan's classes: each session with its places, and who is placed in it
(by unit), for the 分期排班 pages, their xlsx and the API (source 002 §5.4)."""

from __future__ import annotations

from typing import Any

from radrules_webshell.core import clock
from radrules_webshell.core.masking import mask_id_number
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import reads
from radrules_webshell.training.plans.queries import plan_detail
from radrules_webshell.training.sessions.forms import as_form
from radrules_webshell.training.sessions.seats import seat_counts
from radrules_webshell.training.sessions.selection import plan_sessions
from radrules_webshell.training.sessions.service import cdc_session
from radrules_webshell.training.sessions.tables import TrainingSelection
from radrules_webshell.training.shared import documents as docs
from radrules_webshell.training.shared.scope import cdc_plan

from radrules import selection_open, session_seats


def session_out(row: dict[str, Any], seats: Any) -> dict[str, Any]:
    s = docs.session_model(row)
    return {
        "id": row["id"],
        "plan_id": row["plan"],
        "number": s.number,
        "label": s.label,
        "capacity": s.capacity,
        "taken": seats.taken,
        "left": seats.left,
        "starts_on": s.starts_on,
        "ends_on": s.ends_on,
        "days": s.days,
        "selection_deadline": s.selection_deadline,
        "selection_opens_on": s.selection_opens_on,
        "open": selection_open(s, clock.today()),
        "place": s.place,
        "training_kind": s.training_kind.value if s.training_kind else None,
        "specialties": [
            {
                "specialty": x.specialty,
                "limit": next(y.limit for y in s.specialties if y.specialty == x.specialty),
                "taken": x.taken,
                "left": x.left,
            }
            for x in seats.specialties
        ],
        "scores_published_at": row["scores_published_at"],
        "version": row["version"],
        "form": as_form(row, list(s.specialties)),
    }


@reads
async def plan_sessions_view(user: Principal, plan_id: int) -> dict[str, Any]:
    plan = await cdc_plan(user, plan_id)
    rows = await plan_sessions(plan_id)
    counts = await seat_counts([r["id"] for r in rows])
    return {
        "plan": plan_detail(plan),
        "sessions": [
            session_out(r, session_seats(docs.session_model(r), counts.get(str(r["id"])))) for r in rows
        ],
    }


@reads
async def session_view(user: Principal, session_id: int) -> dict[str, Any]:
    row = await cdc_session(user, session_id)
    plan = await cdc_plan(user, row["plan"])
    counts = await seat_counts([session_id])
    placed = await (
        TrainingSelection.select(
            TrainingSelection.id,
            TrainingSelection.id_number,
            TrainingSelection.specialties,
            TrainingSelection.selected_on,
            TrainingSelection.institution.name.as_alias("unit_name"),
            TrainingSelection.registration.name.as_alias("name"),
            TrainingSelection.registration.training_kind.as_alias("training_kind"),
        )
        .where(TrainingSelection.session == session_id)
        .order_by(TrainingSelection.institution, TrainingSelection.id)
    )
    return {
        "plan": plan_detail(plan),
        "session": session_out(row, session_seats(docs.session_model(row), counts.get(str(session_id)))),
        "placements": [
            {
                "unit_name": p["unit_name"],
                "name": p["name"],
                "id_number": mask_id_number(p["id_number"]),
                "specialties": docs.loads(p["specialties"], []),
                "selected_on": p["selected_on"],
            }
            for p in placed
        ],
    }
