"""Routing a filed card to the health administrations that receive it, and facts a
jurisdiction derives about an institution (such as its login name on a national system).

Both are answered by the plugin of the jurisdiction (hooks ``radrules_notify_divisions``
and ``radrules_institution_facts``), so that a web shell can show them without importing
any plugin. Fujian's notice, for instance, has the national system push each card to the
county-level-and-above administrations of the service location (source 004 第六条) and
fixes the institution's user name (第四条).
"""

from __future__ import annotations

from radrules import hookspecs
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
    found = reg.ask(hookspecs.radrules_notify_divisions, chain, card=card)
    return tuple(found[1]) if found is not None else ()


def institution_facts(
    province: str, institution: Institution, *, registry: Registry | None = None
) -> list[tuple[str, str]]:
    """(label, value) pairs that the rules of ``province`` and the national baseline derive."""
    reg = registry or default_registry()
    chain = reg.chain(reg.resolve(province))
    answers = reg.ask_each(hookspecs.radrules_institution_facts, chain, institution=institution)
    return [(str(label), str(value)) for _, facts in answers for label, value in facts]
