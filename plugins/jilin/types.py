"""Types of the Jilin ruleset's parameter values."""

from __future__ import annotations

from datetime import date

import attrs


@attrs.frozen(kw_only=True)
class DueDate:
    """A yearly due date: ``month``/``day`` of the period's year, or of the next when ``next_year``."""

    month: int
    day: int
    next_year: bool = False

    def __attrs_post_init__(self) -> None:
        date(2000, self.month, self.day)  # a leap year, so 29 February is accepted; raises ValueError

    def in_year(self, period_year: int) -> date:
        return date(period_year + self.next_year, self.month, self.day)


@attrs.frozen(kw_only=True)
class SemiannualDue:
    """第五条: results of January–June are due 10 July; of July–December, 10 January next year."""

    first_half: DueDate
    second_half: DueDate


@attrs.frozen(kw_only=True)
class RegistrationRequirement:
    """第四条: an out-of-province institution needs a registration with ``body`` to work in Jilin."""

    required: bool
    body: str | None = None
