"""Warning rules on a unit's radiation workers themselves: age, 放射工作人员证, ID number.

《放射工作人员职业健康管理办法》（卫生部令第55号）第五条 [V]: "放射工作人员应当具备下列
基本条件：（一）年满18周岁；……（五）持有《放射工作人员证》". Rules judge the as-of date:
a worker is *at work* from ``started_on`` to ``left_on`` (both included).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from radrules import (
    Finding,
    InvalidValue,
    RegisterContext,
    RegisteredWorker,
    age_reached_on,
    birth_date_of,
    validate_id_number,
    warning_rule,
)

from .book import book
from .citations import CIVIL_CODE_PERIODS, GB_11643, measures_55
from .register_params import AgeReached, MinimumAge

IN_FORCE_55 = date(2007, 11, 1)


@warning_rule(
    book,
    "NAT.unit.worker.minimum-age",
    title="放射工作人员应年满18周岁",
    applies_to=RegisteredWorker,
    cites=[measures_55("第五条（一）"), CIVIL_CODE_PERIODS],
    valid_from=IN_FORCE_55,
    parameters=["worker_minimum_age"],
)
def minimum_age(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """第五条（一）"年满18周岁" [V]: a worker at work on the as-of date who is not yet 年满18周岁.

    The age is read from the ID number. 年满18周岁 counts from the day after the 18th
    birthday (民法典 第二百零一、二百零二条, as the Supreme People's Court reads 周岁):
    at work on the birthday itself is too young, the next day is not. Born on 29 February,
    the 18 years end on 28 February and 年满 starts on 1 March. Which day counts is the
    ruleset's ``worker_minimum_age.reached``.
    """
    if not worker.at_work(ctx.as_of):
        return
    born = birth_date_of(worker.id_number)
    if born is None:
        return  # NAT.unit.worker.id-number says so
    rule: MinimumAge = ctx.param("worker_minimum_age")
    reached = age_reached_on(
        born, rule.years, day_after_birthday=rule.reached is AgeReached.day_after_birthday
    )
    if ctx.as_of < reached:
        yield ctx.warn(
            "id_number",
            f"{worker.name} 出生于 {born.isoformat()}，{ctx.as_of.isoformat()} 未年满{rule.years}周岁"
            f"（{reached.isoformat()} 起年满），不得从事放射工作",
            values={"born": born.isoformat(), "reached": reached.isoformat()},
        )


@warning_rule(
    book,
    "NAT.unit.worker.certificate",
    title="放射工作人员应持有《放射工作人员证》",
    applies_to=RegisteredWorker,
    cites=[measures_55("第五条（五）")],
    valid_from=IN_FORCE_55,
)
def certificate(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """第五条（五）"持有《放射工作人员证》" [V]: a worker at work whose certificate number is empty."""
    if worker.at_work(ctx.as_of) and not (worker.certificate_no or "").strip():
        yield ctx.warn("certificate_no", f"{worker.name} 在岗但未登记《放射工作人员证》编号")


@warning_rule(
    book,
    "NAT.unit.worker.id-number",
    title="放射工作人员的身份证号应有效",
    applies_to=RegisteredWorker,
    cites=[GB_11643, measures_55("第五条（一）")],
    valid_from=IN_FORCE_55,
)
def id_number(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """An ID number that GB 11643-1999 refuses: the archive cannot be matched to the person,
    and the age rule of 第五条 cannot be applied."""
    try:
        validate_id_number(worker.id_number, as_of=ctx.as_of)
    except InvalidValue as exc:
        yield ctx.warn("id_number", f"{worker.name} 的身份证号无效：{exc.reason}，无法核对年龄")
