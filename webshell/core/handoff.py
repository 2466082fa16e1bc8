"""Writing a file into a hand-off folder so that a collector sees it whole or not at all.

The national-sync ``file`` transport (source 000 §5.3.4 第九步) and the SMS ``file``
transport (docs/notifications.md) leave their messages in folders that another program
collects. A file is written to a temporary dot-file in the same folder, flushed to disk and
renamed over its final name: a collector that ignores dot-files never reads a partial
message, and writing the same name again (a retry) replaces rather than duplicates it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: Temporary files start with this; collectors should ignore dot-files.
TEMP_PREFIX = ".sending-"


def write_whole(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as ``folder/name`` atomically (creating the folder); the final path.

    Raises :class:`OSError` when the folder cannot be written; nothing is left behind then.
    """
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        target = folder / name
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
