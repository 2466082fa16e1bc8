"""Tables of the delivered warnings (source 001 §2.3.4 “分级分类预警”, module 14 “预警提醒”).

A :class:`UnitWarning` is one warning :func:`radrules.warnings` raised for a unit's register,
identified by the library's stable ``key`` (unit, rule, subject, occurrence): opened the first
time it is raised, kept (and its acknowledgement) while later evaluations raise it again,
closed when they no longer do, opened again if it comes back. Every change is a
:class:`UnitWarningEvent`. ``notify`` is the division codes the ruleset's recipients name
(the unit's county, its city); ``division_code`` is the unit's, for the regulators' scope.
A :class:`WarningRun` is one daily evaluation of every register, claimed like an outbox
message (``core.outbox``) so that one process runs it, however many are serving.
"""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account
from radrules_webshell.clients.tables import Client


class UnitWarning(Table, tablename="unit_warning"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker

    key = Varchar(length=400, unique=True)
    client = ForeignKey(Client, on_delete=OnDelete.cascade, index=True)
    division_code = Varchar(length=12, index=True)
    rule_id = Varchar(length=100, index=True)
    #: ``low``, ``medium``, ``high`` (radrules.WarningLevel) and the ruleset's label.
    level = Varchar(length=10, index=True)
    level_label = Varchar(length=40)
    #: 0 for high, 1 medium, 2 low (``WarningLevel.rank``): gravest first in SQL.
    level_rank = Integer(default=9)
    category = Varchar(length=20, index=True)
    subject_kind = Varchar(length=20)
    subject_id = Varchar(length=100)
    subject_name = Varchar(length=200)
    path = Varchar(length=300)
    due = Date(null=True, default=None)
    message = Text()
    #: JSON list of the citations' texts.
    citations = Text(default="[]")
    #: JSON list of the division codes told besides the unit.
    notify = Text(default="[]")
    #: ``open`` or ``closed``.
    state = Varchar(length=10, index=True)
    opened_at = Timestamptz(default=TimestamptzNow())
    last_raised_on = Date()
    closed_at = Timestamptz(null=True, default=None)
    acknowledged_at = Timestamptz(null=True, default=None)
    acknowledged_by = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    acknowledged_by_name = Varchar(length=100, null=True, default=None)
    #: How many times it was opened (1, then 2 after a reopening …).
    openings = Integer(default=1)


class UnitWarningEvent(Table, tablename="unit_warning_event"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker

    warning = ForeignKey(UnitWarning, on_delete=OnDelete.cascade, index=True)
    #: ``opened``, ``reopened``, ``changed`` (level or message), ``acknowledged``, ``closed``.
    event = Varchar(length=20)
    at = Timestamptz(default=TimestamptzNow())
    account = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    actor_name = Varchar(length=100)
    detail = Text(default="")


class WarningRun(Table, tablename="warning_run"):
    """One daily evaluation (``key`` ``daily:<Beijing date>``), claimed as an outbox message."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    key = Varchar(length=40, unique=True)
    #: ``pending``, ``sending`` (claimed, running), ``sent`` (done).
    state = Varchar(length=20, default="pending", index=True)
    due_at = Timestamptz(index=True)
    attempts = Integer(default=0)
    as_of = Date()
    units = Integer(default=0)
    opened = Integer(default=0)
    closed = Integer(default=0)
    seconds = Integer(default=0)
    finished_at = Timestamptz(null=True, default=None)
    error = Text(null=True, default=None)
