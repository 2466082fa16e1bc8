"""A small bank and plan for the exam tests."""

from __future__ import annotations

from datetime import date

from radrules import (
    Blueprint,
    BlueprintPart,
    ExamPlan,
    Question,
    QuestionCategory,
    QuestionKind,
    RadiationProject,
    WorkerTrainingKind,
)


def bank(per_part: int = 6) -> list[Question]:
    questions: list[Question] = []
    for i in range(per_part):
        questions.append(
            Question(
                question_id=f"L{i:03d}",
                kind=QuestionKind.single,
                category=QuestionCategory.law,
                stem=f"法规单选题{i}",
                options=("甲", "乙", "丙", "丁"),
                answer=(i % 4,),
            )
        )
        questions.append(
            Question(
                question_id=f"P{i:03d}",
                kind=QuestionKind.multiple,
                category=QuestionCategory.protection,
                stem=f"防护多选题{i}",
                options=("时间", "距离", "屏蔽", "稀释"),
                answer=(0, 1, 2),
            )
        )
        questions.append(
            Question(
                question_id=f"X{i:03d}",
                kind=QuestionKind.true_false,
                category=QuestionCategory.project,
                project=RadiationProject.x_ray_imaging,
                stem=f"影像判断题{i}",
                answer=(i % 2,),
            )
        )
    return questions


def blueprint(**kw: object) -> Blueprint:
    return Blueprint(
        parts=(
            BlueprintPart(category=QuestionCategory.law, kind=QuestionKind.single, count=4, marks=10),
            BlueprintPart(
                category=QuestionCategory.protection, kind=QuestionKind.multiple, count=3, marks=10
            ),
            BlueprintPart(
                category=QuestionCategory.project,
                project=RadiationProject.x_ray_imaging,
                kind=QuestionKind.true_false,
                count=3,
                marks=10,
            ),
        ),
        **kw,  # type: ignore[arg-type]
    )


def plan(**kw: object) -> ExamPlan:
    values: dict[str, object] = {
        "plan_id": "YB-2027-01",
        "name": "2027年第一期在岗培训",
        "kind": WorkerTrainingKind.in_service,
        "division_code": "511500",
        "organizer": "宜宾市卫生健康委员会",
        "registration_opens_on": date(2027, 4, 1),
        "registration_closes_on": date(2027, 4, 30),
        "training_starts_on": date(2027, 5, 10),
        "training_days": 2,
        "exam_opens_on": date(2027, 5, 11),
        "exam_closes_on": date(2027, 5, 20),
        "pass_mark": 60,
        "blueprint": blueprint(),
    }
    values.update(kw)
    return ExamPlan(**values)  # type: ignore[arg-type]
