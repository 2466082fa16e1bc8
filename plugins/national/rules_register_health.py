"""Warning rules on radiation workers' 职业健康检查 (卫生部令第55号).

Wording from secondary copies [S], article numbers recalled and not confirmed [U]: before
starting, "放射工作人员上岗前，应当进行上岗前的职业健康检查，符合放射工作人员健康标准的，
方可参加相应的放射工作" (第十九条); at work, "两次检查的时间间隔不应超过2年，必要时可增加
临时性检查" (第二十条); and 第五条（二）[V] "经职业健康检查，符合放射工作人员的职业健康要求".
Pre-job and in-service examinations set the two-year interval; emergency (临时性) and
departure examinations do not. Workers who started before 2007-11-01 are not judged by
the pre-job requirement.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from radrules import Finding, HealthExam, HealthExamKind, RegisterContext, RegisteredWorker, warning_rule

from .book import book
from .citations import measures_55
from .register_intervals import Lapse, due_warning, lapse_warnings
from .rules_register_workers import IN_FORCE_55

_PERIODIC = (HealthExamKind.pre_job, HealthExamKind.in_service)
_CONCLUDING = (*_PERIODIC, HealthExamKind.emergency)


def _exams(
    worker: RegisteredWorker, ctx: RegisterContext, kinds: tuple[HealthExamKind, ...]
) -> list[tuple[int, HealthExam]]:
    return [
        (i, e) for i, e in enumerate(worker.health_exams) if e.kind in kinds and e.examined_on <= ctx.as_of
    ]


def _judged_at_start(worker: RegisteredWorker, ctx: RegisterContext) -> bool:
    return worker.at_work(ctx.as_of) and worker.started_on >= IN_FORCE_55


@warning_rule(
    book,
    "NAT.unit.health.pre-job-exam",
    title="上岗前应进行职业健康检查",
    applies_to=RegisteredWorker,
    cites=[measures_55("第十九条"), measures_55("第五条（二）")],
    valid_from=IN_FORCE_55,
)
def pre_job_exam(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """A worker at work with no pre-job examination at all [S; article U]."""
    if _judged_at_start(worker, ctx) and not _exams(worker, ctx, (HealthExamKind.pre_job,)):
        yield ctx.warn("health_exams", f"{worker.name} 在岗但没有上岗前职业健康检查记录")


@warning_rule(
    book,
    "NAT.unit.health.pre-job-exam-late",
    title="上岗前职业健康检查应在上岗之前完成",
    applies_to=RegisteredWorker,
    cites=[measures_55("第十九条")],
    valid_from=IN_FORCE_55,
)
def pre_job_exam_late(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """[S; article U] Every pre-job examination took place after the first day of work (one on
    that day is in time)."""
    found = _exams(worker, ctx, (HealthExamKind.pre_job,))
    if _judged_at_start(worker, ctx) and found and all(e.examined_on > worker.started_on for _, e in found):
        i, first = min(found, key=lambda p: p[1].examined_on)
        yield ctx.warn(
            f"health_exams[{i}].examined_on",
            f"{worker.name} {worker.started_on.isoformat()} 上岗，上岗前职业健康检查 {first.examined_on.isoformat()} 才进行",
        )


@warning_rule(
    book,
    "NAT.unit.health.unfit",
    title="职业健康检查结论不适宜从事放射工作的人员不得在岗",
    applies_to=RegisteredWorker,
    cites=[measures_55("第五条（二）"), measures_55("第十九条")],
    valid_from=IN_FORCE_55,
)
def unfit(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """第五条（二）[V]: a worker at work whose latest examination (pre-job, in-service or
    emergency; on one day, the last listed) found them unfit."""
    if not worker.at_work(ctx.as_of):
        return
    found = _exams(worker, ctx, _CONCLUDING)
    if not found:
        return
    i, latest = max(found, key=lambda p: (p[1].examined_on, p[0]))
    if not latest.fit:
        yield ctx.warn(
            f"health_exams[{i}].fit",
            f"{worker.name} {latest.examined_on.isoformat()} 的{latest.kind.label}结论为不适宜从事放射工作，仍在岗",
            about=latest.examined_on.isoformat(),
        )


def _exam_days(worker: RegisteredWorker, ctx: RegisterContext) -> list[date]:
    return [e.examined_on for _, e in _exams(worker, ctx, _PERIODIC)]


@warning_rule(
    book,
    "NAT.unit.health.interval",
    title="两次在岗期间职业健康检查的时间间隔不应超过2年",
    applies_to=RegisteredWorker,
    cites=[measures_55("第二十条")],
    valid_from=IN_FORCE_55,
    parameters=["health_exam_interval_years"],
)
def interval(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """[S; article U] Each interval between pre-job or in-service examinations, and from the last one to
    the as-of date, longer than two years while the worker was at work [S; article U]."""
    years: int = ctx.param("health_exam_interval_years")

    def text(lapse: Lapse) -> str:
        late = f"{lapse.next.isoformat()} 才再次检查" if lapse.next else "至今未再检查"
        return f"{worker.name} 上次职业健康检查于 {lapse.start.isoformat()}，应不晚于 {lapse.due.isoformat()} 再次检查，{late}"

    yield from lapse_warnings(
        ctx,
        "health_exams",
        _exam_days(worker, ctx),
        years,
        active_from=worker.started_on,
        active_to=worker.left_on,
        text=text,
    )


@warning_rule(
    book,
    "NAT.unit.health.due",
    title="在岗期间职业健康检查即将到期",
    applies_to=RegisteredWorker,
    cites=[measures_55("第二十条")],
    valid_from=IN_FORCE_55,
    parameters=["health_exam_interval_years"],
)
def due(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """[S; article U] A worker at work whose next examination falls due within the lead time
    (the due day included)."""
    if not worker.at_work(ctx.as_of):
        return
    years: int = ctx.param("health_exam_interval_years")
    yield from due_warning(
        ctx,
        "health_exams",
        _exam_days(worker, ctx),
        years,
        text=lambda last, day: (
            f"{worker.name} 上次职业健康检查于 {last.isoformat()}，应不晚于 {day.isoformat()} 再次检查"
        ),
    )
