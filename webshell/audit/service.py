"""Recording and verifying the audit chain.

Every write of the web shell calls :func:`record` inside its own transaction, so the
change and its audit row are committed together or not at all. Each row carries who (the
account), when, what (action, entity, id) and the record before and after; its hash covers
the previous row's hash, which makes the trail tamper-evident — the electronic-signature
requirement of source 001 §3.1 (所有数据录入、修改均需进行电子签名).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import attrs
from radrules_webshell.audit.tables import AuditEvent
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.db.transaction import atomic

GENESIS = "0" * 64
#: Never copied into the trail.
SECRET_KEYS = frozenset({"password_hash", "token_hash", "csrf_token"})
_LOCK_KEY = 727_3001  # pg_advisory_xact_lock key serialising appends to the chain


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def snapshot(row: Mapping[str, Any] | None) -> str | None:
    if row is None:
        return None
    clean = {k: v for k, v in row.items() if k not in SECRET_KEYS}
    return json.dumps(clean, ensure_ascii=False, sort_keys=True, default=_default)


def _digest(prev_hash: str, fields: Mapping[str, Any]) -> str:
    body = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def _hashed_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        k: row[k]
        for k in (
            "at",
            "actor_id",
            "actor_login",
            "actor_role",
            "action",
            "entity",
            "entity_id",
            "before",
            "after",
            "ip",
        )
    }


async def record(
    actor: Principal,
    action: str,
    entity: str,
    entity_id: object,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """Append one event to the chain (joins the caller's transaction, or opens one)."""
    async with atomic():
        if not is_sqlite(AuditEvent._meta.db):
            # SQLite's IMMEDIATE transaction already holds the write lock; PostgreSQL needs
            # one so that two appends never read the same previous hash.
            await AuditEvent.raw(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")
        last = await AuditEvent.select(AuditEvent.hash).order_by(AuditEvent.id, ascending=False).first()
        prev = last["hash"] if last else GENESIS
        row: dict[str, Any] = {
            "at": datetime.now(UTC).isoformat(timespec="microseconds"),
            "actor_id": actor.account_id or None,
            "actor_login": actor.login,
            "actor_role": actor.role,
            "action": action,
            "entity": entity,
            "entity_id": str(entity_id),
            "before": snapshot(before),
            "after": snapshot(after),
            "ip": actor.ip,
        }
        await AuditEvent.insert(AuditEvent(**row, prev_hash=prev, hash=_digest(prev, row)))


@attrs.frozen
class ChainReport:
    events: int
    ok: bool
    first_bad_id: int | None = None
    reason: str | None = None


async def verify() -> ChainReport:
    """Recompute the chain from the first row; report the first row that does not fit."""
    prev = GENESIS
    count = 0
    batch = 5000
    last_id = 0
    while True:
        rows = await AuditEvent.select().where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        for row in rows:
            count += 1
            if row["prev_hash"] != prev:
                return ChainReport(count, False, row["id"], "前一条记录的哈希不符（记录被删除或调换）")
            if _digest(prev, _hashed_fields(row)) != row["hash"]:
                return ChainReport(count, False, row["id"], "记录内容与哈希不符（记录被修改）")
            prev = row["hash"]
            last_id = row["id"]
        if len(rows) < batch:
            return ChainReport(count, True)
