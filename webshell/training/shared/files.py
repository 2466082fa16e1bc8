"""Uploaded files of the training records: checked by content, stored with their row, served
only through the training routes that check the record's scope.

Profiles' copies (身份证复印件, 证书 …, source 002 §3.5 “允许附件格式为图片和PDF”) and a
plan's attachment (培训附件, §4.4 2 “附件可以查看”) are :mod:`radrules_webshell.uploads`
rows. :func:`staged` writes the files of one transaction, shown once it commits;
:func:`discard_after` removes the files of deleted rows once their transaction committed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any

from litestar.response import File
from radrules_webshell.core.errors import Invalid
from radrules_webshell.settings import Settings
from radrules_webshell.uploads import service as uploads
from radrules_webshell.uploads import storage

from radrules import InvalidValue

Stage = Callable[[bytes, str, str, str], storage.StoredFile]


async def read_upload(upload: Any, settings: Settings, field: str = "file") -> tuple[bytes, str, str, str]:
    """The bytes, media type, extension and name of an uploaded image or PDF; else 400 on ``field``."""
    try:
        data, media_type, ext = await storage.read_checked(upload, settings)
    except InvalidValue as exc:
        raise Invalid(exc.reason, errors={field: exc.reason}) from None
    return data, media_type, ext, str(getattr(upload, "filename", "") or "upload")


@asynccontextmanager
async def staged(settings: Settings) -> AsyncIterator[Stage]:
    """Files for the rows of the transaction entered inside the block
    (``async with staged(settings) as stage, atomic():``): each becomes visible only once the
    transaction committed, and none remains if it fails (:class:`storage.Staging`)."""
    async with storage.Staging(settings) as staging:
        yield staging.add


def discard_after(rows: Iterable[dict[str, Any]], settings: Settings) -> None:
    """Remove the files of upload rows deleted by a committed transaction."""
    for r in rows:
        storage.remove(r["stored_name"], settings)


def download(row: dict[str, Any], settings: Settings) -> File:
    """The file of an upload row (:func:`radrules_webshell.uploads.service.response`)."""
    return uploads.response(row, settings)
