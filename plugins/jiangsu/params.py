"""Reading Jiangsu parameters that may have no value on a given day (a test before a catalog)."""

from __future__ import annotations

from datetime import date
from typing import Any

from radrules import ParameterView, RuleContext, RulesetError


def param_on(ctx: RuleContext, name: str, day: date) -> Any | None:
    """The value in force on ``day``, recorded for explanation, or None if none is.

    ``name`` is a declared parameter, so the only error left is a day outside every window.
    """
    try:
        return ctx.param(name, on=day)
    except RulesetError:
        return None


def view_on(params: ParameterView, name: str, day: date) -> Any | None:
    """:func:`param_on` for code that has a parameter view but no rule context."""
    try:
        return params.get(name, on=day)
    except RulesetError:
        return None
