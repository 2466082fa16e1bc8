"""Jiangsu rules on a person's profile (人员信息, source 002 §3.5).

They check each profile a unit keeps (``profiles[i]``) and the copy of it that travels in
each registration (``registrations[i].person``), which is what the CDC reviews. Which
fields are required, the byte limits and their encoding are ruleset data
(``training_required_fields``, ``training_text_limits``).
"""

from __future__ import annotations

from collections.abc import Iterator

from radrules import (
    Finding,
    InvalidValue,
    PersonAttribute,
    PersonProfile,
    RuleContext,
    Severity,
    TrainingFiling,
    birth_date_of,
    path_label,
    validate_byte_limit,
    validate_email,
    validate_landline,
    validate_mobile,
    validate_postcode,
)

from .book import book
from .citations import training_manual
from .training_fields import TRAINING_FROM, blank, values_at
from .training_types import QualificationCategory, RequiredFields, TextLimits


def _label(path: str) -> str:
    return path_label(PersonProfile, path)


@book.rule(
    "JS.training.person.required",
    title="人员信息的必填项不能为空",
    applies_to=PersonProfile,
    cites=[training_manual("§1.3 (1)“输入项前带‘*’为必填项”"), training_manual("§3.5 1、3、5、8")],
    valid_from=TRAINING_FROM,
    parameters=["training_required_fields"],
)
def person_required(person: PersonProfile, ctx: RuleContext) -> Iterator[Finding]:
    """Each field the form marks “*” holds a value; 其他 among the 人员属性 names the role."""
    fields: RequiredFields = ctx.param("training_required_fields")
    for path in fields.profile:
        for where, value in values_at(person, path):
            if blank(value):
                yield ctx.finding(where, f"{_label(where)}为必填项")
    qualification = person.qualification
    if PersonAttribute.other in qualification.attributes and blank(qualification.other_attribute):
        yield ctx.finding("qualification.other_attribute", "人员属性选择“其他”时须填写具体属性")


@book.rule(
    "JS.training.person.physician-fields",
    title="人员属性为检查医生或诊断/鉴定医师时，医师资格与执业信息为必填项",
    applies_to=PersonProfile,
    cites=[training_manual("§3.5 5“当人员属性为‘检查医生’或‘诊断/鉴定医师’时必填”")],
    valid_from=TRAINING_FROM,
    parameters=["training_required_fields"],
)
def physician_fields(person: PersonProfile, ctx: RuleContext) -> Iterator[Finding]:
    """医师资格证编号, 医师资格证发证日期, 医师资格类别, 医师执业类别 and 主执业地点 of a physician."""
    fields: RequiredFields = ctx.param("training_required_fields")
    roles = [a for a in person.qualification.attributes if a in fields.physician_attributes]
    if not roles:
        return
    named = "、".join(a.label for a in roles)
    for path in fields.physician_fields:
        for where, value in values_at(person, path):
            if blank(value):
                yield ctx.finding(
                    where, f"人员属性为“{named}”时，{_label(where)}为必填项", values={"attributes": named}
                )


@book.rule(
    "JS.training.person.contacts",
    title="手机号码11位、电子邮箱、固定电话“区号-号码”、邮政编码6位须符合格式",
    applies_to=PersonProfile,
    cites=[training_manual("§3.5 1 信息填写说明")],
    valid_from=TRAINING_FROM,
)
def contacts(person: PersonProfile, ctx: RuleContext) -> Iterator[Finding]:
    """The manual's format checks (“规则校验”) of the contact fields that are filled in.

    Landlines: the manual writes “4位区号-8位号码”, the longest form; three-digit area
    codes (025 Nanjing, where the CDC is) and seven-digit numbers are real too and pass.
    """
    basic = person.basic
    checks = (
        ("basic.mobile", basic.mobile, validate_mobile),
        ("basic.email", basic.email, validate_email),
        ("basic.landline", basic.landline, validate_landline),
        ("basic.postcode", basic.postcode, validate_postcode),
    )
    for path, value, validate in checks:
        if blank(value):
            continue
        try:
            validate(value or "")
        except InvalidValue as exc:
            yield ctx.finding(path, exc.reason, values={"value": value})


@book.rule(
    "JS.training.person.text-limits",
    title="证书编号、从事专业、执业地点等不能超过规定的字节数；工作年限最多2位数字",
    applies_to=PersonProfile,
    cites=[training_manual("§3.5 3“最大100个字节”“最大2个数字”"), training_manual("§3.5 5、8")],
    valid_from=TRAINING_FROM,
    parameters=["training_text_limits"],
)
def text_limits(person: PersonProfile, ctx: RuleContext) -> Iterator[Finding]:
    """Byte limits counted in the ruleset's encoding (GBK: a hanzi is two bytes)."""
    limits: TextLimits = ctx.param("training_text_limits")
    for path, limit in limits.bytes.items():
        for where, value in values_at(person, path):
            if not isinstance(value, str) or not value:
                continue
            try:
                validate_byte_limit(value, limit, limits.encoding)
            except InvalidValue as exc:
                yield ctx.finding(where, f"{_label(where)}{exc.reason}", values={"limit": limit})
    years = person.resume.years_in_field
    if years is not None and not 0 <= years < 10**limits.years_in_field_digits:
        yield ctx.finding(
            "resume.years_in_field",
            f"从事职业卫生相关工作年限应为0至{10**limits.years_in_field_digits - 1}的整数，实际为{years}",
            values={"value": years},
        )


@book.rule(
    "JS.training.person.dates",
    title="出生年月和各证书的发证日期不能晚于当前日期；失效日期不能早于发证日期",
    applies_to=PersonProfile,
    cites=[training_manual("§3.5 5“小于等于当前日期”"), training_manual("§3.5 8 发证日期、失效日期")],
    valid_from=TRAINING_FROM,
)
def dates(person: PersonProfile, ctx: RuleContext) -> Iterator[Finding]:
    """Dates on or before the as-of date. The manual writes “小于等于当前日期” for 失效日期 as
    well, which would admit only expired certificates; radrules reads it as a slip and asks
    instead that a certificate does not expire before it was issued (docs/training.md)."""
    q = person.qualification
    checked = [
        ("basic.birth_date", person.basic.birth_date),
        ("qualification.physician_certificate_issued_on", q.physician_certificate_issued_on),
        ("qualification.practice_certificate_issued_on", q.practice_certificate_issued_on),
    ]
    checked += [
        (f"professional_qualifications[{i}].issued_on", p.issued_on)
        for i, p in enumerate(person.professional_qualifications)
    ]
    for path, day in checked:
        if day is not None and day > ctx.as_of:
            yield ctx.finding(path, f"{_label(path)} {day} 晚于当前日期 {ctx.as_of}", values={"date": day})
    for i, p in enumerate(person.professional_qualifications):
        if p.issued_on is not None and p.expires_on is not None and p.expires_on < p.issued_on:
            yield ctx.finding(
                f"professional_qualifications[{i}].expires_on",
                f"失效日期 {p.expires_on} 早于发证日期 {p.issued_on}",
                values={"issued_on": p.issued_on, "expires_on": p.expires_on},
            )


@book.rule(
    "JS.training.person.id-consistency",
    title="性别和出生年月应与身份证号一致",
    applies_to=PersonProfile,
    cites=[training_manual("§3.5 1“出生日期：根据注册时的身份证号设置默认值，允许修改”")],
    severity=Severity.warning,
    valid_from=TRAINING_FROM,
)
def id_consistency(person: PersonProfile, ctx: RuleContext) -> Iterator[Finding]:
    """The form fills both from the ID number and lets them be changed; a change that
    disagrees with the number is worth a second look, not a refusal."""
    derived = person.derived_sex
    if person.basic.sex is not None and derived is not None and person.basic.sex is not derived:
        yield ctx.finding("basic.sex", f"性别“{person.basic.sex.label}”与身份证号（{derived.label}）不一致")
    born = birth_date_of(person.basic.id_number)
    if person.basic.birth_date is not None and born is not None and person.basic.birth_date != born:
        yield ctx.finding(
            "basic.birth_date", f"出生年月 {person.basic.birth_date} 与身份证号中的出生日期 {born} 不一致"
        )


@book.rule(
    "JS.training.person.qualification-scope",
    title="职业病诊断医师、职业病鉴定专家、放射专业技术人员资质须选择资质范围，其他资质类别无资质范围",
    applies_to=PersonProfile,
    cites=[training_manual("§3.5 8 资质类别、资质范围")],
    valid_from=TRAINING_FROM,
    parameters=["training_qualification_categories"],
)
def qualification_scope(person: PersonProfile, ctx: RuleContext) -> Iterator[Finding]:
    """资质范围 is required, from the category's list, for the categories that have one, and
    absent for the others. A category not in the ruleset's list is a warning: the manual
    does not give the whole drop-down."""
    categories: dict[str, QualificationCategory] = {
        c.name: c for c in ctx.param("training_qualification_categories")
    }
    for i, p in enumerate(person.professional_qualifications):
        path = f"professional_qualifications[{i}]"
        found = categories.get(p.category)
        if found is None:
            if not blank(p.category):
                yield ctx.finding(
                    f"{path}.category",
                    f"资质类别“{p.category}”不在资质类别列表中",
                    severity=Severity.warning,
                    values={"known": list(categories)},
                )
            continue
        if not found.scope:
            if p.scope:
                yield ctx.finding(f"{path}.scope", f"资质类别“{p.category}”无资质范围，不应选择")
            continue
        if not p.scope:
            yield ctx.finding(f"{path}.scope", f"资质类别为“{p.category}”时须选择资质范围（可多选）")
        for name in p.scope:
            if name not in found.scope:
                yield ctx.finding(
                    f"{path}.scope", f"“{name}”不是“{p.category}”的资质范围", values={"value": name}
                )


@book.rule(
    "JS.training.person.attachments",
    title="人员信息的附件须为图片或PDF",
    applies_to=PersonProfile,
    cites=[training_manual("§3.5 1、3、5“允许附件格式为图片和PDF”")],
    valid_from=TRAINING_FROM,
    parameters=["training_attachment_types"],
)
def attachments(person: PersonProfile, ctx: RuleContext) -> Iterator[Finding]:
    """The media type storage found in each uploaded file, against the allowed types."""
    allowed: list[str] = ctx.param("training_attachment_types")
    for section in ("basic", "resume", "qualification"):
        part = getattr(person, section)
        for field in type(part).__attrs_attrs__:
            ref = getattr(part, field.name)
            if ref is None or not hasattr(ref, "filename"):
                continue
            media = (ref.media_type or "").lower()
            if not any(media == a or (a.endswith("/*") and media.startswith(a[:-1])) for a in allowed):
                path = f"{section}.{field.name}"
                yield ctx.finding(
                    path,
                    f"{_label(path)}“{ref.filename}”的格式为{media or '未知'}，只允许图片和PDF",
                    values={"media_type": ref.media_type},
                )


@book.rule(
    "JS.training.person.unique",
    title="同一单位的人员信息中，身份证号不能重复",
    applies_to=TrainingFiling,
    cites=[training_manual("§3.5 1“保存时进行规则校验和唯一性校验”")],
    valid_from=TRAINING_FROM,
)
def unique_people(filing: TrainingFiling, ctx: RuleContext) -> Iterator[Finding]:
    """A unit keeps one profile per person: a second one with the same ID number is refused."""
    seen: dict[str, int] = {}
    for i, person in enumerate(filing.profiles):
        key = person.id_number
        if not key:
            continue
        if key in seen:
            yield ctx.finding(
                f"profiles[{i}].basic.id_number",
                f"身份证号与第{seen[key] + 1}条人员信息重复",
                values={"first": seen[key]},
            )
        else:
            seen[key] = i
