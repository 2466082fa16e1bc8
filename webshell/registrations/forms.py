"""Fields of the registration form (source 000 §2.2.1 第一步至第三步)."""

from __future__ import annotations

from radrules_webshell.core import validators as v
from radrules_webshell.core.forms import Field, FormSpec

UNIT_ATTRIBUTES: tuple[tuple[str, str], ...] = (("tech_service", "放射卫生技术服务机构"),)

#: 第一步 单位机构信息
UNIT_FORM = FormSpec(
    (
        Field(
            name="division_code",
            label="所属地区",
            kind="division",
            validator=v.county,
            help="按本单位实际地址选择至区县；省外机构选择本机构实际地址",
        ),
        Field(name="uscc", label="社会信用代码", validator=v.uscc, help="英文字母输入大写"),
        Field(name="name", label="单位名称"),
        Field(name="is_branch", label="是否分支机构", kind="bool", required=False),
        Field(name="phone", label="单位联系电话", validator=v.phone),
        Field(name="unit_attribute", label="单位属性", kind="select", choices=UNIT_ATTRIBUTES),
    )
)

#: 第二步 用户信息
USER_FORM = FormSpec(
    (
        Field(name="applicant_name", label="姓名", max_length=100, help="可填写本人或单位负责人"),
        Field(name="applicant_mobile", label="手机号码", validator=v.mobile, mask="phone"),
        Field(name="applicant_id_number", label="身份证号", validator=v.id_number, mask="id_number"),
    )
)

#: 第三步 账号信息 (the password is checked by radrules.validate_password).
ACCOUNT_FORM = FormSpec(
    (Field(name="login", label="登录账号", max_length=64, help="英文（区分大小写）或数字，请牢记"),)
)

REGISTRATION_FORM = FormSpec(UNIT_FORM.fields + USER_FORM.fields + ACCOUNT_FORM.fields)

#: The two required attachments (申请资料), image or PDF.
FILES = (
    ("certificate", "放射卫生服务机构资质证书"),
    ("commitment", "承诺书（单位盖章版）"),
)
