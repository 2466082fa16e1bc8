"""200 candidates at once (issue 15 "Reliability and speed"), on SQLite and PostgreSQL (the
``web`` fixture runs both): every answer saved, every paper scored once, none beyond its
time limit; and 200 registrations at once for a plan limited to 50 end with exactly 50."""

from __future__ import annotations

import asyncio
from datetime import UTC, timedelta
from typing import Any

from exam_web_helpers import hospital_uscc, manager, new_bank, new_plan, right_answers, worker_accounts
from web_helpers import Web

CANDIDATES = 200
PLACES = 50


def _outcomes(results: list[Any]) -> tuple[list[Any], list[str]]:
    ok = [r for r in results if not isinstance(r, BaseException)]
    refused = [getattr(r, "message", repr(r)) for r in results if isinstance(r, BaseException)]
    return ok, refused


def test_200_candidates_sitting_at_once(web: Web) -> None:
    from radrules_webshell.core.errors import Conflict
    from radrules_webshell.exams import enrolments, sittings
    from radrules_webshell.exams.tables import ExamAnswer, ExamEnrolmentRow, ExamSitting, ExamTrainingRecord
    from radrules_webshell.exams.web import now, today

    cdc = manager(web)
    plan_id = new_plan(
        web,
        cdc,
        new_bank(web, cdc, per_part=3),
        max_attempts="1",
        part0_count="2",
        part1_count="2",
        part2_count="1",
        part0_marks="20",
        part1_marks="20",
        part2_marks="20",
    )
    started = now()

    async def enrol_and_start() -> tuple[list[Any], list[Any]]:
        users = await worker_accounts(CANDIDATES)
        made, refused = _outcomes(
            await asyncio.gather(
                *(enrolments.enrol_self(u, plan_id, hospital_uscc(), today()) for u in users),
                return_exceptions=True,
            )
        )
        assert len(made) == CANDIDATES, refused[:3]
        ids = [m[0] for m in made]
        await ExamEnrolmentRow.update({ExamEnrolmentRow.status: "confirmed"}).where(
            ExamEnrolmentRow.id.is_in(ids)
        )
        rows = await ExamEnrolmentRow.select(
            ExamEnrolmentRow.id, ExamEnrolmentRow.worker.account.as_alias("account")
        ).where(ExamEnrolmentRow.id.is_in(ids))
        by_account = {r["account"]: r["id"] for r in rows}
        pairs = [(u, by_account[u.account_id]) for u in users]
        sitting_ids, refused = _outcomes(
            await asyncio.gather(*(sittings.start(u, e, started) for u, e in pairs), return_exceptions=True)
        )
        assert len(sitting_ids) == CANDIDATES, refused[:3]
        return [u for u, _ in pairs], sitting_ids

    users, sitting_ids = web.run(enrol_and_start)
    keys = {s: right_answers(web, s) for s in sitting_ids}
    at = started + timedelta(minutes=1)

    async def candidate(user: Any, sitting: int) -> int:
        """One candidate answering the paper question by question, as on the page."""
        for number, shown in keys[sitting].items():
            await sittings.save_answer(user, sitting, number, shown, at)
        return len(keys[sitting])

    async def answer_all() -> list[Any]:
        return await asyncio.gather(
            *(candidate(u, s) for u, s in zip(users, sitting_ids, strict=True)), return_exceptions=True
        )

    saved, refused = _outcomes(web.run(answer_all))
    assert sum(saved) == CANDIDATES * 5, refused[:3]
    # every candidate hands in twice at once while the deadline sweep runs beside them
    late = started + timedelta(hours=2)

    async def hand_in() -> list[Any]:
        calls = [sittings.submit(u, s, at) for u, s in zip(users, sitting_ids, strict=True) for _ in range(2)]
        return await asyncio.gather(*calls, sittings.close_expired(late), return_exceptions=True)

    _, refused = _outcomes(web.run(hand_in))
    assert not refused, refused[:3]

    async def too_late() -> list[Any]:
        return await asyncio.gather(
            *(sittings.save_answer(u, s, 1, [0], late) for u, s in zip(users, sitting_ids, strict=True)),
            return_exceptions=True,
        )

    assert all(isinstance(r, Conflict) for r in web.run(too_late))
    rows = web.run(ExamSitting.select().where(ExamSitting.id.is_in(sitting_ids)))
    assert len(rows) == CANDIDATES and all(r["scored_at"] is not None and r["score"] == 100 for r in rows)
    answers = web.run(
        ExamAnswer.select(ExamAnswer.saved_at, ExamAnswer.sitting.deadline_at.as_alias("deadline")).where(
            ExamAnswer.sitting.is_in(sitting_ids)
        )
    )
    assert len(answers) == CANDIDATES * 5
    aware = [
        (
            a["saved_at"] if a["saved_at"].tzinfo else a["saved_at"].replace(tzinfo=UTC),
            a["deadline"] if a["deadline"].tzinfo else a["deadline"].replace(tzinfo=UTC),
        )
        for a in answers
    ]
    assert all(saved_at < deadline for saved_at, deadline in aware)
    # scored once: one training record per sitting (the sitting column is unique besides)
    assert (
        web.run(ExamTrainingRecord.count().where(ExamTrainingRecord.sitting.is_in(sitting_ids))) == CANDIDATES
    )
    assert (
        web.run(ExamSitting.count().where(ExamSitting.enrolment.plan == plan_id)) == CANDIDATES
    )  # one attempt each


def test_200_registering_at_once_for_a_plan_limited_to_50(web: Web) -> None:
    from radrules_webshell.exams import enrolments
    from radrules_webshell.exams.tables import ExamEnrolmentRow, ExamPlanRow
    from radrules_webshell.exams.web import today

    cdc = manager(web)
    plan_id = new_plan(web, cdc, new_bank(web, cdc), registration_limit=str(PLACES))

    async def run() -> list[Any]:
        users = await worker_accounts(CANDIDATES)
        return await asyncio.gather(
            *(enrolments.enrol_self(u, plan_id, hospital_uscc(), today()) for u in users),
            return_exceptions=True,
        )

    made, refused = _outcomes(web.run(run))
    assert len(made) == PLACES, refused[:3]
    assert all("报名人数已满" in m for m in refused), {m for m in refused if "已满" not in m}
    assert web.run(ExamEnrolmentRow.count().where(ExamEnrolmentRow.plan == plan_id)) == PLACES
    assert (
        web.run(ExamPlanRow.select(ExamPlanRow.registered).where(ExamPlanRow.id == plan_id).first())[
            "registered"
        ]
        == PLACES
    )
