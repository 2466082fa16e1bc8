"""The closing job (webshell/exams/closing.py): every sitting past its deadline is closed and
scored by the server, exactly once, however many processes run the job and whatever
request reaches the sitting at the same moment — on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

import attrs
import pytest
from exam_web_helpers import hospital_uscc, manager, new_bank, new_plan, right_answers, worker_accounts
from web_helpers import Web

CANDIDATES = 12


def test_two_processes_close_every_expired_sitting_once(web: Web) -> None:
    from radrules_webshell.exams import enrolments, sittings
    from radrules_webshell.exams.closing import NAME, PeriodicExamClosing
    from radrules_webshell.exams.tables import ExamEnrolmentRow, ExamSitting, ExamTrainingRecord
    from radrules_webshell.exams.web import now, today
    from radrules_webshell.training.certificates.tables import TrainingCertificate

    cdc = manager(web)
    plan_id = new_plan(web, cdc, new_bank(web, cdc), issues_certificate="on")
    started = now()

    async def sit() -> list[tuple[Any, int]]:
        users = await worker_accounts(CANDIDATES)
        made = [await enrolments.enrol_self(u, plan_id, hospital_uscc(), today()) for u in users]
        await ExamEnrolmentRow.update({ExamEnrolmentRow.status: "confirmed"}).where(
            ExamEnrolmentRow.id.is_in([m[0] for m in made])
        )
        return [(u, await sittings.start(u, m[0], started)) for u, m in zip(users, made, strict=True)]

    pairs = web.run(sit)
    ids = [s for _, s in pairs]
    # half answer every question right, the others nothing; then all walk away
    for user, sitting in pairs[: CANDIDATES // 2]:
        for number, shown in right_answers(web, sitting).items():
            web.run(sittings.save_answer, user, sitting, number, shown, started + timedelta(minutes=1))
    web.run(
        ExamSitting.update({ExamSitting.deadline_at: started - timedelta(seconds=1)}).where(
            ExamSitting.id.is_in(ids)
        )
    )
    expired = web.run(
        ExamSitting.count().where(ExamSitting.scored_at.is_null() & (ExamSitting.deadline_at <= now()))
    )
    assert expired >= CANDIDATES
    settings = attrs.evolve(web.settings, exam_close_interval_seconds=60)
    first, second = PeriodicExamClosing(settings), PeriodicExamClosing(settings)
    assert first.holder != second.holder and first.name == NAME

    async def close_at_once() -> list[Any]:
        # two server processes' jobs, kicked together, and a candidate's late page
        # (which scores the sitting it reads) beside them
        return list(
            await asyncio.gather(
                first.run_leased(now=True),
                second.run_leased(now=True),
                sittings.close_expired(now(), enrolment_ids=None),
                sittings.finalize(ids[0], now()),
            )
        )

    a, b, beside, _ = web.run(close_at_once)
    assert (a or 0) + (b or 0) + beside <= expired  # ids[0] may have been scored by the page
    assert expired - 1 <= (a or 0) + (b or 0) + beside
    rows = web.run(ExamSitting.select().where(ExamSitting.id.is_in(ids)))
    assert all(r["scored_at"] is not None for r in rows)
    assert sum(bool(r["passed"]) for r in rows) == CANDIDATES // 2
    records = web.run(ExamTrainingRecord.select().where(ExamTrainingRecord.sitting.is_in(ids)))
    assert sorted(r["sitting"] for r in records) == sorted(s for s in ids[: CANDIDATES // 2])
    certificates = web.run(
        TrainingCertificate.select(TrainingCertificate.exam_sitting).where(
            TrainingCertificate.exam_sitting.is_in(ids)
        )
    )
    assert sorted(c["exam_sitting"] for c in certificates) == sorted(ids[: CANDIDATES // 2])
    # nothing is left for the next run, and a scored sitting stays as it was
    scored_at = {r["id"]: r["scored_at"] for r in rows}
    assert web.run(first.run_leased, now=True) in (0, None)
    again = web.run(
        ExamSitting.select(ExamSitting.id, ExamSitting.scored_at).where(ExamSitting.id.is_in(ids))
    )
    assert {r["id"]: r["scored_at"] for r in again} == scored_at


def test_the_server_closes_a_sitting_left_past_its_deadline(
    backend: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The app's own job, every 0.3 s here, scores a sitting nobody reads again."""
    from conftest import own_web
    from radrules_webshell.exams import enrolments, sittings
    from radrules_webshell.exams.tables import ExamEnrolmentRow, ExamSitting
    from radrules_webshell.exams.web import now, today

    with own_web(backend, tmp_path_factory, "exam-closing", exam_close_interval_seconds=0.3) as app:
        job = app.client.app.state.periodic_exam_closing
        assert job.running
        cdc = manager(app)
        plan_id = new_plan(app, cdc, new_bank(app, cdc))

        async def sit() -> int:
            (user,) = await worker_accounts(1)
            enrolment, _ = await enrolments.enrol_self(user, plan_id, hospital_uscc(), today())
            await ExamEnrolmentRow.update({ExamEnrolmentRow.status: "confirmed"}).where(
                ExamEnrolmentRow.id == enrolment
            )
            sitting = await sittings.start(user, enrolment, now())
            await ExamSitting.update({ExamSitting.deadline_at: now() - timedelta(seconds=1)}).where(
                ExamSitting.id == sitting
            )
            return sitting

        sitting = app.run(sit)
        deadline = time.monotonic() + 15
        row: dict[str, Any] = {}
        while time.monotonic() < deadline:
            row = app.run(ExamSitting.select().where(ExamSitting.id == sitting).first())
            if row["scored_at"] is not None:
                break
            time.sleep(0.2)
        assert row["scored_at"] is not None and row["passed"] is False  # nothing answered
        assert job.runs >= 1
