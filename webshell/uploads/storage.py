"""Storing uploads: checked by content, limited in size, kept outside the web root.

Files go under ``RADRULES_DATA_DIR/uploads`` with random names; the original name is kept
only in the table. The first bytes must be a PDF, PNG or JPEG signature, whatever the
name or the browser's declared type says (source 000 §2.2.1: 支持上传图片或PDF文件).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from pathlib import Path, PurePath
from typing import Any

import attrs
from radrules_webshell.settings import Settings

from radrules import InvalidValue

SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


@attrs.frozen
class StoredFile:
    stored_name: str
    original_name: str
    media_type: str
    size: int
    sha256: str


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, media_type, ext in SIGNATURES:
        if head.startswith(magic):
            return media_type, ext
    return None


async def read_checked(upload: Any, settings: Settings) -> tuple[bytes, str, str]:
    """The bytes of an uploaded file, with its media type and extension; or InvalidValue."""
    if upload is None or isinstance(upload, str) or not getattr(upload, "filename", ""):
        raise InvalidValue("请选择要上传的文件（图片或PDF）")
    data = await upload.read(settings.max_upload_bytes + 1)
    if not data:
        raise InvalidValue("上传的文件是空的")
    if len(data) > settings.max_upload_bytes:
        raise InvalidValue(f"文件不能超过 {settings.max_upload_bytes // (1024 * 1024)} MB")
    kind = sniff(data[:16])
    if kind is None:
        raise InvalidValue("只能上传 PDF、PNG 或 JPEG 文件（按文件内容判断）")
    return data, kind[0], kind[1]


def write(data: bytes, media_type: str, ext: str, original_name: str, settings: Settings) -> StoredFile:
    name = secrets.token_hex(16) + ext
    folder = settings.upload_dir / name[:2]
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{name}.part"
    with temporary.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    temporary.replace(folder / name)
    clean = PurePath(original_name.replace("\\", "/")).name[:255] or "upload" + ext
    return StoredFile(name, clean, media_type, len(data), hashlib.sha256(data).hexdigest())


def path_of(stored_name: str, settings: Settings) -> Path:
    if not stored_name or "/" in stored_name or stored_name.startswith("."):
        raise ValueError("bad stored name")
    return settings.upload_dir / stored_name[:2] / stored_name


def discard(stored: StoredFile, settings: Settings) -> None:
    with contextlib.suppress(OSError):
        path_of(stored.stored_name, settings).unlink()
