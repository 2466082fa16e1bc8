"""Online training and exams of radiation workers (source 001 modules 17–19) in the library:
well-formed questions and plans, question versions, drawing papers, scoring, checking an
individual registration, the archive record of a pass and its certificate. docs/exams.md describes it;
the eligibility rules are in the national plugin.
"""

from radrules.exams.certificates import (
    certificate_plan,
    exam_certificate_due,
    exam_certificate_problems,
    exam_session_id,
    issue_exam_certificate,
)
from radrules.exams.drawing import DrawError, Paper, PaperItem, draw_paper, latest_versions
from radrules.exams.eligibility import check_enrolment, check_exam_plan
from radrules.exams.questions import (
    BankMerge,
    blueprint_problems,
    merge_versions,
    option_letter,
    part_label,
    plan_problems,
    question_problems,
    shortfalls,
)
from radrules.exams.records import ExamResult, training_record
from radrules.exams.scoring import ExamScore, ItemScore, attempts_left, mark, score_sheet

__all__ = [
    "BankMerge",
    "DrawError",
    "ExamResult",
    "ExamScore",
    "ItemScore",
    "Paper",
    "PaperItem",
    "attempts_left",
    "blueprint_problems",
    "certificate_plan",
    "check_enrolment",
    "check_exam_plan",
    "draw_paper",
    "exam_certificate_due",
    "exam_certificate_problems",
    "exam_session_id",
    "issue_exam_certificate",
    "latest_versions",
    "mark",
    "merge_versions",
    "option_letter",
    "part_label",
    "plan_problems",
    "question_problems",
    "score_sheet",
    "shortfalls",
    "training_record",
]
