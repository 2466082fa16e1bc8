"""The parameters of Jiangsu's training ruleset (source 002): rulesets/jiangsu/training_*.yaml."""

from __future__ import annotations

from radrules import CertificateNumberFormat, ParameterSpec, TitleLevel

from .training_types import PlanType, QualificationCategory, RequiredFields, TextLimits

TRAINING_PARAMETERS = (
    ParameterSpec(name="training_plan_types", type=list[PlanType]),
    ParameterSpec(name="training_specialties", type=list[str]),
    ParameterSpec(name="training_qualification_categories", type=list[QualificationCategory]),
    ParameterSpec(name="training_title_requirements", type=dict[str, TitleLevel]),
    ParameterSpec(name="training_required_fields", type=RequiredFields),
    ParameterSpec(name="training_text_limits", type=TextLimits),
    ParameterSpec(name="training_attachment_types", type=list[str]),
    ParameterSpec(name="training_certificate_format", type=CertificateNumberFormat),
    ParameterSpec(name="training_certificate_verification_url", type=str),
    ParameterSpec(name="training_certificate_issuer", type=str),
)
