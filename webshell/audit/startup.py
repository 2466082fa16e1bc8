"""The audit trail's first checkpoint at start-up (issue 12, finding 11).

It reads the chain (:mod:`.checkpoints`) and may write an audit event (:mod:`.service`),
so it sits above both; neither of them imports the other's start-up.
"""

from __future__ import annotations

from datetime import UTC, datetime

from radrules_webshell.audit import checkpoints, service
from radrules_webshell.audit.tables import AuditEvent
from radrules_webshell.core.principal import Principal


async def start_checkpoints() -> None:
    """At start-up: the first checkpoint, when the file does not exist yet.

    A chain whose newest row is not keyed was written before keying; the rows up to it stay
    plain SHA-256 (``legacy_until``). Either way, if the database already has rows, an
    ``audit_checkpoints_started`` event records that checkpoints began here.
    """
    config = checkpoints.current()
    if checkpoints.checkpoint_ends(config) is not None:
        return
    head = await AuditEvent.select().order_by(AuditEvent.id, ascending=False).first()
    legacy_until = 0
    if head is not None:
        fields = service.hashed_fields(head)
        if checkpoints.digest(head["prev_hash"], fields, config.key) != head["hash"]:
            legacy_until = int(head["id"])
        system = Principal(account_id=0, login="system", name="系统", role="admin")
        await service.record(
            system,
            "audit_checkpoints_started",
            "audit_event",
            head["id"],
            after={"legacy_until": legacy_until, "checkpoint_file": str(config.checkpoint_file)},
        )
    head_id, head_hash, count = await checkpoints.chain_head()
    at = datetime.now(UTC).isoformat(timespec="seconds")
    checkpoints.append_checkpoint(config, checkpoints.Checkpoint(head_id, head_hash, count, at, legacy_until))
