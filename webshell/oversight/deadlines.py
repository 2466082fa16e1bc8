"""One card's filing deadline as a regulator reads it, from the province's hook.

:func:`radrules.filing_deadline` asks the province of the service location (Fujian: 15
working days after the report, 闽卫职健函〔2021〕847号 第五条); a province that sets none,
or a count that needs a year without holiday data, is said in a sentence instead.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from radrules import CalendarYearMissing, NoDeadline, UnknownJurisdiction, filing_deadline


def deadline_facts(division_code: str, issued_on: date, filed_on: date | None) -> dict[str, Any]:
    """One card's due date and lateness, for its details page; a sentence when there is none."""
    try:
        found = filing_deadline(division_code[:2], issued_on, filed_on=filed_on)
    except (NoDeadline, UnknownJurisdiction):
        return {"due": None, "late_working_days": None, "note": "服务地所在省份未规定报送卡的报送期限"}
    except CalendarYearMissing as exc:
        return {"due": None, "late_working_days": None, "note": f"无法计算报送期限：{exc}"}
    return {"due": found.due, "late_working_days": found.late_working_days, "note": found.note}
