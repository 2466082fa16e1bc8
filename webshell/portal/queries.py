"""Reading the portal: the public lists and pages (published articles only, no login), and
the manager's list of its division's articles in every state (source 001 §2.3.2)."""

from __future__ import annotations

from typing import Any

from radrules_webshell.core import divisions
from radrules_webshell.core.errors import Forbidden, Invalid, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.portal.service import KINDS, STATUSES, managed, manager_prefix
from radrules_webshell.portal.tables import PortalArticle, PortalAttachment
from radrules_webshell.uploads.tables import Upload

PAGE_SIZE = 20


def _page(value: Any) -> int:
    text = str(value or "1")
    if not text.isdigit() or not 1 <= int(text) <= 10_000:
        raise Invalid("页码应为 1～10000 的整数", errors={"page": "页码应为 1～10000 的整数"})
    return int(text)


def _kind(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if value not in KINDS:
        raise Invalid(f"栏目应为 {'、'.join(KINDS)} 之一", errors={"kind": "没有这个栏目"})
    return str(value)


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "kind": row["kind"],
        "kind_label": KINDS.get(row["kind"], row["kind"]),
        "title": row["title"],
        "status": row["status"],
        "status_label": STATUSES.get(row["status"], row["status"]),
        "published_at": row["published_at"].isoformat() if row["published_at"] else None,
        "publisher": divisions.place(row["division_code"]) if row["division_code"] else "系统管理员",
    }


async def public_list(kind: Any = None, page: Any = None) -> dict[str, Any]:
    """Published articles, newest first, :data:`PAGE_SIZE` a page, optionally of one kind."""
    chosen, number = _kind(kind), _page(page)
    where: Any = PortalArticle.status == "published"
    if chosen:
        where = where & (PortalArticle.kind == chosen)
    total = await PortalArticle.count().where(where)
    rows = (
        await PortalArticle.select(*_LIST_COLUMNS)
        .where(where)
        .order_by(PortalArticle.published_at, ascending=False)
        .order_by(PortalArticle.id, ascending=False)
        .limit(PAGE_SIZE)
        .offset((number - 1) * PAGE_SIZE)
    )
    return {
        "kind": chosen,
        "page": number,
        "total": total,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "items": [_summary(r) for r in rows],
    }


_LIST_COLUMNS = (
    PortalArticle.id,
    PortalArticle.kind,
    PortalArticle.title,
    PortalArticle.status,
    PortalArticle.published_at,
    PortalArticle.division_code,
)


async def _attachments(article_id: int) -> list[dict[str, Any]]:
    rows = (
        await PortalAttachment.select(
            PortalAttachment.id,
            PortalAttachment.upload.original_name,
            PortalAttachment.upload.size,
            PortalAttachment.upload.media_type,
        )
        .where(PortalAttachment.article == article_id)
        .order_by(PortalAttachment.id)
    )
    return [
        {
            "id": r["id"],
            "filename": r["upload.original_name"],
            "size": r["upload.size"],
            "media_type": r["upload.media_type"],
        }
        for r in rows
    ]


async def detail(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **_summary(row),
        "body": row["body"],
        "version": row["version"],
        "attachments": await _attachments(row["id"]),
    }


async def public_article(article_id: int) -> dict[str, Any]:
    """A published article with its attachments; a draft or withdrawn one is not found."""
    row = (
        await PortalArticle.select()
        .where((PortalArticle.id == article_id) & (PortalArticle.status == "published"))
        .first()
    )
    if row is None:
        raise NotFound("文章不存在或已撤回")
    return await detail(row)


async def attachment_upload(article_id: int, attachment_id: int, user: Principal | None) -> dict[str, Any]:
    """The upload row of an attachment: of a published article for anyone, of any state for
    its manager; else 404."""
    published = await PortalArticle.exists().where(
        (PortalArticle.id == article_id) & (PortalArticle.status == "published")
    )
    if not published:
        if user is None:
            raise NotFound("附件不存在")
        try:
            await managed(user, article_id)
        except (Forbidden, NotFound):
            raise NotFound("附件不存在") from None
    link = (
        await PortalAttachment.select(PortalAttachment.upload)
        .where((PortalAttachment.id == attachment_id) & (PortalAttachment.article == article_id))
        .first()
    )
    upload = await Upload.select().where(Upload.id == link["upload"]).first() if link else None
    if upload is None:
        raise NotFound("附件不存在")
    return upload


async def managed_list(user: Principal, kind: Any = None, status: Any = None) -> list[dict[str, Any]]:
    """The manager's articles in every state, newest first (at most 500)."""
    prefix = manager_prefix(user)
    where: Any = PortalArticle.division_code.like(f"{prefix}%")
    chosen = _kind(kind)
    if chosen:
        where = where & (PortalArticle.kind == chosen)
    if status not in (None, ""):
        if status not in STATUSES:
            raise Invalid("状态应为 draft、published 或 withdrawn", errors={"status": "没有这个状态"})
        where = where & (PortalArticle.status == status)
    rows = (
        await PortalArticle.select(*_LIST_COLUMNS)
        .where(where)
        .order_by(PortalArticle.id, ascending=False)
        .limit(500)
    )
    return [_summary(r) for r in rows]
