"""Limits every spreadsheet import meets before a cell is read (issue 12, finding 1).

An .xlsx file is a zip archive of XML. Compression makes a small file large once opened:
the dose template filled with 200,000 identical rows is an 82 KB upload that becomes tens
of megabytes of XML, and python-calamine loads a whole worksheet into memory before the
first row can be looked at. So, before calamine sees the file, :func:`inspect` checks

- the file's size (:attr:`ImportLimits.max_file_bytes`),
- the size of everything in the archive once decompressed, by actually decompressing it
  as a stream — the sizes an archive declares can lie, and Python's zip reader stops at
  the declared size and then fails the CRC check, so a lying entry is refused too
  (:attr:`~ImportLimits.max_decompressed_bytes`),
- the rows of each worksheet, counted in the same pass (``<row`` elements), against
  :attr:`~ImportLimits.max_rows` plus the header row;

and :class:`~radrules.documents.xlsx_read.Sheet` checks the rows again once loaded (files
that are not zip archives, such as the old .xls format, get only that and the size check).
A refused file raises :class:`LimitExceeded`, which names the limit and the figure.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO

import attrs

from radrules.errors import WorkbookError

#: Rows of data one import takes. A dose report covers one client's workers for its
#: periods: the largest hospitals have a few thousand radiation workers, monitored
#: quarterly, so a year's report stays well below 20,000 rows (and reads in about a second).
MAX_ROWS = 20_000


@attrs.frozen(kw_only=True)
class ImportLimits:
    """What one spreadsheet import may contain; each importer may pass its own."""

    #: The upload itself. 20,000 rows of the dose template are about 0.4 MB.
    max_file_bytes: int = 5 * 1024 * 1024
    #: Everything in the archive once decompressed. 20,000 template rows are about 6 MB.
    max_decompressed_bytes: int = 32 * 1024 * 1024
    #: Data rows of one worksheet (the header row comes on top).
    max_rows: int = MAX_ROWS
    #: Problems listed one by one; the rest are counted.
    max_reported_problems: int = 200


DEFAULT_LIMITS = ImportLimits()


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} 字节"


class LimitExceeded(WorkbookError):
    """A spreadsheet over one of its :class:`ImportLimits`; ``limit`` names which."""

    def __init__(
        self,
        label: str,
        limit: str,
        figure: int,
        allowed: int,
        *,
        declared: bool = False,
        at_least: bool = False,
    ) -> None:
        self.limit = limit
        self.figure = figure
        self.allowed = allowed
        unpacked = f"解压后为 {_size(figure)}（文件自称）" if declared else f"解压后已超过 {_size(figure)}"
        what = {
            "max_file_bytes": f"文件大小为 {_size(figure)}，超过上限 {_size(allowed)}",
            "max_decompressed_bytes": (
                f"{unpacked}，超过上限 {_size(allowed)}；请删除多余的工作表、格式或空行后重试"
            ),
            "max_rows": (
                f"工作表{'至少' if at_least else ''}有 {figure} 行数据，超过每次导入 {allowed} 行的上限；请分批导入"
            ),
        }[limit]
        super().__init__(f"{label}: {what}")


_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CHUNK = 1024 * 1024


class _Budget:
    """Decompressed bytes read so far, against the limit."""

    def __init__(self, label: str, limits: ImportLimits) -> None:
        self.label = label
        self.limits = limits
        self.total = 0

    def take(self, n: int) -> None:
        self.total += n
        if self.total > self.limits.max_decompressed_bytes:
            raise LimitExceeded(
                self.label, "max_decompressed_bytes", self.total, self.limits.max_decompressed_bytes
            )


def _read_part(part: IO[bytes], budget: _Budget, *, worksheet: bool) -> None:
    """Decompress one part to its end, counting its bytes (and a worksheet's rows)."""
    rows = 0
    tail = b""
    while chunk := part.read(_CHUNK):
        budget.take(len(chunk))
        if not worksheet:
            continue
        data = tail + chunk
        # The last bytes are kept for the next round, so that a tag cut between two chunks
        # is counted once; a tag wholly within them is counted in the next round instead.
        tail = data[-8:]
        rows += len(_ROW.findall(data)) - len(_ROW.findall(tail))
        if rows > budget.limits.max_rows + 1:  # reading stops here: the sheet has this many or more
            raise LimitExceeded(budget.label, "max_rows", rows - 1, budget.limits.max_rows, at_least=True)
    rows += len(_ROW.findall(tail))
    if rows > budget.limits.max_rows + 1:
        raise LimitExceeded(budget.label, "max_rows", rows - 1, budget.limits.max_rows)


def inspect(stream: IO[bytes], size: int, label: str, limits: ImportLimits) -> None:
    """Refuse ``stream`` (a seekable file of ``size`` bytes) over any limit; see the module docstring."""
    if size > limits.max_file_bytes:
        raise LimitExceeded(label, "max_file_bytes", size, limits.max_file_bytes)
    if not zipfile.is_zipfile(stream):
        stream.seek(0)
        return  # not .xlsx/.ods: calamine reads it (or says it cannot), Sheet checks its rows
    stream.seek(0)
    budget = _Budget(label, limits)
    try:
        with zipfile.ZipFile(stream) as archive:
            declared = sum(info.file_size for info in archive.infolist())
            if declared > limits.max_decompressed_bytes:
                raise LimitExceeded(
                    label, "max_decompressed_bytes", declared, limits.max_decompressed_bytes, declared=True
                )
            for info in archive.infolist():
                worksheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
                with archive.open(info) as part:
                    _read_part(part, budget, worksheet=worksheet)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError) as exc:
        raise WorkbookError(f"{label}: 文件已损坏，无法作为 Excel 工作簿读取（{exc}）") from None
    finally:
        stream.seek(0)
