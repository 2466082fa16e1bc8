"""Scoring an answer sheet (source 001 module 18: 自动评分), and the pass mark of the plan.

An answer is the set of options the candidate chose, by their original indices (a paper
item maps the positions shown back, :meth:`PaperItem.shown_to_original`). A single-choice
or true/false question earns its marks for the one correct option. A multiple-choice
question is marked by the blueprint's :class:`~radrules.model.exam.MultipleScoring`:
all or nothing by default (多选、少选、错选均不得分), or, when the blueprint says
``partial``, ``partial_fraction`` of the marks for some of the correct options and no wrong
one. A question left unanswered earns nothing. The total passes when it reaches the plan's
pass mark (卫生部令第55号 第七条 "考核合格").
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from radrules.model.exam import Blueprint, ExamPlan, MultipleScoring, Question, QuestionKind

from .drawing import Paper, PaperItem


@attrs.frozen(kw_only=True)
class ItemScore:
    number: int
    marks: float
    awarded: float
    correct: bool


@attrs.frozen(kw_only=True)
class ExamScore:
    """The marks of a sheet: ``total`` of ``possible``, per question, and whether it passed."""

    total: float
    possible: float
    pass_mark: float
    items: tuple[ItemScore, ...]

    @property
    def passed(self) -> bool:
        return self.total >= self.pass_mark


def mark(item: PaperItem, question: Question, chosen: tuple[int, ...], blueprint: Blueprint) -> ItemScore:
    """The marks ``chosen`` (original option indices) earns on ``item``."""
    given = set(chosen)
    key = set(question.answer)
    if given == key:
        return ItemScore(number=item.number, marks=item.marks, awarded=item.marks, correct=True)
    awarded = 0.0
    if (
        question.kind is QuestionKind.multiple
        and blueprint.multiple_scoring is MultipleScoring.partial
        and given
        and given < key
    ):
        awarded = round(item.marks * blueprint.partial_fraction, 2)
    return ItemScore(number=item.number, marks=item.marks, awarded=awarded, correct=False)


def score_sheet(
    paper: Paper,
    questions: Mapping[tuple[str, int], Question],
    answers: Mapping[int, tuple[int, ...]],
    plan: ExamPlan,
) -> ExamScore:
    """Score the ``answers`` (by question number, original option indices) given on
    ``paper``; ``questions`` holds each (question id, version) the paper drew."""
    items = []
    for item in paper.items:
        question = questions.get((item.question_id, item.version))
        if question is None:
            raise KeyError(f"试卷第{item.number}题（{item.question_id} 第{item.version}版）不在题库中")
        items.append(mark(item, question, answers.get(item.number, ()), plan.blueprint))
    total = round(sum(i.awarded for i in items), 2)
    return ExamScore(total=total, possible=paper.total_marks, pass_mark=plan.pass_mark, items=tuple(items))


def attempts_left(plan: ExamPlan, used: int) -> int:
    """Sittings still allowed to a registration that has used ``used`` of them."""
    return max(plan.max_attempts - used, 0)


__all__ = ["ExamScore", "ItemScore", "attempts_left", "mark", "score_sheet"]
