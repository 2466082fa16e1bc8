"""The record form of a dose report (添加监测结果, source 000 §5.2.2.2 3): a worker the client
assigned to this institution for the report date, the dosimeter, the monitoring period
and the doses, read into a :class:`radrules.DoseRecord`.

Only the form's own shape is checked here (a date is a date, a dose a number, the
required inputs present); whether the values meet the rules is radrules' finding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from radrules_webshell.filings.reports.forms import parse_body, parse_day

from radrules import DoseRecord

RECORD_FIELDS = ("worker_id", "dosimeter_no", "period_start", "period_end", "hp10", "hp007", "remark")


def entered(form: Mapping[str, Any]) -> dict[str, str]:
    """The record form's inputs as typed (to show a refused form again)."""
    return {k: str(form.get(k) or "").strip() for k in RECORD_FIELDS}


def record_of(
    values: dict[str, str], worker: dict[str, Any] | None, errors: dict[str, str]
) -> DoseRecord | None:
    """The record of the form's ``values`` for ``worker`` (the picked worker's stored row; None
    when the form names none the client assigned), or None with ``errors`` by input name."""
    if worker is None:
        errors["worker_id"] = "请选择委托单位指定本机构监测的放射工作人员"
    start = parse_day(values["period_start"], "period_start", errors)
    end = parse_day(values["period_end"], "period_end", errors)
    for name in ("period_start", "period_end", "hp10"):
        if not values[name]:
            errors[name] = "必填"
    hp10 = _number(values["hp10"], "hp10", errors)
    hp007 = _number(values["hp007"], "hp007", errors) if values["hp007"] else None
    if errors or worker is None:
        return None
    return parse_body(
        {
            "worker": {"name": worker["name"], "id_number": worker["id_number"], "employer_uscc": ""},
            "period_start": start.isoformat() if start else None,
            "period_end": end.isoformat() if end else None,
            "hp10": hp10,
            "hp007": hp007,
            "dosimeter_no": values["dosimeter_no"] or worker["dosimeter_no"],
            "remark": values["remark"] or None,
        },
        DoseRecord,
    )


def _number(text: str, name: str, errors: dict[str, str]) -> float | None:
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        errors[name] = "应为数值（mSv）"
        return None


def values_of(record: DoseRecord, workers: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """The record form's inputs for a stored record (修改): its worker among those the
    client assigned (by ID number), its dates and doses as typed."""
    worker = next((w for w in workers if w["id_number"] == record.worker.id_number), None)
    return {
        "worker_id": str(worker["id"]) if worker else "",
        "dosimeter_no": record.dosimeter_no or "",
        "period_start": record.period_start.isoformat(),
        "period_end": record.period_end.isoformat(),
        "hp10": f"{record.hp10:g}",
        "hp007": "" if record.hp007 is None else f"{record.hp007:g}",
        "remark": record.remark or "",
    }
