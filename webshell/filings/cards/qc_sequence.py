"""QC-code numbers drawn from the database, unique across processes (source 000 §5.3.4 第六步).

One statement increments the series' counter and returns the new value
(``INSERT … ON CONFLICT (key) DO UPDATE SET last = last + 1 RETURNING last``): PostgreSQL
takes the row lock for it, SQLite the database write lock, so two requests — in one
process or in several — never draw the same number, and a number once drawn is never
drawn again even if the card's transaction later rolls back (a gap, never a duplicate).
"""

from __future__ import annotations

from datetime import date

import attrs
from radrules_webshell.filings.cards.tables import QcCounter

from radrules import QcSeries, ReportCard, issue_qc_code, qc_series_for

_NEXT = (
    'INSERT INTO qc_counter ("key", "last") VALUES ({}, 1) '
    'ON CONFLICT ("key") DO UPDATE SET "last" = qc_counter."last" + 1 RETURNING "last"'
)


def counter_key(jurisdiction: str, series: QcSeries) -> str:
    return f"{jurisdiction}|{series.year}|{series.prefix}"


async def draw(jurisdiction: str, series: QcSeries) -> int:
    """The next number of ``series``; call it inside the card's transaction or outside one."""
    return await draw_key(counter_key(jurisdiction, series))


async def draw_key(key: str) -> int:
    """The next number of the counter ``key`` (at most 80 characters). Other numbered series
    (training certificates) keep their counters here too, under keys of their own."""
    rows = await QcCounter.raw(_NEXT, key)
    return int(rows[0]["last"])


@attrs.frozen
class Drawn:
    """Hands the library's number formatter (:func:`radrules.issue_qc_code`,
    :func:`radrules.issue_certificate_number`) the number already drawn for its series."""

    jurisdiction: str
    year: int
    prefix: str
    number: int

    def next(self, jurisdiction: str, year: int, prefix: str) -> int:
        if (jurisdiction, year, prefix) != (self.jurisdiction, self.year, self.prefix):
            raise RuntimeError(f"series changed between drawing and issuing: {jurisdiction} {year} {prefix}")
        return self.number


async def allocate_qc_code(card: ReportCard, *, on: date) -> str | None:
    """The card's QC code: its own if it has one, else a new one; None where the card's
    jurisdiction issues no QC codes."""
    if card.qc_code:
        return card.qc_code
    found = qc_series_for(card, on=on)
    if found is None:
        return None
    jurisdiction, series = found
    number = await draw(jurisdiction, series)
    return issue_qc_code(card, on=on, sequence=Drawn(jurisdiction, series.year, series.prefix, number))
