"""Tables of classes and class selection (期次, 集体选班, source 002 §5).

A session's row is locked while places in it are taken (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's write transactions run one at a time), and ``key`` columns hold one
placement per person per session in the database.
"""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account
from radrules_webshell.institutions.tables import Institution
from radrules_webshell.training.plans.tables import TrainingPlan
from radrules_webshell.training.registrations.tables import TrainingRegistration


class TrainingSession(Table, tablename="training_session"):
    """期次 (§5.4 1): columns mirror :class:`radrules.Session`."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    plan = ForeignKey(TrainingPlan, on_delete=OnDelete.restrict, index=True)
    #: ``<plan id>|<期次>``.
    key = Varchar(length=40, unique=True)
    number = Integer()
    capacity = Integer()
    starts_on = Date(index=True)
    ends_on = Date()
    selection_deadline = Date()
    selection_opens_on = Date(null=True, default=None)
    place = Varchar(length=300, null=True, default=None)
    training_kind = Varchar(length=20, null=True, default=None)
    #: JSON list of ``{"specialty", "limit"}`` (``SessionSpecialty``).
    specialties = Text(default="[]")
    #: When the CDC published the session's scores (and issued its certificates).
    scores_published_at = Timestamptz(null=True, default=None)
    version = Integer(default=1)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class TrainingSelection(Table, tablename="training_selection"):
    """选班: one approved person placed in one session for some specialties (§5.4 1.3)."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    session = ForeignKey(TrainingSession, on_delete=OnDelete.restrict, index=True)
    registration = ForeignKey(TrainingRegistration, on_delete=OnDelete.cascade, index=True)
    institution = ForeignKey(Institution, on_delete=OnDelete.restrict, index=True)
    #: ``<session id>|<ID number>``.
    key = Varchar(length=40, unique=True)
    id_number = Varchar(length=18)
    #: JSON list of 专业类别.
    specialties = Text(default="[]")
    selected_on = Date()
    created_at = Timestamptz(default=TimestamptzNow())


class TrainingSelectionSubmission(Table, tablename="training_selection_submission"):
    """A unit's 提交 of its class selection for a plan (§5.4 1.4): 待选班 → 已选班."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    plan = ForeignKey(TrainingPlan, on_delete=OnDelete.restrict, index=True)
    institution = ForeignKey(Institution, on_delete=OnDelete.restrict, index=True)
    #: ``<plan id>|<institution id>``.
    key = Varchar(length=40, unique=True)
    submitted_by = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    submitted_at = Timestamptz(default=TimestamptzNow())
