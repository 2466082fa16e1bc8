"""资质附件 of a unit's register (source 001 module 3: 机构基本信息及资质附件; modules 4–8 for
the licence, device and worker files): stored through the upload staging (the file appears
with its row, or not at all), downloaded only within the unit's scope, removed with audit."""

from __future__ import annotations

from typing import Any

from litestar.response import File
from radrules_webshell.audit import service as audit
from radrules_webshell.clients.tables import Device, Worker
from radrules_webshell.core.errors import Invalid, NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.db.transaction import atomic
from radrules_webshell.settings import Settings
from radrules_webshell.supervision import scope
from radrules_webshell.supervision.registers.forms import ATTACHMENT_FORM
from radrules_webshell.supervision.registers.tables import RadiationLicence, RegisterAttachment
from radrules_webshell.uploads import service as uploads
from radrules_webshell.uploads import storage
from radrules_webshell.uploads.tables import Upload

from radrules import InvalidValue

#: Files one unit's register holds at most.
MAX_ATTACHMENTS = 500
_SUBJECT_TABLES: dict[str, Any] = {"licence": RadiationLicence, "device": Device, "worker": Worker}


async def _check_subject(client_id: int, subject: str, subject_id: int | None) -> None:
    if subject == "unit":
        if subject_id is not None:
            raise Invalid(errors={"subject_id": "单位附件不填所属记录编号"})
        return
    table = _SUBJECT_TABLES[subject]
    if subject_id is None or not await table.exists().where(
        (table.id == subject_id) & (table.client == client_id)
    ):
        raise Invalid(errors={"subject_id": "本单位没有该编号的记录"})


async def listing(client_id: int) -> list[dict[str, Any]]:
    return (
        await RegisterAttachment.select(
            *RegisterAttachment.all_columns(),
            RegisterAttachment.upload.original_name.as_alias("file_name"),
            RegisterAttachment.upload.size.as_alias("size"),
        )
        .where(RegisterAttachment.client == client_id)
        .order_by(RegisterAttachment.id)
    )


async def add(
    actor: Principal, client_id: int, data: dict[str, Any], upload: Any, settings: Settings
) -> dict[str, Any]:
    await scope.unit(actor, client_id)
    values, errors = ATTACHMENT_FORM.parse(data)
    if upload is None or not hasattr(upload, "read"):
        errors["file"] = "请选择要上传的文件"
    if errors:
        raise Invalid(errors=errors)
    subject_id = int(values["subject_id"]) if values["subject_id"] else None
    await _check_subject(client_id, values["subject"], subject_id)
    try:
        blob, media_type, ext = await storage.read_checked(upload, settings)
    except InvalidValue as exc:
        raise Invalid(errors={"file": exc.reason}) from None
    async with storage.Staging(settings) as staging, atomic():
        if await RegisterAttachment.count().where(RegisterAttachment.client == client_id) >= MAX_ATTACHMENTS:
            raise Invalid(f"一个单位最多保存 {MAX_ATTACHMENTS} 个附件")
        stored = staging.add(blob, media_type, ext, upload.filename)
        upload_id = await uploads.insert(
            stored, "register_attachment", institution_id=None, account_id=actor.account_id
        )
        row = RegisterAttachment(
            client=client_id,
            subject=values["subject"],
            subject_id=subject_id,
            category=values["category"],
            title=values["title"],
            upload=upload_id,
            created_by=actor.account_id or None,
        )
        await row.save()
        after = await _in(client_id, int(row.id))
        await audit.record(
            actor,
            "register_attachment_add",
            "register_attachment",
            row.id,
            after=after | {"sha256": stored.sha256},
        )
    return after


async def _in(client_id: int, attachment_id: int) -> dict[str, Any]:
    row = (
        await RegisterAttachment.select()
        .where((RegisterAttachment.id == attachment_id) & (RegisterAttachment.client == client_id))
        .first()
    )
    if row is None:
        raise NotFound()
    return row


async def download(actor: Principal, client_id: int, attachment_id: int, settings: Settings) -> File:
    await scope.unit(actor, client_id)
    row = await _in(client_id, attachment_id)
    upload = await Upload.select().where(Upload.id == row["upload"]).first()
    if upload is None:
        raise NotFound()
    return uploads.response(upload, settings)


async def remove(actor: Principal, client_id: int, attachment_id: int, settings: Settings) -> None:
    """The row and its upload go in one transaction; the file after it commits."""
    await scope.unit(actor, client_id)
    async with atomic():
        before = await _in(client_id, attachment_id)
        upload = await Upload.select(Upload.stored_name).where(Upload.id == before["upload"]).first()
        await RegisterAttachment.delete().where(RegisterAttachment.id == attachment_id)
        await Upload.delete().where(Upload.id == before["upload"])
        await audit.record(
            actor, "register_attachment_remove", "register_attachment", attachment_id, before=before
        )
    if upload is not None:
        storage.remove(upload["stored_name"], settings)
