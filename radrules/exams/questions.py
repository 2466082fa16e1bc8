"""What makes a question, a blueprint and an online training plan well formed, and how an
imported or edited question becomes a new version (source 001 module 18).

These are the structure of an exam, not regulation: a single-choice question has exactly
one correct option, a multiple-choice one at least two (otherwise it is a single-choice
question in disguise, and "多选" tells the candidate to look for more than one), a
true/false question none of its own options. Each problem is ``(field, reason)`` with a
Chinese reason, so that the import reports it at its row and column and the edit page
beside its field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from radrules.model.exam import (
    MAX_EXPLANATION_CHARS,
    MAX_OPTION_CHARS,
    MAX_OPTIONS,
    MAX_STEM_CHARS,
    Blueprint,
    BlueprintPart,
    ExamPlan,
    Question,
    QuestionCategory,
    QuestionKind,
)

Problem = tuple[str, str]


def option_letter(index: int) -> str:
    """A, B, C … for option 0, 1, 2 …"""
    return chr(ord("A") + index)


def question_problems(question: Question) -> list[Problem]:
    """What is wrong with ``question``, field by field (empty when it is well formed)."""
    problems: list[Problem] = []
    if not question.question_id.strip():
        problems.append(("question_id", "题号为必填项"))
    elif len(question.question_id) > 40:
        problems.append(("question_id", "题号最多40个字符"))
    if question.version < 1:
        problems.append(("version", "版本应从1开始"))
    if not question.stem.strip():
        problems.append(("stem", "题干为必填项"))
    elif len(question.stem) > MAX_STEM_CHARS:
        problems.append(("stem", f"题干最多{MAX_STEM_CHARS}个字符"))
    if question.explanation and len(question.explanation) > MAX_EXPLANATION_CHARS:
        problems.append(("explanation", f"解析最多{MAX_EXPLANATION_CHARS}个字符"))
    if question.category is QuestionCategory.project and question.project is None:
        problems.append(("project", "类别为放射诊疗项目的题目须注明项目类别"))
    if question.category is not QuestionCategory.project and question.project is not None:
        problems.append(("project", "只有类别为放射诊疗项目的题目才填写项目类别"))
    problems.extend(_option_problems(question))
    return problems


def _option_problems(question: Question) -> list[Problem]:
    kind = question.kind
    if kind is QuestionKind.true_false:
        if question.options:
            return [("options", "判断题不填选项（选项固定为“正确”“错误”）")]
        if len(question.answer) != 1 or question.answer[0] not in (0, 1):
            return [("answer", "判断题的答案应为“正确”或“错误”")]
        return []
    problems: list[Problem] = []
    options = question.options
    if len(options) < 2:
        problems.append(("options", f"{kind.label}至少需要2个选项"))
    if len(options) > MAX_OPTIONS:
        problems.append(("options", f"最多{MAX_OPTIONS}个选项"))
    for i, text in enumerate(options):
        if not text.strip():
            problems.append((f"options[{i}]", f"选项{option_letter(i)}为空；选项须从A起连续填写"))
        elif len(text) > MAX_OPTION_CHARS:
            problems.append((f"options[{i}]", f"选项{option_letter(i)}最多{MAX_OPTION_CHARS}个字符"))
    seen: dict[str, int] = {}
    for i, text in enumerate(options):
        key = text.strip()
        if key and key in seen:
            problems.append((f"options[{i}]", f"选项{option_letter(i)}与选项{option_letter(seen[key])}相同"))
        seen.setdefault(key, i)
    answer = question.answer
    if len(set(answer)) != len(answer):
        problems.append(("answer", "答案中有重复的选项"))
    outside = [a for a in answer if not 0 <= a < len(options)]
    if outside:
        problems.append(("answer", f"答案中的选项{option_letter(outside[0])}不存在"))
    if kind is QuestionKind.single and len(answer) != 1:
        problems.append(("answer", "单选题的答案应为一个选项"))
    if kind is QuestionKind.multiple and len(set(answer)) < 2:
        problems.append(("answer", "多选题的答案应为两个或以上选项（只有一个正确选项的应设为单选题）"))
    return problems


def blueprint_problems(blueprint: Blueprint) -> list[Problem]:
    """What is wrong with ``blueprint``: parts with no questions or no marks, a project part
    without its project class, a part given twice, a partial fraction outside (0, 1)."""
    problems: list[Problem] = []
    if not blueprint.parts:
        problems.append(("parts", "组卷规则至少需要一项"))
    seen: set[tuple[object, ...]] = set()
    for i, part in enumerate(blueprint.parts):
        where = f"parts[{i}]"
        if part.count < 1:
            problems.append((f"{where}.count", "题数应至少为1"))
        if not part.marks > 0:
            problems.append((f"{where}.marks", "每题分值应大于0"))
        if part.category is QuestionCategory.project and part.project is None:
            problems.append((f"{where}.project", "放射诊疗项目类的组卷须注明项目类别"))
        if part.category is not QuestionCategory.project and part.project is not None:
            problems.append((f"{where}.project", "只有放射诊疗项目类才填写项目类别"))
        key = (part.category, part.project, part.kind)
        if key in seen:
            problems.append((where, "同一类别、项目类别和题型只能设一项"))
        seen.add(key)
    if sum(p.count for p in blueprint.parts) > 300:
        problems.append(("parts", "一份试卷最多300题"))
    if not 0 < blueprint.partial_fraction < 1:
        problems.append(("partial_fraction", "少选得分比例应大于0且小于1"))
    return problems


def plan_problems(plan: ExamPlan) -> list[Problem]:
    """What is wrong with the dates, limits and marks of ``plan`` (its blueprint included)."""
    problems: list[Problem] = [(f"blueprint.{f}", r) for f, r in blueprint_problems(plan.blueprint)]
    if plan.registration_closes_on < plan.registration_opens_on:
        problems.append(("registration_closes_on", "报名截止日期早于报名开始日期"))
    if plan.exam_closes_on < plan.exam_opens_on:
        problems.append(("exam_closes_on", "考试截止日期早于考试开始日期"))
    if plan.exam_opens_on < plan.training_starts_on:
        problems.append(("exam_opens_on", "考试开始日期早于培训开始日期"))
    if not plan.training_days > 0:
        problems.append(("training_days", "培训天数应大于0"))
    if not 1 <= plan.max_attempts <= 10:
        problems.append(("max_attempts", "考试次数上限应为1至10次"))
    if not 5 <= plan.time_limit_minutes <= 600:
        problems.append(("time_limit_minutes", "考试时长应为5至600分钟"))
    if plan.registration_limit is not None and plan.registration_limit < 1:
        problems.append(("registration_limit", "报名人数上限应至少为1"))
    total = plan.blueprint.total_marks
    if not 0 < plan.pass_mark <= total:
        problems.append(("pass_mark", f"合格分数线应大于0且不高于试卷总分{total:g}"))
    return problems


def shortfalls(questions: Iterable[Question], blueprint: Blueprint) -> list[Problem]:
    """Blueprint parts the bank's questions in use cannot fill: a paper cannot be drawn."""
    counts: dict[tuple[object, ...], int] = {}
    for q in questions:
        if not q.retired:
            key = (q.category, q.project, q.kind)
            counts[key] = counts.get(key, 0) + 1
    problems: list[Problem] = []
    for i, part in enumerate(blueprint.parts):
        have = counts.get((part.category, part.project, part.kind), 0)
        if have < part.count:
            problems.append(
                (f"parts[{i}].count", f"题库中“{part_label(part)}”只有{have}题，组卷需要{part.count}题")
            )
    return problems


def part_label(part: BlueprintPart | Question) -> str:
    """法律法规·单选题, 放射诊疗项目（核医学）·判断题 …"""
    category, project, kind = part.category, part.project, part.kind
    name = f"{category.label}（{project.label}）" if project is not None else category.label
    return f"{name}·{kind.label}"


@attrs.frozen(kw_only=True)
class BankMerge:
    """Questions imported into a bank: the new versions to store, and how many of the
    file's questions were new, changed (a new version) or unchanged."""

    versions: tuple[Question, ...]
    added: int
    changed: int
    unchanged: int


def merge_versions(current: Mapping[str, Question], incoming: Sequence[Question]) -> BankMerge:
    """The versions ``incoming`` adds to a bank whose latest versions are ``current`` (by
    question id): a new id starts at version 1, a changed question gets the next version,
    an unchanged one nothing. Versions already stored are never rewritten, so a past paper
    still shows the version it drew."""
    versions: list[Question] = []
    added = changed = unchanged = 0
    for q in incoming:
        latest = current.get(q.question_id)
        if latest is None:
            versions.append(attrs.evolve(q, version=1))
            added += 1
        elif latest.content() == q.content() and latest.retired == q.retired:
            unchanged += 1
        else:
            versions.append(attrs.evolve(q, version=latest.version + 1))
            changed += 1
    return BankMerge(versions=tuple(versions), added=added, changed=changed, unchanged=unchanged)
