"""Fields of the register forms (source 001 modules 3–7): unit profile, licence, 校验, device
and device test. Validation is the library's (``core.validators``); these say what is asked."""

from __future__ import annotations

from radrules_webshell.clients.forms import DEVICE_FORM
from radrules_webshell.core import validators as v
from radrules_webshell.core.forms import Field, FormSpec
from radrules_webshell.supervision import vocabulary as words

from radrules import InvalidValue


def verification_years(text: str) -> str:
    """1 or 3 (医疗机构校验管理办法 第六条); the rule that judges it is the library's
    (``NAT.unit.licence.verification-period``), this only bounds the input."""
    if not text.isdigit() or not 1 <= int(text) <= 10:
        raise InvalidValue("校验周期应为1至10之间的整数（年）")
    return text


def record_id(text: str) -> str:
    if not text.isdigit() or int(text) < 1:
        raise InvalidValue("应为记录的编号（正整数）")
    return text


PROFILE_FORM = FormSpec(
    (
        Field(name="legal_representative", label="法定代表人", required=False, max_length=100),
        Field(name="practice_licence_no", label="医疗机构执业许可证登记号", required=False, max_length=100),
        Field(name="practice_licence_valid_until", label="执业许可证有效期至", kind="date", required=False),
        Field(name="grade", label="医院等级", required=False, max_length=40, help="如 三级甲等"),
        Field(name="beds", label="核定床位数", kind="int", required=False),
        Field(name="protection_department", label="放射防护管理部门", required=False, max_length=100),
        Field(name="protection_officer", label="放射防护负责人", required=False, max_length=100),
        Field(
            name="protection_officer_phone",
            label="负责人电话",
            required=False,
            validator=v.phone,
            mask="phone",
        ),
        Field(name="remark", label="备注", kind="textarea", required=False, max_length=2000),
    )
)

LICENCE_FORM = FormSpec(
    (
        Field(name="number", label="许可证编号", max_length=100),
        Field(name="issued_on", label="发证日期", kind="date"),
        Field(name="issuer", label="发证机关", required=False),
        Field(
            name="verification_years",
            label="校验周期（年）",
            validator=verification_years,
            help="床位100张以上的医疗机构为3年，其余为1年",
        ),
        Field(name="projects", label="放射诊疗项目", kind="multiselect", choices=words.PROJECTS),
        Field(name="cancelled_on", label="注销日期", kind="date", required=False, help="不再持有时填写"),
        Field(name="remark", label="备注", kind="textarea", required=False, max_length=2000),
    )
)

VERIFICATION_FORM = FormSpec(
    (
        Field(name="verified_on", label="校验日期", kind="date"),
        Field(name="passed", label="校验合格", kind="bool"),
        Field(name="verifier", label="校验机关", required=False),
        Field(name="remark", label="备注", required=False, max_length=500),
    )
)

#: The register's columns of a device, beyond the client's own (``clients.forms.DEVICE_FORM``).
DEVICE_REGISTER_FIELDS = (
    Field(name="installed_on", label="安装日期", kind="date", required=False, help="填写后设备列入登记"),
    Field(name="retired_on", label="停用日期", kind="date", required=False),
    Field(
        name="project",
        label="放射诊疗项目",
        kind="select",
        required=False,
        choices=(("", "——"), *words.PROJECTS),
    ),
    Field(name="manufacturer", label="生产厂家", required=False),
    Field(name="serial_no", label="出厂编号", required=False, max_length=100),
)
DEVICE_FORM_FULL = FormSpec((*DEVICE_FORM.fields, *DEVICE_REGISTER_FIELDS))

DEVICE_TEST_FORM = FormSpec(
    (
        Field(name="condition", label="检测类别", kind="select", choices=words.TEST_CONDITIONS),
        Field(name="tested_on", label="检测日期", kind="date"),
        Field(name="passed", label="检测合格", kind="bool"),
        Field(name="report_no", label="检测报告编号", required=False, max_length=100),
        Field(name="tested_by", label="检测机构", required=False),
    )
)

ATTACHMENT_FORM = FormSpec(
    (
        Field(name="subject", label="所属", kind="select", choices=words.SUBJECTS),
        Field(name="subject_id", label="所属记录编号", required=False, validator=record_id, max_length=12),
        Field(name="category", label="附件类别", kind="select", choices=words.ATTACHMENT_CATEGORIES),
        Field(name="title", label="附件名称"),
    )
)
