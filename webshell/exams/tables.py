"""Tables of online training and exams (source 001 表1 第17–19项).

* :class:`ExamBank` and :class:`ExamQuestion` — a bank and every version of its questions
  (a row is never changed once a paper may have drawn it: an edit inserts the next version).
* :class:`ExamPlanRow` — an online training plan: the library's ``ExamPlan`` as JSON, with
  the columns queries filter on.
* :class:`ExamWorker` — a worker's own account: ID number and mobile, the mobile confirmed
  by an SMS code.
* :class:`ExamEnrolmentRow` — an individual registration: by the worker (``pending`` until
  the unit confirms the worker is its own) or by the unit (``confirmed`` at once).
* :class:`ExamSitting` and :class:`ExamAnswer` — one attempt, its paper as drawn, its
  deadline, and each answer as it was saved.
* :class:`ExamTrainingRecord` — the exam-result table: one row per passed sitting, the
  training it records (kind, dates, days, score); :mod:`radrules_webshell.exams.records`
  turns it into radrules' register ``TrainingRecord``.
"""

from __future__ import annotations

from piccolo.columns import (
    Boolean,
    Date,
    DoublePrecision,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account
from radrules_webshell.clients.tables import Client


class ExamBank(Table, tablename="exam_bank"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker

    name = Varchar(length=100)
    #: The authority's division: who manages the bank (its prefix) and may use it.
    division_code = Varchar(length=12, index=True)
    created_by = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class ExamQuestion(Table, tablename="exam_question"):
    """One version of one question; ``key`` is ``<bank>|<题号>|<version>``."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    bank = ForeignKey(ExamBank, on_delete=OnDelete.restrict, index=True)
    key = Varchar(length=80, unique=True)
    question_id = Varchar(length=40)
    version = Integer(default=1)
    #: The latest version of its question id (the one drawn and edited).
    latest = Boolean(default=True, index=True)
    kind = Varchar(length=20)
    category = Varchar(length=20)
    project = Varchar(length=20, null=True, default=None)
    difficulty = Varchar(length=10)
    stem = Text()
    #: JSON list of option texts; JSON list of option indices.
    options = Text(default="[]")
    answer = Text(default="[]")
    explanation = Text(null=True, default=None)
    retired = Boolean(default=False)
    created_by = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class ExamPlanRow(Table, tablename="exam_plan"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker

    code = Varchar(length=40, unique=True)
    name = Varchar(length=100)
    kind = Varchar(length=20)
    division_code = Varchar(length=12, index=True)
    bank = ForeignKey(ExamBank, on_delete=OnDelete.restrict)
    #: draft | published | closed
    status = Varchar(length=20, default="draft")
    #: ``radrules.ExamPlan`` as JSON (radrules.unstructure).
    document = Text()
    #: Registrations made, counted under a lock with the plan's limit.
    registered = Integer(default=0)
    created_by = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class ExamWorker(Table, tablename="exam_worker"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker

    account = ForeignKey(Account, unique=True, on_delete=OnDelete.cascade)
    id_number = Varchar(length=18, unique=True)
    name = Varchar(length=100)
    mobile = Varchar(length=20)
    mobile_confirmed_at = Timestamptz()


class ExamEnrolmentRow(Table, tablename="exam_enrolment"):
    """``key`` is ``<plan>|<ID number>``: one registration per worker and plan."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    plan = ForeignKey(ExamPlanRow, on_delete=OnDelete.restrict, index=True)
    key = Varchar(length=60, unique=True)
    id_number = Varchar(length=18, index=True)
    name = Varchar(length=100)
    mobile = Varchar(length=20, null=True, default=None)
    worker = ForeignKey(ExamWorker, null=True, on_delete=OnDelete.set_null)
    client = ForeignKey(Client, on_delete=OnDelete.restrict, index=True)
    #: pending (the unit has not confirmed) | confirmed | refused
    status = Varchar(length=20, default="pending")
    #: worker | unit
    registered_by = Varchar(length=10)
    registered_on = Date()
    #: JSON list of the eligibility warnings (message texts) found when registering.
    warnings = Text(default="[]")
    decided_by = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    decided_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class ExamSitting(Table, tablename="exam_sitting"):
    """One attempt; ``key`` is ``<enrolment>|<attempt>``. ``paper`` is the drawn paper as
    JSON; ``deadline_at`` the moment the sheet closes whatever the page says."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    enrolment = ForeignKey(ExamEnrolmentRow, on_delete=OnDelete.restrict, index=True)
    key = Varchar(length=40, unique=True)
    attempt = Integer()
    seed = Varchar(length=80)
    paper = Text()
    started_at = Timestamptz()
    deadline_at = Timestamptz()
    submitted_at = Timestamptz(null=True, default=None)
    #: Set once, by the one request that scored the sheet.
    scored_at = Timestamptz(null=True, default=None, index=True)
    score = DoublePrecision(null=True, default=None)
    possible = DoublePrecision(null=True, default=None)
    passed = Boolean(null=True, default=None)


class ExamAnswer(Table, tablename="exam_answer"):
    """The answer to question ``number``; ``key`` is ``<sitting>|<number>``; ``chosen`` a JSON
    list of the original option indices."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    sitting = ForeignKey(ExamSitting, on_delete=OnDelete.cascade, index=True)
    key = Varchar(length=40, unique=True)
    number = Integer()
    chosen = Varchar(length=40)
    saved_at = Timestamptz()


class ExamTrainingRecord(Table, tablename="exam_training_record"):
    """The exam-result table: the training a passed sitting records (卫生部令第55号 第九条)."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    sitting = ForeignKey(ExamSitting, unique=True, on_delete=OnDelete.restrict)
    plan = ForeignKey(ExamPlanRow, on_delete=OnDelete.restrict, index=True)
    client = ForeignKey(Client, on_delete=OnDelete.restrict, index=True)
    id_number = Varchar(length=18, index=True)
    name = Varchar(length=100)
    #: ``radrules.WorkerTrainingKind`` value.
    kind = Varchar(length=20)
    started_on = Date()
    ended_on = Date()
    days = DoublePrecision()
    score = DoublePrecision()
    possible = DoublePrecision()
    organizer = Varchar(length=200)
    created_at = Timestamptz(default=TimestamptzNow())
