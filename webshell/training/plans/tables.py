"""The training plan table (培训计划, source 002 §4.3–§4.4 2): what the provincial CDC publishes.

Columns mirror :class:`radrules.TrainingPlan`; the model is built from them
(:func:`radrules_webshell.training.shared.documents.plan_model`). ``division_code`` is the
publisher's division: it decides the rules (the plan's province) and who sees the plan.
"""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account, Authority
from radrules_webshell.uploads.tables import Upload


class TrainingPlan(Table, tablename="training_plan"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker

    authority = ForeignKey(Authority, on_delete=OnDelete.restrict, index=True)
    division_code = Varchar(length=12, index=True)
    plan_type = Varchar(length=60, index=True)
    name = Varchar(length=200, index=True)
    target = Text(null=True, default=None)
    content = Text(null=True, default=None)
    other_matters = Text(null=True, default=None)
    attachment = ForeignKey(Upload, null=True, on_delete=OnDelete.set_null)
    deadline = Date(index=True)
    age_limit = Integer(null=True, default=None)
    #: ``TitleLevel`` value, or None.
    min_title_level = Varchar(length=20, null=True, default=None)
    #: JSON list of 培训专业类别.
    specialties = Text(default="[]")
    registration_limit = Integer(null=True, default=None)
    #: ``PlanStatus`` value: ``draft``, ``published``, ``closed``.
    status = Varchar(length=20, default="draft", index=True)
    published_on = Date(null=True, default=None)
    version = Integer(default=1)
    created_by = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
