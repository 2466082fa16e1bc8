"""Recording stored files and deciding who may download them."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar.response import File
from radrules_webshell.core.errors import NotFound
from radrules_webshell.core.principal import Principal
from radrules_webshell.registrations.tables import Registration
from radrules_webshell.settings import Settings
from radrules_webshell.uploads import storage
from radrules_webshell.uploads.tables import Upload


async def insert(
    stored: storage.StoredFile, purpose: str, *, institution_id: int | None, account_id: int | None
) -> int:
    row = Upload(
        stored_name=stored.stored_name,
        original_name=stored.original_name,
        media_type=stored.media_type,
        size=stored.size,
        sha256=stored.sha256,
        purpose=purpose,
        institution=institution_id,
        uploaded_by=account_id or None,
    )
    await row.save()
    return int(row.id)


async def readable(user: Principal, upload_id: int) -> dict[str, Any] | None:
    """The upload row if ``user`` may read it, else None (shown as 404)."""
    row = await Upload.select().where(Upload.id == upload_id).first()
    if row is None:
        return None
    if user.role in ("reviewer", "admin"):
        return row
    if user.role != "institution" or user.institution_id is None:
        return None
    if row["institution"] == user.institution_id:
        return row
    owned = await Registration.exists().where(
        (Registration.institution == user.institution_id)
        & ((Registration.certificate_upload == upload_id) | (Registration.commitment_upload == upload_id))
    )
    return row if owned else None


async def sweep(settings: Settings) -> storage.SweepReport:
    """Remove the files no row names and finish uploads whose row committed (start-up,
    ``radrules admin clean-uploads``); see :mod:`.storage`."""
    files = await anyio.to_thread.run_sync(storage.on_disk, settings)
    named = {r["stored_name"] for r in await Upload.select(Upload.stored_name)}
    return await anyio.to_thread.run_sync(storage.sweep, files, named)


def response(row: dict[str, Any], settings: Settings) -> File:
    """The stored file of an upload row as a download: never shown inline, sniffed or cached;
    named by :func:`storage.display_name` (also for rows stored before names were cleaned:
    the content decides the extension)."""
    return file_response(
        row["stored_name"],
        storage.display_name(row["original_name"], row["media_type"]),
        row["media_type"],
        settings,
    )


def file_response(
    stored_name: str, filename: str, media_type: str, settings: Settings, *, missing: str = "文件已不存在"
) -> File:
    """A stored file as a download under ``filename`` (never inline, sniffed or cached);
    :class:`NotFound` with ``missing`` when it is gone."""
    try:
        path = storage.path_of(stored_name, settings)
    except ValueError:
        raise NotFound(missing) from None
    if not path.is_file():
        raise NotFound(missing)
    return File(
        path=path,
        filename=filename,
        media_type=media_type,
        content_disposition_type="attachment",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
    )
