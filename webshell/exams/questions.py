"""Question banks (source 001 表1 第18项): creating a bank, importing its questions from the
template (all or nothing, off the event loop, with the shared import limits), editing one
on the page — each change a new version (:func:`radrules.merge_versions`); the versions a
paper drew stay as they were, so a past exam shows its questions as they were.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

import anyio.to_thread
from radrules_webshell.audit import service as audit
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.exams.scope import managed_bank, manager_prefix
from radrules_webshell.exams.tables import ExamBank, ExamQuestion
from radrules_webshell.filings.doses.excel import ImportOutcome, ImportRefused, problem_out

from radrules import (
    Difficulty,
    Question,
    QuestionCategory,
    QuestionKind,
    RadiationProject,
    merge_versions,
    question_problems,
)
from radrules.documents import WorkbookError
from radrules.documents.question_import import import_questions
from radrules.documents.xlsx_limits import DEFAULT_LIMITS

#: The import request: the workbook at its largest (the shared import limits), and the form.
MAX_BODY = DEFAULT_LIMITS.max_file_bytes + 64 * 1024


def question_of(row: dict[str, Any]) -> Question:
    return Question(
        question_id=row["question_id"],
        version=row["version"],
        kind=QuestionKind(row["kind"]),
        category=QuestionCategory(row["category"]),
        project=RadiationProject(row["project"]) if row["project"] else None,
        difficulty=Difficulty(row["difficulty"]),
        stem=row["stem"],
        options=tuple(json.loads(row["options"])),
        answer=tuple(json.loads(row["answer"])),
        explanation=row["explanation"],
        retired=row["retired"],
    )


def _row(bank_id: int, q: Question, user: Principal) -> ExamQuestion:
    return ExamQuestion(
        bank=bank_id,
        key=f"{bank_id}|{q.question_id}|{q.version}",
        question_id=q.question_id,
        version=q.version,
        latest=True,
        kind=q.kind.value,
        category=q.category.value,
        project=q.project.value if q.project else None,
        difficulty=q.difficulty.value,
        stem=q.stem,
        options=json.dumps(list(q.options), ensure_ascii=False),
        answer=json.dumps(list(q.answer)),
        explanation=q.explanation,
        retired=q.retired,
        created_by=user.account_id or None,
    )


async def bank_questions(bank_id: int) -> list[tuple[int, Question]]:
    """The latest version of every question of the bank, with its row id."""
    rows = (
        await ExamQuestion.select()
        .where((ExamQuestion.bank == bank_id) & (ExamQuestion.latest == True))  # noqa: E712 - SQL
        .order_by(ExamQuestion.question_id)
    )
    return [(r["id"], question_of(r)) for r in rows]


async def versions(bank_id: int, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Question]:
    """The stored versions named by ``keys`` (question id, version)."""
    wanted = [f"{bank_id}|{qid}|{v}" for qid, v in keys]
    if not wanted:
        return {}
    rows = await ExamQuestion.select().where(ExamQuestion.key.is_in(wanted))
    return {(r["question_id"], r["version"]): question_of(r) for r in rows}


async def create_bank(user: Principal, name: str, division_code: str | None = None) -> int:
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise Invalid("请填写题库名称", errors={"name": "题库名称为必填项，最多100个字符"})
    prefix = manager_prefix(user)
    division = (division_code or "").strip() or (prefix.ljust(6, "0") if prefix else "")
    if not division or not division.startswith(prefix) or len(division) != 6 or not division.isdigit():
        raise Invalid("请填写所属行政区划", errors={"division_code": "应为本机关辖区内的6位行政区划代码"})
    async with atomic():
        row = ExamBank(name=name, division_code=division, created_by=user.account_id or None)
        await row.save()
        await audit.record(user, "exam_bank_create", "exam_bank", row.id, after={"name": name})
    return int(row.id)


async def store(user: Principal, bank_id: int, incoming: list[Question]) -> tuple[int, int, int]:
    """Store the versions ``incoming`` makes in the bank; (added, changed, unchanged)."""
    async with atomic():
        await managed_bank(user, bank_id)
        current = {q.question_id: q for _, q in await bank_questions(bank_id)}
        merged = merge_versions(current, incoming)
        if merged.versions:
            changed = [q.question_id for q in merged.versions if q.question_id in current]
            if changed:
                await ExamQuestion.update({ExamQuestion.latest: False}).where(
                    (ExamQuestion.bank == bank_id) & ExamQuestion.question_id.is_in(changed)
                )
            rows = [_row(bank_id, q, user) for q in merged.versions]
            for start in range(0, len(rows), 500):  # PostgreSQL's bound-parameter limit
                await ExamQuestion.insert(*rows[start : start + 500])
        await audit.record(
            user,
            "exam_questions_store",
            "exam_bank",
            bank_id,
            after={"added": merged.added, "changed": merged.changed, "unchanged": merged.unchanged},
        )
    return merged.added, merged.changed, merged.unchanged


async def import_file(user: Principal, bank_id: int, content: bytes, filename: str) -> ImportOutcome:
    """All the file's questions, or none (:class:`ImportRefused` with every problem)."""
    await managed_bank(user, bank_id)
    started = time.perf_counter()
    try:
        result = await anyio.to_thread.run_sync(
            lambda: import_questions(content, label=filename or "题库.xlsx")
        )
    except WorkbookError as exc:
        raise Invalid(str(exc), errors={"file": str(exc)}) from None
    if result.questions is None:
        raise ImportRefused(
            ImportOutcome(
                rows=result.rows,
                imported=0,
                errors=tuple(problem_out(p) for p in result.errors),
                warnings=(),
                seconds=time.perf_counter() - started,
                error_count=result.error_count,
            )
        )
    added, changed, _ = await store(user, bank_id, list(result.questions))
    return ImportOutcome(
        rows=result.rows,
        imported=added + changed,
        errors=(),
        warnings=(),
        seconds=time.perf_counter() - started,
    )


def question_from_form(form: Any, question_id: str) -> Question:
    """A question from the edit form; :class:`Invalid` names each field that is wrong."""
    errors: dict[str, str] = {}

    def choice(name: str, enum: Any, label: str, required: bool = True) -> Any:
        value = str(form.get(name) or "").strip()
        if not value:
            if required:
                errors[name] = f"请选择{label}"
            return None
        try:
            return enum(value)
        except ValueError:
            errors[name] = f"{label}不在可选范围内"
            return None

    kind = choice("kind", QuestionKind, "题型")
    category = choice("category", QuestionCategory, "类别")
    project = choice("project", RadiationProject, "项目类别", required=False)
    difficulty = choice("difficulty", Difficulty, "难度")
    options = tuple(str(form.get(f"option{i}") or "").strip() for i in range(8))
    while options and not options[-1]:
        options = options[:-1]
    answer: list[int] = []
    try:
        ticked = form.getall("answer")
    except KeyError:
        ticked = []
    for value in ticked[:8]:
        if str(value).isdigit():
            answer.append(int(value))
    if errors or kind is None or category is None or difficulty is None:
        raise Invalid("题目有误", errors=errors)
    question = Question(
        question_id=question_id,
        kind=kind,
        category=category,
        project=project,
        difficulty=difficulty,
        stem=str(form.get("stem") or "").strip(),
        options=() if kind is QuestionKind.true_false else options,
        answer=tuple(sorted(set(answer))),
        explanation=str(form.get("explanation") or "").strip() or None,
        retired=str(form.get("retired") or "") == "on",
    )
    problems = question_problems(question)
    if problems:
        raise Invalid("题目有误", errors={f.split("[")[0]: r for f, r in reversed(problems)})
    return question


async def banks(user: Principal) -> list[dict[str, Any]]:
    rows = (
        await ExamBank.select()
        .where(ExamBank.division_code.like(f"{manager_prefix(user)}%"))
        .order_by(ExamBank.id)
    )
    for r in rows:
        r["questions"] = await ExamQuestion.count().where(
            (ExamQuestion.bank == r["id"]) & (ExamQuestion.latest == True)  # noqa: E712 - SQL
        )
    return rows
