"""The parameters of Jiangsu's training ruleset (source 002): rulesets/jiangsu/training_*.yaml."""

from __future__ import annotations

from radrules import CertificateNumberFormat, ParameterSpec, TitleLevel

from .training_types import PlanType, QualificationCategory, RequiredFields, TextLimits

TRAINING_PARAMETERS = (
    ParameterSpec(
        name="training_plan_types", type=list[PlanType], description="培训班类型及其是否设专业类别"
    ),
    ParameterSpec(name="training_specialties", type=list[str], description="培训专业类别"),
    ParameterSpec(
        name="training_qualification_categories",
        type=list[QualificationCategory],
        description="专业技术资质的资质类别及资质范围",
    ),
    ParameterSpec(
        name="training_title_requirements",
        type=dict[str, TitleLevel],
        description="各培训班类型要求的最低职称级别",
    ),
    ParameterSpec(
        name="training_required_fields", type=RequiredFields, description="人员信息和报名信息的必填项"
    ),
    ParameterSpec(name="training_text_limits", type=TextLimits, description="字节数、字数和位数限制"),
    ParameterSpec(name="training_attachment_types", type=list[str], description="附件允许的文件类型"),
    ParameterSpec(
        name="training_certificate_format", type=CertificateNumberFormat, description="培训合格证书编号格式"
    ),
    ParameterSpec(name="training_certificate_verification_url", type=str, description="培训合格证书核验地址"),
    ParameterSpec(name="training_certificate_issuer", type=str, description="培训合格证书发证单位"),
)
