"""Types of the Fujian ruleset's parameter values."""

from __future__ import annotations

from datetime import date

import attrs


@attrs.frozen(kw_only=True)
class FilingTerm:
    """How a card's filing deadline follows from its report's issue date (第五条).

    Exactly one of ``working_days`` (counted after the issue date) and ``due`` (a fixed
    date) is given when ``required``; neither when there is no obligation.
    """

    required: bool = True
    working_days: int | None = None
    due: date | None = None

    def __attrs_post_init__(self) -> None:
        given = (self.working_days is not None) + (self.due is not None)
        if self.required and given != 1:
            raise ValueError("须且只能填写 working_days（工作日数）或 due（固定截止日期）之一")
        if not self.required and given:
            raise ValueError("required 为 false（不要求报送）时不填写 working_days 或 due")
        if self.working_days is not None and self.working_days < 1:
            raise ValueError("working_days 应为正整数")
