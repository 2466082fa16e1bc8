"""What an institution sees of the national sync (source 000 §5.3.4 第九步): the messages of
its own cards, scoped by the principal (another institution's card is "not found")."""

from __future__ import annotations

from typing import Any

from radrules_webshell.core.errors import NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.filings.cards.tables import ReportCard
from radrules_webshell.sync.tables import SyncMessage

STATE_LABELS = {
    "pending": "待发送",
    "sending": "发送中",
    "sent": "已发送",
    "failed": "失败（已放弃）",
    "cancelled": "已取消",
}
KIND_LABELS = {"data": "报送数据", "attachments": "附件"}
#: What the list shows; the payload (the card, the files) stays on the server.
_COLUMNS = (
    SyncMessage.id,
    SyncMessage.report_card,
    SyncMessage.kind,
    SyncMessage.state,
    SyncMessage.attempts,
    SyncMessage.last_error,
    SyncMessage.due_at,
    SyncMessage.sent_at,
    SyncMessage.created_at,
)


def _view(row: dict[str, Any]) -> dict[str, Any]:
    state = row["state"]
    if state == "pending" and row["attempts"]:
        label = f"待重试（已尝试 {row['attempts']} 次）"
    elif state == "pending" and row["last_error"]:
        label = "等待中"
    else:
        label = STATE_LABELS.get(state, state)
    return {
        "id": row["id"],
        "card_id": row["report_card"],
        "kind": row["kind"],
        "kind_label": KIND_LABELS.get(row["kind"], row["kind"]),
        "state": state,
        "state_label": label,
        "attempts": row["attempts"],
        "last_error": row["last_error"],
        # while a message is being sent, due_at holds the claim's lease, not a due time
        "due_at": row["due_at"] if state == "pending" else None,
        "sent_at": row["sent_at"],
        "created_at": row["created_at"],
    }


def _institution(user: Principal) -> int:
    if user.role != "institution" or user.institution_id is None:
        raise NotFound()
    return user.institution_id


async def card_messages(user: Principal, card_id: int) -> dict[str, Any]:
    """The card's sync dates and its messages, oldest first; 404 unless it is the user's."""
    card = (
        await ReportCard.select(
            ReportCard.id,
            ReportCard.qc_code,
            ReportCard.report_no,
            ReportCard.status,
            ReportCard.data_sent_on,
            ReportCard.attachments_sent_on,
        )
        .where((ReportCard.id == card_id) & (ReportCard.institution == _institution(user)))
        .first()
    )
    if card is None:
        raise NotFound("报送卡不存在")
    rows = (
        await SyncMessage.select(*_COLUMNS).where(SyncMessage.report_card == card_id).order_by(SyncMessage.id)
    )
    return {
        "card_id": card["id"],
        "qc_code": card["qc_code"],
        "report_no": card["report_no"],
        "status": card["status"],
        "data_sent_on": card["data_sent_on"],
        "attachments_sent_on": card["attachments_sent_on"],
        "fixed": card["attachments_sent_on"] is not None,
        "messages": [_view(r) for r in rows],
    }


async def outbox(user: Principal, *, state: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """The institution's messages, newest first, with each card's QC code and report number."""
    query = (
        SyncMessage.select(*_COLUMNS, SyncMessage.report_card.qc_code, SyncMessage.report_card.report_no)
        .where(SyncMessage.report_card.institution == _institution(user))
        .order_by(SyncMessage.id, ascending=False)
        .limit(limit)
    )
    if state:
        query = query.where(SyncMessage.state == state)
    out = []
    for row in await query:
        item = _view(row)
        item["qc_code"] = row["report_card.qc_code"]
        item["report_no"] = row["report_card.report_no"]
        out.append(item)
    return out
