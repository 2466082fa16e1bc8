"""The words of the supervision registers (source 001 modules 3–10, §2.3.1): unit kinds,
administration levels, attachment categories and the subjects an attachment belongs to.
The classes the rules read (放射诊疗项目, training and exam kinds, test conditions) are the
library's enums; their labels come from it."""

from __future__ import annotations

from radrules import TestCondition
from radrules.model import HealthExamKind, RadiationProject, WorkerTrainingKind

#: 单位类型 of source 001: radiation units are clients; the other two are institutions
#: (``institution.service_kind``).
UNIT_KINDS = (
    ("radiation_unit", "放射诊疗机构"),
    ("technical_service", "放射卫生技术服务机构"),
    ("health_exam", "职业健康检查机构"),
)
SERVICE_KINDS = UNIT_KINDS[1:]

#: 三级权限 (§2.3.1, §2.4.3): who grants accounts and rights at its level and below.
LEVELS = (("city", "市级管理员"), ("county", "县区级管理员"), ("unit", "用户单位管理员"))
LEVEL_LABELS = dict(LEVELS)

PROJECTS = tuple((p.value, p.label) for p in RadiationProject)
TRAINING_KINDS = tuple((k.value, k.label) for k in WorkerTrainingKind)
EXAM_KINDS = tuple((k.value, k.label) for k in HealthExamKind)
TEST_CONDITIONS = tuple((c.value, c.label) for c in TestCondition)

#: What an attachment is attached to, and the categories offered for it.
SUBJECTS = (
    ("unit", "单位"),
    ("licence", "放射诊疗许可证"),
    ("device", "设备"),
    ("worker", "放射工作人员"),
)
ATTACHMENT_CATEGORIES = (
    ("business_licence", "营业执照或事业单位法人证书"),
    ("practice_licence", "医疗机构执业许可证"),
    ("radiation_licence", "放射诊疗许可证正副本"),
    ("evaluation", "职业病危害放射防护评价报告"),
    ("acceptance", "验收检测报告"),
    ("test_report", "检测报告"),
    ("training", "培训证明"),
    ("health_exam", "职业健康检查报告"),
    ("worker_certificate", "放射工作人员证"),
    ("other", "其他"),
)
CATEGORY_LABELS = dict(ATTACHMENT_CATEGORIES)
