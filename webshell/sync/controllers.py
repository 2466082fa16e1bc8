"""The institution's view of the national sync: ``GET /api/cards/{card_id}/sync`` and the
page ``/institution/sync`` (source 000 §5.3.4 第九步)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import attrs
from litestar import Controller, Request, get
from litestar.params import FromPath, QueryParameter
from litestar.response import Template
from radrules_webshell.core.guards import api_csrf, role
from radrules_webshell.core.web import render, user_of
from radrules_webshell.sync import service


@attrs.frozen(kw_only=True)
class SyncMessageOut:
    id: int
    kind: str
    kind_label: str
    state: str
    state_label: str
    attempts: int
    last_error: str | None
    due_at: datetime | None
    sent_at: datetime | None
    created_at: datetime


@attrs.frozen(kw_only=True)
class CardSyncOut:
    card_id: int
    qc_code: str | None
    report_no: str
    status: str
    data_sent_on: date | None
    attachments_sent_on: date | None
    #: True once the attachments are sent: the card can no longer change.
    fixed: bool
    messages: list[SyncMessageOut]


def _message(item: dict[str, Any]) -> SyncMessageOut:
    fields = attrs.fields_dict(SyncMessageOut)
    return SyncMessageOut(**{k: v for k, v in item.items() if k in fields})


class SyncApi(Controller):
    path = "/api/cards"
    guards = [role("institution"), api_csrf]
    tags = ["国家系统上报"]

    @get("/{card_id:int}/sync", summary="报送卡上报国家系统的状态：数据和附件的发送、重试、失败原因")
    async def card_sync(self, request: Request[Any, Any, Any], card_id: FromPath[int]) -> CardSyncOut:
        data = await service.card_messages(user_of(request), card_id)
        return CardSyncOut(**{**data, "messages": [_message(m) for m in data["messages"]]})


class SyncPages(Controller):
    path = "/institution/sync"
    guards = [role("institution")]
    include_in_schema = False

    @get("/")
    async def outbox(
        self,
        request: Request[Any, Any, Any],
        wanted: Annotated[str | None, QueryParameter(name="state", required=False)] = None,
    ) -> Template:
        user = user_of(request)
        chosen = wanted if wanted in service.STATE_LABELS else None
        return render(
            request,
            "institution/sync.html",
            nav="sync",
            rows=await service.outbox(user, state=chosen),
            state=chosen or "",
            states=service.STATE_LABELS,
        )
