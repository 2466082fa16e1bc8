"""What a passed exam writes into the worker's training record (卫生部令第55号 第九条;
source 001 表1 第18项 "系统自动将考试成绩上传到平台与健康监护档案关联").

The supervision registers' workers' archive tables were not on main when this was written,
so a pass is kept in the exam-result table :class:`ExamTrainingRecord` (kind, dates, days,
score, organiser), and :func:`training_records_of` turns an ID number's rows into radrules'
register :class:`~radrules.model.register.TrainingRecord` — what ``radrules.warnings`` reads
(``NAT.unit.training.*``) and what the next registration's eligibility is checked against.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from radrules_webshell.exams.tables import ExamTrainingRecord

from radrules import ExamPlan, ExamResult, TrainingRecord, WorkerTrainingKind, training_record


async def record_pass(
    *,
    sitting_id: int,
    plan_row: dict[str, Any],
    plan: ExamPlan,
    enrolment: dict[str, Any],
    result: ExamResult,
) -> int | None:
    """Insert the record of a passed sitting (inside the scoring transaction); its id."""
    record = training_record(plan, result)
    if record is None:
        return None
    row = ExamTrainingRecord(
        sitting=sitting_id,
        plan=plan_row["id"],
        client=enrolment["client"],
        id_number=enrolment["id_number"],
        name=enrolment["name"],
        kind=record.kind.value,
        started_on=plan.training_starts_on,
        ended_on=record.ended_on,
        days=record.days,
        score=result.score,
        possible=result.possible,
        organizer=record.organizer or plan.organizer,
    )
    await row.save()
    return int(row.id)


def record_of(row: dict[str, Any]) -> TrainingRecord:
    return TrainingRecord(
        kind=WorkerTrainingKind(row["kind"]),
        ended_on=row["ended_on"]
        if isinstance(row["ended_on"], date)
        else date.fromisoformat(str(row["ended_on"])),
        days=float(row["days"]),
        passed=True,
        organizer=row["organizer"],
    )


async def training_records_of(id_number: str) -> list[TrainingRecord]:
    """The trainings the exams recorded for ``id_number``, oldest first."""
    rows = (
        await ExamTrainingRecord.select()
        .where(ExamTrainingRecord.id_number == id_number)
        .order_by(ExamTrainingRecord.ended_on)
    )
    return [record_of(r) for r in rows]
