"""Publishing on the portal (source 001 §2.3.2, module 1): who manages which articles, and
the writes — create, change, 发布, 撤回, delete, attachments — each audited.

Articles are managed by the health administration of a city or the province (source 001
§2.4.3: the city's administrators; a county publishes through its city) and by the system
administrator. A manager sees and changes the articles of its own division (a city
``3201``: every article published under ``3201…``); everyone, logged in or not, reads the
published ones.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from radrules_webshell.accounts.tables import Authority
from radrules_webshell.audit import service as audit
from radrules_webshell.core.errors import Conflict, Forbidden, Invalid, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.db.transaction import atomic
from radrules_webshell.portal.tables import PortalArticle, PortalAttachment
from radrules_webshell.settings import Settings
from radrules_webshell.training.shared.files import discard_after, read_upload, staged
from radrules_webshell.uploads import service as uploads
from radrules_webshell.uploads.tables import Upload

KINDS = {"news": "新闻信息", "notice": "通知消息", "policy": "政策文件"}
STATUSES = {"draft": "未发布", "published": "已发布", "withdrawn": "已撤回"}
MAX_TITLE = 200
MAX_BODY = 20_000
MAX_ATTACHMENTS = 10
PURPOSE = "portal_attachment"


def manager_prefix(user: Principal) -> str:
    """The division prefix whose articles ``user`` manages: a city's or the province's
    regulator (``3201``, ``32``), the administrator everything (``''``); anyone else 403."""
    if user.role == "admin":
        return ""
    if user.role == "regulator" and user.authority_id is not None and 0 < len(user.division_prefix) <= 4:
        return user.division_prefix
    raise Forbidden("门户由市级（或省级）卫生健康行政部门管理员发布和维护")


def parse(data: dict[str, Any]) -> dict[str, Any]:
    """Kind, title and body from a form or JSON body; 400 naming each field that is wrong."""
    errors: dict[str, str] = {}
    kind = str(data.get("kind") or "").strip()
    title = str(data.get("title") or "").strip()
    body = str(data.get("body") or "").replace("\r\n", "\n").strip()
    if kind not in KINDS:
        errors["kind"] = f"请选择栏目：{'、'.join(KINDS.values())}"
    if not title:
        errors["title"] = "请填写标题"
    elif len(title) > MAX_TITLE:
        errors["title"] = f"标题不能超过 {MAX_TITLE} 个字（现 {len(title)} 个）"
    if len(body) > MAX_BODY:
        errors["body"] = f"正文不能超过 {MAX_BODY} 个字（现 {len(body)} 个）"
    if errors:
        raise Invalid("文章未保存，请按提示修改", errors=errors)
    return {"kind": kind, "title": title, "body": body}


async def managed(user: Principal, article_id: int, *, lock: bool = False) -> dict[str, Any]:
    """The article ``user`` manages with this id; 404 otherwise (another city's is not found)."""
    prefix = manager_prefix(user)
    query = PortalArticle.select().where(
        (PortalArticle.id == article_id) & PortalArticle.division_code.like(f"{prefix}%")
    )
    if lock and not is_sqlite(PortalArticle._meta.db):
        query = query.lock_rows()
    row = await query.first()
    if row is None:
        raise NotFound("文章不存在或不由本单位管理")
    return row


async def create(user: Principal, values: dict[str, Any]) -> int:
    """A new article (未发布) of the manager's authority."""
    manager_prefix(user)
    division = ""
    if user.authority_id is not None:
        authority = (
            await Authority.select(Authority.division_code).where(Authority.id == user.authority_id).first()
        )
        division = authority["division_code"] if authority else ""
    async with atomic():
        inserted = await PortalArticle.insert(
            PortalArticle(
                **values,
                authority=user.authority_id,
                division_code=division,
                status="draft",
                created_by=user.account_id or None,
            )
        ).returning(PortalArticle.id)
        article_id = int(inserted[0]["id"])
        await audit.record(user, "portal_create", "portal_article", article_id, after=values)
    return article_id


def _require_version(row: dict[str, Any], version: int | None) -> None:
    if version is not None and version != row["version"]:
        raise Conflict("文章刚被修改过，请刷新页面后重试")


async def update(
    user: Principal, article_id: int, values: dict[str, Any], version: int | None = None
) -> None:
    """Change an article in any state (a published one stays published, changed)."""
    async with atomic():
        row = await managed(user, article_id, lock=True)
        _require_version(row, version)
        changed = {**values, "version": row["version"] + 1, "updated_at": datetime.now(UTC)}
        await PortalArticle.update(changed).where(PortalArticle.id == article_id)  # type: ignore[arg-type]
        await audit.record(
            user,
            "portal_update",
            "portal_article",
            article_id,
            before={k: row[k] for k in values},
            after=values,
        )


async def set_status(user: Principal, article_id: int, status: str) -> None:
    """发布 (a draft or a withdrawn article) or 撤回 (a published one)."""
    allowed = {"published": ("draft", "withdrawn"), "withdrawn": ("published",)}
    async with atomic():
        row = await managed(user, article_id, lock=True)
        if row["status"] not in allowed[status]:
            action = "发布" if status == "published" else "撤回"
            raise Conflict(f"文章当前为“{STATUSES[row['status']]}”，不能{action}")
        changed: dict[str, Any] = {
            "status": status,
            "version": row["version"] + 1,
            "updated_at": datetime.now(UTC),
        }
        if status == "published":
            changed["published_at"] = datetime.now(UTC)
        await PortalArticle.update(changed).where(PortalArticle.id == article_id)  # type: ignore[arg-type]
        await audit.record(
            user,
            "portal_publish" if status == "published" else "portal_withdraw",
            "portal_article",
            article_id,
            before={"status": row["status"]},
            after={"status": status},
        )


async def delete(user: Principal, article_id: int, settings: Settings) -> None:
    """Delete an article that is not published, with its attachments."""
    async with atomic():
        row = await managed(user, article_id, lock=True)
        if row["status"] == "published":
            raise Conflict("已发布的文章须先撤回再删除")
        files = await _attachment_uploads(article_id)
        await PortalArticle.delete().where(PortalArticle.id == article_id)
        if files:
            await Upload.delete().where(Upload.id.is_in([f["id"] for f in files]))
        await audit.record(
            user,
            "portal_delete",
            "portal_article",
            article_id,
            before={"title": row["title"], "kind": row["kind"], "attachments": len(files)},
        )
    discard_after(files, settings)


async def _attachment_uploads(article_id: int) -> list[dict[str, Any]]:
    links = await PortalAttachment.select(PortalAttachment.upload).where(
        PortalAttachment.article == article_id
    )
    ids = [link["upload"] for link in links]
    return list(await Upload.select().where(Upload.id.is_in(ids))) if ids else []


async def attach(user: Principal, article_id: int, upload: Any, settings: Settings) -> int:
    """附件: a PDF or an image (by content), at most :data:`MAX_ATTACHMENTS` per article."""
    await managed(user, article_id)
    data, media_type, ext, name = await read_upload(upload, settings)
    async with staged(settings) as stage, atomic():
        row = await managed(user, article_id, lock=True)
        count = await PortalAttachment.count().where(PortalAttachment.article == article_id)
        if count >= MAX_ATTACHMENTS:
            raise Invalid(f"每篇文章最多 {MAX_ATTACHMENTS} 个附件", errors={"file": f"已有 {count} 个附件"})
        stored = stage(data, media_type, ext, name)
        upload_id = await uploads.insert(stored, PURPOSE, institution_id=None, account_id=user.account_id)
        inserted = await PortalAttachment.insert(
            PortalAttachment(article=article_id, upload=upload_id)
        ).returning(PortalAttachment.id)
        await PortalArticle.update({PortalArticle.version: row["version"] + 1}).where(
            PortalArticle.id == article_id
        )
        attachment_id = int(inserted[0]["id"])
        await audit.record(
            user,
            "portal_attach",
            "portal_article",
            article_id,
            after={"attachment": attachment_id, "filename": stored.original_name, "sha256": stored.sha256},
        )
    return attachment_id


async def detach(user: Principal, article_id: int, attachment_id: int, settings: Settings) -> None:
    """Remove one attachment of an article the user manages."""
    async with atomic():
        await managed(user, article_id, lock=True)
        link = (
            await PortalAttachment.select()
            .where((PortalAttachment.id == attachment_id) & (PortalAttachment.article == article_id))
            .first()
        )
        if link is None:
            raise NotFound("附件不存在")
        files = list(await Upload.select().where(Upload.id == link["upload"]))
        await PortalAttachment.delete().where(PortalAttachment.id == attachment_id)
        await Upload.delete().where(Upload.id == link["upload"])
        await audit.record(
            user,
            "portal_detach",
            "portal_article",
            article_id,
            before={"attachment": attachment_id, "filename": files[0]["original_name"] if files else None},
        )
    discard_after(files, settings)
