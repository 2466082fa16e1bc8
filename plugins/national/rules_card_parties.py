"""National rules on who is named on the card: institution, participants, client, filler.

Field requirements follow the national card (国卫规划函〔2021〕184号 附件2) as the Jiangsu
platform describes its fields (source 000 §5.3.4 第二–四、七步).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache

from radrules import (
    Duty,
    Finding,
    InvalidValue,
    ReportCard,
    RuleContext,
    validate_division_code,
    validate_id_number,
    validate_landline,
    validate_mobile,
    validate_uscc,
)

from .book import book
from .citations import GB_11643, GB_32100, GB_T_2260, NATIONAL_CARD

_TIMED_DUTIES = frozenset({Duty.sampling, Duty.field_testing, Duty.lab_testing})


def _blank(value: str | None) -> bool:
    return not (value and not value.isspace())


@book.rule(
    "NAT.card.required-fields",
    title="报送卡必填项不能为空",
    applies_to=ReportCard,
    cites=[NATIONAL_CARD],
)
def required_fields(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """Every field the card marks as required holds text, not blanks.

    The required fields are the card's as source 000 §5.3.4 第二、四、五、七步 marks them.
    """
    fields: dict[str, tuple[str, str | None]] = {
        "institution.name": ("机构名称", card.institution.name),
        "institution.legal_representative": ("法定代表人", card.institution.legal_representative),
        "institution.project_leader": ("项目负责人", card.institution.project_leader),
        "institution.phone": ("联系电话", card.institution.phone),
        "client.name": ("服务单位名称", card.client.name),
        "client.registered_address": ("注册地址", card.client.registered_address),
        "report_no": ("技术服务报告编号", card.report_no),
        "filler.unit_name": ("填报单位", card.filler.unit_name),
        "filler.unit_head": ("单位负责人", card.filler.unit_head),
        "filler.name": ("填表人", card.filler.name),
        "filler.phone": ("填表人联系电话", card.filler.phone),
    }
    for path, (label, value) in fields.items():
        if _blank(value):
            yield ctx.finding(path, f"{label}为必填项", values={"value": value})


@book.rule(
    "NAT.card.participants.present",
    title="须至少填写一名参与人员，且同一人不重复",
    applies_to=ReportCard,
    cites=[NATIONAL_CARD],
)
def participants_present(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """At least one participant; the same ID number is listed once (add periods, not rows).

    “多天的时间请在同一人员下添加” is worded in source 000 §5.3.4 第三步.
    """
    if not card.participants:
        yield ctx.finding("participants", "未填写参与人员信息")
    seen: dict[str, int] = {}
    for i, person in enumerate(card.participants):
        key = person.id_number.strip().upper()
        if key in seen:
            yield ctx.finding(
                f"participants[{i}].id_number",
                f"参与人员 {person.name} 与第{seen[key] + 1}位重复，多天的时间请在同一人员下添加",
                values={"id_number": person.id_number},
            )
        seen.setdefault(key, i)


def _identifier(
    ctx: RuleContext, path: str, label: str, value: str | None, validate: Callable[[str], str]
) -> Finding | None:
    if _blank(value):
        return ctx.finding(path, f"{label}为必填项", values={"value": value})
    assert value is not None
    try:
        validate(value)
    except InvalidValue as exc:
        return ctx.finding(path, exc.reason, values={"value": value})
    return None


@book.rule(
    "NAT.card.participant.id-number",
    title="参与人员身份证号有效",
    applies_to=ReportCard,
    cites=[GB_11643, NATIONAL_CARD],
)
def participant_id_numbers(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """Each participant's ID number passes GB 11643 and was not born after the as-of date."""
    for i, person in enumerate(card.participants):
        if _blank(person.name):
            yield ctx.finding(f"participants[{i}].name", "参与人员姓名为必填项")
        found = _identifier(
            ctx,
            f"participants[{i}].id_number",
            "身份证号",
            person.id_number,
            lambda v: validate_id_number(v, as_of=ctx.as_of),
        )
        if found:
            yield found


@book.rule(
    "NAT.card.participant.duties",
    title="参与人员须填写承担的服务事项及其时间",
    applies_to=ReportCard,
    cites=[NATIONAL_CARD],
)
def participant_duties(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """Each participant has at least one duty; sampling, field and lab testing carry their dates
    (the card's 参与人员 section as source 000 §5.3.4 第三步 describes it)."""
    for i, person in enumerate(card.participants):
        if not person.duties:
            yield ctx.finding(f"participants[{i}].duties", f"未填写 {person.name} 承担的服务事项")
        for j, duty in enumerate(person.duties):
            if duty.duty in _TIMED_DUTIES and not duty.periods:
                yield ctx.finding(
                    f"participants[{i}].duties[{j}].periods",
                    f"{person.name} 承担{duty.duty.label}，须填写日期和开始、结束时间",
                    values={"duty": duty.duty.value},
                )


@book.rule(
    "NAT.card.participant.period-order",
    title="服务时间的结束须晚于开始",
    applies_to=ReportCard,
    cites=[NATIONAL_CARD],
)
def period_order(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """In every time range the end is after the start."""
    for i, person in enumerate(card.participants):
        for j, duty in enumerate(person.duties):
            for k, period in enumerate(duty.periods):
                if period.end <= period.start:
                    yield ctx.finding(
                        f"participants[{i}].duties[{j}].periods[{k}].end",
                        f"{person.name} 的{duty.duty.label}结束时间 {period.end:%Y-%m-%d %H:%M} "
                        f"不晚于开始时间 {period.start:%Y-%m-%d %H:%M}",
                        values={"start": period.start.isoformat(), "end": period.end.isoformat()},
                    )


@book.rule(
    "NAT.card.participant.period-before-issue",
    title="采样、检测时间不能晚于出具报告日期",
    applies_to=ReportCard,
    cites=[NATIONAL_CARD],
)
def period_before_issue(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """Sampling and testing happen before the report that states their results is issued
    (source 000 §5.3.4 第三、五步 on the card's dates)."""
    for i, person in enumerate(card.participants):
        for j, duty in enumerate(person.duties):
            if duty.duty not in _TIMED_DUTIES:
                continue
            for k, period in enumerate(duty.periods):
                if period.end.date() > card.report_issued_on:
                    yield ctx.finding(
                        f"participants[{i}].duties[{j}].periods[{k}].end",
                        f"{person.name} 的{duty.duty.label}日期 {period.end.date().isoformat()} "
                        f"晚于出具报告日期 {card.report_issued_on.isoformat()}",
                        values={
                            "end": period.end.isoformat(),
                            "report_issued_on": card.report_issued_on.isoformat(),
                        },
                    )


@book.rule(
    "NAT.card.uscc",
    title="机构与服务单位的统一社会信用代码有效",
    applies_to=ReportCard,
    cites=[GB_32100, NATIONAL_CARD],
)
def credit_codes(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """Both credit codes pass GB 32100 (letters in upper case)."""
    for path, label, value in (
        ("institution.uscc", "机构统一社会信用代码", card.institution.uscc),
        ("client.uscc", "服务单位统一社会信用代码", card.client.uscc),
    ):
        found = _identifier(ctx, path, label, value, validate_uscc)
        if found:
            yield found


@book.rule(
    "NAT.card.division-codes",
    title="服务单位地区与技术服务地址须选择到区县",
    applies_to=ReportCard,
    cites=[GB_T_2260, NATIONAL_CARD],
)
def division_codes(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """The client's division and the service address are codes down to the county
    (“选择到区县”: source 000 §5.3.4 第四步 on the card's address fields) that exist on the
    report's date (出具技术报告日期): a code retired since is right for an old report, one not
    yet created, or never listed (320199), is not.
    """
    places = [("client.division_code", "服务单位所属地区", card.client.division_code)]
    if card.service_address is not None:
        places.append(("service_address.division_code", "技术服务地址", card.service_address.division_code))
    on = card.report_issued_on
    for path, label, code in places:
        found = _identifier(ctx, path, label, code, lambda v: validate_division_code(v, on=on))
        if found:
            yield found


@lru_cache(maxsize=16384)  # the same numbers recur on many cards; exceptions are costly
def _phone_problem(value: str) -> str | None:
    for validate in (validate_mobile, validate_landline):
        try:
            validate(value)
        except InvalidValue:
            continue
        return None
    return "电话号码应为11位手机号码或“区号-号码”形式的固定电话"


@book.rule(
    "NAT.card.phones",
    title="联系电话格式有效",
    applies_to=ReportCard,
    cites=[NATIONAL_CARD],
)
def phones(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """Phone numbers that are filled in are mobile or landline numbers."""
    numbers: list[tuple[str, str | None]] = [
        ("institution.phone", card.institution.phone),
        ("filler.phone", card.filler.phone),
        ("client.contact.phone", card.client.contact.phone if card.client.contact else None),
    ]
    numbers += [(f"participants[{i}].mobile", p.mobile) for i, p in enumerate(card.participants)]
    for path, value in numbers:
        if value is None or _blank(value):
            continue
        problem = _phone_problem(value)
        if problem is not None:
            yield ctx.finding(path, problem, values={"value": value})


@book.rule(
    "NAT.card.dates.not-future",
    title="报告日期、填表日期和报送日期不能晚于当前日期",
    applies_to=ReportCard,
    cites=[NATIONAL_CARD],
)
def dates_not_future(card: ReportCard, ctx: RuleContext) -> Iterator[Finding]:
    """No date on the card lies after the as-of date of the check (the platform's date pickers
    stop at today, source 000 §5.1.2.1 “最大只能选择到当前日期”)."""
    as_of = ctx.as_of
    for path, label, day in (
        ("report_issued_on", "出具技术报告日期", card.report_issued_on),
        ("filler.filled_on", "填表日期", card.filler.filled_on),
        ("filed_on", "报送日期", card.filed_on),
    ):
        if day is not None and day > as_of:
            yield _future(ctx, path, label, day)
    for i, person in enumerate(card.participants):
        for j, duty in enumerate(person.duties):
            for k, period in enumerate(duty.periods):
                if period.end.date() > as_of:
                    yield _future(
                        ctx,
                        f"participants[{i}].duties[{j}].periods[{k}].end",
                        f"{person.name} 的服务时间",
                        period.end.date(),
                    )


def _future(ctx: RuleContext, path: str, label: str, day: date) -> Finding:
    return ctx.finding(
        path,
        f"{label} {day.isoformat()} 晚于 {ctx.as_of.isoformat()}",
        values={"date": day.isoformat(), "as_of": ctx.as_of.isoformat()},
    )
