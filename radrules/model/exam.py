"""Online training and exams of radiation workers (source 001, modules 17–19): question
banks, exam blueprints, the online training plan, and a worker's individual registration.

卫生部令第55号 第七条 requires pre-job training in radiation protection and the related law,
"考核合格方可参加相应的工作"; 第八条 in-service training at most two years apart; 第九条 keeps
in the training archive "每次培训的课程名称、培训时间、考试或考核成绩" (wordings from secondary
copies [S], docs/register.md). Source 001 moved that training and its exam online: a worker
registers (module 17), sits a timed exam on a phone (module 18), and the score goes into
the worker's archive (module 19).

A :class:`Question` is identified by ``question_id`` and ``version``: editing a question
makes a new version and a drawn paper names the version it showed, so a past exam shows
its questions as they were. Options are indexed from 0 (A); a true/false question has no
options of its own, its choices are always 正确 (0) and 错误 (1).

:class:`ExamEnrolment` is the document the eligibility rules check (the national plugin's
``NAT.exam.*``): the plan, the worker and the trainings already in the worker's archive.
"""

from __future__ import annotations

from datetime import date

import attrs

from radrules.model.bounds import bounded
from radrules.model.enums import _Labelled, register_labels
from radrules.model.labels import labelled
from radrules.model.register import RadiationProject, TrainingRecord, WorkerTrainingKind

#: The most options a choice question may have (A–H).
MAX_OPTIONS = 8
#: Parts of one blueprint: three categories (the project class split four ways) by three kinds.
MAX_BLUEPRINT_PARTS = 30
#: Questions of one bank: a province's bank of a few thousand questions fits with room.
MAX_QUESTIONS = 10_000
#: Questions on one paper.
MAX_PAPER_QUESTIONS = 300
#: Characters of a question's stem, an option and an explanation.
MAX_STEM_CHARS = 1_000
MAX_OPTION_CHARS = 300
MAX_EXPLANATION_CHARS = 1_000
#: The choices of a true/false question, in this order (0 is 正确).
TRUE_FALSE_CHOICES = ("正确", "错误")


class QuestionKind(_Labelled):
    """题型: single choice (one correct option), multiple choice (two or more), true/false."""

    single = "single"
    multiple = "multiple"
    true_false = "true_false"


class QuestionCategory(_Labelled):
    """类别 of what 第七条 trains: the related law, radiation protection, and the unit's
    project classes (卫生部令第46号 第四条; a question of this category names its project)."""

    law = "law"
    protection = "protection"
    project = "project"


class Difficulty(_Labelled):
    """难度."""

    easy = "easy"
    medium = "medium"
    hard = "hard"


class MultipleScoring(_Labelled):
    """How a multiple-choice question is marked.

    ``all_or_nothing`` (the default): the marks only for exactly the correct options — the
    usual rule of Chinese qualification exams ("多选、少选、错选均不得分"), and the only
    one under which guessing every option earns nothing. ``partial``: a choice of some of
    the correct options and no wrong one earns the blueprint's ``partial_fraction``.
    """

    all_or_nothing = "all_or_nothing"
    partial = "partial"


register_labels(
    (
        (QuestionKind.single, "单选题"),
        (QuestionKind.multiple, "多选题"),
        (QuestionKind.true_false, "判断题"),
        (QuestionCategory.law, "法律法规"),
        (QuestionCategory.protection, "放射防护"),
        (QuestionCategory.project, "放射诊疗项目"),
        (Difficulty.easy, "易"),
        (Difficulty.medium, "中"),
        (Difficulty.hard, "难"),
        (MultipleScoring.all_or_nothing, "全部选对得分，多选、少选、错选均不得分"),
        (MultipleScoring.partial, "少选（且无错选）得部分分"),
    )
)


@attrs.define(kw_only=True)
class Question:
    """One question of a bank in one version. ``answer`` holds option indices (0 = A);
    :func:`radrules.question_problems` says what is wrong with one that is malformed."""

    question_id: str = labelled("题号")
    version: int = labelled("版本", default=1)
    kind: QuestionKind = labelled("题型")
    category: QuestionCategory = labelled("类别")
    project: RadiationProject | None = labelled("项目类别", default=None)
    difficulty: Difficulty = labelled("难度", default=Difficulty.medium)
    stem: str = labelled("题干")
    options: tuple[str, ...] = labelled("选项", default=(), validator=bounded(MAX_OPTIONS))
    answer: tuple[int, ...] = labelled("答案", default=(), validator=bounded(MAX_OPTIONS))
    explanation: str | None = labelled("解析", default=None)
    retired: bool = labelled("停用", default=False)

    @property
    def choices(self) -> tuple[str, ...]:
        """The options as shown: a true/false question's are 正确 and 错误."""
        return TRUE_FALSE_CHOICES if self.kind is QuestionKind.true_false else self.options

    def content(self) -> tuple[object, ...]:
        """What a version is made of: two versions with the same content are the same question."""
        return (
            self.kind,
            self.category,
            self.project,
            self.difficulty,
            self.stem,
            self.options,
            self.answer,
            self.explanation,
        )


@attrs.define(kw_only=True)
class BlueprintPart:
    """So many questions of one category (and project class) and kind, ``marks`` each."""

    category: QuestionCategory = labelled("类别")
    kind: QuestionKind = labelled("题型")
    count: int = labelled("题数")
    marks: float = labelled("每题分值")
    project: RadiationProject | None = labelled("项目类别", default=None)


@attrs.define(kw_only=True)
class Blueprint:
    """组卷规则: the parts of a paper and how multiple choice is marked."""

    parts: tuple[BlueprintPart, ...] = labelled("组卷明细", validator=bounded(MAX_BLUEPRINT_PARTS))
    multiple_scoring: MultipleScoring = labelled("多选题计分", default=MultipleScoring.all_or_nothing)
    partial_fraction: float = labelled("少选得分比例", default=0.5)

    @property
    def total_marks(self) -> float:
        return sum(p.count * p.marks for p in self.parts)

    @property
    def question_count(self) -> int:
        return sum(p.count for p in self.parts)


@attrs.define(kw_only=True)
class ExamPlan:
    """在线培训计划 (source 001 module 17): one pre-job or in-service training with its exam.

    Registration is open from ``registration_opens_on`` to ``registration_closes_on``
    (both days included); the exam may be sat from ``exam_opens_on`` to ``exam_closes_on``
    (both included), each sitting for ``time_limit_minutes``, at most ``max_attempts``
    sittings per registration; the corrections are shown once the exam has closed. ``pass_mark`` is the lowest passing total.
    A pass records a training of ``kind`` from ``training_starts_on`` to the day of the
    pass, ``training_days`` long, in the worker's archive; ``issues_certificate`` says
    whether it also issues a training certificate. ``registration_limit`` caps the
    registrations of the plan.
    """

    plan_id: str = labelled("计划编号")
    name: str = labelled("培训名称")
    kind: WorkerTrainingKind = labelled("培训类别")
    division_code: str = labelled("发布机关行政区划")
    organizer: str = labelled("培训机构")
    registration_opens_on: date = labelled("报名开始日期")
    registration_closes_on: date = labelled("报名截止日期")
    training_starts_on: date = labelled("培训开始日期")
    training_days: float = labelled("培训天数")
    exam_opens_on: date = labelled("考试开始日期")
    exam_closes_on: date = labelled("考试截止日期")
    pass_mark: float = labelled("合格分数线")
    max_attempts: int = labelled("考试次数上限", default=2)
    time_limit_minutes: int = labelled("考试时长（分钟）", default=60)
    registration_limit: int | None = labelled("报名人数上限", default=None)
    issues_certificate: bool = labelled("颁发培训合格证", default=False)
    blueprint: Blueprint = labelled("组卷规则")


@attrs.define(kw_only=True)
class ExamEnrolment:
    """个人报名: one worker registering for an online training plan (source 001 module 17).

    ``trainings`` are the trainings already in the worker's archive (卫生部令第55号 第九条);
    ``started_on`` the first day of radiation work, None for someone not yet at work.
    ``registered`` counts the plan's registrations already made (this one not included) and
    ``already_registered`` says the worker holds one of them — counts storage makes.
    """

    plan: ExamPlan = labelled("培训计划")
    id_number: str = labelled("身份证号")
    name: str = labelled("姓名")
    unit_uscc: str = labelled("所在单位")
    registered_on: date = labelled("报名日期")
    started_on: date | None = labelled("上岗日期", default=None)
    trainings: tuple[TrainingRecord, ...] = labelled("培训记录", default=(), validator=bounded(100))
    registered: int = labelled("已报名人数", default=0)
    already_registered: bool = labelled("已报名本计划", default=False)
