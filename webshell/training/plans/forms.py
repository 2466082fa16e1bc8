"""The plan form the provincial CDC fills in (培训计划, source 002 §4.4 2: 培训班类型、名称、截止日期、
培训对象、培训内容、其他事项、培训附件; issue 13: age limit, title requirement, specialties).

The choices (plan types, specialties) are the province's ruleset; whether a type takes
specialties, and the limits, are checked by the plan rule (``JS.training.plan.fields``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.forms import Field, FormSpec

from radrules import TitleLevel, TrainingVocabulary


def form(vocab: TrainingVocabulary) -> FormSpec:
    return FormSpec(
        (
            Field(
                name="plan_type",
                label="培训班类型",
                kind="select",
                choices=tuple((t.name, t.name) for t in vocab.plan_types),
                help="职业病诊断医师、职业病鉴定专家、放射专业技术人员培训须设培训专业类别",
            ),
            Field(name="name", label="培训班名称"),
            Field(name="target", label="培训对象", kind="textarea", required=False, max_length=2000),
            Field(name="content", label="培训内容", kind="textarea", required=False, max_length=4000),
            Field(name="other_matters", label="其他事项", kind="textarea", required=False, max_length=4000),
            Field(
                name="deadline", label="报名截止日期", kind="date", help="当日仍可报名，次日起报名入口关闭"
            ),
            Field(
                name="age_limit",
                label="年龄限制（周岁）",
                kind="int",
                required=False,
                help="超过者报名时红色提醒",
            ),
            Field(
                name="min_title_level",
                label="职称级别要求",
                kind="select",
                required=False,
                choices=tuple((t.value, f"{t.label}及以上") for t in TitleLevel),
                help="不设时按培训班类型（职业病诊断医师：中级及以上）",
            ),
            Field(
                name="specialties",
                label="培训专业类别",
                kind="multiselect",
                required=False,
                choices=tuple((s, s) for s in vocab.specialties),
            ),
            Field(
                name="registration_limit", label="报名人数上限", kind="int", required=False, help="不设则不限"
            ),
        )
    )


FIELDS = (
    "plan_type",
    "name",
    "target",
    "content",
    "other_matters",
    "deadline",
    "age_limit",
    "min_title_level",
    "specialties",
    "registration_limit",
)


def parse(vocab: TrainingVocabulary, data: Mapping[str, Any]) -> dict[str, Any]:
    """The plan's columns from a form or a JSON body; a value of the wrong kind is a 400 on its field."""
    unknown = sorted(set(data) - set(FIELDS) - {"_csrf_token", "version"})
    if unknown:
        raise Invalid(f"未知字段 {unknown[0]}", errors={unknown[0]: "未知字段"})
    spec = form(vocab)
    # Choices are kept open here: a value outside the lists is the plan rule's to name.
    relaxed = FormSpec(
        tuple(attrs.evolve(f, kind="text", choices=()) if f.kind == "select" else f for f in spec)
    )
    values, errors = relaxed.parse(data)
    specialties = data.get("specialties") or []
    if isinstance(specialties, str):
        specialties = [specialties]
    if not isinstance(specialties, list) or not all(isinstance(s, str) for s in specialties):
        errors["specialties"] = "应为专业类别名称的列表"
    elif len(specialties) > len(vocab.specialties) + 10:
        errors["specialties"] = "专业类别过多"
    else:
        values["specialties"] = list(dict.fromkeys(specialties))
    if values.get("min_title_level") and values["min_title_level"] not in {t.value for t in TitleLevel}:
        errors["min_title_level"] = "请从列表中选择"
    if errors:
        raise Invalid(errors=errors)
    return values
