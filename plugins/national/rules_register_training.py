"""Warning rules on radiation workers' 放射防护和有关法律知识培训 (卫生部令第55号 第七、八条).

Wording from secondary copies [S]: 第七条 "放射工作人员上岗前应当接受放射防护和有关法律
知识培训，考核合格方可参加相应的工作。培训时间不少于4天。" 第八条 "……放射工作人员两次
培训的时间间隔不超过2年，每次培训时间不少于2天。" Only passed trainings count (第五条（三）
"培训考核合格"). The interval runs from the last day of one passed training (pre-job or
in-service) to the same calendar day two years later; that day is on time, the next is late.
Workers who started before 55号令 came into force (2007-11-01) are not judged by its
pre-job requirements (卫生部令第52号 applied then, with other durations).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from radrules import (
    Finding,
    RegisterContext,
    RegisteredWorker,
    TrainingRecord,
    WorkerTrainingKind,
    warning_rule,
)

from .book import book
from .citations import measures_55
from .register_intervals import Lapse, due_warning, lapse_warnings
from .rules_register_workers import IN_FORCE_55


def _passed(worker: RegisteredWorker) -> list[tuple[int, TrainingRecord]]:
    return [(i, t) for i, t in enumerate(worker.trainings) if t.passed]


def _pre_job(worker: RegisteredWorker, ctx: RegisterContext) -> list[tuple[int, TrainingRecord]]:
    return [
        (i, t) for i, t in _passed(worker) if t.kind is WorkerTrainingKind.pre_job and t.ended_on <= ctx.as_of
    ]


def _judged_at_start(worker: RegisteredWorker, ctx: RegisterContext) -> bool:
    return worker.at_work(ctx.as_of) and worker.started_on >= IN_FORCE_55


@warning_rule(
    book,
    "NAT.unit.training.pre-job",
    title="上岗前应接受放射防护和有关法律知识培训并考核合格",
    applies_to=RegisteredWorker,
    cites=[measures_55("第七条"), measures_55("第五条（三）")],
    valid_from=IN_FORCE_55,
)
def pre_job(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """第七条 [S]: a worker at work with no passed pre-job training at all."""
    if _judged_at_start(worker, ctx) and not _pre_job(worker, ctx):
        yield ctx.warn("trainings", f"{worker.name} 在岗但没有考核合格的岗前培训记录")


@warning_rule(
    book,
    "NAT.unit.training.pre-job-late",
    title="岗前培训应在上岗之前完成",
    applies_to=RegisteredWorker,
    cites=[measures_55("第七条")],
    valid_from=IN_FORCE_55,
)
def pre_job_late(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """第七条 [S] "上岗前……考核合格方可参加相应的工作": the passed pre-job training ended
    after the first day of work (one ending on that day is in time)."""
    found = _pre_job(worker, ctx)
    if not _judged_at_start(worker, ctx) or not found:
        return
    if all(t.ended_on > worker.started_on for _, t in found):
        i, first = min(found, key=lambda p: p[1].ended_on)
        yield ctx.warn(
            f"trainings[{i}].ended_on",
            f"{worker.name} {worker.started_on.isoformat()} 上岗，岗前培训 {first.ended_on.isoformat()} 才结束",
            values={"started_on": worker.started_on.isoformat(), "ended_on": first.ended_on.isoformat()},
        )


@warning_rule(
    book,
    "NAT.unit.training.pre-job-days",
    title="岗前培训时间不少于4天",
    applies_to=RegisteredWorker,
    cites=[measures_55("第七条")],
    valid_from=IN_FORCE_55,
    parameters=["pre_job_training_min_days"],
)
def pre_job_days(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """第七条 [S] "培训时间不少于4天": the pre-job training that qualified the worker (the
    last passed one ending by the first day of work, else the first after it) was shorter.
    The minimum is the one in force on the first day of work."""
    found = _pre_job(worker, ctx)
    if not _judged_at_start(worker, ctx) or not found:
        return
    before = [p for p in found if p[1].ended_on <= worker.started_on]
    i, training = (
        max(before, key=lambda p: p[1].ended_on) if before else min(found, key=lambda p: p[1].ended_on)
    )
    minimum: float = ctx.param("pre_job_training_min_days", on=worker.started_on)
    if training.days < minimum:
        yield ctx.warn(
            f"trainings[{i}].days",
            f"{worker.name} 的岗前培训只有{training.days:g}天，少于{minimum:g}天",
            about=training.ended_on.isoformat(),
            values={"days": training.days, "min_days": minimum},
        )


def _training_days(worker: RegisteredWorker) -> list[date]:
    return [t.ended_on for _, t in _passed(worker)]


@warning_rule(
    book,
    "NAT.unit.training.interval",
    title="两次培训的时间间隔不超过2年",
    applies_to=RegisteredWorker,
    cites=[measures_55("第八条")],
    valid_from=IN_FORCE_55,
    parameters=["training_interval_years"],
)
def interval(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """第八条 [S]: each interval between passed trainings, and from the last one to the
    as-of date, longer than two years while the worker was at work at this unit."""
    years: int = ctx.param("training_interval_years")

    def text(lapse: Lapse) -> str:
        late = f"{lapse.next.isoformat()} 才再次培训" if lapse.next else "至今未再培训"
        return f"{worker.name} 上次培训于 {lapse.start.isoformat()} 结束，应不晚于 {lapse.due.isoformat()} 再次培训，{late}"

    yield from lapse_warnings(
        ctx,
        "trainings",
        _training_days(worker),
        years,
        active_from=worker.started_on,
        active_to=worker.left_on,
        text=text,
    )


@warning_rule(
    book,
    "NAT.unit.training.due",
    title="在岗培训即将到期",
    applies_to=RegisteredWorker,
    cites=[measures_55("第八条")],
    valid_from=IN_FORCE_55,
    parameters=["training_interval_years"],
)
def due(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """第八条 [S]: a worker at work whose next training falls due within the lead time
    (the due day included)."""
    if not worker.at_work(ctx.as_of):
        return
    years: int = ctx.param("training_interval_years")
    yield from due_warning(
        ctx,
        "trainings",
        _training_days(worker),
        years,
        text=lambda last, day: (
            f"{worker.name} 上次培训于 {last.isoformat()} 结束，应不晚于 {day.isoformat()} 参加在岗培训"
        ),
    )


@warning_rule(
    book,
    "NAT.unit.training.in-service-days",
    title="每次在岗培训时间不少于2天",
    applies_to=RegisteredWorker,
    cites=[measures_55("第八条")],
    valid_from=IN_FORCE_55,
    parameters=["in_service_training_min_days"],
)
def in_service_days(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """第八条 [S] "每次培训时间不少于2天": a passed in-service training that was shorter,
    by the minimum in force on its last day."""
    for i, t in _passed(worker):
        if t.kind is not WorkerTrainingKind.in_service or t.ended_on > ctx.as_of or t.ended_on < IN_FORCE_55:
            continue
        minimum: float = ctx.param("in_service_training_min_days", on=t.ended_on)
        if t.days < minimum:
            yield ctx.warn(
                f"trainings[{i}].days",
                f"{worker.name} {t.ended_on.isoformat()} 结束的在岗培训只有{t.days:g}天，少于{minimum:g}天",
                about=t.ended_on.isoformat(),
                values={"days": t.days, "min_days": minimum},
            )
