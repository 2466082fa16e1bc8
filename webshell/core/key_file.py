"""Secret keys kept in the data folder: generated once, readable by the owner only.

Used for the keys that must survive restarts and be shared by every process using the data
folder, when the operator does not set them in the environment (the QC signing key, the
audit chain's key). The first process to need a key writes it to a temporary file and
links it into place; ``link`` fails if another process got there first, and then both use
the one that won.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
from pathlib import Path

MIN_LENGTH = 16
_lock = threading.Lock()
_cache: dict[Path, bytes] = {}


def key_in(path: Path, label: str) -> bytes:
    """The key in ``path``, created on first use; ``label`` names it in errors."""
    with _lock:
        found = _cache.get(path)
        if found is None:
            found = _load_or_create(path, label)
            _cache[path] = found
        return found


def _load_or_create(path: Path, label: str) -> bytes:
    try:
        return _read(path, label)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32).encode("ascii")
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(value)
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return _read(path, label)


def _read(path: Path, label: str) -> bytes:
    value = path.read_bytes().strip()
    if len(value) < MIN_LENGTH:
        raise RuntimeError(f"{path}: {label}密钥文件内容过短（至少{MIN_LENGTH}个字符）")
    return value
