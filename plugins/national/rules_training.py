"""National rules on training registrations and profiles: what the law says.

* GB 11643-1999: a registered person's 身份证号 is a valid citizen ID number.
* 《职业病诊断与鉴定管理办法》(国家卫生健康委员会令第6号) 第二十一条: a 职业病诊断医师 has a
  医师执业证书, a 中级以上 title and three years of related work, and is trained and examined
  in the specialty. The training is one of those conditions, so a registration for
  diagnosis-physician training that shows a missing one is a warning to the unit and the
  reviewer, not a refusal: the CDC decides. The article's wording was checked against
  secondary copies of the 2013 text (卫生部令第91号 第十六条) [S]; the 2021 article number
  could not be read in the original [U] (rulesets/national/training_diagnosis_physician.yaml).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from radrules import (
    Finding,
    InvalidValue,
    PersonProfile,
    Registration,
    RuleContext,
    Severity,
    training_of,
    validate_id_number,
)

from .book import book
from .citations import DIAGNOSIS_MEASURES, GB_11643
from .types import DiagnosisPhysicianConditions

_IN_FORCE = date(2021, 1, 4)  # 国家卫生健康委员会令第6号 施行


@book.rule(
    "NAT.training.person.id-number",
    title="人员身份证号有效",
    applies_to=PersonProfile,
    cites=[GB_11643],
)
def person_id_number(person: PersonProfile, ctx: RuleContext) -> Iterator[Finding]:
    """Length, check character, a birth date not after the as-of date, a real county code."""
    number = person.basic.id_number
    if not number.strip():
        return  # a blank number is the required-field rule's finding
    try:
        validate_id_number(number, as_of=ctx.as_of)
    except InvalidValue as exc:
        yield ctx.finding("basic.id_number", f"身份证号无效：{exc.reason}", values={"value": number})


def _diagnosis(ctx: RuleContext) -> DiagnosisPhysicianConditions | None:
    plan = training_of(ctx).plan
    conditions: DiagnosisPhysicianConditions = ctx.param("training_diagnosis_physician")
    if plan is None or plan.plan_type not in conditions.plan_types:
        return None
    return conditions


@book.rule(
    "NAT.training.diagnosis-physician.title",
    title="职业病诊断医师须具有中级以上卫生专业技术职务任职资格",
    applies_to=Registration,
    cites=[DIAGNOSIS_MEASURES],
    severity=Severity.warning,
    valid_from=_IN_FORCE,
    parameters=["training_diagnosis_physician"],
)
def diagnosis_title(reg: Registration, ctx: RuleContext) -> Iterator[Finding]:
    """第二十一条（二）, for registrations to diagnosis-physician training."""
    conditions = _diagnosis(ctx)
    if conditions is None:
        return
    level = reg.person.resume.title_level
    if level is None or level.rank < conditions.min_title_level.rank:
        yield ctx.finding(
            "person.resume.title_level",
            f"职业病诊断医师须具有{conditions.min_title_level.label}以上职称，该人员为“{level.label if level else '未填写'}”",
            values={"title_level": level},
        )


@book.rule(
    "NAT.training.diagnosis-physician.practice-certificate",
    title="职业病诊断医师须具有医师执业证书",
    applies_to=Registration,
    cites=[DIAGNOSIS_MEASURES],
    severity=Severity.warning,
    valid_from=_IN_FORCE,
    parameters=["training_diagnosis_physician"],
)
def diagnosis_practice_certificate(reg: Registration, ctx: RuleContext) -> Iterator[Finding]:
    """第二十一条（一）: the profile names a 医师执业证书编号."""
    if _diagnosis(ctx) is None:
        return
    number = reg.person.qualification.practice_certificate_no
    if not (number and number.strip()):
        yield ctx.finding("person.qualification.practice_certificate_no", "职业病诊断医师须具有医师执业证书")


@book.rule(
    "NAT.training.diagnosis-physician.experience",
    title="职业病诊断医师须从事职业病诊断、鉴定相关工作三年以上",
    applies_to=Registration,
    cites=[DIAGNOSIS_MEASURES],
    severity=Severity.warning,
    valid_from=_IN_FORCE,
    parameters=["training_diagnosis_physician"],
)
def diagnosis_experience(reg: Registration, ctx: RuleContext) -> Iterator[Finding]:
    """第二十一条（四）, read from the profile's 从事职业卫生相关工作年限 when it is filled in
    (the nearest field the form has)."""
    conditions = _diagnosis(ctx)
    years = reg.person.resume.years_in_field
    if conditions is None or years is None:
        return
    if years < conditions.min_years:
        yield ctx.finding(
            "person.resume.years_in_field",
            f"职业病诊断医师须从事相关工作{conditions.min_years}年以上，该人员填写{years}年",
            values={"years": years, "required": conditions.min_years},
        )
