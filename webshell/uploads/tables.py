"""The upload table: where a stored file came from and what it is for."""

from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account
from radrules_webshell.institutions.tables import Institution


class Upload(Table, tablename="upload"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker
    stored_name = Varchar(length=64, unique=True)
    original_name = Varchar(length=255)
    media_type = Varchar(length=40)
    size = Integer()
    sha256 = Varchar(length=64)
    #: ``registration_certificate``, ``registration_commitment``, ``qualification`` or
    #: ``card_attachment`` (a stamped copy on a report card, see ``filings.cards.files``).
    purpose = Varchar(length=40)
    #: Set for a qualification attachment; registration files are reached through the registration.
    institution = ForeignKey(Institution, null=True, on_delete=OnDelete.cascade)
    uploaded_by = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
