"""The audit table. Rows are only ever inserted; database triggers refuse UPDATE and DELETE.

Each row's ``hash`` is SHA-256 over the previous row's hash and this row's canonical
content, so removing, reordering or editing a row breaks the chain from there on.
"""

from __future__ import annotations

from piccolo.columns import Integer, Serial, Text, Varchar
from piccolo.table import Table


class AuditEvent(Table, tablename="audit_event"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker
    #: UTC time as ISO 8601 text, hashed exactly as stored.
    at = Varchar(length=32, index=True)
    actor_id = Integer(null=True, default=None)
    actor_login = Varchar(length=64)
    actor_role = Varchar(length=20)
    action = Varchar(length=60)
    entity = Varchar(length=40)
    entity_id = Varchar(length=40)
    before = Text(null=True, default=None)
    after = Text(null=True, default=None)
    ip = Varchar(length=64, null=True, default=None)
    prev_hash = Varchar(length=64)
    hash = Varchar(length=64, unique=True)
