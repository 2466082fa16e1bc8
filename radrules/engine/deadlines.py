"""Deadlines that provinces set: for filing a card, and for periodic summaries.

A deadline says when something is due, or that nothing is due (``due`` is None, with
``note`` saying why), and on what legal basis.
"""

from __future__ import annotations

from datetime import date

import attrs

from radrules.engine.findings import Citation


@attrs.frozen(kw_only=True)
class Deadline:
    due: date | None
    basis: tuple[Citation, ...]
    note: str
    working_days: int | None = None
