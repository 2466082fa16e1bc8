"""Storing uploads: checked by content, limited in size, kept outside the web root.

Files go under ``RADRULES_DATA_DIR/uploads`` with random names; the original name is kept
only in the table. The first bytes must be a PDF, PNG or JPEG signature, whatever the
name or the browser's declared type says (source 000 §2.2.1: 支持上传图片或PDF文件).

**A file becomes visible only with its row** (issue 12, finding 10). :class:`Staging` writes
each file as a hidden ``.<name>.part`` held under an exclusive ``flock`` by the writing
process, and renames it to its name only after the transaction that inserted its row has
committed; a failed transaction deletes it. A process killed in between leaves either a
``.part`` file no process holds, or — if it died after the commit — one whose row exists.
:func:`sweep` (run at start-up and by ``radrules admin clean-uploads``) finishes the
latter, and deletes the former and every file that no row names. A ``.part`` file still
locked belongs to an upload in progress in another process and is left alone.

**One storage interface** (issue 17). The domains store and read files only through this
module and :mod:`.service` — :class:`Staging` (write, published after the commit),
:func:`read_bytes`, :func:`remove`, :func:`.service.response` / :func:`.service.file_response`
(downloads) and :func:`sweep` — and never see a path, so another backend (an object store:
``put`` under a temporary key, ``copy`` to the final key after the commit, a lifecycle rule
for abandoned temporary keys) replaces the functions here without touching a domain. The
backend today is a folder: ``<data dir>/uploads``, or ``RADRULES_UPLOAD_DIR`` — a folder
shared by several machines (NFS or similar with working ``flock``, which :func:`sweep`
relies on to leave other processes' uploads in progress alone).

**Names shown and served** (finding 9) are :func:`display_name`: control and bidi
characters removed, the extension the one of the detected content (a PDF uploaded as
``poly.html`` is served as ``poly.pdf``), and at most 255 characters with the extension kept.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import secrets
import time
import unicodedata
from pathlib import Path, PurePath
from types import TracebackType
from typing import Any

import attrs
from radrules_webshell.settings import Settings

from radrules import InvalidValue

SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
#: Extensions a file of each type may keep as the uploader wrote them.
EXTENSIONS: dict[str, frozenset[str]] = {
    "application/pdf": frozenset({".pdf"}),
    "image/png": frozenset({".png"}),
    "image/jpeg": frozenset({".jpg", ".jpeg", ".jpe"}),
}
PREFERRED = {media_type: ext for _, media_type, ext in SIGNATURES}
#: Longest stored and served name (``upload.original_name`` is VARCHAR(255)).
MAX_NAME = 255
#: A ``.part`` file younger than this is never swept, even if unlocked: its writer may be
#: between creating and locking it.
SWEEP_GRACE_SECONDS = 5.0


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


def _extension_like(suffix: str) -> bool:
    return 1 <= len(suffix) <= 8 and suffix.isascii() and suffix.isalnum()


def display_name(original: str, media_type: str) -> str:
    """The name a stored file is listed and downloaded under; see the module docstring."""
    name = PurePath((original or "").replace("\\", "/")).name
    # Unicode's C* categories: controls, format characters (U+202E RIGHT-TO-LEFT OVERRIDE
    # and the other bidi marks, zero-width joiners), surrogates, private use, unassigned.
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C")).strip()
    allowed = EXTENSIONS.get(media_type, frozenset())
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and f".{suffix.lower()}" in allowed:
        ext = f".{suffix}"
    else:
        ext = PREFERRED.get(media_type, "")
        if dot and stem and _extension_like(suffix):
            name = stem  # the uploader's extension says another type: it goes
    if ext and name.lower().endswith(ext.lower()):
        name = name[: -len(ext)]
    stem = name.strip(" .") or "upload"
    return stem[: MAX_NAME - len(ext)] + ext


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


def _part_name(stored_name: str) -> str:
    return f".{stored_name}.part"


def read_bytes(stored_name: str, settings: Settings) -> bytes:
    """The content of a stored file (OSError when it is gone, ValueError for a bad name)."""
    return path_of(stored_name, settings).read_bytes()


def path_of(stored_name: str, settings: Settings) -> Path:
    if not stored_name or "/" in stored_name or stored_name.startswith("."):
        raise ValueError("bad stored name")
    return settings.upload_dir / stored_name[:2] / stored_name


@attrs.define
class _Pending:
    stored: StoredFile
    part: Path
    fd: int


class Staging:
    """Files written for rows of one transaction; published after it commits.

    Use it around the transaction::

        async with storage.Staging(settings) as staging:
            async with atomic():
                stored = staging.add(data, media_type, ext, name)
                await uploads.insert(stored, ...)

    Leaving the block normally renames every file to its name; leaving it by an exception
    deletes them.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pending: list[_Pending] = []

    def add(self, data: bytes, media_type: str, ext: str, original_name: str) -> StoredFile:
        name = secrets.token_hex(16) + ext
        folder = self.settings.upload_dir / name[:2]
        folder.mkdir(parents=True, exist_ok=True)
        part = folder / _part_name(name)
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)  # held until published or discarded: see sweep()
        stored = StoredFile(
            name,
            display_name(original_name, media_type),
            media_type,
            len(data),
            hashlib.sha256(data).hexdigest(),
        )
        self._pending.append(_Pending(stored, part, fd))
        with os.fdopen(os.dup(fd), "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        return stored

    def publish(self) -> None:
        for item in self._pending:
            item.part.replace(item.part.with_name(item.stored.stored_name))
            os.close(item.fd)
        self._pending.clear()

    def discard(self) -> None:
        for item in self._pending:
            with contextlib.suppress(OSError):
                item.part.unlink()
            os.close(item.fd)
        self._pending.clear()

    async def __aenter__(self) -> Staging:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, _exc: BaseException | None, _tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.publish()
        else:
            self.discard()


def write(data: bytes, media_type: str, ext: str, original_name: str, settings: Settings) -> StoredFile:
    """Write and publish at once, for a caller that inserts the row right after and removes
    the file if that fails (seed and test scripts); the web shell's writes use :class:`Staging`."""
    staging = Staging(settings)
    stored = staging.add(data, media_type, ext, original_name)
    staging.publish()
    return stored


def remove(stored_name: str, settings: Settings) -> None:
    """Delete the file of a deleted row, after the deletion committed."""
    with contextlib.suppress(OSError, ValueError):
        path_of(stored_name, settings).unlink()


@attrs.frozen
class SweepReport:
    removed: int
    completed: int
    in_progress: int

    def text(self) -> str:
        return (
            f"已删除 {self.removed} 个无记录的文件，补全 {self.completed} 个已提交的上传，"
            f"{self.in_progress} 个上传仍在进行中"
        )


def on_disk(settings: Settings) -> list[Path]:
    """Every file under the upload folder (taken before the rows are read; see :func:`sweep`)."""
    root = settings.upload_dir
    if not root.is_dir():
        return []
    return [p for folder in root.iterdir() if folder.is_dir() for p in folder.iterdir() if p.is_file()]


def _held(path: Path) -> bool:
    """True when another process holds the ``.part`` file's lock (its upload is in progress)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def sweep(files: list[Path], named: set[str]) -> SweepReport:
    """Bring the folder in line with the rows: ``files`` as listed *before* ``named`` (the
    rows' stored names) was read, so that a file published meanwhile has its row in ``named``."""
    removed = completed = in_progress = 0
    now = time.time()
    for path in files:
        name = path.name
        if name.startswith(".") and name.endswith(".part"):
            final = name[1 : -len(".part")]
            try:
                young = now - path.stat().st_mtime < SWEEP_GRACE_SECONDS
            except OSError:
                continue  # published or discarded meanwhile
            if young or _held(path):
                in_progress += 1
                continue
            if final in named and not path.with_name(final).exists():
                path.replace(path.with_name(final))  # committed, then the process died
                completed += 1
                continue
        elif name in named:
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return SweepReport(removed, completed, in_progress)
