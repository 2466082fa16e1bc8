"""Recording and verifying the audit chain.

Every write of the web shell calls :func:`record` inside its own transaction, so the
change and its audit row are committed together or not at all. Each row carries who (the
account), when, what (action, entity, id) and the record before and after; its hash is an
HMAC, keyed outside the database, over the previous row's hash and its own content, and
signed checkpoints of the head are kept outside the database too
(:mod:`.checkpoints`). That makes the trail tamper-evident even to someone who can write
the database — the electronic-signature requirement of source 001 §3.1
(所有数据录入、修改均需进行电子签名).
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import anyio.to_thread
import attrs
from radrules_webshell.audit import checkpoints
from radrules_webshell.audit.checkpoints import GENESIS, Checkpoint, CheckpointError, digest
from radrules_webshell.audit.tables import AuditEvent
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.db.transaction import atomic
from radrules_webshell.signing.keys import PublicKey, signed_content
from radrules_webshell.signing.keys import problem as key_problem

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


CONTENT = (
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


def content(row: Mapping[str, Any]) -> dict[str, Any]:
    """What a row says, the part its electronic signature covers."""
    return {k: row[k] for k in CONTENT}


def hashed_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """What the chain's hash covers: the content and, on a signed row, its signature."""
    fields = content(row)
    if row.get("signature") is not None:
        fields["signer_key_id"] = row["signer_key_id"]
        fields["signature"] = row["signature"]
    return fields


async def record(
    actor: Principal,
    action: str,
    entity: str,
    entity_id: object,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """Append one event to the chain (joins the caller's transaction, or opens one).

    The snapshots are written (and the row hashed) before the chain's lock is taken, and in
    a worker thread when a record carries a large text such as a report's whole document.
    """
    config = checkpoints.current()
    key = config.key
    if _large(before) or _large(after):
        texts = await anyio.to_thread.run_sync(_snapshots, before, after)
    else:
        texts = _snapshots(before, after)
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
            # a request with an API token: the account that made the token, and which token
            "actor_login": actor.login
            if actor.token_id is None
            else f"{actor.login[:48]}#api{actor.token_id}",
            "actor_role": actor.role,
            "action": action,
            "entity": entity,
            "entity_id": str(entity_id),
            "before": texts[0],
            "after": texts[1],
            "ip": actor.ip,
        }
        large = len(texts[0] or "") + len(texts[1] or "") > _LARGE
        message = await anyio.to_thread.run_sync(signed_content, row) if large else signed_content(row)
        signed = await config.signer.sign(row["actor_id"], message)
        row["signer_key_id"], row["signature"] = signed.key_id, signed.value
        hashed = await anyio.to_thread.run_sync(digest, prev, row, key) if large else digest(prev, row, key)
        await AuditEvent.insert(AuditEvent(**row, prev_hash=prev, hash=hashed))


#: Records with a text longer than this are serialised and hashed in a worker thread.
_LARGE = 64 * 1024


def _large(values: Mapping[str, Any] | None) -> bool:
    return values is not None and any(isinstance(v, str) and len(v) > _LARGE for v in values.values())


def _snapshots(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> tuple[str | None, str | None]:
    return snapshot(before), snapshot(after)


@attrs.frozen
class ChainReport:
    events: int
    ok: bool
    first_bad_id: int | None = None
    reason: str | None = None
    #: Checkpoints in the file, and the time of the newest.
    checkpoints: int = 0
    last_checkpoint_at: str | None = None


class _Checkpoints:
    """The file's checkpoints, consumed in id order while the rows stream past."""

    def __init__(self, found: list[Checkpoint]) -> None:
        self.all = found
        self._pending = deque(sorted(found, key=lambda c: c.id))
        self.legacy_until = found[0].legacy_until if found else 0

    def check(self, row_id: int, row_hash: str, count: int) -> str | None:
        """Why the row at ``row_id`` (the ``count``-th) contradicts a checkpoint, or None."""
        while self._pending and self._pending[0].id <= row_id:
            cp = self._pending.popleft()
            if cp.id == 0:
                continue  # the empty chain's checkpoint, before any row
            if cp.id < row_id:
                return f"检查点记录的第 {cp.id} 条记录不存在（记录被删除）"
            if cp.hash != row_hash:
                return "记录的哈希与检查点不符（记录被替换）"
            if cp.count != count:
                return f"到此为止应有 {cp.count} 条记录，实际 {count} 条（有记录被删除或插入）"
        return None

    def beyond(self, last_id: int, count: int) -> str | None:
        """Why the end of the table contradicts the checkpoints still pending, or None."""
        ahead = [c for c in self._pending if c.id > 0]
        if not ahead:
            return None
        newest = max(ahead, key=lambda c: c.id)
        return (
            f"检查点记录到第 {newest.id} 条（共 {newest.count} 条），表中只到第 {last_id} 条"
            f"（共 {count} 条）：最新的记录被删除"
        )


async def verify() -> ChainReport:
    """Recompute the chain from the first row, and hold it against the checkpoints; report
    the first row that does not fit."""
    config = checkpoints.current()
    try:
        marks = _Checkpoints(checkpoints.read(config))
    except CheckpointError as exc:
        return ChainReport(0, False, None, str(exc))
    last_at = marks.all[-1].at if marks.all else None

    def report(count: int, ok: bool, bad_id: int | None = None, reason: str | None = None) -> ChainReport:
        return ChainReport(count, ok, bad_id, reason, len(marks.all), last_at)

    keys = await config.signer.public_keys()
    signing_began = False
    prev = GENESIS
    count = 0
    batch = 5000
    last_id = 0
    while True:
        rows = await AuditEvent.select().where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        for row in rows:
            count += 1
            if not marks.all:
                return report(count, False, row["id"], f"缺少审计检查点文件 {config.checkpoint_file}")
            if row["prev_hash"] != prev:
                return report(count, False, row["id"], "前一条记录的哈希不符（记录被删除或调换）")
            if row["signature"] is not None:
                signing_began = True
                problem = signature_problem(row, keys)
                if problem:
                    return report(count, False, row["id"], problem)
            elif signing_began:
                return report(count, False, row["id"], f"{describe(row)}缺少电子签名（记录被修改）")
            key = None if row["id"] <= marks.legacy_until else config.key
            if digest(prev, hashed_fields(row), key) != row["hash"]:
                return report(count, False, row["id"], "记录内容与哈希不符（记录被修改）")
            problem = marks.check(row["id"], row["hash"], count)
            if problem:
                return report(count, False, row["id"], problem)
            prev = row["hash"]
            last_id = row["id"]
        if len(rows) < batch:
            problem = marks.beyond(last_id, count)
            if problem:
                return report(count, False, None, problem)
            return report(count, True)


def describe(row: Mapping[str, Any]) -> str:
    """The record named for a person: ``第 12 条记录（worker_update worker 5，njhosp）：``."""
    return (
        f"第 {row['id']} 条记录（{row['action']} {row['entity']} {row['entity_id']}，{row['actor_login']}）："
    )


def signature_problem(row: Mapping[str, Any], keys: Mapping[str, PublicKey]) -> str | None:
    """Why ``row``'s electronic signature does not hold, naming the record, or None."""
    why = key_problem(
        keys.get(row["signer_key_id"] or ""),
        row["actor_id"],
        row["at"],
        signed_content(content(row)),
        row["signature"],
    )
    return None if why is None else f"{describe(row)}{why}"
