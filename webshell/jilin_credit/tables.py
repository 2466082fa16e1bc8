"""Tables of Jilin's credit warning and blacklist (吉卫监督发〔2021〕1号 第六条).

A :class:`CreditRecordRow` is one behaviour a regulator observed at an institution
(:class:`radrules_plugins.jilin.credit.CreditRecord`); a :class:`BlacklistEntryRow` is an
institution proposed for, or on, the blacklist (:class:`~radrules_plugins.jilin.credit.BlacklistEntry`),
with the records behind it (:class:`BlacklistEntryRecord`) and every state it went through
(:class:`BlacklistHistory`). The states and what they allow are the plugin's; these rows
keep what it returned. ``division_code`` is the recording (proposing) authority's and
decides which regulators see the row.
"""

from __future__ import annotations

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account, Authority
from radrules_webshell.institutions.tables import Institution


class CreditRecordRow(Table, tablename="credit_record"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker

    institution = ForeignKey(Institution, on_delete=OnDelete.restrict, index=True)
    authority = ForeignKey(Authority, null=True, on_delete=OnDelete.restrict)
    division_code = Varchar(length=12, index=True)
    #: ``CreditBehaviour`` value.
    behaviour = Varchar(length=40)
    observed_on = Date()
    description = Text()
    #: JSON list of what supports it (report numbers, inspection records).
    evidence = Text(default="[]")
    recorded_by_name = Varchar(length=200)
    recorded_by = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class BlacklistEntryRow(Table, tablename="blacklist_entry"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker

    institution = ForeignKey(Institution, on_delete=OnDelete.restrict, index=True)
    authority = ForeignKey(Authority, null=True, on_delete=OnDelete.restrict)
    division_code = Varchar(length=12, index=True)
    out_of_province = Boolean(default=False)
    #: ``DishonestyLevel`` value.
    level = Varchar(length=20)
    #: ``PublicationState`` value.
    state = Varchar(length=20, index=True)
    #: JSON list of ``Channel`` values.
    channels = Text(default="[]")
    published_on = Date(null=True, default=None)
    removed_on = Date(null=True, default=None)
    medical_institutions_notified = Boolean(default=False)
    inspection_frequency_raised = Boolean(default=False)
    version = Integer(default=1)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class BlacklistEntryRecord(Table, tablename="blacklist_entry_record"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker

    entry = ForeignKey(BlacklistEntryRow, on_delete=OnDelete.cascade, index=True)
    record = ForeignKey(CreditRecordRow, on_delete=OnDelete.restrict, index=True)


class BlacklistHistory(Table, tablename="blacklist_history"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker

    entry = ForeignKey(BlacklistEntryRow, on_delete=OnDelete.cascade, index=True)
    #: ``PublicationState`` value.
    state = Varchar(length=20)
    changed_on = Date()
    changed_by = Varchar(length=200)
    reason = Text(null=True, default=None)
    account = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    at = Timestamptz(default=TimestamptzNow())
