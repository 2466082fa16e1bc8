"""The audit table. Rows are only ever inserted; database triggers refuse UPDATE and DELETE.

Each row's ``hash`` is an HMAC over the previous row's hash and this row's canonical
content, so removing, reordering or editing a row breaks the chain from there on; each row
written since electronic signatures began also carries the acting account's signature of
its content and the id of the key that made it (docs/signature.md), whose public half is
kept in :class:`SigningKey`.
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
    #: The signing key's id and the signature (base64) of the row's canonical content.
    signer_key_id = Varchar(length=40, null=True, default=None)
    signature = Text(null=True, default=None)


class SigningKey(Table, tablename="signing_key"):
    """The accounts' signing keys (source 001 module 11 电子签名; docs/signature.md).

    One row per key ever made. ``active_for`` names the account whose current key it is
    (``a<id>``, or ``system``) and is unique, so an account has at most one key in use;
    rotation empties it, sets ``retired_at`` and destroys the private half, and the public
    half stays for verifying what the key signed. The private half is encrypted with a
    key-encryption key that is never in the database (``RADRULES_SIGNING_KEY`` or the data
    folder's ``signing.key``).
    """

    id: Serial  # the primary key Piccolo adds, declared for the type checker
    key_id = Varchar(length=40, unique=True)
    #: None: the system's key (command line, start-up, background jobs).
    account_id = Integer(null=True, default=None, index=True)
    active_for = Varchar(length=24, null=True, default=None, unique=True)
    algorithm = Varchar(length=20, default="ed25519")
    #: base64 of the raw public key.
    public_key = Text()
    #: base64 of nonce + AES-256-GCM ciphertext of the raw private key; None once retired.
    private_key = Text(null=True, default=None)
    #: ISO 8601 UTC, compared with the audit records' ``at`` as text.
    created_at = Varchar(length=32)
    retired_at = Varchar(length=32, null=True, default=None)
