"""The profile form of 完善人员信息 (source 002 §3.5), field by field, in the manual's order.

Field names are the profile's JSON paths (``basic.mobile``), so that each finding of the
library's rules lands beside its own field. Nothing is refused here: the form's text
becomes a :class:`radrules.PersonProfile` and the province's rules decide (required
fields, formats, byte limits, dates) — the “*” marks come from the same ruleset
(:func:`radrules.training_vocabulary`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from radrules_webshell.core.forms import Field, FormSpec

from radrules import (
    InputError,
    PersonAttribute,
    PersonProfile,
    Sex,
    TitleLevel,
    TrainingVocabulary,
    structure,
    unstructure,
)

_SEX = tuple((s.value, s.label) for s in Sex)
_LEVELS = tuple((t.value, t.label) for t in TitleLevel)
_ATTRIBUTES = tuple((a.value, a.label) for a in PersonAttribute)

#: (legend, fields) of the form's sections (§3.5 1、2、4); uploads are listed apart.
SECTIONS: tuple[tuple[str, tuple[Field, ...]], ...] = (
    (
        "基本信息",
        (
            Field(name="basic.id_number", label="身份证号", max_length=18, help="保存时校验规则和唯一性"),
            Field(name="basic.name", label="姓名", max_length=100),
            Field(name="basic.sex", label="性别", kind="select", choices=_SEX, help="不填时按身份证号"),
            Field(name="basic.birth_date", label="出生年月", kind="date", help="不填时按身份证号"),
            Field(name="basic.nationality", label="国籍", max_length=50),
            Field(name="basic.ethnicity", label="民族", max_length=20),
            Field(name="basic.mobile", label="手机号码", max_length=20, help="11位"),
            Field(name="basic.email", label="电子邮箱", max_length=254),
            Field(name="basic.landline", label="固定电话", max_length=30, help="区号-号码，如 025-83759411"),
            Field(name="basic.postcode", label="邮政编码", max_length=6),
            Field(name="basic.address", label="通讯地址", max_length=300),
        ),
    ),
    (
        "个人履历",
        (
            Field(name="resume.education", label="学历", max_length=50),
            Field(name="resume.diploma_no", label="毕业证书编号", help="最大100个字节"),
            Field(name="resume.degree", label="学位", max_length=50),
            Field(name="resume.degree_no", label="学位证书编号", help="最大100个字节"),
            Field(name="resume.title", label="职称", max_length=100),
            Field(name="resume.title_level", label="职称级别", kind="select", choices=_LEVELS),
            Field(name="resume.title_certificate_no", label="职称证书编号", help="最大100个字节"),
            Field(name="resume.position", label="职务", max_length=100),
            Field(name="resume.post", label="从事专业（岗位）", help="最大100个字节"),
            Field(
                name="resume.years_in_field", label="从事职业卫生相关工作年限", kind="int", help="最多2位数字"
            ),
        ),
    ),
    (
        "资质信息",
        (
            Field(name="qualification.attributes", label="人员属性", kind="multiselect", choices=_ATTRIBUTES),
            Field(name="qualification.other_attribute", label="其他人员属性", max_length=100),
            Field(name="qualification.physician_certificate_no", label="医师资格证编号"),
            Field(
                name="qualification.physician_certificate_issued_on", label="医师资格证发证日期", kind="date"
            ),
            Field(
                name="qualification.physician_qualification_category", label="医师资格类别", max_length=100
            ),
            Field(name="qualification.physician_qualification_level", label="医师资格级别", max_length=50),
            Field(name="qualification.practice_certificate_no", label="医师执业证书编号"),
            Field(
                name="qualification.practice_certificate_issued_on", label="医师执业证发证日期", kind="date"
            ),
            Field(name="qualification.practice_category", label="医师执业类别", max_length=100),
            Field(name="qualification.main_practice_site", label="主执业地点", max_length=300),
            Field(name="qualification.other_practice_sites", label="其他执业地点", max_length=300),
        ),
    ),
    (
        "收件人信息（报名时默认带出）",
        (
            Field(name="recipient.name", label="收件人姓名", max_length=100),
            Field(name="recipient.phone", label="收件人联系电话", max_length=30),
            Field(name="recipient.postcode", label="收件人邮编", max_length=6),
            Field(name="recipient.address", label="收件地址", max_length=300, help="最多100个中文字"),
        ),
    ),
)

#: Uploaded copies (“允许附件格式为图片和PDF”): field path → label.
FILE_FIELDS: dict[str, str] = {
    "basic.id_card_copy": "身份证复印件",
    "resume.title_certificate": "职称证书附件",
    "resume.diploma": "毕业证书附件",
    "qualification.physician_certificate": "医师资格证书附件",
    "qualification.practice_certificate": "医师执业证书附件",
    "qualification.title_qualification_certificate": "中级以上（含）专业技术任职资格证书附件",
    "qualification.title_appointment": "中级以上（含）专业技术任职聘任书附件",
    "qualification.labour_relation_proof": "劳动关系证明",
    "qualification.radiation_training_certificate": "放射培训合格证书附件",
    "qualification.radiation_assessment_certificate": "放射卫生检测与评价技术考核合格证书附件",
}

#: The form as read: nothing refused as missing here — the rules say what is required.
PARSE = FormSpec(tuple(attrs.evolve(f, required=False) for _, fields in SECTIONS for f in fields))

#: The 专业技术资质 form (§3.5 8); its 资质类别 and 资质范围 choices come from the ruleset.
QUALIFICATION_FIELDS = ("category", "certificate_no", "issued_on", "expires_on", "scope")


def sections(vocab: TrainingVocabulary) -> list[tuple[str, list[Field]]]:
    """The sections with the ruleset's “*” on each required field; the physician fields
    say when they become required (§3.5 5)."""
    out = []
    for legend, fields in SECTIONS:
        shown = []
        for f in fields:
            required = f.name in vocab.profile_required
            help_text = f.help
            if f.name in vocab.physician_required:
                help_text = "人员属性为检查医生或诊断/鉴定医师时必填"
            shown.append(attrs.evolve(f, required=required, help=help_text))
        out.append((legend, shown))
    return out


def nested(values: Mapping[str, Any]) -> dict[str, Any]:
    """``{"basic.mobile": v}`` → ``{"basic": {"mobile": v}}``; dates as ISO text."""
    out: dict[str, Any] = {}
    for path, value in values.items():
        section, _, name = path.partition(".")
        out.setdefault(section, {})[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def flat(profile: PersonProfile) -> dict[str, Any]:
    """The form's values of a stored profile."""
    out: dict[str, Any] = {}
    for f in PARSE:
        section, _, name = f.name.partition(".")
        part = getattr(profile, section, None)
        value = getattr(part, name, None) if part is not None else None
        if f.kind == "multiselect":
            value = [getattr(v, "value", v) for v in value or ()]
        elif value is not None and hasattr(value, "value"):
            value = value.value
        out[f.name] = value
    return out


def profile_from_form(
    values: Mapping[str, Any], keep: PersonProfile | None
) -> tuple[PersonProfile | None, dict[str, str]]:
    """The profile the form describes — its 专业技术资质 and 在岗状态 kept from ``keep`` — or
    the errors of reading it (a value of the wrong kind, beside its field)."""
    data = nested(values)
    basic = data.setdefault("basic", {})
    basic["id_number"] = basic.get("id_number") or ""
    basic["name"] = basic.get("name") or ""
    recipient = data.pop("recipient", {})
    data["recipient"] = recipient if any(v not in (None, "") for v in recipient.values()) else None
    if keep is not None:
        kept = unstructure(keep)
        data["professional_qualifications"] = kept["professional_qualifications"]
        data["employment"] = kept["employment"]
        data["unit_uscc"] = kept["unit_uscc"]
    try:
        return structure(data, PersonProfile), {}
    except InputError as exc:
        return None, {exc.path or "basic.id_number": exc.message}
