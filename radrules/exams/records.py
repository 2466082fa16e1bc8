"""What a passed online exam puts in the worker's archive (卫生部令第55号 第九条: each
training's course, dates and exam score are kept; source 001 module 19: the score goes into
the worker's health-surveillance archive).

A pass becomes a :class:`~radrules.model.register.TrainingRecord` of the plan's kind,
ending on the day of the pass and ``training_days`` long — the record the supervision
warnings (``NAT.unit.training.*``) read. A failed sitting records nothing: 第五条（三）
counts only trainings "考核合格".
"""

from __future__ import annotations

from datetime import date

import attrs

from radrules.model.exam import ExamPlan
from radrules.model.register import TrainingRecord


@attrs.frozen(kw_only=True)
class ExamResult:
    """One scored sitting as storage keeps it: plan, worker, score, pass, the day it was scored."""

    plan_id: str
    id_number: str
    name: str
    unit_uscc: str
    attempt: int
    score: float
    possible: float
    passed: bool
    scored_on: date


def training_record(plan: ExamPlan, result: ExamResult) -> TrainingRecord | None:
    """The archive's record of ``result`` (None for a failed sitting)."""
    if not result.passed:
        return None
    return TrainingRecord(
        kind=plan.kind,
        ended_on=max(result.scored_on, plan.training_starts_on),
        days=plan.training_days,
        passed=True,
        organizer=plan.organizer,
    )
