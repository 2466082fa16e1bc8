"""Drawing papers and scoring sheets (source 001 表1 第18项)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import attrs
import pytest

from radrules import (
    DrawError,
    ExamResult,
    MultipleScoring,
    WorkerTrainingKind,
    attempts_left,
    draw_paper,
    latest_versions,
    merge_versions,
    plan_problems,
    question_problems,
    score_sheet,
    training_record,
)

from .helpers import bank, blueprint, plan


def _keyed(questions):  # type: ignore[no-untyped-def]
    return {(q.question_id, q.version): q for q in questions}


def test_a_paper_follows_the_blueprint_and_is_the_same_for_the_same_seed() -> None:
    questions = bank()
    paper = draw_paper(questions, blueprint(), seed="sitting-1")
    assert len(paper.items) == 10 and paper.total_marks == 100
    assert Counter(i.question_id[0] for i in paper.items) == {"L": 4, "P": 3, "X": 3}
    assert [i.number for i in paper.items] == list(range(1, 11))
    assert draw_paper(questions, blueprint(), seed="sitting-1") == paper
    others = {draw_paper(questions, blueprint(), seed=f"sitting-{n}") for n in range(2, 12)}
    assert paper not in others and len(others) > 1


def test_options_are_shuffled_per_candidate_but_true_false_keeps_its_order() -> None:
    orders = set()
    for n in range(20):
        for item in draw_paper(bank(), blueprint(), seed=f"s{n}").items:
            assert sorted(item.option_order) == list(range(len(item.option_order)))
            if item.kind.value == "true_false":
                assert item.option_order == (0, 1)
            else:
                orders.add(item.option_order)
    assert len(orders) > 5


def test_a_bank_too_small_names_the_part_and_retired_questions_are_not_drawn() -> None:
    questions = bank(per_part=3)
    with pytest.raises(DrawError, match="法律法规·单选题”只有3题，组卷需要4题"):
        draw_paper(questions, blueprint(), seed="x")
    questions = bank(per_part=4)
    questions[0] = attrs.evolve(questions[0], retired=True)  # L000
    with pytest.raises(DrawError, match="只有3题"):
        draw_paper(questions, blueprint(), seed="x")


def test_the_latest_version_is_drawn_and_the_paper_names_it() -> None:
    questions = bank(per_part=4)
    edited = attrs.evolve(questions[0], version=2, stem="修订后的题干")
    paper = draw_paper([*questions, edited], blueprint(), seed="x")
    item = next(i for i in paper.items if i.question_id == "L000")
    assert item.version == 2
    assert latest_versions([*questions, edited])["L000"].stem == "修订后的题干"


def test_all_correct_passes_and_multiple_choice_is_all_or_nothing_by_default() -> None:
    questions = bank()
    paper = draw_paper(questions, blueprint(), seed="y")
    keyed = _keyed(questions)
    right = {i.number: keyed[(i.question_id, i.version)].answer for i in paper.items}
    result = score_sheet(paper, keyed, right, plan())
    assert result.total == 100 and result.passed
    multiple = next(i for i in paper.items if i.kind.value == "multiple")
    partial = {**right, multiple.number: (0, 1)}  # two of the three correct options
    assert score_sheet(paper, keyed, partial, plan()).total == 90
    lenient = plan(blueprint=blueprint(multiple_scoring=MultipleScoring.partial))
    assert score_sheet(paper, keyed, partial, lenient).total == 95
    wrong = {**right, multiple.number: (0, 3)}  # one wrong option: nothing, even partially
    assert score_sheet(paper, keyed, wrong, lenient).total == 90


def test_the_pass_mark_is_reached_or_not_and_blank_answers_earn_nothing() -> None:
    questions = bank()
    paper = draw_paper(questions, blueprint(), seed="z")
    keyed = _keyed(questions)
    six = {i.number: keyed[(i.question_id, i.version)].answer for i in paper.items[:6]}
    assert score_sheet(paper, keyed, six, plan()).total == 60
    assert score_sheet(paper, keyed, six, plan()).passed  # 60 of a pass mark of 60
    assert not score_sheet(paper, keyed, six, plan(pass_mark=61)).passed
    assert score_sheet(paper, keyed, {}, plan()).total == 0


def test_shown_positions_map_back_to_the_options() -> None:
    paper = draw_paper(bank(), blueprint(), seed="w")
    item = next(i for i in paper.items if i.kind.value == "single")
    for shown in range(4):
        original = item.shown_to_original([shown])
        assert item.original_to_shown(original) == (shown,)
    assert item.shown_to_original([9]) == ()


def test_question_and_plan_problems_are_named_by_field() -> None:
    q = bank()[1]  # multiple choice
    assert question_problems(q) == []
    assert (
        "answer",
        "多选题的答案应为两个或以上选项（只有一个正确选项的应设为单选题）",
    ) in question_problems(attrs.evolve(q, answer=(1,)))
    assert [f for f, _ in question_problems(attrs.evolve(q, answer=(0, 7)))] == ["answer"]
    assert [f for f, _ in question_problems(attrs.evolve(bank()[2], project=None))] == ["project"]
    assert [f for f, _ in question_problems(attrs.evolve(bank()[2], options=("对", "错")))] == ["options"]
    assert plan_problems(plan()) == []
    fields = [
        f for f, _ in plan_problems(plan(pass_mark=101, max_attempts=0, exam_closes_on=date(2027, 5, 1)))
    ]
    assert fields == ["exam_closes_on", "max_attempts", "pass_mark"]


def test_versions_are_added_only_for_new_or_changed_questions() -> None:
    current = {q.question_id: q for q in bank(per_part=2)}
    incoming = [*current.values()]
    incoming[0] = attrs.evolve(incoming[0], stem="改过的题干")
    incoming.append(attrs.evolve(incoming[1], question_id="NEW1"))
    merged = merge_versions(current, incoming)
    assert (merged.added, merged.changed, merged.unchanged) == (1, 1, 5)
    assert {(q.question_id, q.version) for q in merged.versions} == {("L000", 2), ("NEW1", 1)}


def test_a_pass_becomes_a_training_record_and_a_fail_none() -> None:
    result = ExamResult(
        plan_id="YB-2027-01",
        id_number="511502198503120029",
        name="李明",
        unit_uscc="12511502MB1234567X",
        attempt=1,
        score=80,
        possible=100,
        passed=True,
        scored_on=date(2027, 5, 12),
    )
    record = training_record(plan(), result)
    assert record is not None
    assert (record.kind, record.ended_on, record.days, record.passed) == (
        WorkerTrainingKind.in_service,
        date(2027, 5, 12),
        2,
        True,
    )
    assert training_record(plan(), attrs.evolve(result, passed=False)) is None
    assert attempts_left(plan(), 1) == 1 and attempts_left(plan(), 5) == 0
