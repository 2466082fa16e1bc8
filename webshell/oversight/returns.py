"""The provincial reviewer (省疾控) returns a submitted card to its institution, with a reason.

The transition and its rule (only a submitted card, never a fixed one, a reason required)
are :func:`radrules.return_card`; here the card row is read, changed and audited
in one transaction, its version bumped so that a stale form elsewhere is refused, and the
messages still waiting for the national system are cancelled: a returned card is no
longer a submission (source 000 §5.3.4 第九步 sends only submitted data). Regulators
(卫健委) only read; only the reviewer role may return.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from radrules_webshell.audit import service as audit
from radrules_webshell.core.errors import Conflict, Forbidden, Invalid
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.filings.cards.documents import card_columns, card_from_row
from radrules_webshell.filings.cards.tables import ReportCard
from radrules_webshell.oversight.cards import card_row
from radrules_webshell.sync.outbox import cancel_pending

from radrules import TransitionRefused, return_card

MAX_REASON = 1000
#: Columns copied into the audit trail (the document is large and follows from them).
AUDITED = ("status", "status_under_lock", "return_reason", "version", "qc_code", "report_no")


async def return_to_institution(
    user: Principal, card_id: int, reason: str, *, version: int | None = None
) -> dict[str, Any]:
    """退回: the card's new status and version. ``version``, when given, must be the current one."""
    if user.role not in ("reviewer", "admin"):
        raise Forbidden("只有省级审核（疾控）可以退回报送卡")
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise Invalid(errors={"reason": f"退回原因不能超过 {MAX_REASON} 个字符"})
    now = datetime.now(UTC)
    async with atomic():
        row = await card_row(user, card_id)
        if version is not None and version != row["version"]:
            raise Conflict("报送卡已被修改，请刷新页面后重试")
        try:
            transition = return_card(card_from_row(row), actor=user.login, at=now, reason=reason)
        except TransitionRefused as exc:
            if not reason:
                raise Invalid(errors={"reason": exc.message}) from None
            raise Conflict(exc.message) from None
        values = card_columns(transition.card) | {
            "return_reason": reason,
            "version": row["version"] + 1,
            "updated_at": now,
        }
        changed = await (
            ReportCard.update({getattr(ReportCard, k): v for k, v in values.items()})
            .where((ReportCard.id == card_id) & (ReportCard.version == row["version"]))
            .returning(ReportCard.id)
        )
        if not changed:
            # another transaction changed the card after we read it (PostgreSQL, read committed)
            raise Conflict("报送卡已被修改，请刷新页面后重试")
        await cancel_pending(card_id)
        await audit.record(
            user,
            "return",
            "report_card",
            card_id,
            before={k: row[k] for k in AUDITED},
            after={k: values.get(k, row[k]) for k in AUDITED},
        )
    return {"id": card_id, "status": values["status"], "version": values["version"], "return_reason": reason}
