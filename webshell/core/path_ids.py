"""Record ids: a number no row can have is "not found", before any query runs.

Row ids are database serials (32-bit on PostgreSQL). A path such as
``/api/cards/101376244970967465984`` parses as an ``int`` but overflows SQLite's and
PostgreSQL's integer types inside the driver; answering 404 here keeps that from ever
becoming a server error, on every route, present and future. An id is written in ASCII
digits only: Python's ``int`` also reads ``+1``, ``1_0``, ``１`` and ``١``, which would give
one record many addresses.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from radrules_webshell.core.errors import NotFound

MAX_ID = 2**31 - 1
MIN_INT = -(2**31)


def row_id(value: object) -> int | None:
    """``value`` if it can name a row (a positive integer within the databases' integer
    range), else None — for ids in paths and in request bodies alike."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID:
        return value
    return None


def _raw_segments(request: Request[Any, Any, Any]) -> dict[str, str]:
    """Each ``{name}`` of the route's path template with the text the request has there."""
    template = str(request.scope.get("path_template") or "").strip("/").split("/")
    actual = str(request.scope.get("path", "")).strip("/").split("/")
    if len(template) != len(actual):
        return {}
    return {
        t[1:-1].split(":")[0]: a
        for t, a in zip(template, actual, strict=True)
        if t.startswith("{") and t.endswith("}")
    }


async def refuse_impossible_ids(request: Request[Any, Any, Any]) -> None:
    if "\x00" in str(request.scope.get("path", "")):
        raise NotFound()
    raw: dict[str, str] | None = None
    for name, value in request.path_params.items():
        if not isinstance(value, int):
            continue
        # ``*_id`` parameters are serials, which start at 1; others (a sample's index) at 0.
        lowest = 1 if name.endswith("_id") else 0
        if not lowest <= value <= MAX_ID:
            raise NotFound()
        raw = _raw_segments(request) if raw is None else raw
        text = raw.get(name)
        if text is not None and not (text.isascii() and text.isdigit()):
            raise NotFound()
