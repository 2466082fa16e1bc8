"""Tables of report cards: the card, its stamped attachments, and the QC-code counters
(source 000 §5.3).

A card keeps its whole radrules document as JSON (``document``: what
:func:`radrules.unstructure` gives), so the library checks exactly what is stored; the
other columns copy what lists, filters and the regulator's query need, indexed.
"""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account
from radrules_webshell.clients.tables import Client
from radrules_webshell.institutions.tables import Institution
from radrules_webshell.uploads.tables import Upload


class ReportCard(Table, tablename="report_card"):
    """技术服务信息报送卡 (source 000 §5.3), with the columns the regulator filters on (§5.4)."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    institution = ForeignKey(Institution, on_delete=OnDelete.restrict, index=True)
    client = ForeignKey(Client, null=True, on_delete=OnDelete.set_null, index=True)
    #: Where the service was delivered (decides the jurisdiction and the regulators who see it).
    division_code = Varchar(length=12, index=True)
    #: The reporting institution's own division, for the query by its region (§5.4).
    institution_division_code = Varchar(length=12, index=True)
    client_name = Varchar(length=200, index=True)
    client_uscc = Varchar(length=18, index=True)
    service_field = Varchar(length=40, index=True)
    report_no = Varchar(length=100, index=True)
    report_issued_on = Date(index=True)
    report_year = Integer(index=True)
    #: ``radrules.FilingStatus`` value; while ``locked``, ``status_under_lock`` holds the state beneath.
    status = Varchar(length=20, default="draft", index=True)
    status_under_lock = Varchar(length=20, null=True, default=None)
    qc_code = Varchar(length=40, null=True, default=None, unique=True)
    #: First submission date: what the filing deadline is measured against.
    filed_on = Date(null=True, default=None, index=True)
    return_reason = Text(null=True, default=None)
    #: JSON of ``radrules.ReportCard``.
    document = Text()
    #: JSON list of ``{"kind": "device_test"|"dose", "id": n}``: the reports the card was built from.
    sources = Text(default="[]")
    #: Bumped on every write; a stale form is refused rather than silently overwriting.
    version = Integer(default=1)
    data_sent_on = Date(null=True, default=None)
    attachments_sent_on = Date(null=True, default=None)
    created_by = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    submitted_at = Timestamptz(null=True, default=None)


class CardAttachment(Table, tablename="card_attachment"):
    """A stamped copy on a card (source 000 §5.3.4 第八步): uploading locks, deleting unlocks."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    report_card = ForeignKey(ReportCard, on_delete=OnDelete.cascade, index=True)
    upload = ForeignKey(Upload, on_delete=OnDelete.restrict)
    #: ``radrules.AttachmentKind`` value: ``stamped_card`` or ``report_cover_sign``.
    kind = Varchar(length=40)
    created_at = Timestamptz(default=TimestamptzNow())


class QcCounter(Table, tablename="qc_counter"):
    """The last QC-code sequence number per jurisdiction, year and prefix.

    Incremented with a single ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` so that two
    processes can never draw the same number (see :mod:`radrules_webshell.filings.cards.qc_sequence`).
    """

    id: Serial  # the primary key Piccolo adds, declared for the type checker

    #: ``jurisdiction|year|prefix``: one unique column, as Piccolo declares no composite keys.
    key = Varchar(length=80, unique=True)
    last = Integer(default=0)
