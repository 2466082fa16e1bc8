"""Counting the places taken in sessions (source 002 §5.4 已选人数, 剩余人数), for the library.

One placement row is one person in one session, whatever the number of specialties, so
the people placed are the rows and each specialty counts the rows naming it —
:class:`radrules.SeatCount` exactly. ``excluding`` leaves one unit's rows out: the
envelope of a unit's selection carries its own placements, and the count carries the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from radrules_webshell.training.sessions.tables import TrainingSelection
from radrules_webshell.training.shared.documents import loads

from radrules import SeatCount


async def seat_counts(session_ids: Iterable[int], *, excluding: int | None = None) -> dict[str, SeatCount]:
    ids = list(session_ids)
    if not ids:
        return {}
    where: Any = TrainingSelection.session.is_in(ids)
    if excluding is not None:
        where &= TrainingSelection.institution != excluding
    rows = await TrainingSelection.select(TrainingSelection.session, TrainingSelection.specialties).where(
        where
    )
    persons: dict[int, int] = {}
    per: dict[int, dict[str, int]] = {}
    for r in rows:
        persons[r["session"]] = persons.get(r["session"], 0) + 1
        bucket = per.setdefault(r["session"], {})
        for name in set(loads(r["specialties"], [])):
            bucket[name] = bucket.get(name, 0) + 1
    return {
        str(i): SeatCount(session_id=str(i), persons=persons.get(i, 0), by_specialty=per.get(i, {}))
        for i in ids
    }
