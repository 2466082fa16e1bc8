"""What the national system receives (source 000 §5.3.4 第九步): the card's data first, its
stamped attachments later.

Every message is one JSON object::

    {"format": "radrules-sync/1", "message_id": 17, "kind": "data", "card_id": 5,
     "qc_code": "…", "report_card": {…the card as radrules JSON…}}

    {"format": "radrules-sync/1", "message_id": 18, "kind": "attachments", "card_id": 5,
     "qc_code": "…", "attachments": [{"kind": "stamped_card", "filename": "…", "media_type":
     "application/pdf", "size": 1234, "sha256": "…", "content_base64": "…"}, …]}

The outbox row keeps what is fixed: the card JSON of a data message (queued with the
submission), the list of files of an attachments message (without their bytes, taken when
the message is first due). The bytes are read from the upload store at each attempt and
checked against the recorded SHA-256, so the message is self-contained (a receiver needs no
access to this server) and a changed or missing file is a visible failure, never a silent
substitute.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import orjson
from radrules_webshell.filings.cards.tables import CardAttachment
from radrules_webshell.filings.reports.documents import dumps
from radrules_webshell.settings import Settings
from radrules_webshell.uploads import storage

from radrules import ReportCard

FORMAT = "radrules-sync/1"


class PayloadError(Exception):
    """The message cannot be built (a file is missing or changed, a payload is not JSON)."""


def data_payload(card: ReportCard) -> str:
    """The payload to queue with :func:`.outbox.enqueue_card` when ``card`` is submitted."""
    return dumps(card)


async def attachment_files(card_id: int) -> list[dict[str, Any]]:
    """The card's stamped copies as recorded (no bytes), oldest first."""
    rows = (
        await CardAttachment.select(
            CardAttachment.kind,
            CardAttachment.upload.original_name,
            CardAttachment.upload.media_type,
            CardAttachment.upload.size,
            CardAttachment.upload.sha256,
            CardAttachment.upload.stored_name,
        )
        .where(CardAttachment.report_card == card_id)
        .order_by(CardAttachment.id)
        .output(nested=True)
    )
    return [
        {
            "kind": r["kind"],
            "filename": r["upload"]["original_name"],
            "media_type": r["upload"]["media_type"],
            "size": r["upload"]["size"],
            "sha256": r["upload"]["sha256"],
            "stored_name": r["upload"]["stored_name"],
        }
        for r in rows
    ]


def body(message: dict[str, Any], qc_code: str | None, settings: Settings) -> bytes:
    """The JSON bytes sent for an outbox row (``id``, ``kind``, ``report_card``, ``payload``)."""
    head: dict[str, Any] = {
        "format": FORMAT,
        "message_id": message["id"],
        "kind": message["kind"],
        "card_id": message["report_card"],
        "qc_code": qc_code,
    }
    try:
        payload = orjson.loads(message["payload"])
    except orjson.JSONDecodeError as exc:
        raise PayloadError(f"待上报内容不是有效的 JSON：{exc}") from exc
    if message["kind"] == "data":
        head["report_card"] = payload
    else:
        head["attachments"] = [_with_content(item, settings) for item in payload]
    return orjson.dumps(head)


def _with_content(item: dict[str, Any], settings: Settings) -> dict[str, Any]:
    try:
        content = storage.read_bytes(item["stored_name"], settings)
    except (OSError, ValueError) as exc:
        raise PayloadError(
            f"附件“{item['filename']}”的文件无法读取：{getattr(exc, 'strerror', None) or exc}"
        ) from exc
    if hashlib.sha256(content).hexdigest() != item["sha256"]:
        raise PayloadError(f"附件“{item['filename']}”的文件与上传时的 SHA-256 不符，已停止上报")
    out = {k: v for k, v in item.items() if k != "stored_name"}
    out["content_base64"] = base64.b64encode(content).decode("ascii")
    return out
