"""Reading the plan form of the managing authority into the library's plan JSON
(:class:`radrules.ExamPlan`); the library then says what is wrong with it."""

from __future__ import annotations

import re
from typing import Any

from radrules_webshell.core.errors import Invalid

from radrules import MultipleScoring, QuestionCategory, QuestionKind, RadiationProject, WorkerTrainingKind

#: Rows of the blueprint table on the form.
PART_ROWS = 8
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

TEXT = {"plan_id": "计划编号", "name": "培训名称", "organizer": "培训机构"}
DATES = {
    "registration_opens_on": "报名开始日期",
    "registration_closes_on": "报名截止日期",
    "training_starts_on": "培训开始日期",
    "exam_opens_on": "考试开始日期",
    "exam_closes_on": "考试截止日期",
}
NUMBERS = {"training_days": "培训天数", "pass_mark": "合格分数线"}
INTEGERS = {"max_attempts": "考试次数上限", "time_limit_minutes": "考试时长（分钟）"}


def _number(
    text: str, label: str, errors: dict[str, str], key: str, *, whole: bool = False
) -> float | int | None:
    text = text.strip()
    if not text:
        errors[key] = f"{label}为必填项"
        return None
    try:
        value = float(text)
    except ValueError:
        errors[key] = f"{label}应为数字"
        return None
    if whole:
        if not value.is_integer():
            errors[key] = f"{label}应为整数"
            return None
        return int(value)
    return value


def plan_from_form(form: dict[str, str]) -> dict[str, Any]:
    """The plan JSON of the form (without its division, which the bank gives)."""
    errors: dict[str, str] = {}
    data: dict[str, Any] = {}
    for key, label in TEXT.items():
        value = (form.get(key) or "").strip()
        if not value or len(value) > 100:
            errors[key] = f"{label}为必填项，最多100个字符"
        data[key] = value
    kind = form.get("kind") or ""
    if kind not in {k.value for k in WorkerTrainingKind}:
        errors["kind"] = "请选择培训类别"
    data["kind"] = kind
    for key, label in DATES.items():
        value = (form.get(key) or "").strip()
        if not _DAY.fullmatch(value):
            errors[key] = f"{label}应为日期（如 2027-05-10）"
        data[key] = value
    for key, label in NUMBERS.items():
        data[key] = _number(form.get(key) or "", label, errors, key)
    for key, label in INTEGERS.items():
        data[key] = _number(form.get(key) or "", label, errors, key, whole=True)
    limit = (form.get("registration_limit") or "").strip()
    data["registration_limit"] = (
        _number(limit, "报名人数上限", errors, "registration_limit", whole=True) if limit else None
    )
    data["issues_certificate"] = form.get("issues_certificate") == "on"
    scoring = form.get("multiple_scoring") or MultipleScoring.all_or_nothing.value
    if scoring not in {m.value for m in MultipleScoring}:
        errors["multiple_scoring"] = "多选题计分方式不在可选范围内"
    parts = []
    for i in range(PART_ROWS):
        row = {
            k: (form.get(f"part{i}_{k}") or "").strip()
            for k in ("category", "project", "kind", "count", "marks")
        }
        if not row["category"] and not row["kind"] and not row["count"]:
            continue
        if row["category"] not in {c.value for c in QuestionCategory}:
            errors[f"part{i}_category"] = "请选择类别"
        if row["kind"] not in {k.value for k in QuestionKind}:
            errors[f"part{i}_kind"] = "请选择题型"
        if row["project"] and row["project"] not in {p.value for p in RadiationProject}:
            errors[f"part{i}_project"] = "项目类别不在可选范围内"
        count = _number(row["count"], "题数", errors, f"part{i}_count", whole=True)
        marks = _number(row["marks"], "每题分值", errors, f"part{i}_marks")
        parts.append(
            {
                "category": row["category"],
                "kind": row["kind"],
                "count": count,
                "marks": marks,
                "project": row["project"] or None,
            }
        )
    if not parts:
        errors["part0_category"] = "组卷规则至少需要一项"
    data["blueprint"] = {"parts": parts, "multiple_scoring": scoring}
    if errors:
        raise Invalid("培训计划有误", errors=errors)
    return data


def blueprint_errors(errors: dict[str, str]) -> dict[str, str]:
    """The library's blueprint paths (``blueprint.parts[2].count``) as the form's names."""
    out = {}
    for key, value in errors.items():
        match = re.fullmatch(r"blueprint\.parts\[(\d+)\]\.(\w+)", key)
        out[f"part{match[1]}_{match[2]}" if match else key.removeprefix("blueprint.")] = value
    return out
