"""Closed vocabularies of training management (source 002), named by the glossary.

Values are English (they appear in JSON); ``label`` gives the platform's Chinese term.
Open vocabularies — plan types, specialties, qualification categories — are ruleset data
of the province (rulesets/jiangsu/training_*.yaml), not enums: a CDC adds a plan type
without a release.
"""

from __future__ import annotations

from radrules.model.enums import _Labelled, register_labels


class TitleLevel(_Labelled):
    """职称级别 (source 002 §3.5 2): ordered, so that “中级及以上” can be compared."""

    junior = "junior"
    intermediate = "intermediate"
    deputy_senior = "deputy_senior"
    senior = "senior"

    @property
    def rank(self) -> int:
        return _TITLE_ORDER.index(self)


class PersonAttribute(_Labelled):
    """人员属性 of the 资质信息 section (source 002 §3.5 4)."""

    nurse = "nurse"
    technician = "technician"
    examining_physician = "examining_physician"
    lab_tester = "lab_tester"
    diagnosis_physician = "diagnosis_physician"
    information_reporter = "information_reporter"
    technical_lead = "technical_lead"
    qc_lead = "qc_lead"
    legal_representative = "legal_representative"
    other = "other"


class EmploymentStatus(_Labelled):
    """在岗状态 (source 002 §3.3): only in-service staff can be registered (§4.4 3.1)."""

    in_service = "in_service"
    departed = "departed"


class TrainingKind(_Labelled):
    """培训类型 (source 002 §4.4 3.4)."""

    initial = "initial"
    refresher = "refresher"


class Accommodation(_Labelled):
    """住宿类型 (source 002 §4.4 3.4)."""

    single_room = "single_room"
    double_room = "double_room"
    none = "none"


class PlanStatus(_Labelled):
    """A training plan as the provincial CDC keeps it: drafted, published, closed."""

    draft = "draft"
    published = "published"
    closed = "closed"


class RegistrationStatus(_Labelled):
    """状态 of one person's registration (source 002 §4.4 3.2, §7 问题十二)."""

    not_registered = "not_registered"
    registered = "registered"
    returned = "returned"
    approved = "approved"


class UnitPlanStatus(_Labelled):
    """状态 of a plan in a unit's 集体报名 list (source 002 §4.3 2–3), with its colour."""

    not_registered = "not_registered"
    registering = "registering"
    registered = "registered"
    registered_with_returns = "registered_with_returns"

    @property
    def colour(self) -> str:
        """“未报名”标黑，“已报名”标绿，“已报名（有退回）”标红 (§4.3 3)."""
        return {"registered": "green", "registered_with_returns": "red"}.get(self.value, "black")


class SelectionStatus(_Labelled):
    """状态 of a plan in the unit's 集体选班 list (source 002 §5.3 2)."""

    pending = "pending"
    selected = "selected"


class CertificateStatus(_Labelled):
    """A certificate is valid until revoked; the verification page says which."""

    valid = "valid"
    revoked = "revoked"


_TITLE_ORDER = (TitleLevel.junior, TitleLevel.intermediate, TitleLevel.deputy_senior, TitleLevel.senior)

register_labels(
    (
        (TitleLevel.junior, "初级"),
        (TitleLevel.intermediate, "中级"),
        (TitleLevel.deputy_senior, "副高级"),
        (TitleLevel.senior, "正高级"),
        (PersonAttribute.nurse, "执业护士"),
        (PersonAttribute.technician, "技师"),
        (PersonAttribute.examining_physician, "检查医生"),
        (PersonAttribute.lab_tester, "实验室检测人员"),
        (PersonAttribute.diagnosis_physician, "诊断/鉴定医师"),
        (PersonAttribute.information_reporter, "信息报告员"),
        (PersonAttribute.technical_lead, "技术负责人"),
        (PersonAttribute.qc_lead, "质控负责人"),
        (PersonAttribute.legal_representative, "法定代表人（或负责人）"),
        (PersonAttribute.other, "其他"),
        (EmploymentStatus.in_service, "在职"),
        (EmploymentStatus.departed, "离职"),
        (TrainingKind.initial, "初训"),
        (TrainingKind.refresher, "复训"),
        (Accommodation.single_room, "单人包间"),
        (Accommodation.double_room, "双人包间"),
        (Accommodation.none, "不住宿"),
        (PlanStatus.draft, "未发布"),
        (PlanStatus.published, "已发布"),
        (PlanStatus.closed, "已关闭"),
        (RegistrationStatus.not_registered, "未报名"),
        (RegistrationStatus.registered, "已报名"),
        (RegistrationStatus.returned, "已退回"),
        (RegistrationStatus.approved, "审核通过"),
        (UnitPlanStatus.not_registered, "未报名"),
        (UnitPlanStatus.registering, "报名中"),
        (UnitPlanStatus.registered, "已报名"),
        (UnitPlanStatus.registered_with_returns, "已报名（有退回）"),
        (SelectionStatus.pending, "待选班"),
        (SelectionStatus.selected, "已选班"),
        (CertificateStatus.valid, "有效"),
        (CertificateStatus.revoked, "已撤销"),
    )
)
