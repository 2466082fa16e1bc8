"""What a signer is and what it hands back: the pieces of the signature hook (source 001
module 11, 系统所有数据录入、修改均需进行电子签名; docs/signature.md).

A :class:`Signer` signs the canonical content of an audit record with the acting account's
own key and lists every public key it ever used — rotated ones included — so that any
record can be verified later against the key of the account that wrote it. The built-in
signer (:mod:`.server`) keeps Ed25519 key pairs on the server; a deployment with a CA may
plug in one that signs elsewhere (docs/signature.md).
"""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

import attrs
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

ED25519 = "ed25519"
#: Put before every signed content, so that a signature of the audit trail is never also a
#: valid signature of anything else the same key might sign.
CONTEXT = b"radrules-audit-signature-v1\n"


class SigningError(RuntimeError):
    """A write cannot be signed (the key cannot be read or made); the write does not happen."""


@attrs.frozen
class Signature:
    key_id: str
    #: base64 (standard alphabet) of the signature's bytes.
    value: str


@attrs.frozen
class PublicKey:
    """A public key a signer used: whose (``account_id``; None: the system), since when, and
    until when (``retired_at``, ISO 8601 UTC; None while in use)."""

    key_id: str
    account_id: int | None
    algorithm: str
    #: base64 of the raw public key.
    public: str
    created_at: str
    retired_at: str | None = None

    def verify(self, message: bytes, signature: str) -> bool:
        """Whether ``signature`` (base64) is this key's signature of ``message``."""
        if self.algorithm != ED25519:
            return False
        try:
            key = _ed25519(self.public)
            key.verify(base64.b64decode(signature, validate=True), message)
        except (InvalidSignature, ValueError):
            return False
        return True


@functools.lru_cache(maxsize=4096)
def _ed25519(public: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(public))


@runtime_checkable
class Signer(Protocol):
    """Signs audit records with the acting account's key; see :mod:`.hookspecs`."""

    name: str

    async def sign(self, account_id: int | None, message: bytes) -> Signature:
        """Sign ``message`` with the current key of ``account_id`` (None: the system's),
        making one first if the account has none. Called inside the write's transaction;
        raise :class:`SigningError` when it cannot sign (the write is then refused)."""
        ...

    async def public_keys(self) -> Mapping[str, PublicKey]:
        """Every key this signer ever signed with, by key id, retired keys included."""
        ...


def signed_content(fields: Mapping[str, Any]) -> bytes:
    """The bytes a record's signature covers: its canonical content (the JSON the chain's
    hash is computed over, keys sorted), after :data:`CONTEXT`. The key id need not be in
    it: another key's signature does not verify, and the chain's hash covers the key id."""
    body = json.dumps(dict(fields), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return CONTEXT + body.encode("utf-8")


def problem(
    key: PublicKey | None, account_id: int | None, at: str, message: bytes, signature: str
) -> str | None:
    """Why ``signature`` is not the signature of ``account_id`` over ``message`` at ``at``, or None."""
    if key is None:
        return "签名密钥不存在（公钥未保存）"
    if key.account_id != account_id:
        return f"签名所用密钥 {key.key_id} 不属于记录的操作人（属于账号 {key.account_id or '系统'}）"
    if key.retired_at is not None and at >= key.retired_at:
        return f"签名时间晚于密钥 {key.key_id} 停用的时间（{key.retired_at}）"
    if not key.verify(message, signature):
        return "记录内容与电子签名不符（记录被修改，或签名不是操作人的密钥所签）"
    return None
