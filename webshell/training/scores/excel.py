"""The score template and its import (source 002 §6.4; issue 13 “import them from an Excel
template (all-or-nothing, row errors, as the dose import; off the event loop)”).

The template is :func:`radrules.documents.write_score_template`, prefilled with one row per
person and specialty placed in the session. The import is
:func:`radrules.documents.score_import.import_scores`, run in a worker thread: every cell
converted, ID numbers checked, names compared with the placements, then the province's
score rules; any error stores nothing and every problem is listed with its sheet, row and
column (the reply of the dose import, :mod:`radrules_webshell.filings.doses.excel`).
"""

from __future__ import annotations

import io
import time
from typing import Any
from urllib.parse import quote

import anyio.to_thread
import attrs
from litestar import Response
from radrules_webshell.core import clock
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.principal import Principal
from radrules_webshell.filings.doses.excel import ImportOutcome, ImportRefused, problem_out
from radrules_webshell.training.scores.service import envelope, store
from radrules_webshell.training.shared.web import XLSX

from radrules.documents import WorkbookError
from radrules.documents.score_import import import_scores
from radrules.documents.score_sheet import write_score_template
from radrules.documents.xlsx_limits import DEFAULT_LIMITS

#: The import request: the workbook at its largest (the shared import limits), and the form.
MAX_BODY = DEFAULT_LIMITS.max_file_bytes + 64 * 1024


async def template(user: Principal, session_id: int) -> Response[bytes]:
    plan, session, filing, by_id = await envelope(user, session_id)
    names = {k: v["name"] for k, v in by_id.items()}

    def write() -> bytes:
        buffer = io.BytesIO()
        write_score_template(buffer, filing.sessions[0], selections=filing.selections, names=names)
        return buffer.getvalue()

    data = await anyio.to_thread.run_sync(write)
    name = f"{plan['name']}-第{session['number']}期-成绩导入模板.xlsx"
    return Response(
        data,
        media_type=XLSX,
        headers={
            "Content-Disposition": f"attachment; filename=\"scores.xlsx\"; filename*=UTF-8''{quote(name)}"
        },
    )


async def import_file(user: Principal, session_id: int, content: bytes, filename: str) -> ImportOutcome:
    """All the file's scores, or none (:class:`ImportRefused` with every problem)."""
    started = time.perf_counter()
    _, _, filing, by_id = await envelope(user, session_id)
    today = clock.today()

    def read() -> Any:
        return import_scores(
            content, session=filing.sessions[0], filing=filing, as_of=today, label=filename or "上传的文件"
        )

    try:
        result = await anyio.to_thread.run_sync(read)
    except WorkbookError as exc:
        raise Invalid(f"无法读取上传的文件：{exc}", errors={"file": str(exc)}) from None
    outcome = ImportOutcome(
        rows=result.rows,
        imported=0,
        errors=tuple(problem_out(p) for p in result.errors),
        warnings=tuple(problem_out(p) for p in result.warnings),
        seconds=0.0,
        error_count=result.error_count,
        warning_count=result.warning_count,
    )
    if result.errors or result.scores is None:
        raise ImportRefused(attrs.evolve(outcome, seconds=time.perf_counter() - started))
    imported = await store(user, session_id, result.scores, by_id, "training_scores_import")
    return attrs.evolve(outcome, imported=imported, seconds=time.perf_counter() - started)
