"""The built-in signer ``server``: each account's Ed25519 key pair kept on the server
(source 001 module 11: 系统所有数据录入、修改均需进行电子签名; docs/signature.md).

- A key is made on the account's first write, inside that write's transaction (the audit
  chain's lock serialises it, so two first writes never make two keys).
- The private key is encrypted with AES-256-GCM under a key-encryption key derived from
  ``RADRULES_SIGNING_KEY`` or the data folder's ``signing.key`` — never in the database —
  with the key id as associated data, so a ciphertext moved to another row does not open.
- Decrypted keys are kept in memory by key id (a bounded cache); the current key id of an
  account is read from the database on each write, so a rotation by another process is
  seen at once.
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Mapping
from datetime import UTC, datetime

import anyio.to_thread
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from radrules_webshell.audit.tables import SigningKey
from radrules_webshell.core.key_file import key_in
from radrules_webshell.markers import hookimpl
from radrules_webshell.settings import Settings
from radrules_webshell.signing.keys import ED25519, PublicKey, Signature, SigningError

_CACHE_SIZE = 4096
_LARGE = 64 * 1024
_RAW = serialization.Encoding.Raw


def owner_label(account_id: int | None) -> str:
    """The ``active_for`` value of an account's current key."""
    return "system" if account_id is None else f"a{account_id}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class ServerSigner:
    name = "server"

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._aead: AESGCM | None = None
        self._keys: OrderedDict[str, Ed25519PrivateKey] = OrderedDict()
        self._lock = threading.Lock()

    def _cipher(self) -> AESGCM:
        if self._aead is None:
            secret = (
                self._settings.signing_key.encode("utf-8")
                if self._settings.signing_key
                else key_in(self._settings.signing_key_file, "签名私钥加密")
            )
            self._aead = AESGCM(hashlib.sha256(b"radrules-signing-kek\n" + secret).digest())
        return self._aead

    def _seal(self, key_id: str, private: Ed25519PrivateKey) -> str:
        raw = private.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
        nonce = os.urandom(12)
        return base64.b64encode(nonce + self._cipher().encrypt(nonce, raw, key_id.encode())).decode()

    def _open(self, key_id: str, sealed: str) -> Ed25519PrivateKey:
        data = base64.b64decode(sealed)
        try:
            raw = self._cipher().decrypt(data[:12], data[12:], key_id.encode())
        except InvalidTag:
            raise SigningError(
                f"签名私钥 {key_id} 无法解密：RADRULES_SIGNING_KEY（或数据目录的 signing.key）"
                "与建立该密钥时不同，或密钥记录被改动"
            ) from None
        return Ed25519PrivateKey.from_private_bytes(raw)

    def _remember(self, key_id: str, private: Ed25519PrivateKey) -> None:
        with self._lock:
            self._keys[key_id] = private
            self._keys.move_to_end(key_id)
            while len(self._keys) > _CACHE_SIZE:
                self._keys.popitem(last=False)

    async def _current(self, account_id: int | None) -> tuple[str, Ed25519PrivateKey]:
        row = (
            await SigningKey.select(SigningKey.key_id, SigningKey.private_key)
            .where(SigningKey.active_for == owner_label(account_id))
            .first()
        )
        if row is not None:
            with self._lock:
                cached = self._keys.get(row["key_id"])
            if cached is not None:
                return row["key_id"], cached
            if not row["private_key"]:
                raise SigningError(f"签名密钥 {row['key_id']} 没有私钥")
            private = self._open(row["key_id"], row["private_key"])
            self._remember(row["key_id"], private)
            return row["key_id"], private
        return await self._create(account_id)

    async def _create(self, account_id: int | None) -> tuple[str, Ed25519PrivateKey]:
        private = Ed25519PrivateKey.generate()
        public = private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
        key_id = "ed25519:" + hashlib.sha256(public).hexdigest()[:24]
        await SigningKey.insert(
            SigningKey(
                key_id=key_id,
                account_id=account_id,
                active_for=owner_label(account_id),
                algorithm=ED25519,
                public_key=base64.b64encode(public).decode(),
                private_key=self._seal(key_id, private),
                created_at=_now(),
            )
        )
        self._remember(key_id, private)
        return key_id, private

    async def sign(self, account_id: int | None, message: bytes) -> Signature:
        key_id, private = await self._current(account_id)
        if len(message) > _LARGE:  # a report's whole document: hash it off the event loop
            value = await anyio.to_thread.run_sync(private.sign, message)
        else:
            value = private.sign(message)
        return Signature(key_id, base64.b64encode(value).decode())

    async def public_keys(self) -> Mapping[str, PublicKey]:
        rows = await SigningKey.select(
            SigningKey.key_id,
            SigningKey.account_id,
            SigningKey.algorithm,
            SigningKey.public_key,
            SigningKey.created_at,
            SigningKey.retired_at,
        )
        return {
            r["key_id"]: PublicKey(
                r["key_id"],
                r["account_id"],
                r["algorithm"],
                r["public_key"],
                r["created_at"],
                r["retired_at"],
            )
            for r in rows
        }


async def retire(account_id: int | None) -> str | None:
    """Retire the account's current key (a new one is made on its next write): the public
    half stays for verification, the private half is destroyed. The retired key id, or None."""
    row = (
        await SigningKey.select(SigningKey.key_id)
        .where(SigningKey.active_for == owner_label(account_id))
        .first()
    )
    if row is None:
        return None
    await SigningKey.update(
        {SigningKey.active_for: None, SigningKey.retired_at: _now(), SigningKey.private_key: None}
    ).where(SigningKey.key_id == row["key_id"])
    return str(row["key_id"])


class BuiltinSigners:
    """The built-in signer, registered last so that a plugin may answer for ``server`` too."""

    @hookimpl(trylast=True)
    def radrules_webshell_signer(self, name: str, settings: Settings) -> ServerSigner | None:
        return ServerSigner(settings) if name == "server" else None
