"""Fields of the account application (用户申请表, source 002 §2.1 3), as the paper form has them.

Which fields are required follows the form (“红色为必填项”; the manual's copy does not show
the colours, so the required ones are those the review cannot do without: the unit, its
credit code and division, the applicant and how to reach them, the purpose, at least one
role and the validity). Values are checked by radrules' validators (credit code, ID number,
mobile, e-mail, postcode, division).
"""

from __future__ import annotations

from radrules_webshell.core import validators as v
from radrules_webshell.core.forms import Field, FormSpec

UNIT_KINDS: tuple[tuple[str, str], ...] = (
    ("cdc", "疾控中心"),
    ("health_exam", "体检机构"),
    ("diagnosis", "诊断机构"),
    ("occupational_service", "职业卫生技术服务机构"),
    ("other", "其他"),
)
PURPOSES: tuple[tuple[str, str], ...] = (("data_manager", "数据管理员"), ("data_reporter", "数据直报员"))
#: 申请权限, by group: 数据直报员, 数据质控员, 系统管理员.
ROLES: tuple[tuple[str, str], ...] = (
    ("reporter.health_exam", "数据直报员：职业健康检查"),
    ("reporter.diagnosis", "数据直报员：职业病诊断"),
    ("reporter.appraisal", "数据直报员：职业病鉴定"),
    ("reporter.occupational_service", "数据直报员：职业卫生技术服务机构"),
    ("reporter.pneumoconiosis_followup", "数据直报员：尘肺病随访"),
    ("reporter.collective_registration", "数据直报员：集体报名"),
    ("qc.cdc", "数据质控员：疾控中心"),
    ("qc.health_admin", "数据质控员：卫生行政部门"),
    ("admin.units_and_users", "系统管理员：单位及用户管理"),
)
#: 账号有效期 in whole years from its start: “账号有效期建议 1-3 年” (§2.1 3).
VALIDITY_YEARS: tuple[tuple[str, str], ...] = (("1", "1年"), ("2", "2年"), ("3", "3年"))

UNIT_FORM = FormSpec(
    (
        Field(name="unit_name", label="单位名称"),
        Field(name="unit_short_name", label="单位简称", required=False, max_length=100),
        Field(name="uscc", label="统一社会信用代码", validator=v.uscc, help="英文字母输入大写"),
        Field(name="division_code", label="行政区划所属区县", kind="division", validator=v.county),
        Field(name="service_area", label="业务管辖地区", required=False),
        Field(name="address", label="单位地址"),
        Field(name="phone", label="联系电话", validator=v.phone, max_length=30),
        Field(name="postcode", label="邮编", required=False, validator=v.postcode, max_length=6),
        Field(name="legal_representative", label="法定代表人", max_length=50),
        Field(name="legal_representative_title", label="法定代表人职务", required=False, max_length=50),
        Field(name="contact_name", label="联系人", max_length=50),
        Field(name="contact_phone", label="联系人电话", validator=v.phone, max_length=30),
        Field(name="unit_kind", label="单位属性", kind="select", choices=UNIT_KINDS),
        Field(name="unit_kind_other", label="单位属性（其他）", required=False, max_length=50),
    )
)
USER_FORM = FormSpec(
    (
        Field(name="applicant_name", label="用户姓名", max_length=50),
        Field(name="applicant_mobile", label="手机号码", validator=v.mobile, mask="phone", max_length=11),
        Field(
            name="applicant_id_number",
            label="身份证号",
            validator=v.id_number,
            mask="id_number",
            max_length=18,
        ),
        Field(name="applicant_email", label="电子邮箱", required=False, validator=v.email, max_length=100),
        Field(name="purpose", label="申请用途（单选）", kind="select", choices=PURPOSES),
    )
)
ROLE_FORM = FormSpec(
    (
        Field(
            name="roles",
            label="申请权限",
            kind="multiselect",
            choices=ROLES,
            help="集体报名请选择“数据直报员：集体报名”",
        ),
        Field(name="valid_from", label="账号有效期起", kind="date"),
        Field(
            name="validity_years",
            label="账号有效期",
            kind="select",
            choices=VALIDITY_YEARS,
            help="建议1-3年；到期后联系所在地市疾控延长",
        ),
        Field(name="login", label="登录账号", max_length=64, help="英文字母（区分大小写）或数字"),
        Field(
            name="commitment",
            label="隐私信息安全承诺：本人承诺对系统中的个人隐私信息进行严格管理，不利用平台制作、复制、发布、传播有害信息，在保障业务有效运行前提下，按要求严格执行相关规范。",
            kind="bool",
            required=False,
        ),
    )
)
APPLICATION_FORM = FormSpec(UNIT_FORM.fields + USER_FORM.fields + ROLE_FORM.fields)
STEPS = (("一、申请单位信息", UNIT_FORM), ("二、申请用户信息", USER_FORM), ("三、用户角色信息", ROLE_FORM))
LABELS = {"unit_kind": dict(UNIT_KINDS), "purpose": dict(PURPOSES), "roles": dict(ROLES)}
