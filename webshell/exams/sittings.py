"""Sitting an exam (source 001 表1 第18项 在线考试): drawing the paper, saving each answer as
it is given, the server's time limit, scoring once, and what the candidate sees after.

* A sitting draws its paper once (:func:`radrules.draw_paper`, seeded per sitting) from the
  latest versions of the plan's bank; the paper names each version, so it is shown as drawn.
* ``deadline_at`` is the start plus the plan's time limit, and never past the last day of
  the exam window. An answer is saved only before it; after it the sheet is closed and
  scored, whatever the page says. A submitted sheet cannot change.
* Scoring (:func:`radrules.score_sheet`) runs once, under the sitting row's lock: the request
  that finds it unscored scores it, every other one reads the score. A pass writes the
  training record (:mod:`radrules_webshell.exams.records`) and, where the plan says so, the
  training certificate (:mod:`radrules_webshell.exams.certificates`) in the same transaction.
* The key and the corrections are shown only once the plan's exam has closed.
* On SQLite the writes of one process queue first on an asyncio lock (first come, first
  served) and then take the database's write lock: 200 candidates saving at once would
  otherwise wait in SQLite's busy handler, which serves no queue, and some would time out.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from radrules_webshell.audit import service as audit
from radrules_webshell.core.clock import CHINA
from radrules_webshell.core.errors import Conflict, Invalid, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.db.transaction import atomic, reading
from radrules_webshell.exams.certificates import issue_for_pass
from radrules_webshell.exams.enrolments import worker_enrolment
from radrules_webshell.exams.papers import paper_cached, paper_json, paper_of
from radrules_webshell.exams.plans import plan_model
from radrules_webshell.exams.questions import bank_questions, versions
from radrules_webshell.exams.records import record_pass
from radrules_webshell.exams.scope import lock_rows, worker_of
from radrules_webshell.exams.tables import (
    ExamAnswer,
    ExamEnrolmentRow,
    ExamPlanRow,
    ExamSitting,
    ExamWorker,
)
from radrules_webshell.unit_warnings.on_change import changed_elsewhere

from radrules import (
    DrawError,
    ExamResult,
    QuestionKind,
    draw_paper,
    score_sheet,
)

_QUEUES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()


@asynccontextmanager
async def _writing() -> AsyncIterator[None]:
    """A write transaction; on SQLite after this process's earlier writes (see the docstring)."""
    if not is_sqlite(ExamSitting._meta.db):
        async with atomic():
            yield
        return
    loop = asyncio.get_running_loop()
    queue = _QUEUES.get(loop)
    if queue is None:
        queue = _QUEUES[loop] = asyncio.Lock()
    async with queue, atomic():
        yield


def aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _window_end(closes_on: date) -> datetime:
    """The end of the exam window's last day, Beijing time."""
    return datetime.combine(closes_on + timedelta(days=1), time(0), tzinfo=CHINA).astimezone(UTC)


async def plan_of(enrolment: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    row = await ExamPlanRow.select().where(ExamPlanRow.id == enrolment["plan"]).first()
    if row is None:
        raise NotFound()
    return row, plan_model(row)


async def start(user: Principal, enrolment_id: int, now: datetime) -> int:
    """Start the next attempt (or return the one still open); the sitting's id."""
    now = aware(now)
    today = now.astimezone(CHINA).date()
    async with _writing():
        enrolment = await worker_enrolment(user, enrolment_id)
        enrolment = await lock_rows(
            ExamEnrolmentRow.select().where(ExamEnrolmentRow.id == enrolment["id"])
        ).first()
        assert enrolment is not None
        if enrolment["status"] != "confirmed":
            raise Conflict("单位确认后才能参加考试")
        plan_row, plan = await plan_of(enrolment)
        if plan_row["status"] != "published":
            raise Conflict("培训计划未发布或已关闭")
        if not plan.exam_opens_on <= today <= plan.exam_closes_on:
            raise Conflict(
                f"考试时间为 {plan.exam_opens_on.isoformat()} 至 {plan.exam_closes_on.isoformat()}"
            )
        sittings = (
            await ExamSitting.select()
            .where(ExamSitting.enrolment == enrolment_id)
            .order_by(ExamSitting.attempt)
        )
        for s in sittings:
            if s["scored_at"] is None and aware(s["deadline_at"]) > now:
                return int(s["id"])
        if any(s["passed"] for s in sittings):
            raise Conflict("您已考试合格，无需再考")
        if len(sittings) >= plan.max_attempts:
            raise Conflict(f"考试次数已用完（每人最多{plan.max_attempts}次）")
        attempt = len(sittings) + 1
        seed = f"{enrolment_id}|{attempt}|{secrets.token_hex(8)}"
        try:
            paper = draw_paper(
                {q.question_id: q for _, q in await bank_questions(plan_row["bank"])},
                plan.blueprint,
                seed=seed,
            )
        except DrawError as exc:
            raise Conflict(str(exc)) from None
        deadline = min(now + timedelta(minutes=plan.time_limit_minutes), _window_end(plan.exam_closes_on))
        row = ExamSitting(
            enrolment=enrolment_id,
            key=f"{enrolment_id}|{attempt}",
            attempt=attempt,
            seed=seed,
            paper=paper_json(paper, plan_row["bank"]),
            started_at=now,
            deadline_at=deadline,
        )
        await row.save()
        await audit.record(user, "exam_sitting_start", "exam_sitting", row.id, after={"attempt": attempt})
    return int(row.id)


async def own_sitting(user: Principal, sitting_id: int) -> dict[str, Any]:
    """The worker's own sitting, else 404: nobody sees another's paper."""
    async with reading():
        return await _own_sitting(user, sitting_id)


async def _own_sitting(user: Principal, sitting_id: int) -> dict[str, Any]:
    worker = await worker_of(user)
    row = (
        await ExamSitting.select(
            *ExamSitting.all_columns(), ExamSitting.enrolment.id_number.as_alias("id_number")
        )
        .where((ExamSitting.id == sitting_id) & (ExamSitting.enrolment.id_number == worker["id_number"]))
        .first()
    )
    if row is None:
        raise NotFound()
    return row


def is_closed(row: dict[str, Any], now: datetime) -> bool:
    return row["scored_at"] is not None or aware(row["deadline_at"]) <= now


async def save_answer(user: Principal, sitting_id: int, number: int, shown: list[int], now: datetime) -> None:
    """Save the answer to question ``number`` (the positions shown), before the deadline only.

    Two statements in one write transaction: the worker's own sitting (404 for another's)
    read with its deadline — on PostgreSQL under the sitting row's lock, which the scoring
    takes too; on SQLite the write transaction is the lock — and the answer written by one
    upsert. The paper is parsed once per sitting and process (it never changes), and read
    from the database only when this process has not parsed it yet."""
    if user.role != "worker":
        raise NotFound()
    now = aware(now)
    closed = False
    async with _writing():
        columns = [ExamSitting.id, ExamSitting.seed, ExamSitting.scored_at, ExamSitting.deadline_at]
        query = ExamSitting.select(*columns).where(
            (ExamSitting.id == sitting_id)
            & ExamSitting.enrolment.id_number.is_in(
                ExamWorker.select(ExamWorker.id_number).where(ExamWorker.account == user.account_id)
            )
        )
        if not is_sqlite(ExamSitting._meta.db):
            query = query.lock_rows(of=(ExamSitting,))
        row = await query.first()
        if row is None:
            raise NotFound()
        if is_closed(row, now):
            closed = True
        else:
            paper = paper_cached(row)
            if paper is None:
                paper_row = (
                    await ExamSitting.select(ExamSitting.paper).where(ExamSitting.id == sitting_id).first()
                )
                assert paper_row is not None
                paper = paper_cached(row | paper_row)
                assert paper is not None
            if not 1 <= number <= len(paper.items):
                raise NotFound("没有这道题")
            item = paper.items[number - 1]
            if len(shown) > len(item.option_order) or any(not 0 <= s < len(item.option_order) for s in shown):
                raise Invalid("选项不存在", errors={"choice": "选项不存在"})
            if item.kind is not QuestionKind.multiple and len(shown) > 1:
                raise Invalid("本题只能选一个答案", errors={"choice": "本题只能选一个答案"})
            chosen = json.dumps(list(item.shown_to_original(shown)))
            await ExamAnswer.insert(
                ExamAnswer(
                    sitting=row["id"], key=f"{row['id']}|{number}", number=number, chosen=chosen, saved_at=now
                )
            ).on_conflict(
                target=ExamAnswer.key, action="DO UPDATE", values=[ExamAnswer.chosen, ExamAnswer.saved_at]
            )
    if closed:
        await finalize(sitting_id, now)
        raise Conflict("考试时间已到或已交卷，答案未保存")


async def answers_of(sitting_id: int) -> dict[int, tuple[int, ...]]:
    rows = await ExamAnswer.select(ExamAnswer.number, ExamAnswer.chosen).where(
        ExamAnswer.sitting == sitting_id
    )
    return {r["number"]: tuple(json.loads(r["chosen"])) for r in rows}


async def finalize(sitting_id: int, now: datetime, *, submitted: bool = False) -> dict[str, Any]:
    """Close and score the sitting if nobody has yet; the sitting row as scored."""
    row, now_scored = await _finalize(sitting_id, now, submitted=submitted)
    await _scored(row, now_scored)
    return row


async def _scored(row: dict[str, Any], now_scored: bool) -> None:
    """After the scoring committed: a pass is a training of the unit's register, whose
    warnings are evaluated again (the worker's training warning closes)."""
    if now_scored and row["passed"]:
        await changed_elsewhere(row["client"])


async def _finalize(
    sitting_id: int, now: datetime, *, submitted: bool = False
) -> tuple[dict[str, Any], bool]:
    """The sitting row, and whether this call scored it.

    Under the row's lock the row is read again; the score is written by an update that
    also requires the sheet unscored, and only the call whose update changed the row
    writes the training record and the certificate — once, even if a second process got
    past the lock's check (it cannot: the lock serialises them; the condition is the
    backstop)."""
    now = aware(now)
    async with _writing():
        row: dict[str, Any] | None = await lock_rows(
            ExamSitting.select().where(ExamSitting.id == sitting_id)
        ).first()
        if row is None:
            raise NotFound()
        if row["scored_at"] is not None:
            return row, False
        deadline = aware(row["deadline_at"])
        if not submitted and deadline > now:
            return row, False
        enrolment = await ExamEnrolmentRow.select().where(ExamEnrolmentRow.id == row["enrolment"]).first()
        assert enrolment is not None
        plan_row, plan = await plan_of(enrolment)
        paper = paper_of(row)
        bank_id = json.loads(row["paper"])["bank"]
        questions = await versions(bank_id, [(i.question_id, i.version) for i in paper.items])
        score = score_sheet(paper, questions, await answers_of(sitting_id), plan)
        at = min(now, deadline)
        values: dict[Any, Any] = {
            ExamSitting.scored_at: now,
            ExamSitting.submitted_at: at,
            ExamSitting.score: score.total,
            ExamSitting.possible: score.possible,
            ExamSitting.passed: score.passed,
        }
        changed = (
            await ExamSitting.update(values)
            .where((ExamSitting.id == sitting_id) & ExamSitting.scored_at.is_null())
            .returning(ExamSitting.id)
        )
        if not changed:
            scored = await ExamSitting.select().where(ExamSitting.id == sitting_id).first()
            assert scored is not None
            return scored, False
        if score.passed:
            result = ExamResult(
                plan_id=plan.plan_id,
                id_number=enrolment["id_number"],
                name=enrolment["name"],
                unit_uscc="",
                attempt=row["attempt"],
                score=score.total,
                possible=score.possible,
                passed=True,
                scored_on=at.astimezone(CHINA).date(),
            )
            passed = {"sitting_id": sitting_id, "plan_row": plan_row, "plan": plan, "enrolment": enrolment}
            await record_pass(**passed, result=result)
            await issue_for_pass(**passed, result=result, on=result.scored_on)
        row.update(
            {
                "scored_at": now,
                "submitted_at": at,
                "score": score.total,
                "possible": score.possible,
                "passed": score.passed,
                "client": enrolment["client"],
            }
        )
    return row, True


async def submit(user: Principal, sitting_id: int, now: datetime) -> dict[str, Any]:
    row = await own_sitting(user, sitting_id)
    return await finalize(row["id"], now, submitted=True)


async def close_expired(now: datetime, *, enrolment_ids: list[int] | None = None, limit: int = 500) -> int:
    """Score the sittings past their deadline that nobody has scored (a candidate who left),
    at most ``limit`` of them, earliest deadline first; how many this call scored (one that
    another request or process scored meanwhile is not counted)."""
    query = (
        ExamSitting.select(ExamSitting.id)
        .where(ExamSitting.scored_at.is_null() & (ExamSitting.deadline_at <= aware(now)))
        .order_by(ExamSitting.deadline_at)
        .limit(limit)
    )
    if enrolment_ids is not None:
        if not enrolment_ids:
            return 0
        query = query.where(ExamSitting.enrolment.is_in(enrolment_ids))
    scored = 0
    for r in await query:
        row, now_scored = await _finalize(r["id"], now)
        await _scored(row, now_scored)
        scored += now_scored
    return scored


async def sittings_of(enrolment_id: int) -> list[dict[str, Any]]:
    return (
        await ExamSitting.select(
            ExamSitting.id,
            ExamSitting.attempt,
            ExamSitting.started_at,
            ExamSitting.deadline_at,
            ExamSitting.scored_at,
            ExamSitting.score,
            ExamSitting.possible,
            ExamSitting.passed,
        )
        .where(ExamSitting.enrolment == enrolment_id)
        .order_by(ExamSitting.attempt)
    )
