"""The lists of device-test and dose reports (source 000 §5.1.2.1, §5.2.2.1): the 查询条件
both have, the reports that pass them, and the fuzzy match and date range with which each
kind filters its lines (one per sample, one per worker and period)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar

import attrs
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.filings.reports.service import STATUS_LABELS, ReportKind

M = TypeVar("M")


@attrs.define(kw_only=True)
class ReportFilters:
    """The 查询条件 both lists have (§5.1.2.1 2, §5.2.2.1 2); each kind adds its own.

    ``status`` is draft (the default), submitted or empty for both; ``tested_from`` and
    ``tested_to`` bound each line's test or monitoring day; ``passed`` is "yes" or "no".
    """

    report_no: str | None = None
    client_id: int | None = None
    report_date_from: date | None = None
    report_date_to: date | None = None
    passed: str | None = None
    tested_from: date | None = None
    tested_to: date | None = None
    status: str | None = "draft"


async def listed(
    kind: ReportKind[M], institution_id: int, f: ReportFilters
) -> list[tuple[M, dict[str, Any]]]:
    """The institution's reports that pass the report-level conditions of the list, each with
    the columns every line of it starts with (report, client, state)."""
    t: Any = kind.table
    query = t.select(t.all_columns(), t.client.name.as_alias("client_name")).where(
        t.institution == institution_id
    )
    if f.status in ("draft", "submitted"):
        query = query.where(t.status == f.status)
    if f.client_id is not None:
        query = query.where(t.client == f.client_id)
    if f.report_no and f.report_no.strip():
        query = query.where(contains(t.report_no, f.report_no))
    if f.report_date_from is not None:
        query = query.where(t.report_date >= f.report_date_from)
    if f.report_date_to is not None:
        query = query.where(t.report_date <= f.report_date_to)
    out = []
    for row in await query:
        if not like(row["report_no"], f.report_no):
            continue
        base = {
            "report_id": row["id"],
            "report_no": row["report_no"],
            "report_date": row["report_date"],
            "client_id": row["client"],
            "client_name": row["client_name"],
            "status": row["status"],
            "status_label": STATUS_LABELS.get(row["status"], row["status"]),
        }
        out.append((kind.from_row(row), base))
    return out


def like(value: str | None, text: str | None) -> bool:
    """Fuzzy match of the list filters (模糊查询): a case-insensitive substring."""
    if not text:
        return True
    return text.strip().casefold() in (value or "").casefold()


def contains(column: Any, text: str) -> Any:
    """A superset of the rows whose ``column`` contains ``text`` (ASCII case ignored).

    ``%`` and ``_`` in ``text`` are left as wildcards (SQLite has no default LIKE escape),
    so callers keep :func:`like` on the rows for the exact answer.
    """
    pattern = f"%{text.strip()}%"
    return column.like(pattern) if is_sqlite(column._meta.table._meta.db) else column.ilike(pattern)


def within(day: date | None, start: date | None, end: date | None) -> bool:
    if start is None and end is None:
        return True
    if day is None:
        return False
    return (start is None or day >= start) and (end is None or day <= end)


def sorted_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (r["report_date"], r["report_id"]), reverse=True)
