"""Jilin's summaries (吉卫监督发〔2021〕1号 第五条, 附件2 and 附件3), built as data.

* The institution's semiannual report (附件2, ``scope="institution"``, period ``2026H1`` or
  ``2026H2``): the results of all its services in Jilin in the half year, by service field
  and report by report.
* The provincial annual table (附件3, ``scope="province"``, period ``2026``): every
  institution's services in Jilin in the year, by institution and by service field.

A card counts when its service location is in Jilin (“在吉开展”), its report was issued in
the period, and it has not been withdrawn. Results are the card's own counts: devices
tested and failing, points tested and exceeding, workers monitored and in each dose band
(the bands come from the national ruleset), samples tested and exceeding. The notice's
forms themselves are not in the source text, so the layout is ours: Chinese headers, a
totals row, fitted to the page width when printed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import attrs

from radrules import (
    PROVINCES,
    Column,
    Filing,
    FilingStatus,
    ParameterView,
    Period,
    PeriodDeadline,
    RadrulesError,
    ReportCard,
    ServiceField,
    Skipped,
    Summary,
    Table,
    parse_period,
)

from .book import CODE
from .citations import ANNUAL_FORM, REPORTING, SUMMARY_FORM
from .deadline import period_deadline


@attrs.frozen(kw_only=True)
class Counts:
    """The results one card reports, in the summary's columns."""

    reports: int = 0
    devices_tested: int = 0
    failing_devices: int = 0
    points_tested: int = 0
    exceeding_points: int = 0
    workers_monitored: int = 0
    workers_below: int = 0
    workers_middle: int = 0
    workers_over: int = 0
    samples_tested: int = 0
    samples_exceeding: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in attrs.fields(Counts)}
        )

    def row(self) -> list[int]:
        return [getattr(self, f.name) for f in attrs.fields(Counts)]


def card_counts(card: ReportCard) -> Counts:
    r = card.results
    devices = failing = points = exceeding = 0
    monitored = middle = over = samples = bad_samples = 0
    if (e := r.protection_evaluation) is not None:
        points += e.points_tested or 0
        exceeding += e.exceeding_points
    if (t := r.protection_testing) is not None:
        if t.workplace is not None:
            points += t.workplace.points_tested
            exceeding += t.workplace.exceeding_points
        if t.equipment_qc is not None:
            devices += t.equipment_qc.devices_tested
            failing += t.equipment_qc.failing_devices
    if (d := r.dose_monitoring) is not None:
        monitored, middle, over = d.workers_monitored, d.workers_5_to_20, d.workers_over_20
    if (p := r.equipment_product_testing) is not None:
        for part in (p.protective_equipment, p.radioactive_products):
            if part is not None:
                samples += part.samples_tested
                bad_samples += part.samples_exceeding
    return Counts(
        reports=1,
        devices_tested=devices,
        failing_devices=failing,
        points_tested=points,
        exceeding_points=exceeding,
        workers_monitored=monitored,
        workers_below=max(monitored - middle - over, 0),
        workers_middle=middle,
        workers_over=over,
        samples_tested=samples,
        samples_exceeding=bad_samples,
    )


def _count_columns(params: ParameterView) -> list[Column]:
    bands = params.get("dose_bands")
    lower, upper = f"{bands.lower:g}", f"{bands.upper:g}"
    return [
        Column(header="报告份数", width=9),
        Column(header="检测设备台数", width=10),
        Column(header="不合格设备台数", width=10),
        Column(header="检测点位数", width=10),
        Column(header="超标点位数", width=10),
        Column(header="个人剂量监测人数", width=10),
        Column(header=f"<{lower}mSv人数", width=10),
        Column(header=f"{lower}~{upper}mSv人数", width=10),
        Column(header=f">{upper}mSv人数", width=10),
        Column(header="检测样品数", width=10),
        Column(header="超标样品数", width=10),
    ]


def _select(filings: Sequence[Filing], period: Period) -> tuple[list[tuple[int, ReportCard]], list[Skipped]]:
    taken: list[tuple[int, ReportCard]] = []
    skipped: list[Skipped] = []
    for i, filing in enumerate(filings):
        card = filing.report_card
        if card is None:
            skipped.append(Skipped(index=i, reason="没有报送卡"))
        elif not card.service_division_code.strip().startswith(CODE):
            place = PROVINCES.get(card.service_division_code.strip()[:2], card.service_division_code)
            skipped.append(Skipped(index=i, reason=f"服务地点在{place}，不是在吉开展的技术服务"))
        elif not period.contains(card.report_issued_on):
            skipped.append(
                Skipped(
                    index=i, reason=f"出具报告日期 {card.report_issued_on.isoformat()} 不在{period.label}"
                )
            )
        elif card.status is FilingStatus.withdrawn:
            skipped.append(Skipped(index=i, reason="报送卡已撤销"))
        else:
            taken.append((i, card))
    return taken, skipped


def _by_field(cards: Sequence[ReportCard], params: ParameterView, note: str) -> Table:
    sums: dict[ServiceField, Counts] = defaultdict(Counts)
    for card in cards:
        sums[card.service_field] = sums[card.service_field] + card_counts(card)
    columns = [Column(header="技术服务领域", width=30), *_count_columns(params)]
    rows = tuple((field.label, *sums[field].row()) for field in ServiceField)
    return Table(
        sheet="按服务领域",
        title="按技术服务领域汇总",
        columns=columns,
        rows=rows,
        totals=tuple(range(1, len(columns))),
        note=note,
    )


def _deadline(period: Period, params: ParameterView) -> PeriodDeadline | None:
    found = period_deadline(period.text, params)
    if found is None:
        return None
    return PeriodDeadline(jurisdiction=CODE, period=period, due=found.due, basis=found.basis, note=found.note)


def _note(period: Period, deadline: PeriodDeadline | None, what: str) -> str:
    lines = (
        [f"报送截止日期：{deadline.due.isoformat()}（吉卫监督发〔2021〕1号 第五条）"]
        if deadline and deadline.due
        else []
    )
    lines += [
        f"统计口径：服务地点在吉林省、出具报告日期在{period.label}（{period.start.isoformat()} 至 "
        f"{period.end.isoformat()}）内的报送卡，已撤销的不计。",
        f"{what}。",
    ]
    return "\n".join(lines)


def institution_summary(filings: Sequence[Filing], period: Period, params: ParameterView) -> Summary:
    """附件2: one institution's semiannual report."""
    if period.kind != "half":
        raise RadrulesError(
            f"吉林省机构汇总按半年报送，期间应为 {period.year}H1 或 {period.year}H2，而不是 {period.text}"
        )
    taken, skipped = _select(filings, period)
    institutions = {card.institution.uscc.strip().upper(): card.institution.name for _, card in taken}
    if len(institutions) > 1:
        names = "、".join(f"{n}（{u}）" for u, n in sorted(institutions.items()))
        raise RadrulesError(
            f"机构汇总只能包含一个机构的报送数据，输入中有 {len(institutions)} 个机构：{names}；全省汇总请用 --scope province"
        )
    name = next(iter(institutions.values()), "（无报送数据）")
    deadline = _deadline(period, params)
    note = _note(period, deadline, "剂量分段按报送卡填写的人数，低于下限的人数为监测人数减去两档人数")
    cards = [card for _, card in taken]
    detail_columns = [
        Column(header="技术服务报告编号", width=18),
        Column(header="出具报告日期", width=12),
        Column(header="服务单位", width=24),
        Column(header="服务地点行政区划代码", width=12),
        Column(header="技术服务领域", width=24),
        *_count_columns(params)[1:],
        Column(header="质控编号", width=18),
    ]
    detail_rows: list[tuple[Any, ...]] = []
    for card in sorted(cards, key=lambda c: (c.report_issued_on, c.report_no)):
        counts = card_counts(card).row()[1:]
        detail_rows.append(
            (
                card.report_no,
                card.report_issued_on,
                card.client.name,
                card.service_division_code,
                card.service_field.label,
                *counts,
                card.qc_code or "",
            )
        )
    detail = Table(
        sheet="报告明细",
        title=f"{name} {period.label}在吉技术服务报告明细",
        columns=detail_columns,
        rows=tuple(detail_rows),
        totals=tuple(range(5, 5 + len(detail_columns) - 6)),
        note=note,
    )
    by_field = attrs.evolve(
        _by_field(cards, params, note),
        title=f"吉林省放射卫生技术服务工作情况汇总报告（{period.label}）—— {name}",
    )
    return Summary(
        jurisdiction=CODE,
        scope="institution",
        period=period,
        title=f"吉林省放射卫生技术服务工作情况汇总报告（{period.label}）—— {name}",
        tables=(by_field, detail),
        basis=(REPORTING, SUMMARY_FORM),
        deadline=deadline,
        included=len(taken),
        skipped=tuple(skipped),
    )


def province_summary(filings: Sequence[Filing], period: Period, params: ParameterView) -> Summary:
    """附件3: the provincial annual table, one row per institution."""
    if period.kind != "year":
        raise RadrulesError(
            f"吉林省全省汇总按年度报送，期间应为年份（如 {period.year}），而不是 {period.text}"
        )
    taken, skipped = _select(filings, period)
    cards = [card for _, card in taken]
    per: dict[str, tuple[str, str, Counts]] = {}
    for card in cards:
        key = card.institution.uscc.strip().upper()
        home = card.institution.division_code.strip()[:2]
        where = "省内" if home == CODE else f"外省（{PROVINCES.get(home, home)}）"
        _, _, counts = per.get(key, (card.institution.name, where, Counts()))
        per[key] = (card.institution.name, where, counts + card_counts(card))
    columns = [
        Column(header="机构名称", width=28),
        Column(header="统一社会信用代码", width=20),
        Column(header="机构所在地", width=14),
        *_count_columns(params),
    ]
    rows = tuple(
        (name, uscc, where, *counts.row())
        for uscc, (name, where, counts) in sorted(per.items(), key=lambda item: item[1][0])
    )
    deadline = _deadline(period, params)
    note = _note(period, deadline, "机构所在地按机构本身的行政区划代码")
    title = f"吉林省放射卫生技术服务情况年度汇总表（{period.label}）"
    by_institution = Table(
        sheet="按机构",
        title=title,
        columns=columns,
        rows=rows,
        totals=tuple(range(3, len(columns))),
        note=note,
    )
    by_field = _by_field(cards, params, note)
    return Summary(
        jurisdiction=CODE,
        scope="province",
        period=period,
        title=title,
        tables=(by_institution, by_field),
        basis=(REPORTING, ANNUAL_FORM),
        deadline=deadline,
        included=len(taken),
        skipped=tuple(skipped),
    )


def build(scope: str, period: str, filings: Sequence[Filing], params: ParameterView) -> Summary:
    parsed = parse_period(period)
    if scope == "province":
        return province_summary(filings, parsed, params)
    return institution_summary(filings, parsed, params)
