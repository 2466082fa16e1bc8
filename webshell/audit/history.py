"""One record's history in the audit trail, each entry checked against its signer's public
key (source 001 module 11 电子签名: 所有数据录入、修改均需进行电子签名; docs/signature.md).

``radrules admin verify-audit --entity worker --id 5`` prints it: every write of that record,
who made it, with which key, and whether the signature holds — beside the whole chain's check
(:func:`.service.verify`), which also finds rows removed or inserted.
"""

from __future__ import annotations

import attrs
from radrules_webshell.audit import checkpoints
from radrules_webshell.audit.service import signature_problem
from radrules_webshell.audit.tables import AuditEvent

#: A record with more audit rows than this is checked in full but listed to this many.
MAX_ENTRIES = 10_000


@attrs.frozen
class Entry:
    id: int
    at: str
    actor_login: str
    action: str
    signer_key_id: str | None
    #: None: the signature holds; else why not (or that the row has none).
    problem: str | None


async def history(entity: str, entity_id: str) -> list[Entry]:
    """Every audit row of ``entity`` ``entity_id``, oldest first, with its signature checked."""
    keys = await checkpoints.current().signer.public_keys()
    rows = (
        await AuditEvent.select()
        .where((AuditEvent.entity == entity) & (AuditEvent.entity_id == entity_id))
        .order_by(AuditEvent.id)
        .limit(MAX_ENTRIES)
    )
    return [
        Entry(
            row["id"],
            row["at"],
            row["actor_login"],
            row["action"],
            row["signer_key_id"],
            "没有电子签名（签名功能启用前写入）"
            if row["signature"] is None
            else signature_problem(row, keys),
        )
        for row in rows
    ]
