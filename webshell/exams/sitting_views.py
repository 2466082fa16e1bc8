"""What a candidate sees of a sitting (source 001 表1 第18项 在线考试): one question as drawn
for them (never the key), and the result with the certificate a pass issued — the corrections only once the plan's exam has
closed. The sitting's rules (time limit, saving, scoring once) are in
:mod:`radrules_webshell.exams.sittings`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from radrules_webshell.core.clock import CHINA
from radrules_webshell.core.errors import Conflict, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.exams import certificates
from radrules_webshell.exams.papers import paper_of
from radrules_webshell.exams.questions import versions
from radrules_webshell.exams.sittings import (
    answers_of,
    aware,
    finalize,
    is_closed,
    own_sitting,
    plan_of,
)
from radrules_webshell.exams.tables import ExamEnrolmentRow, ExamTrainingRecord

from radrules import QuestionKind, option_letter


async def question_view(user: Principal, sitting_id: int, number: int, now: datetime) -> dict[str, Any]:
    """What the candidate sees of question ``number``: the stem, the options in the order
    drawn for them, what they chose; never the key."""
    now = aware(now)
    row = await own_sitting(user, sitting_id)
    if is_closed(row, now):
        await finalize(row["id"], now)
        return {"closed": True, "sitting": row}
    paper = paper_of(row)
    if not 1 <= number <= len(paper.items):
        raise NotFound("没有这道题")
    item = paper.items[number - 1]
    bank_id = json.loads(row["paper"])["bank"]
    question = (await versions(bank_id, [(item.question_id, item.version)]))[(item.question_id, item.version)]
    answers = await answers_of(row["id"])
    chosen = item.original_to_shown(answers.get(number, ()))
    return {
        "closed": False,
        "sitting": {
            "id": row["id"],
            "attempt": row["attempt"],
            "deadline_at": aware(row["deadline_at"]).astimezone(CHINA).isoformat(),
        },
        "seconds_left": max(int((aware(row["deadline_at"]) - now).total_seconds()), 0),
        "number": number,
        "count": len(paper.items),
        "kind": item.kind.value,
        "kind_label": item.kind.label,
        "marks": item.marks,
        "stem": question.stem,
        "options": [
            {
                "position": p,
                "letter": option_letter(p) if item.kind is not QuestionKind.true_false else "",
                "text": question.choices[o],
                "chosen": p in chosen,
            }
            for p, o in enumerate(item.option_order)
        ],
        "answered": sorted(answers),
    }


async def result_view(user: Principal, sitting_id: int, now: datetime) -> dict[str, Any]:
    """The score once the sheet is closed; the corrections only after the exam has closed."""
    now = aware(now)
    row = await own_sitting(user, sitting_id)
    if not is_closed(row, now):
        raise Conflict("考试尚未结束")
    row = await finalize(row["id"], now)
    enrolment = await ExamEnrolmentRow.select().where(ExamEnrolmentRow.id == row["enrolment"]).first()
    assert enrolment is not None
    plan_row, plan = await plan_of(enrolment)
    exam_closed = now.astimezone(CHINA).date() > plan.exam_closes_on
    out: dict[str, Any] = {
        "sitting": {
            "id": row["id"],
            "attempt": row["attempt"],
            "score": row["score"],
            "possible": row["possible"],
            "passed": row["passed"],
        },
        "plan": {
            "id": plan_row["id"],
            "name": plan.name,
            "pass_mark": plan.pass_mark,
            "exam_closes_on": plan.exam_closes_on.isoformat(),
        },
        "enrolment_id": enrolment["id"],
        "exam_closed": exam_closed,
        "record": await ExamTrainingRecord.select().where(ExamTrainingRecord.sitting == row["id"]).first(),
        "certificate": await certificates.of_sitting(row["id"]),
        "corrections": [],
    }
    if exam_closed:
        paper = paper_of(row)
        bank_id = json.loads(row["paper"])["bank"]
        questions = await versions(bank_id, [(i.question_id, i.version) for i in paper.items])
        answers = await answers_of(row["id"])
        for item in paper.items:
            q = questions[(item.question_id, item.version)]
            letters = [
                option_letter(p) if item.kind is not QuestionKind.true_false else q.choices[o]
                for p, o in enumerate(item.option_order)
            ]
            out["corrections"].append(
                {
                    "number": item.number,
                    "stem": q.stem,
                    "options": [
                        f"{letters[p]}. {q.choices[o]}"
                        if item.kind is not QuestionKind.true_false
                        else q.choices[o]
                        for p, o in enumerate(item.option_order)
                    ],
                    "chosen": "".join(
                        letters[p] for p in item.original_to_shown(answers.get(item.number, ()))
                    )
                    or "未作答",
                    "key": "".join(letters[p] for p in item.original_to_shown(q.answer)),
                    "right": set(answers.get(item.number, ())) == set(q.answer),
                    "explanation": q.explanation,
                }
            )
    return out
