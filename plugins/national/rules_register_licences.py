"""Warning rules on a unit's 《放射诊疗许可证》 and its 校验 (verification).

《放射诊疗管理规定》（卫生部令第46号）第十七条 [S]: "《放射诊疗许可证》与《医疗机构执业许可证》
同时校验". 《医疗机构校验管理办法（试行）》第六条 [S]: the 校验期 is 3 years for hospitals of
100 beds or more of the listed kinds, 1 year for other institutions. The licence has no
expiry of its own; it is judged by its 校验 date: the last 校验 (or, before the first, the
issue date) plus ``verification_years``, to the same calendar day. That day is on time,
the next is overdue. A cancelled licence is not judged.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from radrules import Finding, Licence, RegisterContext, add_years, warning_rule

from .book import book
from .citations import VERIFICATION_MEASURES, provisions_46

# The measures are recalled as issued and in force on 2009-06-15 [U: the catalogue has no date].
IN_FORCE_VERIFICATION = date(2009, 6, 15)
_ARTICLE_17 = provisions_46("第十七条")


def _held(licence: Licence, day: date) -> bool:
    return licence.cancelled_on is None or day < licence.cancelled_on


def _next_verification(licence: Licence) -> tuple[date, date]:
    base = licence.verified_on or licence.issued_on
    return base, add_years(base, licence.verification_years)


@warning_rule(
    book,
    "NAT.unit.licence.verification-overdue",
    title="放射诊疗许可证逾期未校验",
    applies_to=Licence,
    cites=[_ARTICLE_17, VERIFICATION_MEASURES],
    valid_from=IN_FORCE_VERIFICATION,
)
def verification_overdue(licence: Licence, ctx: RegisterContext) -> Iterator[Finding]:
    """第十七条, 第六条 [S]: the as-of date is after the licence's 校验 due day."""
    if not _held(licence, ctx.as_of):
        return
    base, due = _next_verification(licence)
    if ctx.as_of > due:
        yield ctx.warn(
            "verified_on",
            f"放射诊疗许可证 {licence.number} 应于 {due.isoformat()} 前校验（上次 {base.isoformat()}，"
            f"校验期{licence.verification_years}年），已逾期{(ctx.as_of - due).days}天",
            due=due,
            about=base.isoformat(),
        )


@warning_rule(
    book,
    "NAT.unit.licence.verification-due",
    title="放射诊疗许可证校验即将到期",
    applies_to=Licence,
    cites=[_ARTICLE_17, VERIFICATION_MEASURES],
    valid_from=IN_FORCE_VERIFICATION,
)
def verification_due(licence: Licence, ctx: RegisterContext) -> Iterator[Finding]:
    """第十七条, 第六条 [S]: the licence's 校验 falls due within the lead time (the due day
    included). 第八条 of the measures is recalled as asking for the application three months
    before the 校验期 ends [U]; a province can set this rule's lead time to 90 days."""
    if not _held(licence, ctx.as_of):
        return
    base, due = _next_verification(licence)
    if due - timedelta(days=ctx.lead_days()) <= ctx.as_of <= due:
        yield ctx.warn(
            "verified_on",
            f"放射诊疗许可证 {licence.number} 应于 {due.isoformat()} 前校验，还有{(due - ctx.as_of).days}天",
            due=due,
            about=base.isoformat(),
        )


@warning_rule(
    book,
    "NAT.unit.licence.verification-period",
    title="放射诊疗许可证的校验期应为1年或3年",
    applies_to=Licence,
    cites=[VERIFICATION_MEASURES, _ARTICLE_17],
    valid_from=IN_FORCE_VERIFICATION,
    parameters=["licence_verification_years"],
)
def verification_period(licence: Licence, ctx: RegisterContext) -> Iterator[Finding]:
    """第六条 [S]: a 校验期 other than those the measures set (1 or 3 years)."""
    allowed: list[int] = ctx.param("licence_verification_years")
    if _held(licence, ctx.as_of) and licence.verification_years not in allowed:
        shown = "或".join(str(y) for y in allowed)
        yield ctx.warn(
            "verification_years",
            f"放射诊疗许可证 {licence.number} 的校验期为{licence.verification_years}年，应为{shown}年",
        )
