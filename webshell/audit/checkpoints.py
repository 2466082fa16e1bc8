"""The audit chain's key and its checkpoints: what makes the trail tamper-evident to
someone who can write the database (issue 12, finding 11).

- **The key** (``RADRULES_AUDIT_KEY``, else ``<data dir>/audit.key`` generated once) keys
  the chain's HMAC-SHA256. It is never in the database, so a database writer who edits,
  inserts or removes a row cannot recompute the hashes that follow.
- **Checkpoints** of the chain's head — its id, hash and the number of rows up to it,
  signed with the key — are appended to a file (``RADRULES_AUDIT_CHECKPOINTS``, default
  ``<data dir>/audit-checkpoints.jsonl``) at start-up, every ``audit_checkpoint_seconds``
  while the chain grows, at shutdown and after each ``radrules admin`` command. Rows
  deleted from the end of the chain (which leaves the rest intact) no longer match the
  last checkpoint; neither does a table with rows taken out and the ids renumbered.

A database written before the chain was keyed keeps its first rows hashed with plain
SHA-256: the first checkpoint records up to which id (``legacy_until``), signed, and the
start-up that writes it appends an ``audit_checkpoints_started`` event saying so.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
from piccolo.engine.base import Engine
from radrules_webshell.audit.tables import AuditEvent
from radrules_webshell.core.key_file import key_in
from radrules_webshell.core.periodic import Periodic
from radrules_webshell.settings import Settings
from radrules_webshell.signing.keys import Signer

log = logging.getLogger(__name__)

GENESIS = "0" * 64


@attrs.frozen
class AuditConfig:
    key: bytes
    checkpoint_file: Path
    #: Signs every record with the acting account's key (docs/signature.md).
    signer: Signer


_configs: dict[int, tuple[Engine[Any], AuditConfig]] = {}


def configure(engine: Engine[Any], settings: Settings, signer: Signer | None = None) -> AuditConfig:
    """Use ``settings``' key, checkpoint file and signer (``RADRULES_SIGNER``, unless one is
    given) for the audit trail in ``engine``'s database."""
    # imported here: the plugin manager loads every web-shell hook, and its modules need the
    # tables bound (piccolo_conf), which a command only does once its settings are read
    from radrules_webshell import hooks

    key = (
        settings.audit_key.encode("utf-8")
        if settings.audit_key
        else key_in(settings.audit_key_file, "审计链")
    )
    config = AuditConfig(key, settings.audit_checkpoints, signer or hooks.signer(settings))
    _configs[id(engine)] = (engine, config)
    return config


def current() -> AuditConfig:
    """The configuration of the database the tables are bound to."""
    found = _configs.get(id(AuditEvent._meta.db))
    if found is None:
        raise RuntimeError("audit trail not configured for this database (checkpoints.configure)")
    return found[1]


def digest(prev_hash: str, fields: dict[str, Any], key: bytes | None) -> str:
    """A row's hash: HMAC-SHA256 with ``key`` over the previous hash and the row's content
    (plain SHA-256 when ``key`` is None: rows written before the chain was keyed)."""
    body = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    message = f"{prev_hash}\n{body}".encode()
    if key is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@attrs.frozen
class Checkpoint:
    id: int
    hash: str
    count: int
    at: str
    legacy_until: int = 0


class CheckpointError(Exception):
    """The checkpoint file cannot be trusted (a line altered, or not ours)."""


def _signature(cp: Checkpoint, key: bytes) -> str:
    text = json.dumps(attrs.asdict(cp), sort_keys=True, separators=(",", ":"))
    return hmac.new(key, f"audit-checkpoint\n{text}".encode(), hashlib.sha256).hexdigest()


def read(config: AuditConfig) -> list[Checkpoint]:
    """Every checkpoint in the file, in order; :class:`CheckpointError` for a bad line."""
    try:
        text = config.checkpoint_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [
        _parse(line, config.key, f"第{number}行")
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip()
    ]


def append_checkpoint(config: AuditConfig, cp: Checkpoint) -> None:
    line = json.dumps({**attrs.asdict(cp), "mac": _signature(cp, config.key)}, sort_keys=True) + "\n"
    config.checkpoint_file.parent.mkdir(parents=True, exist_ok=True)
    # One write() of one short line with O_APPEND: lines from several processes never mix.
    fd = os.open(config.checkpoint_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


async def chain_head() -> tuple[int, str, int]:
    """Id and hash of the newest row and the number of rows, read in one statement."""
    rows = await AuditEvent.raw(
        "SELECT id, hash, (SELECT COUNT(*) FROM audit_event) AS n FROM audit_event ORDER BY id DESC LIMIT 1"
    )
    if not rows:
        return 0, GENESIS, 0
    return int(rows[0]["id"]), str(rows[0]["hash"]), int(rows[0]["n"])


def _parse(line: str, key: bytes, where: str) -> Checkpoint:
    try:
        data = json.loads(line)
        mac = data.pop("mac")
        cp = Checkpoint(**data)
    except (ValueError, TypeError, KeyError, AttributeError):
        raise CheckpointError(f"检查点文件{where}无法读取") from None
    if not hmac.compare_digest(str(mac), _signature(cp, key)):
        raise CheckpointError(f"检查点文件{where}的签名不符（被修改，或不是本系统的密钥签的）")
    return cp


def checkpoint_ends(config: AuditConfig) -> tuple[Checkpoint, Checkpoint] | None:
    """The file's first and last checkpoints, read without reading the whole file."""
    try:
        with config.checkpoint_file.open("rb") as f:
            first = f.readline().decode("utf-8")
            size = f.seek(0, os.SEEK_END)
            f.seek(max(0, size - 4096))
            tail = f.read().decode("utf-8", "replace").rstrip("\n").rsplit("\n", 1)[-1]
    except FileNotFoundError:
        return None
    if not first.strip():
        return None
    return _parse(first, config.key, "第1行"), _parse(tail, config.key, "最后一行")


async def write() -> Checkpoint | None:
    """Append a checkpoint of the head if it moved since the file's last one; the new one."""
    config = current()
    ends = checkpoint_ends(config)
    head_id, head_hash, count = await chain_head()
    if ends is not None and (ends[1].id, ends[1].hash, ends[1].count) == (head_id, head_hash, count):
        return None
    at = datetime.now(UTC).isoformat(timespec="seconds")
    cp = Checkpoint(head_id, head_hash, count, at, ends[0].legacy_until if ends else 0)
    append_checkpoint(config, cp)
    return cp


class PeriodicCheckpoints(Periodic["Checkpoint | None"]):
    """The app's background task writing a checkpoint every ``audit_checkpoint_seconds``
    (in one server process at a time, :mod:`..core.periodic`), and one at shutdown."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(
            "radrules-audit-checkpoints", settings.audit_checkpoint_seconds, write, stop_timeout=30
        )

    async def stop(self) -> None:
        await super().stop()
        try:
            await write()
        except Exception:
            log.exception("audit checkpoint at shutdown failed")
