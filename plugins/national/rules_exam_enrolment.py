"""National rules on a worker's individual registration for online training (source 001
module 17), from 卫生部令第55号 第七、八条 [S: wordings from secondary copies, docs/register.md].

第七条 "放射工作人员上岗前应当接受放射防护和有关法律知识培训，考核合格方可参加相应的工作。
培训时间不少于4天。" — so a worker's first training is the pre-job one: someone with no passed
pre-job training in the archive registers for pre-job training, not in-service.
第八条 "……放射工作人员两次培训的时间间隔不超过2年，每次培训时间不少于2天。" — in-service
training follows the last passed training within two years; a plan whose training begins
after that day leaves the worker past the interval (a warning: the training is still the
remedy, and the unit should look for an earlier one). Only passed trainings count (第五条（三）
"培训考核合格"). The plan's own window and limit are the plan's (source 001 module 17).
"""

from __future__ import annotations

from collections.abc import Iterator

from radrules import (
    ExamEnrolment,
    ExamPlan,
    Finding,
    InvalidValue,
    RuleContext,
    Severity,
    WorkerTrainingKind,
    add_years,
    cite,
    validate_id_number,
)

from .book import book
from .citations import GB_11643, measures_55
from .rules_register_workers import IN_FORCE_55

_PLAN = cite("source 001", "表1 第17项 在线报名")


def _passed(enrolment: ExamEnrolment) -> list[tuple[int, object]]:
    return [
        (i, t)
        for i, t in enumerate(enrolment.trainings)
        if t.passed and t.ended_on <= enrolment.registered_on
    ]


@book.rule(
    "NAT.exam.enrolment.first-pre-job",
    title="首次培训应为岗前培训",
    applies_to=ExamEnrolment,
    cites=[measures_55("第七条")],
    valid_from=IN_FORCE_55,
)
def first_pre_job(enrolment: ExamEnrolment, ctx: RuleContext) -> Iterator[Finding]:
    """第七条: an in-service registration from a worker with no passed pre-job training."""
    if enrolment.plan.kind is not WorkerTrainingKind.in_service:
        return
    if not any(t.passed and t.kind is WorkerTrainingKind.pre_job for t in enrolment.trainings):
        yield ctx.finding(
            "plan.kind",
            f"{enrolment.name} 没有考核合格的岗前培训记录，首次培训应报名岗前培训，不能报名在岗培训",
        )


@book.rule(
    "NAT.exam.enrolment.interval",
    title="在岗培训应在上次培训后2年内进行",
    applies_to=ExamEnrolment,
    cites=[measures_55("第八条")],
    severity=Severity.warning,
    valid_from=IN_FORCE_55,
    parameters=["training_interval_years"],
)
def interval(enrolment: ExamEnrolment, ctx: RuleContext) -> Iterator[Finding]:
    """第八条: the plan's training begins after the day two years from the last passed
    training ended (that day itself is on time)."""
    plan = enrolment.plan
    if plan.kind is not WorkerTrainingKind.in_service:
        return
    ended = [t.ended_on for t in enrolment.trainings if t.passed]
    if not ended:
        return  # first-pre-job says so
    years: int = ctx.param("training_interval_years")
    last = max(ended)
    due = add_years(last, years)
    if plan.training_starts_on > due:
        yield ctx.finding(
            "plan.training_starts_on",
            f"{enrolment.name} 上次培训于 {last.isoformat()} 结束，应不晚于 {due.isoformat()} 再次培训；"
            f"本计划 {plan.training_starts_on.isoformat()} 才开始培训，两次培训间隔将超过{years}年",
            values={"last": last.isoformat(), "due": due.isoformat()},
        )


@book.rule(
    "NAT.exam.enrolment.window",
    title="在报名时间内报名",
    applies_to=ExamEnrolment,
    cites=[_PLAN],
)
def window(enrolment: ExamEnrolment, ctx: RuleContext) -> Iterator[Finding]:
    """The plan's registration window, both days included."""
    plan = enrolment.plan
    day = enrolment.registered_on
    if day < plan.registration_opens_on:
        yield ctx.finding("registered_on", f"报名尚未开始（{plan.registration_opens_on.isoformat()} 开始）")
    elif day > plan.registration_closes_on:
        yield ctx.finding("registered_on", f"报名已于 {plan.registration_closes_on.isoformat()} 截止")


@book.rule(
    "NAT.exam.enrolment.limit",
    title="报名人数不超过计划上限",
    applies_to=ExamEnrolment,
    cites=[_PLAN],
)
def limit(enrolment: ExamEnrolment, ctx: RuleContext) -> Iterator[Finding]:
    """The plan's registration limit, counted by storage (this registration not included)."""
    cap = enrolment.plan.registration_limit
    if cap is not None and enrolment.registered >= cap and not enrolment.already_registered:
        yield ctx.finding("plan.registration_limit", f"本计划报名人数已满（上限{cap}人）")


@book.rule(
    "NAT.exam.enrolment.once",
    title="同一计划只能报名一次",
    applies_to=ExamEnrolment,
    cites=[_PLAN],
)
def once(enrolment: ExamEnrolment, ctx: RuleContext) -> Iterator[Finding]:
    """One registration per worker and plan."""
    if enrolment.already_registered:
        yield ctx.finding("id_number", f"{enrolment.name} 已报名本计划")


@book.rule(
    "NAT.exam.enrolment.id-number",
    title="报名人员身份证号有效",
    applies_to=ExamEnrolment,
    cites=[GB_11643],
)
def id_number(enrolment: ExamEnrolment, ctx: RuleContext) -> Iterator[Finding]:
    """GB 11643: length, check character, birth date, county code."""
    try:
        validate_id_number(enrolment.id_number, as_of=ctx.as_of)
    except InvalidValue as exc:
        yield ctx.finding("id_number", f"身份证号无效：{exc.reason}", values={"value": enrolment.id_number})


@book.rule(
    "NAT.exam.plan.days",
    title="培训时间：岗前不少于4天，在岗每次不少于2天",
    applies_to=ExamPlan,
    cites=[measures_55("第七条"), measures_55("第八条")],
    severity=Severity.warning,
    valid_from=IN_FORCE_55,
    parameters=["pre_job_training_min_days", "in_service_training_min_days"],
)
def plan_days(plan: ExamPlan, ctx: RuleContext) -> Iterator[Finding]:
    """第七条 "培训时间不少于4天", 第八条 "每次培训时间不少于2天": a plan shorter than its
    kind's minimum in force on the day its training begins — a pass would record a training
    the register warnings then flag."""
    name = (
        "pre_job_training_min_days"
        if plan.kind is WorkerTrainingKind.pre_job
        else "in_service_training_min_days"
    )
    minimum: float = ctx.param(name, on=plan.training_starts_on)
    if plan.training_days < minimum:
        yield ctx.finding(
            "training_days",
            f"{plan.kind.label}时间应不少于{minimum:g}天，本计划为{plan.training_days:g}天",
            values={"days": plan.training_days, "min_days": minimum},
        )
