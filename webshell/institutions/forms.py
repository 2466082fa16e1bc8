"""Fields of the qualification declaration, staff and instrument forms (source 000 §4.1.2)."""

from __future__ import annotations

from radrules_webshell.core import validators as v
from radrules_webshell.core.forms import Field, FormSpec

from radrules import EvaluationGrade, QualificationStatus, ServiceField

SCOPE_CHOICES: tuple[tuple[str, str], ...] = (
    (
        f"{ServiceField.protection_evaluation}:{EvaluationGrade.grade_a}",
        ServiceField.protection_evaluation.label + EvaluationGrade.grade_a.label,
    ),
    (
        f"{ServiceField.protection_evaluation}:{EvaluationGrade.grade_b}",
        ServiceField.protection_evaluation.label + EvaluationGrade.grade_b.label,
    ),
    (ServiceField.equipment_product_testing.value, ServiceField.equipment_product_testing.label),
    (ServiceField.protection_testing.value, ServiceField.protection_testing.label),
    (ServiceField.dose_monitoring.value, ServiceField.dose_monitoring.label),
)
SCOPE_LABELS = dict(SCOPE_CHOICES)

#: Basic information (基本信息), stored on the institution.
BASIC_FORM = FormSpec(
    (
        Field(name="name", label="单位名称"),
        Field(name="address", label="地址", max_length=300),
        Field(
            name="website",
            label="单位官网地址",
            max_length=300,
            validator=v.website,
            help="本单位提供公众查询信息的网址，如 https://www.example.org",
        ),
        Field(name="legal_representative", label="法定代表人"),
        Field(name="legal_representative_title", label="法定代表人职务"),
        Field(name="contact_name", label="联系人", required=False),
        Field(name="contact_mobile", label="联系人手机", required=False, validator=v.mobile, mask="phone"),
        Field(name="phone", label="单位联系电话", validator=v.phone, help="注册时填写，可修改"),
        Field(name="fax", label="传真", required=False, validator=v.landline),
        Field(name="postcode", label="邮编", required=False, validator=v.postcode),
        Field(name="email", label="电子邮箱", required=False, validator=v.email, max_length=254),
    )
)

#: The certificate part of the declaration (证书编号 … 服务项目).
CERTIFICATE_FORM = FormSpec(
    (
        Field(name="certificate_no", label="证书编号", help="如 苏卫职技字[2024]第001号"),
        Field(name="issued_on", label="发证时间", kind="date"),
        Field(
            name="certificate_status",
            label="状态",
            kind="select",
            choices=tuple((s.value, s.label) for s in QualificationStatus),
        ),
        Field(name="expires_on", label="失效日期", kind="date"),
        Field(name="service_scope", label="服务项目", kind="multiselect", choices=SCOPE_CHOICES),
    )
)

STAFF_FORM = FormSpec(
    (
        Field(name="name", label="姓名", max_length=100),
        Field(
            name="id_number",
            label="身份证号",
            validator=v.id_number,
            mask="id_number",
            help="性别和出生年月由身份证号自动计算",
        ),
        Field(name="mobile", label="手机号码", validator=v.mobile, mask="phone"),
        Field(name="address", label="通讯地址", max_length=300),
        Field(name="major", label="专业", max_length=100),
        Field(name="title", label="职称", max_length=100),
        Field(
            name="support_multiple",
            label="支撑几倍",
            kind="int",
            help="必填，整数（本人在资质人员配备中计几倍）",
        ),
        Field(name="social_security", label="社保记录", help="如 社保缴纳单位及起始年月"),
        Field(name="recipient_name", label="收件人姓名", max_length=100, help="可填写本人"),
        Field(name="recipient_phone", label="收件人联系电话", validator=v.phone, mask="phone"),
        Field(name="recipient_address", label="收件地址", max_length=300, help="可填写单位地址"),
        Field(name="selected", label="列入资质申报", kind="bool", required=False),
    )
)

INSTRUMENT_FORM = FormSpec(
    (
        Field(name="type", label="设备类型", max_length=100),
        Field(name="name", label="仪器名称"),
        Field(name="model", label="型号", max_length=100),
        Field(name="asset_no", label="中心编号", max_length=100),
        Field(name="serial_no", label="出厂编号", required=False, max_length=100),
        Field(name="outsourced", label="是否外包", kind="bool", required=False),
        Field(name="calibrated_on", label="最近校验日期", kind="date", required=False),
        Field(name="calibration_period_years", label="检验周期（年）", kind="int", required=False),
        Field(name="selected", label="列入资质申报", kind="bool", required=False),
    )
)
