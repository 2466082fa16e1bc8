"""Jiangsu rules on plans and registrations (集体报名, source 002 §4).

Eligibility per plan: the deadline (no 报名 after it, §7 问题八), the age limit and the
title level (marked red to remind, §4.4 3.2: warnings, the CDC decides on review), only
in-service staff (§4.4 3.1), the registration's own required fields, specialties only for
the plan types that have them, the recipient's contact rules (§4.4 3.5), one registration
per person, and the plan's registration limit when the CDC sets one.
"""

from __future__ import annotations

from collections.abc import Iterator

from radrules import (
    EDITABLE_REGISTRATIONS,
    EmploymentStatus,
    Finding,
    InvalidValue,
    Registration,
    RegistrationStatus,
    RuleContext,
    Severity,
    TitleLevel,
    TrainingFiling,
    TrainingPlan,
    path_label,
    training_of,
    validate_char_limit,
    validate_landline,
    validate_mobile,
    validate_postcode,
)

from .book import book
from .citations import training_manual
from .training_fields import TRAINING_FROM, blank, plan_has_specialties, plan_type_specs, values_at
from .training_types import RequiredFields, TextLimits


@book.rule(
    "JS.training.plan.fields",
    title="培训计划的培训班类型须在列表中；专业类别只用于设专业类别的培训班类型",
    applies_to=TrainingPlan,
    cites=[training_manual("§4.3 2 培训班类型"), training_manual("§4.4 3.4 培训专业类别")],
    valid_from=TRAINING_FROM,
    parameters=["training_plan_types", "training_specialties"],
)
def plan_fields(plan: TrainingPlan, ctx: RuleContext) -> Iterator[Finding]:
    """What the CDC publishes: a known type; specialties from the list exactly when the
    type has them; a positive age limit and registration limit when set."""
    types = plan_type_specs(ctx)
    if plan.plan_type not in types:
        yield ctx.finding(
            "plan_type", f"培训班类型“{plan.plan_type}”不在列表中", values={"known": list(types)}
        )
    elif types[plan.plan_type] and not plan.specialties:
        yield ctx.finding("specialties", f"培训班类型为“{plan.plan_type}”时须设培训专业类别")
    elif not types[plan.plan_type] and plan.specialties:
        yield ctx.finding("specialties", f"培训班类型“{plan.plan_type}”不设培训专业类别")
    known: list[str] = ctx.param("training_specialties")
    for name in plan.specialties:
        if name not in known:
            yield ctx.finding("specialties", f"“{name}”不是培训专业类别", values={"value": name})
    for path, value in (("age_limit", plan.age_limit), ("registration_limit", plan.registration_limit)):
        if value is not None and value < 1:
            yield ctx.finding(path, f"{path_label(TrainingPlan, path)}应为正整数，实际为{value}")


@book.rule(
    "JS.training.registration.deadline",
    title="报名截止后不能报名",
    applies_to=Registration,
    cites=[training_manual("§7 问题八“当报名时间截止时，报名入口关闭……机构将无法再进行报名”")],
    valid_from=TRAINING_FROM,
)
def deadline(reg: Registration, ctx: RuleContext) -> Iterator[Finding]:
    """A registration not yet sent (未报名, or 已退回 to be sent again) cannot be sent after
    the plan's 报名截止日期; that day itself is still open. Registrations already sent stay."""
    plan = training_of(ctx).plan
    if plan is None or reg.status not in EDITABLE_REGISTRATIONS:
        return
    if ctx.as_of > plan.deadline:
        yield ctx.finding(
            "status",
            f"报名截止日期为 {plan.deadline}，报名已截止，不能报名",
            values={"deadline": plan.deadline, "as_of": ctx.as_of},
        )


@book.rule(
    "JS.training.registration.age",
    title="年龄超过培训计划的年龄限制（红色提醒）",
    applies_to=Registration,
    cites=[training_manual("§4.4 3.2“年龄：当年龄超过限制时红色显示，提醒报名人员”")],
    severity=Severity.warning,
    valid_from=TRAINING_FROM,
)
def age(reg: Registration, ctx: RuleContext) -> Iterator[Finding]:
    """Age in full years on the as-of day (the day of registering) above the plan's limit."""
    plan = training_of(ctx).plan
    if plan is None or plan.age_limit is None:
        return
    years = reg.person.age_on(ctx.as_of)
    if years is not None and years > plan.age_limit:
        yield ctx.finding(
            "person.basic.birth_date",
            f"年龄{years}岁，超过培训计划的年龄限制（{plan.age_limit}岁）",
            values={"age": years, "limit": plan.age_limit},
        )


@book.rule(
    "JS.training.registration.title-level",
    title="职称级别低于培训计划的要求（诊断医师培训需要中级及以上职称，红色提醒）",
    applies_to=Registration,
    cites=[training_manual("§4.4 3.2“职称级别：诊断医师培训需要中级及以上的职称，若不符合红色显示”")],
    severity=Severity.warning,
    valid_from=TRAINING_FROM,
    overrides="NAT.training.diagnosis-physician.title",
    parameters=["training_title_requirements"],
)
def title_level(reg: Registration, ctx: RuleContext) -> Iterator[Finding]:
    """The plan's own requirement, else the ruleset's for the plan type (中级 for 职业病诊断医师).

    It replaces the national rule on the same condition of the law, and applies to every
    plan that sets a requirement."""
    plan = training_of(ctx).plan
    if plan is None:
        return
    defaults: dict[str, TitleLevel] = ctx.param("training_title_requirements")
    required = plan.min_title_level or defaults.get(plan.plan_type)
    if required is None:
        return
    level = reg.person.resume.title_level
    if level is None or level.rank < required.rank:
        shown = level.label if level is not None else "未填写"
        yield ctx.finding(
            "person.resume.title_level",
            f"职称级别为“{shown}”，培训要求{required.label}及以上",
            values={"title_level": level, "required": required},
        )


@book.rule(
    "JS.training.registration.required",
    title="报名信息和收件人信息的必填项不能为空",
    applies_to=Registration,
    cites=[training_manual("§4.4 3.4 报名信息"), training_manual("§4.4 3.5 收件人信息")],
    valid_from=TRAINING_FROM,
    parameters=["training_required_fields"],
)
def registration_required(reg: Registration, ctx: RuleContext) -> Iterator[Finding]:
    """是否需要学分证, 培训类型, 住宿类型 (必选) and the recipient's name, phone and address (必填)."""
    fields: RequiredFields = ctx.param("training_required_fields")
    for path in fields.registration:
        for where, value in values_at(reg, path):
            if blank(value):
                yield ctx.finding(where, f"{path_label(Registration, where)}为必填项")


@book.rule(
    "JS.training.registration.specialties",
    title="职业病诊断医师、鉴定专家、放射专业技术人员培训须选择计划所设的培训专业类别，其他培训不选",
    applies_to=Registration,
    cites=[
        training_manual(
            "§4.4 3.4“培训班类型为‘职业病诊断医师’‘职业病鉴定专家’‘放射专业技术人员’时显示对应的专业类别”"
        )
    ],
    valid_from=TRAINING_FROM,
    parameters=["training_plan_types"],
)
def specialties(reg: Registration, ctx: RuleContext) -> Iterator[Finding]:
    """At least one specialty of the plan's for the types that have them (the field is
    “*”), none for the others."""
    plan = training_of(ctx).plan
    has = plan_has_specialties(ctx)
    if plan is None or has is None:
        return
    if not has:
        if reg.specialties:
            yield ctx.finding("specialties", f"“{plan.plan_type}”培训不设培训专业类别，不应选择")
        return
    if not reg.specialties:
        yield ctx.finding("specialties", "须选择培训专业类别（可多选）")
    for name in reg.specialties:
        if name not in plan.specialties:
            yield ctx.finding(
                "specialties",
                f"“{name}”不是本培训计划设的培训专业类别",
                values={"value": name, "offered": list(plan.specialties)},
            )
    if len(set(reg.specialties)) != len(reg.specialties):
        yield ctx.finding("specialties", "培训专业类别重复")


@book.rule(
    "JS.training.registration.recipient",
    title="收件人联系电话、邮编须符合格式，收件地址最多100个中文字",
    applies_to=Registration,
    cites=[training_manual("§4.4 3.5 收件人信息“规则校验”“最大支持100个中文字”")],
    valid_from=TRAINING_FROM,
    parameters=["training_text_limits"],
)
def recipient(reg: Registration, ctx: RuleContext) -> Iterator[Finding]:
    """The phone is a mobile or a landline number; the postcode six digits; the address
    at most the ruleset's number of characters."""
    r = reg.recipient
    if r is None:
        return
    if not blank(r.phone) and not _phone_ok(r.phone or ""):
        yield ctx.finding(
            "recipient.phone",
            "收件人联系电话应为11位手机号码或“区号-号码”的固定电话",
            values={"value": r.phone},
        )
    if not blank(r.postcode):
        try:
            validate_postcode(r.postcode or "")
        except InvalidValue as exc:
            yield ctx.finding("recipient.postcode", f"收件人邮编：{exc.reason}", values={"value": r.postcode})
    limits: TextLimits = ctx.param("training_text_limits")
    if r.address:
        try:
            validate_char_limit(r.address.strip(), limits.recipient_address_chars)
        except InvalidValue as exc:
            yield ctx.finding("recipient.address", f"收件地址{exc.reason}", values={"length": len(r.address)})


def _phone_ok(value: str) -> bool:
    for validate in (validate_mobile, validate_landline):
        try:
            validate(value)
        except InvalidValue:
            continue
        return True
    return False


@book.rule(
    "JS.training.registration.in-service",
    title="只能为本单位在职人员报名",
    applies_to=Registration,
    cites=[training_manual("§4.4 3.1“显示本单位所有在职的资质人员”"), training_manual("§7 问题二 2")],
    valid_from=TRAINING_FROM,
)
def in_service(reg: Registration, ctx: RuleContext) -> Iterator[Finding]:
    """The person is 在职 and on the registering unit's staff (when the profile says whose)."""
    person = reg.person
    if person.employment is not EmploymentStatus.in_service:
        yield ctx.finding(
            "person.employment", f"人员在岗状态为“{person.employment.label}”，只能为在职人员报名"
        )
    if person.unit_uscc and person.unit_uscc.strip().upper() != reg.unit_uscc.strip().upper():
        yield ctx.finding(
            "person.unit_uscc",
            "人员不属于报名单位",
            values={"person_unit": person.unit_uscc, "unit": reg.unit_uscc},
        )


@book.rule(
    "JS.training.registration.return-reason",
    title="已退回的报名须有退回原因",
    applies_to=Registration,
    cites=[training_manual("§4.4 3.2“点击状态‘已退回’字样，查看被退回原因”")],
    valid_from=TRAINING_FROM,
)
def return_reason(reg: Registration, ctx: RuleContext) -> Iterator[Finding]:
    if reg.status is RegistrationStatus.returned and blank(reg.return_reason):
        yield ctx.finding("return_reason", "已退回的报名须注明退回原因")


@book.rule(
    "JS.training.registration.unique",
    title="同一人员只能报名同一培训计划一次",
    applies_to=TrainingFiling,
    cites=[training_manual("§4.4 3.1–3.2 报名人员"), training_manual("§3.5 1 唯一性校验")],
    valid_from=TRAINING_FROM,
)
def unique_registrations(filing: TrainingFiling, ctx: RuleContext) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for i, reg in enumerate(filing.registrations):
        key = reg.id_number
        if key in seen:
            yield ctx.finding(
                f"registrations[{i}].person.basic.id_number",
                f"该人员已在第{seen[key] + 1}条报名中报名本培训计划",
                values={"first": seen[key]},
            )
        else:
            seen[key] = i


@book.rule(
    "JS.training.registration.limit",
    title="报名人数不能超过培训计划的报名人数上限",
    applies_to=TrainingFiling,
    cites=[training_manual("§4.3 3 总报名人数")],
    valid_from=TRAINING_FROM,
)
def registration_limit(filing: TrainingFiling, ctx: RuleContext) -> Iterator[Finding]:
    """Storage counts the other units' registrations (``counts.registrations``); with the
    envelope's registrations already sent, they fill the places, and while none is left no
    further registration can be sent. Registrations are sent one at a time
    (:func:`radrules.submit_registration`), each in storage's transaction, so that the count
    holds under concurrency."""
    plan = filing.plan
    if plan is None or plan.registration_limit is None:
        return
    taken = (filing.counts.registrations if filing.counts is not None else 0) + sum(
        1 for r in filing.registrations if r.status not in EDITABLE_REGISTRATIONS
    )
    if taken < plan.registration_limit:
        return
    for i, reg in enumerate(filing.registrations):
        if reg.status in EDITABLE_REGISTRATIONS:
            yield ctx.finding(
                f"registrations[{i}]",
                f"报名人数已满（上限{plan.registration_limit}人）",
                values={"limit": plan.registration_limit, "taken": taken},
            )
