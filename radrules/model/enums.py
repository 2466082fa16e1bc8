"""Closed vocabularies of the reporting domain, named by the glossary in DESIGN.md.

Values are the English glossary names (they appear in JSON); ``label`` gives the Chinese
term used on the platform's forms (source 000 §5) and in messages.
"""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    """A string enum whose members carry the Chinese term of the platform."""

    @property
    def label(self) -> str:
        # Keyed by class too: members of different enums with the same value (``submitted``)
        # compare equal as strings, so a plain member key would merge their labels.
        return _LABELS[(type(self), self.value)]


class ServiceField(_Labelled):
    """技术服务领域 (source 000 §5.3.4 第五步)."""

    protection_evaluation = "protection_evaluation"
    protection_testing = "protection_testing"
    dose_monitoring = "dose_monitoring"
    equipment_product_testing = "equipment_product_testing"


class ClientKind(_Labelled):
    """服务单位类型 (source 000 §5.3.4 第四步)."""

    general_hospital = "general_hospital"
    specialist_hospital = "specialist_hospital"
    other_medical = "other_medical"
    enterprise = "enterprise"
    other = "other"

    @property
    def is_medical(self) -> bool:
        """放射诊疗机构: the three kinds whose data must be entered before the card (source 000 FAQ 4)."""
        return self in _MEDICAL


class Duty(_Labelled):
    """承担的服务事项 of a participant (source 000 §5.3.4 第三步)."""

    sampling = "sampling"
    field_testing = "field_testing"
    lab_testing = "lab_testing"
    evaluation = "evaluation"


class EvaluationKind(_Labelled):
    """放射诊疗建设项目评价: 预评价 or 控制效果评价."""

    pre_evaluation = "pre_evaluation"
    control_effect_evaluation = "control_effect_evaluation"


class EvaluationGrade(_Labelled):
    """Grade of an evaluation qualification (甲级 / 乙级, source 000 §4.1 服务项目)."""

    grade_a = "grade_a"
    grade_b = "grade_b"


class TestCategory(_Labelled):
    """检测类别 (source 000 §5.1.2.2)."""

    __test__ = False  # keeps pytest from collecting this enum as a test class

    performance = "performance"
    protection = "protection"


class TestCondition(_Labelled):
    """检测条件类别 (source 000 §5.1.2.2): limits in the test-item catalog depend on it."""

    __test__ = False

    acceptance = "acceptance"
    status = "status"
    stability = "stability"


class ExposureMode(_Labelled):
    """The mode a protection measurement point is taken in (条件, source 000 §5.1.2.2 6): a room
    limit may depend on it (a 胃肠机 fluoroscopes and takes spot films, GBZ 130-2020)."""

    fluoroscopy = "fluoroscopy"
    radiography = "radiography"


class QualificationStatus(_Labelled):
    """状态 of a qualification certificate (source 000 §4.1)."""

    valid = "valid"
    suspended = "suspended"
    revoked = "revoked"


class DeclarationStatus(_Labelled):
    """Review state of a qualification declaration or an account registration (source 000 §2, §4)."""

    draft = "draft"
    submitted = "submitted"
    approved = "approved"
    returned = "returned"


class ReportStatus(_Labelled):
    """State of a device-test or dose report (source 000 §5.1, §5.2: 未提交 / 已提交)."""

    draft = "draft"
    submitted = "submitted"


class FilingStatus(_Labelled):
    """Workflow state of a report card (DESIGN.md, Workflow)."""

    draft = "draft"
    submitted = "submitted"
    withdrawn = "withdrawn"
    returned = "returned"
    approved = "approved"
    locked = "locked"
    synced = "synced"


class AttachmentKind(_Labelled):
    """Kinds of files attached to a card or a test (source 000 §5.3.4 第六、八步; source 003 三)."""

    report_body = "report_body"
    stamped_card = "stamped_card"
    report_cover_sign = "report_cover_sign"
    manufacturer_confirmation = "manufacturer_confirmation"
    client_approval = "client_approval"
    other = "other"


class Sex(_Labelled):
    male = "male"
    female = "female"


_MEDICAL = frozenset({ClientKind.general_hospital, ClientKind.specialist_hospital, ClientKind.other_medical})

_LABEL_PAIRS: tuple[tuple[StrEnum, str], ...] = (
    (ServiceField.protection_evaluation, "放射诊疗建设项目职业病危害放射防护评价"),
    (ServiceField.protection_testing, "放射卫生防护检测"),
    (ServiceField.dose_monitoring, "个人剂量监测"),
    (ServiceField.equipment_product_testing, "放射防护器材和含放射性产品检测"),
    (ClientKind.general_hospital, "综合性医院"),
    (ClientKind.specialist_hospital, "专科医院"),
    (ClientKind.other_medical, "其他医疗机构"),
    (ClientKind.enterprise, "企业"),
    (ClientKind.other, "其他单位"),
    (Duty.sampling, "现场采样"),
    (Duty.field_testing, "现场检测"),
    (Duty.lab_testing, "实验室检测"),
    (Duty.evaluation, "评价"),
    (EvaluationKind.pre_evaluation, "预评价"),
    (EvaluationKind.control_effect_evaluation, "控制效果评价"),
    (EvaluationGrade.grade_a, "甲级"),
    (EvaluationGrade.grade_b, "乙级"),
    (TestCategory.performance, "性能"),
    (TestCategory.protection, "防护"),
    (TestCondition.acceptance, "验收检测"),
    (TestCondition.status, "状态检测"),
    (TestCondition.stability, "稳定性检测"),
    (ExposureMode.fluoroscopy, "透视"),
    (ExposureMode.radiography, "摄影"),
    (QualificationStatus.valid, "有效"),
    (QualificationStatus.suspended, "暂停"),
    (QualificationStatus.revoked, "注销"),
    (DeclarationStatus.draft, "未提交"),
    (DeclarationStatus.submitted, "待审核"),
    (DeclarationStatus.approved, "审核通过"),
    (DeclarationStatus.returned, "退回"),
    (ReportStatus.draft, "未提交"),
    (ReportStatus.submitted, "已提交"),
    (FilingStatus.draft, "暂存"),
    (FilingStatus.submitted, "已提交"),
    (FilingStatus.withdrawn, "已撤销"),
    (FilingStatus.returned, "退回"),
    (FilingStatus.approved, "审核通过"),
    (FilingStatus.locked, "已锁定"),
    (FilingStatus.synced, "已上报国家系统"),
    (AttachmentKind.report_body, "报告正文"),
    (AttachmentKind.stamped_card, "盖章版报送卡"),
    (AttachmentKind.report_cover_sign, "报告首页（含质控号）及签发页"),
    (AttachmentKind.manufacturer_confirmation, "设备厂方书面确认"),
    (AttachmentKind.client_approval, "医疗卫生机构盖章认可"),
    (AttachmentKind.other, "其他附件"),
    (Sex.male, "男"),
    (Sex.female, "女"),
)
_LABELS: dict[tuple[type, str], str] = {(type(member), member.value): text for member, text in _LABEL_PAIRS}


def register_labels(pairs: tuple[tuple[StrEnum, str], ...]) -> None:
    """Give the members of enums defined in other model modules (training, say) their labels."""
    _LABELS.update({(type(member), member.value): text for member, text in pairs})
