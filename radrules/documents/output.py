"""All-or-nothing file writes for generated documents.

A PDF or workbook is written to a temporary file beside its target and moved into place
only when complete, so a failure halfway (bad data in row 80,000, a full disk, Ctrl-C)
never leaves a truncated file where a good one was expected.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# mkstemp creates files readable by the owner only; a generated document should get the
# permissions any new file of the user gets. Read the umask once (reading it means setting it).
_UMASK = os.umask(0o022)
os.umask(_UMASK)


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path to write; it replaces ``target`` when the block ends without error."""
    final = Path(target)
    fd, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".part")
    os.close(fd)
    temp = Path(name)
    temp.chmod(0o666 & ~_UMASK)
    try:
        yield temp
        temp.replace(final)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_bytes_atomic(target: str | Path, data: bytes) -> None:
    with atomic_path(target) as temp:
        temp.write_bytes(data)
