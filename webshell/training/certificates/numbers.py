"""Certificate numbers drawn from the database (source 002 §6.4 证书编号), as the QC codes are.

The library names the series (:func:`radrules.certificate_series`: jurisdiction, year,
prefix ``JSPX-2026-01``) and formats the number with its check character; the next number
of the series comes from one ``INSERT … ON CONFLICT … RETURNING`` on the counter table the
QC codes use, under the series' own key, so two issues — in one process or several —
never draw the same number, and a number drawn in a transaction that rolls back is never
drawn again (a gap, never a duplicate).
"""

from __future__ import annotations

from datetime import date

from radrules_webshell.filings.cards.qc_sequence import Drawn, draw_key

from radrules import TrainingPlan, certificate_series, issue_certificate_number


def counter_key(jurisdiction: str, year: int, prefix: str) -> str:
    return f"training-certificate|{jurisdiction}|{year}|{prefix}"


async def next_number(plan: TrainingPlan, *, on: date) -> str:
    series = certificate_series(plan, on=on)
    drawn = await draw_key(counter_key(series.jurisdiction, series.year, series.prefix))
    return issue_certificate_number(
        plan, on=on, sequence=Drawn(series.jurisdiction, series.year, series.prefix, drawn)
    )
