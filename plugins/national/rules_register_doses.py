"""Warning rules on radiation workers' dose history: monitoring (卫生部令第55号 第十一条),
investigation levels (GBZ 128-2019) and dose limits (GB 18871-2002).

Wordings from secondary copies [S]: 第十一条（一）"外照射个人剂量监测周期一般为30天，最长
不应超过90天", reconciled with calendar quarters by :func:`radrules.monitoring_period_within_limit`;
GBZ 128-2019 "年调查水平为有效剂量5 mSv；单周期的调查水平为5 mSv/（年监测周期数）"; GB 18871-2002
附录B B1.1.1.1 "连续5年的年平均有效剂量……20 mSv；任何一年中的有效剂量，50 mSv". A value
exactly at a level or limit is not above it. Years are calendar years (see register_doses).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from itertools import pairwise

from radrules import (
    Finding,
    RegisterContext,
    RegisteredWorker,
    monitoring_period_days,
    monitoring_period_within_limit,
    warning_rule,
)

from .book import book
from .citations import GB_18871, GBZ_128, measures_55
from .register_doses import history, monitoring_period_text, monitoring_periods_per_year
from .register_params import DoseLimits
from .rules_register_workers import IN_FORCE_55
from .types import DoseBands

_MONITORING = measures_55("第十一条（一）")
GBZ_128_IN_FORCE = date(2020, 4, 1)
GB_18871_IN_FORCE = date(2003, 4, 1)
# The card's "超过20mSv人数" band (dose_bands) exists from the card's start.
CARD_BANDS_FROM = date(2021, 2, 1)


@warning_rule(
    book,
    "NAT.unit.dose.entries",
    title="个人剂量记录应可计入：周期起止有序、剂量不为负、周期不重叠",
    applies_to=RegisteredWorker,
    cites=[_MONITORING, measures_55("第十一条（二）")],
    valid_from=IN_FORCE_55,
)
def entries(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """An entry that cannot be counted in the archive of 第十一条（二）[S]: its period ends before
    it starts, its Hp(10) is negative, or it overlaps an earlier period (a day's dose would
    count twice). Periods ending after the as-of date are not yet part of the history and
    are not judged."""
    for i, d in enumerate(worker.doses):
        problem = None
        if d.period_end < d.period_start:
            problem = "结束日期早于开始日期"
        elif d.hp10 < 0 and d.period_end <= ctx.as_of:
            problem = f"Hp(10) {d.hp10:g} mSv 为负数"
        if problem:
            yield ctx.warn(
                f"doses[{i}]",
                f"{worker.name} 的监测周期 {monitoring_period_text(d)} {problem}",
                about=monitoring_period_text(d),
            )
    found = history(worker, ctx)
    if not found.overlapping:
        return
    for (_, a), (j, b) in pairwise(found.entries):
        if b.period_start <= a.period_end:
            yield ctx.warn(
                f"doses[{j}].period_start",
                f"{worker.name} 的监测周期 {monitoring_period_text(b)} 与 {monitoring_period_text(a)} 重叠",
                about=monitoring_period_text(b),
            )


@warning_rule(
    book,
    "NAT.unit.dose.period-length",
    title="个人剂量监测周期最长不应超过90天（整月、两个月或一个自然季度的周期视为符合）",
    applies_to=RegisteredWorker,
    cites=[_MONITORING, GBZ_128],
    valid_from=IN_FORCE_55,
    parameters=["monitoring_period_max_days", "monitoring_period_calendar_quarter"],
)
def period_length(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """第十一条（一）[S]: a period longer than 90 days (both ends counted) that does not lie
    inside one calendar quarter. 1 July – 30 September (92 days) is within; 15 August –
    13 November (91 days, across two quarters) is not. ``monitoring_period_calendar_quarter`` false
    counts days only, as the dose-report rule NAT.dose.period-length does."""
    limit: int = ctx.param("monitoring_period_max_days")
    quarter: bool = ctx.param("monitoring_period_calendar_quarter")
    found = history(worker, ctx)
    if (found.longest_crossing if quarter else found.longest) <= limit:
        return
    for i, d in found.entries:
        if not monitoring_period_within_limit(d.period_start, d.period_end, max_days=limit, quarter=quarter):
            yield ctx.warn(
                f"doses[{i}].period_end",
                f"{worker.name} 的监测周期 {monitoring_period_text(d)} 共{monitoring_period_days(d.period_start, d.period_end)}天，"
                f"超过{limit}天且跨自然季度",
                about=monitoring_period_text(d),
            )


@warning_rule(
    book,
    "NAT.unit.dose.monitoring-gap",
    title="相邻监测周期之间不应有长时间未监测",
    applies_to=RegisteredWorker,
    cites=[_MONITORING, measures_55("第五条（四）")],
    valid_from=IN_FORCE_55,
    parameters=["dose_gap_max_days"],
)
def monitoring_gap(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """第五条（四）"接受职业健康监护和个人剂量监测管理" [V]: between two consecutive periods,
    more days unmonitored than ``dose_gap_max_days`` (30, one normal period [U]) while the
    worker was at work."""
    tolerance: int = ctx.param("dose_gap_max_days")
    found = history(worker, ctx)
    if found.widest_gap <= tolerance:
        return
    for (_, a), (j, b) in pairwise(found.entries):
        gap = (b.period_start - a.period_end).days - 1
        if gap <= tolerance:
            continue
        first, last = a.period_end + timedelta(days=1), b.period_start - timedelta(days=1)
        if last < worker.started_on or (worker.left_on is not None and first > worker.left_on):
            continue
        yield ctx.warn(
            f"doses[{j}].period_start",
            f"{worker.name} {first.isoformat()} 至 {last.isoformat()} 共{gap}天没有个人剂量监测，超过{tolerance}天",
            about=f"{first.isoformat()}~{last.isoformat()}",
            values={"gap_days": gap},
        )


@warning_rule(
    book,
    "NAT.unit.dose.unmonitored",
    title="在岗人员应持续接受个人剂量监测",
    applies_to=RegisteredWorker,
    cites=[_MONITORING, measures_55("第五条（四）")],
    valid_from=IN_FORCE_55,
    parameters=["dose_unmonitored_days"],
)
def unmonitored(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """第十一条（一）[S]: a worker at work with no monitoring result for a period ending within
    ``dose_unmonitored_days`` (120 [U]: the longest period plus 30 days for the result)
    of the as-of date, counted from the last period's end or, without one, from the start."""
    if not worker.at_work(ctx.as_of):
        return
    days: int = ctx.param("dose_unmonitored_days")
    last_end = history(worker, ctx).last_end
    since = worker.started_on - timedelta(days=1)
    if last_end is not None and last_end > since:
        since = last_end
    due = since + timedelta(days=days)
    if ctx.as_of > due:
        what = f"最近的监测周期于 {last_end.isoformat()} 结束" if last_end else "没有个人剂量监测记录"
        yield ctx.warn(
            "doses",
            f"{worker.name} {what}，{due.isoformat()} 之后仍无新的监测结果（超过{days}天）",
            due=due,
            about=since.isoformat(),
        )


@warning_rule(
    book,
    "NAT.unit.dose.period-investigation",
    title="单个监测周期的个人剂量超过调查水平（5 mSv除以年监测周期数）",
    applies_to=RegisteredWorker,
    cites=[GBZ_128],
    valid_from=GBZ_128_IN_FORCE,
    parameters=["dose_investigation_level"],
)
def period_investigation(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """GBZ 128-2019 [S]: Hp(10) of one period above 5 mSv divided by 年监测周期数 (for a
    quarter 1.25 mSv: 1.25 is not above, 1.26 is). 年监测周期数 is 12 / months for whole
    calendar months, else 365 / days rounded."""
    annual: float = ctx.param("dose_investigation_level")
    found = history(worker, ctx)
    if found.annualized <= annual - 1e-6:
        return
    for i, d in found.entries:
        level = round(annual / monitoring_periods_per_year(d.period_start, d.period_end), 6)
        if round(d.hp10, 6) > level:
            yield ctx.warn(
                f"doses[{i}].hp10",
                f"{worker.name} {monitoring_period_text(d)} 的Hp(10) {d.hp10:g} mSv 超过该周期的调查水平 {level:g} mSv，应进行调查",
                about=monitoring_period_text(d),
                values={"hp10": d.hp10, "level": level},
            )


def _years_above(
    worker: RegisteredWorker, ctx: RegisterContext, limit: float, what: str
) -> Iterator[Finding]:
    for year, total in history(worker, ctx).years.items():
        if total > limit:
            yield ctx.warn(
                "doses",
                f"{worker.name} {year}年的个人剂量合计 {total:g} mSv，{what}",
                about=str(year),
                values={"year": year, "total": total},
            )


@warning_rule(
    book,
    "NAT.unit.dose.annual-band",
    title="自然年个人剂量超过20 mSv（报送卡“超过20mSv”分段）",
    applies_to=RegisteredWorker,
    cites=[GB_18871, GBZ_128],
    valid_from=CARD_BANDS_FROM,
    parameters=["dose_bands"],
)
def annual_band(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """A calendar year whose Hp(10) sum is above the card's upper band (20 mSv: exactly 20
    is not above, 20.01 is) — the five-year average limit of GB 18871-2002 [S] reached in one year.
    Whether exactly 20 falls in the card's band is not written [U]; (20, ∞) is read."""
    bands: DoseBands = ctx.param("dose_bands")
    yield from _years_above(worker, ctx, bands.upper, f"超过{bands.upper:g} mSv")


@warning_rule(
    book,
    "NAT.unit.dose.single-year-limit",
    title="任何一年的有效剂量不得超过50 mSv",
    applies_to=RegisteredWorker,
    cites=[GB_18871],
    valid_from=GB_18871_IN_FORCE,
    parameters=["dose_limits"],
)
def single_year_limit(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """GB 18871-2002 附录B B1.1.1.1 [S] "任何一年中的有效剂量，50 mSv": a calendar year above it
    ("任何一年" read as a calendar year)."""
    limits: DoseLimits = ctx.param("dose_limits")
    yield from _years_above(
        worker, ctx, limits.single_year, f"超过任何一年{limits.single_year:g} mSv的剂量限值"
    )


@warning_rule(
    book,
    "NAT.unit.dose.five-year-limit",
    title="连续5年的有效剂量合计不得超过100 mSv（年平均20 mSv）",
    applies_to=RegisteredWorker,
    cites=[GB_18871],
    valid_from=GB_18871_IN_FORCE,
    parameters=["dose_limits"],
)
def five_year_limit(worker: RegisteredWorker, ctx: RegisterContext) -> Iterator[Finding]:
    """GB 18871-2002 附录B B1.1.1.1 [S] "连续5年的年平均有效剂量 20 mSv（不可作任何追溯性平均）":
    five consecutive calendar years summing above 100 mSv. Years without records count as
    nothing, so a sum above the limit is an excess whatever is missing. One warning per
    worker, for the first such window; the message says how many windows exceed."""
    limits: DoseLimits = ctx.param("dose_limits")
    years = history(worker, ctx).years
    if sum(years.values()) <= limits.five_years:
        return  # no five years can exceed what all the years together do not
    exceeding = []
    for end in range(min(years), max(years) + 1):
        total = round(sum(years.get(y, 0.0) for y in range(end - 4, end + 1)), 6)
        if total > limits.five_years:
            exceeding.append((end, total))
    if exceeding:
        end, total = exceeding[0]
        more = f"（共{len(exceeding)}个连续5年超过）" if len(exceeding) > 1 else ""
        yield ctx.warn(
            "doses",
            f"{worker.name} {end - 4}—{end}年的个人剂量合计 {total:g} mSv，超过连续5年{limits.five_years:g} mSv的剂量限值{more}",
            about=f"{end - 4}-{end}",
            values={"first_year": end - 4, "last_year": end, "total": total, "windows": len(exceeding)},
        )
