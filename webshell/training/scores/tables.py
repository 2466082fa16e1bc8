"""The score table (成绩, source 002 §6.4): one row per person, session and specialty."""

from __future__ import annotations

from piccolo.columns import Boolean, ForeignKey, Real, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account
from radrules_webshell.institutions.tables import Institution
from radrules_webshell.training.registrations.tables import TrainingRegistration
from radrules_webshell.training.sessions.tables import TrainingSession


class TrainingScore(Table, tablename="training_score"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker

    session = ForeignKey(TrainingSession, on_delete=OnDelete.restrict, index=True)
    registration = ForeignKey(TrainingRegistration, null=True, on_delete=OnDelete.set_null)
    #: The unit that placed the person in the session: whose 集体成绩查询 shows the row.
    institution = ForeignKey(Institution, on_delete=OnDelete.restrict, index=True)
    #: ``<session id>|<ID number>|<专业类别>`` (empty for a plan type without specialties).
    key = Varchar(length=120, unique=True)
    id_number = Varchar(length=18)
    name = Varchar(length=100)
    specialty = Varchar(length=60, null=True, default=None)
    score = Real(null=True, default=None)
    passed = Boolean()
    entered_by = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    entered_at = Timestamptz(default=TimestamptzNow())
