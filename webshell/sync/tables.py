"""The national-sync outbox (source 000 §5.3.4 第九步): one row per message to send.

A submitted card queues its data at once and its attachments a set number of days later
(the jurisdiction's workflow policy); the dispatcher sends what is due through the
configured transport and retries with backoff.
"""

from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.filings.cards.tables import ReportCard


class SyncMessage(Table, tablename="sync_message"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker
    report_card = ForeignKey(ReportCard, on_delete=OnDelete.cascade, index=True)
    #: ``data`` or ``attachments``.
    kind = Varchar(length=20)
    #: ``pending`` → ``sent``; ``pending`` with attempts > 0 is being retried; ``failed`` gave up;
    #: ``cancelled`` when the card was withdrawn before its data went.
    state = Varchar(length=20, default="pending", index=True)
    #: The JSON sent, fixed when queued so that a retry sends the same bytes.
    payload = Text()
    due_at = Timestamptz(index=True)
    attempts = Integer(default=0)
    last_error = Text(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
