"""The key that signs QC verification addresses, and this deployment's verification page.

The QR code on every page of a report (source 000 §5.3.4 第八步) carries an address signed
with this key (:mod:`radrules.qc`). The key is ``RADRULES_QC_SECRET`` when the operator
sets it; otherwise one is generated on first use and kept in the data folder
(``qc-secret.key``, readable by the owner only), so that codes printed yesterday still verify
after a restart and every process sharing the data folder signs alike. It is never
hard-coded: a leaked key would let anyone forge a valid-looking QR code.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
from pathlib import Path

from radrules_webshell.settings import Settings

VERIFY_PATH = "/verify"
_MIN_LENGTH = 16
_lock = threading.Lock()
_cache: dict[Path, bytes] = {}


def qc_secret(settings: Settings) -> bytes:
    """The signing key: configured, or read from (and on first use created in) the data folder."""
    if settings.qc_secret:
        return settings.qc_secret.encode("utf-8")
    path = settings.qc_secret_file
    with _lock:
        found = _cache.get(path)
        if found is None:
            found = _load_or_create(path)
            _cache[path] = found
        return found


def _load_or_create(path: Path) -> bytes:
    try:
        return _read(path)
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
        # link() fails if another process created the key first: then its key wins, and
        # both processes sign with the same one.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return _read(path)


def _read(path: Path) -> bytes:
    value = path.read_bytes().strip()
    if len(value) < _MIN_LENGTH:
        raise RuntimeError(f"{path}: 质控二维码签名密钥文件内容过短（至少{_MIN_LENGTH}个字符）")
    return value


def verification_base(settings: Settings, request_base: str) -> str:
    """The address of this deployment's verification page, which the QR code points at."""
    root = settings.public_url or request_base
    return root.rstrip("/") + VERIFY_PATH
