"""Client certificates mapped to accounts for CA-certificate login (source 001 §2.4.2).

``identity`` is the SHA-256 of the certificate's subject and serial number (both as the
proxy reports them, the serial normalised), unique: one certificate opens one account.
"""

from __future__ import annotations

from piccolo.columns import ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account


class ClientCertificate(Table, tablename="client_certificate"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker
    identity = Varchar(length=64, unique=True)
    account = ForeignKey(Account, on_delete=OnDelete.cascade, index=True)
    subject = Text()
    serial = Varchar(length=100)
    created_at = Timestamptz(default=TimestamptzNow())
