"""The registration table (报名, source 002 §4.4): one person of a unit for one plan.

``person_document`` is the profile as sent (the copy the CDC reviews, §1.2); before the
first 报名 it is empty and the live profile is read. ``key`` holds one registration per
person per plan in the database, whatever two requests do at once.
"""

from __future__ import annotations

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account
from radrules_webshell.institutions.tables import Institution
from radrules_webshell.training.people.tables import TrainingPerson
from radrules_webshell.training.plans.tables import TrainingPlan


class TrainingRegistration(Table, tablename="training_registration"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker

    plan = ForeignKey(TrainingPlan, on_delete=OnDelete.restrict, index=True)
    institution = ForeignKey(Institution, on_delete=OnDelete.restrict, index=True)
    person = ForeignKey(TrainingPerson, null=True, on_delete=OnDelete.set_null, index=True)
    #: ``<plan id>|<ID number>``.
    key = Varchar(length=40, unique=True)
    id_number = Varchar(length=18, index=True)
    name = Varchar(length=100, index=True)
    #: ``RegistrationStatus`` value.
    status = Varchar(length=20, default="not_registered", index=True)
    needs_credit_certificate = Boolean(null=True, default=None)
    training_kind = Varchar(length=20, null=True, default=None)
    accommodation = Varchar(length=20, null=True, default=None)
    #: JSON list of 培训专业类别.
    specialties = Text(default="[]")
    #: JSON of ``radrules.Recipient``, or None.
    recipient = Text(null=True, default=None)
    #: JSON of the ``radrules.PersonProfile`` sent with the last 报名.
    person_document = Text(null=True, default=None)
    return_reason = Text(null=True, default=None)
    submitted_on = Date(null=True, default=None)
    reviewed_by = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    reviewed_at = Timestamptz(null=True, default=None)
    version = Integer(default=1)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
