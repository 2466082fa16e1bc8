"""The overdue list: cards not filed by their deadline, and cards that were filed late.

The deadline is the province's (hook ``radrules_filing_deadline``, asked through
:func:`radrules.filing_deadline`): Fujian's 15 working days after the report is issued
(闽卫职健函〔2021〕847号 第五条), and lateness in working days
(:func:`radrules.late_working_days`). A province whose rules set no deadline has no
overdue cards; a card whose count needs a year with no published holiday schedule is
listed apart, with the library's explanation, instead of being guessed.

Only cards within the principal's division-code prefix are considered, like every
regulator view. A card is *filed* on its first submission (``ReportCard.filed_on``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from radrules_webshell.core.principal import Principal
from radrules_webshell.filings.cards.tables import ReportCard
from radrules_webshell.oversight.cards import institution_names, place
from radrules_webshell.oversight.service import prefix_of

from radrules import (
    PROVINCES,
    CalendarYearMissing,
    FilingStatus,
    NoDeadline,
    UnknownJurisdiction,
    filing_deadline,
)

#: Rows shown per list; the totals always count every card.
MAX_ROWS = 500

_COLUMNS = (
    ReportCard.id,
    ReportCard.institution,
    ReportCard.division_code,
    ReportCard.client_name,
    ReportCard.report_no,
    ReportCard.report_issued_on,
    ReportCard.filed_on,
    ReportCard.status,
)


def provinces_in(scope: str) -> list[str]:
    """The provinces a prefix reaches: its own, or all of them for the whole country."""
    if scope:
        return [scope[:2]] if scope[:2] in PROVINCES else []
    return sorted(PROVINCES)


def sets_deadline(province: str, on: date) -> bool:
    """Whether the province's rules set a filing deadline (asked once per province, not per card)."""
    try:
        filing_deadline(province, on)
    except (NoDeadline, UnknownJurisdiction):
        return False  # no rules for the province, or none that set a deadline
    except CalendarYearMissing:
        return True  # it sets one; that day's count just needs more calendar data
    return True


async def overdue(user: Principal, *, as_of: date) -> dict[str, Any]:
    """Unfiled cards past their due date as of ``as_of``, late filings, and the undeterminable."""
    scope = prefix_of(user)
    unfiled: list[dict[str, Any]] = []
    late: list[dict[str, Any]] = []
    unknown: list[dict[str, Any]] = []
    without: list[str] = []
    for province in provinces_in(scope):
        if not sets_deadline(province, as_of):
            if scope:
                without.append(PROVINCES[province])
            continue
        prefix = scope if scope.startswith(province) else province
        rows = await ReportCard.select(*_COLUMNS).where(
            ReportCard.division_code.like(f"{prefix}%"),
            ReportCard.status != FilingStatus.withdrawn.value,
            ReportCard.report_issued_on < as_of,
        )
        _sort(province, rows, as_of, unfiled, late, unknown)
    unfiled.sort(key=lambda r: (r["due"], r["id"]))
    late.sort(key=lambda r: (-r["late_working_days"], r["id"]))
    unknown.sort(key=lambda r: (r["report_issued_on"], r["id"]))
    names = await institution_names({r["institution_id"] for r in (*unfiled[:MAX_ROWS], *late[:MAX_ROWS])})
    for row in (*unfiled, *late, *unknown):
        row["institution_name"] = names.get(row["institution_id"], "")
    return {
        "as_of": as_of,
        "unfiled_total": len(unfiled),
        "late_total": len(late),
        "unfiled": unfiled[:MAX_ROWS],
        "late": late[:MAX_ROWS],
        "undetermined": unknown[:MAX_ROWS],
        "undetermined_total": len(unknown),
        "no_deadline_provinces": without,
    }


def _sort(
    province: str,
    rows: Iterable[dict[str, Any]],
    as_of: date,
    unfiled: list[dict[str, Any]],
    late: list[dict[str, Any]],
    unknown: list[dict[str, Any]],
) -> None:
    for row in rows:
        base = {
            "id": row["id"],
            "institution_id": row["institution"],
            "service_place": place(row["division_code"]),
            "client_name": row["client_name"],
            "report_no": row["report_no"],
            "report_issued_on": row["report_issued_on"],
            "filed_on": row["filed_on"],
            "status": row["status"],
            "status_label": FilingStatus(row["status"]).label,
        }
        try:
            deadline = filing_deadline(province, row["report_issued_on"], filed_on=row["filed_on"])
        except CalendarYearMissing as exc:
            unknown.append(base | {"reason": f"无法计算报送期限：{exc}"})
            continue
        if deadline.due is None:
            continue  # no filing obligation for this report (the deadline's note says why)
        facts = base | {"due": deadline.due, "note": deadline.note}
        if row["filed_on"] is None:
            if deadline.due < as_of:
                unfiled.append(facts | {"days_overdue": (as_of - deadline.due).days})
        elif deadline.late_working_days:
            late.append(facts | {"late_working_days": deadline.late_working_days})
