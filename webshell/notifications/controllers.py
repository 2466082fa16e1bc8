"""The inbox: pages ``/inbox`` and the JSON API ``/api/inbox`` (docs/notifications.md).

Every logged-in account has one; it holds the messages for the account and for its
organisation (a unit's messages are seen, and read, by each of the unit's accounts).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import attrs
from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template
from radrules_webshell.core.guards import api_csrf, logged_in
from radrules_webshell.core.web import redirect, render, user_of
from radrules_webshell.notifications import service

PAGE_SIZE = 20


@attrs.frozen(kw_only=True)
class MessageOut:
    id: int
    kind: str
    title: str
    body: str
    #: A page of this site the message is about, or None.
    link: str | None
    created_at: datetime
    read: bool


@attrs.frozen(kw_only=True)
class InboxOut:
    items: list[MessageOut]
    total: int
    unread: int
    page: int
    page_size: int


@attrs.frozen
class UnreadOut:
    unread: int


@attrs.frozen
class MarkedOut:
    marked: int


def _out(row: dict[str, Any]) -> MessageOut:
    return MessageOut(**{k: row[k] for k in attrs.fields_dict(MessageOut)})


Page = Annotated[int, QueryParameter(ge=1, le=100_000)]
Size = Annotated[int, QueryParameter(ge=1, le=100)]
Kind = Annotated[str | None, QueryParameter(max_length=60, required=False)]


class InboxApi(Controller):
    path = "/api/inbox"
    guards = [logged_in, api_csrf]
    tags = ["消息"]

    @get("/", summary="站内消息：本账号和本单位的消息，新的在前；unread=true 只看未读")
    async def inbox(
        self,
        request: Request[Any, Any, Any],
        unread: FromQuery[bool] = False,
        kind: Kind = None,
        page: Page = 1,
        page_size: Size = PAGE_SIZE,
    ) -> InboxOut:
        data = await service.inbox(
            user_of(request), unread_only=unread, kind=kind, page=page, page_size=page_size
        )
        return InboxOut(**{**data, "items": [_out(r) for r in data["items"]]})

    @get("/unread-count", summary="未读消息条数（页面顶部显示的数字）")
    async def unread_count(self, request: Request[Any, Any, Any]) -> UnreadOut:
        return UnreadOut(await service.unread_count(user_of(request)))

    @get("/{notification_id:int}", summary="一条消息（不改变已读状态）")
    async def message(self, request: Request[Any, Any, Any], notification_id: FromPath[int]) -> MessageOut:
        return _out(await service.get(user_of(request), notification_id))

    @post("/{notification_id:int}/read", summary="标为已读", status_code=204)
    async def mark_read(self, request: Request[Any, Any, Any], notification_id: FromPath[int]) -> None:
        await service.mark_read(user_of(request), notification_id)

    @post("/read-all", summary="全部标为已读", status_code=200)
    async def mark_all_read(self, request: Request[Any, Any, Any]) -> MarkedOut:
        return MarkedOut(await service.mark_all_read(user_of(request)))


class InboxPages(Controller):
    path = "/inbox"
    guards = [logged_in]
    include_in_schema = False

    @get("/")
    async def inbox(
        self, request: Request[Any, Any, Any], unread: FromQuery[bool] = False, page: Page = 1
    ) -> Template:
        data = await service.inbox(user_of(request), unread_only=unread, page=page, page_size=PAGE_SIZE)
        pages = max((data["total"] + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        return render(request, "inbox/list.html", nav="inbox", data=data, unread_only=unread, pages=pages)

    @get("/{notification_id:int}")
    async def message(self, request: Request[Any, Any, Any], notification_id: FromPath[int]) -> Template:
        user = user_of(request)
        row = await service.get(user, notification_id)
        await service.mark_read(user, notification_id)
        return render(
            request, "inbox/message.html", nav="inbox", row=row, unread=await service.unread_count(user)
        )

    @post("/{notification_id:int}/read")
    async def mark_read(self, request: Request[Any, Any, Any], notification_id: FromPath[int]) -> Redirect:
        await service.mark_read(user_of(request), notification_id)
        return redirect("/inbox", "read")

    @post("/read-all")
    async def mark_all_read(self, request: Request[Any, Any, Any]) -> Redirect:
        await service.mark_all_read(user_of(request))
        return redirect("/inbox", "all_read")
