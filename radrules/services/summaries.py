"""Periodic summaries of filings that a jurisdiction requires (Jilin's semiannual report and
provincial annual table, source 003 五), as data.

A plugin builds a :class:`~radrules.answers.Summary` in the ``radrules_summary`` hook:
tables of plain rows with Chinese headers and the columns to total. The command line
writes it as a workbook with :func:`radrules.documents.tables.write_xlsx`; a web shell can
render the same data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from radrules import hookspecs
from radrules.answers import Summary
from radrules.convert import unstructure
from radrules.documents.tables import Table
from radrules.engine.periods import parse_period
from radrules.engine.registry import Registry, default_registry
from radrules.engine.view import ParameterView
from radrules.errors import NoSummary
from radrules.model.filing import Filing

SCOPES = ("institution", "province")


def table_totals(table: Table) -> list[Any]:
    """The totals row ``write_xlsx`` writes for ``table`` (合计 first), for JSON and tests."""
    rows = list(table.rows)
    out: list[Any] = []
    for i in range(len(table.columns)):
        if i == 0:
            out.append("合计")
        elif i in table.totals:
            numbers = [r[i] for r in rows if isinstance(r[i], int | float) and not isinstance(r[i], bool)]
            out.append(sum(numbers))
        else:
            out.append(None)
    return out


def summary_json(summary: Summary) -> dict[str, Any]:
    """The summary as JSON-ready data: each table's headers, rows and totals."""
    tables = []
    for table in summary.tables:
        rows = [list(unstructure(list(r))) for r in table.rows]
        tables.append(
            {
                "sheet": table.sheet,
                "title": table.title,
                "columns": [c.header for c in table.columns],
                "rows": rows,
                "totals": table_totals(table) if table.totals else None,
                "note": table.note,
            }
        )
    return {
        "jurisdiction": summary.jurisdiction,
        "scope": summary.scope,
        "period": summary.period.text,
        "title": summary.title,
        "due": summary.deadline.due.isoformat() if summary.deadline and summary.deadline.due else None,
        "basis": [unstructure(c) for c in summary.basis],
        "included": summary.included,
        "skipped": [{"index": s.index, "reason": s.reason} for s in summary.skipped],
        "tables": tables,
    }


def build_summary(
    province: str,
    *,
    period: str,
    filings: Sequence[Filing],
    scope: str = "institution",
    registry: Registry | None = None,
) -> Summary:
    """The ``scope`` summary of ``filings`` for ``period`` under the rules of ``province``."""
    if scope not in SCOPES:
        raise NoSummary(f"汇总范围 {scope!r} 无效；可选：{'、'.join(SCOPES)}")
    reg = registry or default_registry()
    parsed = parse_period(period)
    chain = reg.chain(reg.resolve(province))
    params = ParameterView(chain, reg.rulesets(chain), parsed.end)
    found = reg.ask(
        hookspecs.radrules_summary, chain, scope=scope, period=parsed.text, filings=filings, params=params
    )
    if found is not None:
        summary = found[1]
        # rows may be any iterable; a summary is read more than once (written, totalled, shown)
        tables = tuple(attrs.evolve(t, rows=tuple(t.rows)) for t in summary.tables)
        return attrs.evolve(summary, tables=tables)
    name = reg.jurisdictions[chain[-1]].name
    label = "机构" if scope == "institution" else "全省"
    raise NoSummary(f"{name}（{chain[-1]}）的规则中没有 {parsed.label} 的{label}汇总")
