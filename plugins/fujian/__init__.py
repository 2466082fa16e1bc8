"""Fujian (福建, 35): 闽卫职健函〔2021〕847号 (source 004), on reporting technical-service cards.

The notice relays the national reporting system (国卫办职健函〔2021〕566号): institutions file
the national card (第三条) on the national system under a user name cut from their credit
code (第四条), within 15 working days after issuing the report, or by 2022-01-31 for the
2021 window (第五条); the system pushes each card to the county-level-and-above health
administrations of the service location (第六条). Registered under the ``radrules``
entry-point group as ``fujian``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from importlib.resources import files

from radrules import (
    Deadline,
    Institution,
    Jurisdiction,
    ParameterSpec,
    ParameterView,
    ReportCard,
    Rule,
    hookimpl,
)

from . import rules_card  # noqa: F401 - registers the rules
from .book import CODE, book
from .deadline import deadline_for
from .routing import national_username, notify_divisions, username_fact
from .types import FilingTerm

PARAMETERS = (ParameterSpec(name="filing_term", type=FilingTerm),)

__all__ = ["CODE", "deadline_for", "national_username", "notify_divisions"]


@hookimpl
def radrules_jurisdictions() -> Sequence[Jurisdiction]:
    return [
        Jurisdiction(
            code=CODE,
            slug="fujian",
            name="福建省",
            ruleset=files("radrules_rulesets") / "fujian",
            parameters=PARAMETERS,
        )
    ]


@hookimpl
def radrules_rules() -> Sequence[Rule]:
    return book.rules


@hookimpl
def radrules_filing_deadline(issued_on: date, params: ParameterView) -> Deadline | None:
    return deadline_for(issued_on, params.use("filing_term", on=issued_on))


@hookimpl
def radrules_notify_divisions(card: ReportCard) -> Sequence[str] | None:
    return notify_divisions(card)


@hookimpl
def radrules_institution_facts(institution: Institution) -> Sequence[tuple[str, str]] | None:
    return [username_fact(institution.uscc)]
