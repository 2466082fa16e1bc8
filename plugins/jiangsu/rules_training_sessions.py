"""Jiangsu rule on changing a session after units placed people in it (source 002 §5.4).

The CDC may change a session's 分班人数 and 限制人数 while selection runs, but not below the
places already taken: 剩余人数 (分班人数 minus the people placed) and each specialty's room
would turn negative, and people the units were told are placed would no longer fit. The
places taken are what storage counted (``counts.seats``), as for the capacity rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from radrules import Finding, RuleContext, Session, training_index

from .book import book
from .citations import training_manual
from .training_fields import TRAINING_FROM


@book.rule(
    "JS.training.session.seats-taken",
    title="分班人数、限制人数不能少于已选人数",
    applies_to=Session,
    cites=[training_manual("§5.4 1 分班人数、剩余人数、限制人数（为空默认分班人数）、已选人数")],
    valid_from=TRAINING_FROM,
)
def seats_taken(session: Session, ctx: RuleContext) -> Iterator[Finding]:
    """Checked when storage counted the session's places (a session being changed)."""
    counted = training_index(ctx).seats.get(session.session_id)
    if counted is None:
        return
    if session.capacity < counted.persons:
        yield ctx.finding(
            "capacity",
            f"分班人数{session.capacity}少于已选班人数{counted.persons}",
            values={"capacity": session.capacity, "taken": counted.persons},
        )
    for i, row in enumerate(session.specialties):
        taken = counted.by_specialty.get(row.specialty, 0)
        limit = row.limit if row.limit is not None else session.capacity
        if row.limit is not None and limit < taken:
            yield ctx.finding(
                f"specialties[{i}].limit",
                f"专业类别“{row.specialty}”的限制人数{limit}少于已选人数{taken}",
                values={"limit": limit, "taken": taken},
            )
