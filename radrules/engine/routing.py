"""Routing a filed card to the health administrations that receive it, and facts a
jurisdiction derives about an institution (such as its login name on a national system).

Both are answered by the plugin of the jurisdiction (hooks ``radrules_notify_divisions``
and ``radrules_institution_facts``), so that a web shell can show them without importing
any plugin. Fujian's notice, for instance, has the national system push each card to the
county-level-and-above administrations of the service location (source 004 第六条) and
fixes the institution's user name (第四条).
"""

from __future__ import annotations

from collections.abc import Sequence

from radrules.engine.registry import Registry, default_registry
from radrules.model.card import ReportCard
from radrules.model.parties import Institution


def notify_divisions(card: ReportCard, *, registry: Registry | None = None) -> tuple[str, ...]:
    """Division codes of the administrations ``card`` is pushed to, most local first.

    The jurisdiction is the service location's province; an empty tuple means its rules
    say nothing about routing.
    """
    reg = registry or default_registry()
    chain = reg.chain_for_division(card.service_division_code)
    for code in reversed(chain):
        found: Sequence[str] | None = reg.hook.radrules_notify_divisions(jurisdiction=code, card=card)
        if found is not None:
            return tuple(found)
    return ()


def institution_facts(
    province: str, institution: Institution, *, registry: Registry | None = None
) -> list[tuple[str, str]]:
    """(label, value) pairs that the rules of ``province`` and the national baseline derive."""
    reg = registry or default_registry()
    out: list[tuple[str, str]] = []
    for code in reg.chain(reg.resolve(province)):
        for facts in reg.hook.radrules_institution_facts(jurisdiction=code, institution=institution):
            out.extend((str(label), str(value)) for label, value in facts)
    return out
