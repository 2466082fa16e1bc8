"""The columns every report table has (device-test and dose reports, source 000 §5.1, §5.2).

A report keeps its whole radrules document as JSON (``document``: what
:func:`radrules.unstructure` gives), so the library checks exactly what is stored; the
other columns copy what the lists and their filters need, indexed. :class:`ReportColumns`
is a Piccolo mixin: each table that inherits it gets its own copy of every column.
"""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from radrules_webshell.accounts.tables import Account
from radrules_webshell.clients.tables import Client
from radrules_webshell.institutions.tables import Institution


class ReportColumns:
    """A report's state is draft → submitted ⇄ withdrawn; a draft is deleted as a whole."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    institution = ForeignKey(Institution, on_delete=OnDelete.cascade, index=True)
    client = ForeignKey(Client, on_delete=OnDelete.restrict, index=True)
    report_no = Varchar(length=100, index=True)
    report_date = Date()
    #: ``radrules.ReportStatus`` value.
    status = Varchar(length=20, default="draft", index=True)
    #: JSON of the radrules report (``DeviceTestReport`` or ``DoseReport``).
    document = Text()
    created_by = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    submitted_at = Timestamptz(null=True, default=None)
