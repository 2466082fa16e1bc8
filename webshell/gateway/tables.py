"""API tokens and the answers kept for idempotent retries (source 001 module 13 标准接口).

A token's secret is shown once and stored as its SHA-256 only (``token_hash``); ``prefix``
(the first characters) lets its owner tell tokens apart. A token belongs to the account
that made it and to that account's organisation (``institution``, ``client`` or, for a
regulator, ``authority``), carries a
list of permissions, expires, and can be revoked.
"""

from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table
from radrules_webshell.accounts.tables import Account

# The tables of the other ways in (CA certificates) and of the signatures, named here too so
# that the app's list of tables (piccolo_app) takes the interface's tables from one place.
from radrules_webshell.audit.tables import SigningKey
from radrules_webshell.certlogin.tables import ClientCertificate

__all__ = ["ApiToken", "ClientCertificate", "IdempotentRequest", "SigningKey"]


class ApiToken(Table, tablename="api_token"):
    id: Serial  # the primary key Piccolo adds, declared for the type checker
    token_hash = Varchar(length=64, unique=True)
    prefix = Varchar(length=16)
    name = Varchar(length=100)
    account = ForeignKey(Account, on_delete=OnDelete.cascade, index=True)
    #: The organisation the token acts for, copied from its account when it is made.
    institution_id = Integer(null=True, default=None, index=True)
    client_id = Integer(null=True, default=None, index=True)
    #: A regulator's token (another health system pulling registers within its division).
    authority_id = Integer(null=True, default=None, index=True)
    #: Space-separated permission names (:data:`.permissions.PERMISSIONS`).
    permissions = Varchar(length=200)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)
    last_used_at = Timestamptz(null=True, default=None)


class IdempotentRequest(Table, tablename="idempotent_request"):
    """One ``Idempotency-Key`` of one caller: the request it came with and, once done, the answer."""

    id: Serial  # the primary key Piccolo adds, declared for the type checker
    #: ``<owner>:<sha256 of the key>``, owner ``t<token id>`` or ``a<account id>``.
    key = Varchar(length=90, unique=True)
    #: SHA-256 of the method, the path and the body.
    request_hash = Varchar(length=64)
    #: None while the first request is still being answered.
    status = Integer(null=True, default=None)
    content_type = Varchar(length=100, null=True, default=None)
    body = Text(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
