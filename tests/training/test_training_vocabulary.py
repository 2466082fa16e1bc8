"""The choices training forms offer come from the province's ruleset (source 002 §3.5 8, §4.4 3.4)."""

from __future__ import annotations

from datetime import date

import radrules
from radrules import training_vocabulary

DAY = date(2026, 6, 1)


def test_jiangsu_plan_types_say_which_have_specialties() -> None:
    vocab = training_vocabulary("320000", on=DAY)
    assert vocab.chain == ("national", "32")
    # §4.4 3.4: the three types that show 培训专业类别; §7 问题三's 技能培训 has none
    assert [t.name for t in vocab.plan_types if t.has_specialties] == [
        "职业病诊断医师",
        "职业病鉴定专家",
        "放射专业技术人员",
    ]
    assert not vocab.has_specialties("技术人员技能培训")
    assert not vocab.has_specialties("不存在的类型")
    assert len(vocab.specialties) == 12 and vocab.specialties[0] == "职业性尘肺病及其他呼吸系统疾病"


def test_qualification_scope_only_for_the_three_categories() -> None:
    vocab = training_vocabulary("320102", on=DAY)
    assert len(vocab.scope_of("职业病诊断医师")) == 12
    assert vocab.scope_of("检查医生") == ()
    assert vocab.issuer == "江苏省疾病预防控制中心"


def test_a_province_without_training_rules_offers_nothing() -> None:
    vocab = training_vocabulary("110000", on=DAY)
    assert vocab.plan_types == () and vocab.specialties == () and vocab.issuer is None


def test_exported() -> None:
    assert radrules.training_vocabulary is training_vocabulary


def test_required_fields_for_the_forms_asterisks() -> None:
    vocab = training_vocabulary("320000", on=DAY)
    assert "basic.mobile" in vocab.profile_required  # §3.5 1 手机号码 必填
    assert "resume.title" in vocab.profile_required  # §3.5 3 职称 必填
    assert vocab.physician_attributes == ("examining_physician", "diagnosis_physician")
    assert "qualification.main_practice_site" in vocab.physician_required  # §3.5 5
    assert "recipient.address" in vocab.registration_required  # §4.4 3.5 收件地址 必填
