"""Golden-case kinds that compare computed values rather than findings.

* ``deadline``: ``issued`` (and optionally ``filed``) → ``due``, ``working_days``,
  ``on_time``, ``late_working_days`` (:func:`radrules.filing_deadline`);
* ``period_deadline``: ``period`` → ``due`` (:func:`radrules.period_deadline`);
* ``notify_divisions``: a filing's card → the ``divisions`` it is pushed to;
* ``institution_facts``: an institution → its ``facts`` (label → value);
* ``summary``: ``filings`` of a ``period`` and ``scope`` → ``included``, ``skipped``,
  ``due`` and, per sheet, the number of ``rows`` and the ``totals``.

Each ``expect`` lists only the values the case pins; any of them may instead be
``error``: text that the error message must contain (a year with no calendar data, say).
docs/golden-cases.md has the format with examples.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from radrules.convert import filing_from_json, structure
from radrules.engine.registry import Registry
from radrules.errors import InputError, RadrulesError
from radrules.model.filing import Filing
from radrules.model.parties import Institution
from radrules.services.deadlines import filing_deadline, period_deadline
from radrules.services.routing import institution_facts, notify_divisions
from radrules.services.summaries import build_summary, table_totals
from radrules.testing.cases import CaseFailure, GoldenCase, document_input, register_case_kind

_DOCUMENT_KEYS = {"filing", "sample", "input", "set", "unset"}


def _show(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return "null"
    return repr(value)


def _require(case: GoldenCase, key: str) -> Any:
    if key not in case.data or case.data[key] is None:
        raise CaseFailure(f"{case.where}: 缺少 {key}")
    return case.data[key]


def _province(case: GoldenCase) -> str:
    if case.province is None:
        raise CaseFailure(f"{case.where}: 缺少 province")
    return case.province


def _date(case: GoldenCase, key: str) -> date | None:
    value = case.data.get(key)
    if value is None:
        return None
    if not isinstance(value, date):
        raise CaseFailure(f"{case.where}: {key} 须为日期 YYYY-MM-DD")
    return value


def _run(case: GoldenCase, allowed: set[str], compute: Callable[[], dict[str, Any]]) -> None:
    """Compute, then compare each expected value (or the expected error) with what came out."""
    expect = case.expect
    unknown = set(expect) - allowed - {"error"}
    if unknown:
        raise CaseFailure(
            f"{case.where}: expect 中的未知键 {', '.join(sorted(unknown))}；可用：{', '.join(sorted(allowed | {'error'}))}"
        )
    head = f"{case.where} [{case.article}]"
    try:
        actual = compute()
    except (RadrulesError, InputError) as exc:
        if "error" in expect and str(expect["error"]) in str(exc):
            return
        raise CaseFailure(f"{head}\n  意外错误 / unexpected error: {exc}") from None
    if "error" in expect:
        raise CaseFailure(f"{head}\n  期望出错（含“{expect['error']}”），实际没有出错；结果：{actual}")
    lines = []
    for key, want in expect.items():
        got = actual.get(key)
        if key == "note_contains":
            if str(want) not in str(actual.get("note")):
                lines.append(f"  note 应包含 {want!r}，实际为 {actual.get('note')!r}")
        elif key == "tables":
            lines += _compare_tables(want, got)
        elif got != want:
            lines.append(f"  {key}: 期望 / expected {_show(want)}，实际 / actual {_show(got)}")
    if lines:
        raise CaseFailure("\n".join([head, *lines]))


# -- deadlines ---------------------------------------------------------------------------


def _run_deadline(case: GoldenCase, registry: Registry) -> None:
    issued = _date(case, "issued")
    if issued is None:
        raise CaseFailure(f"{case.where}: 缺少 issued（出具报告日期）")
    filed = _date(case, "filed")

    def compute() -> dict[str, Any]:
        result = filing_deadline(_province(case), issued, filed_on=filed, registry=registry)
        return {
            "due": result.due,
            "working_days": result.working_days,
            "on_time": result.on_time,
            "late_working_days": result.late_working_days,
            "note": result.note,
        }

    _run(case, {"due", "working_days", "on_time", "late_working_days", "note_contains"}, compute)


def _run_period_deadline(case: GoldenCase, registry: Registry) -> None:
    period = str(_require(case, "period"))

    def compute() -> dict[str, Any]:
        result = period_deadline(_province(case), period, registry=registry)
        return {"due": result.due, "note": result.note}

    _run(case, {"due", "note_contains"}, compute)


register_case_kind("deadline", _run_deadline, keys={"issued", "filed"})
register_case_kind("period_deadline", _run_period_deadline, keys={"period"})


# -- routing and facts -------------------------------------------------------------------


def _filing(spec: Mapping[str, Any], base: Path, where: str) -> Filing:
    try:
        return filing_from_json(document_input(spec, base, where))
    except InputError as exc:
        raise CaseFailure(f"{where}: 输入无法读取：{exc}") from None


def _run_notify(case: GoldenCase, registry: Registry) -> None:
    def compute() -> dict[str, Any]:
        card = _filing(case.data, case.file.parent, case.where).report_card
        if card is None:
            raise CaseFailure(f"{case.where}: 输入中没有报送卡 report_card")
        return {"divisions": list(notify_divisions(card, registry=registry))}

    _run(case, {"divisions"}, compute)


def _run_facts(case: GoldenCase, registry: Registry) -> None:
    def compute() -> dict[str, Any]:
        if "institution" in case.data:
            institution = structure(
                document_input({"input": case.data["institution"]}, case.file.parent, case.where), Institution
            )
        else:
            card = _filing(case.data, case.file.parent, case.where).report_card
            if card is None:
                raise CaseFailure(f"{case.where}: 须给出 institution，或含报送卡的输入")
            institution = card.institution
        facts = institution_facts(_province(case), institution, registry=registry)
        return {"facts": dict(facts)}

    _run(case, {"facts"}, compute)


register_case_kind("notify_divisions", _run_notify, keys=_DOCUMENT_KEYS)
register_case_kind("institution_facts", _run_facts, keys=_DOCUMENT_KEYS | {"institution"})


# -- summaries ---------------------------------------------------------------------------


def _compare_tables(want: Any, got: Any) -> list[str]:
    if not isinstance(want, Mapping):
        return ["  tables 须为“工作表名 → {rows, totals}”的映射"]
    lines = []
    for sheet, spec in want.items():
        table = got.get(sheet) if isinstance(got, Mapping) else None
        if table is None:
            lines.append(f"  没有工作表 {sheet}；实际有：{', '.join(got or {})}")
            continue
        if "rows" in spec and spec["rows"] != table["rows"]:
            lines.append(f"  {sheet} 行数：期望 {spec['rows']}，实际 {table['rows']}")
        for header, value in (spec.get("totals") or {}).items():
            if header not in table["totals"]:
                lines.append(f"  {sheet} 没有合计列 {header}；可用：{', '.join(table['totals'])}")
            elif table["totals"][header] != value:
                lines.append(f"  {sheet} 合计 {header}：期望 {value}，实际 {table['totals'][header]}")
    return lines


def _run_summary(case: GoldenCase, registry: Registry) -> None:
    specs = _require(case, "filings")
    if not isinstance(specs, list):
        raise CaseFailure(
            f"{case.where}: filings 须为列表（文件路径，或含 filing/sample/input 与 set 的映射）"
        )

    def compute() -> dict[str, Any]:
        filings = [
            _filing(
                {"filing": spec} if isinstance(spec, str) else spec,
                case.file.parent,
                f"{case.where} filings[{i}]",
            )
            for i, spec in enumerate(specs)
        ]
        summary = build_summary(
            _province(case),
            period=str(_require(case, "period")),
            filings=filings,
            scope=str(case.data.get("scope", "institution")),
            registry=registry,
        )
        tables = {}
        for table in summary.tables:
            totals = table_totals(table)
            tables[table.sheet] = {
                "rows": len(list(table.rows)),
                "totals": {c.header: totals[i] for i, c in enumerate(table.columns) if i in table.totals},
            }
        return {
            "included": summary.included,
            "skipped": len(summary.skipped),
            "due": summary.deadline.due if summary.deadline else None,
            "tables": tables,
        }

    _run(case, {"included", "skipped", "due", "tables"}, compute)


register_case_kind("summary", _run_summary, keys={"period", "scope", "filings"})
