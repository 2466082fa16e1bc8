"""Dated ruleset parameters: what a ruleset file holds once loaded.

Each parameter is a list of values with effective windows (``valid_from`` and
``valid_to`` both inclusive, either open) and the legal source of each value, in the
manner of OpenFisca's parameters.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from radrules.engine.findings import Citation


@attrs.frozen(kw_only=True)
class ParameterSpec:
    """A parameter a plugin declares: its file name (``<name>.yaml``) and the type of its values.

    What the parameter means is written once, as the ``description`` of its ruleset file,
    beside its dated values and their sources; the declaration holds only what code needs.
    """

    name: str
    type: Any


@attrs.frozen(kw_only=True)
class DatedValue:
    value: Any
    valid_from: date | None = None
    valid_to: date | None = None
    sources: tuple[Citation, ...] = ()

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@attrs.frozen(kw_only=True)
class Parameter:
    name: str
    description: str
    values: tuple[DatedValue, ...]
    unit: str | None = None

    def at(self, day: date) -> DatedValue | None:
        for value in self.values:
            if value.covers(day):
                return value
        return None


@attrs.frozen(kw_only=True)
class RulesetMeta:
    """``ruleset.yaml``: which jurisdiction the folder is for and which version it is."""

    jurisdiction: str
    version: str
    title: str
    published_on: date | None = None
    notes: str | None = None


@attrs.frozen(kw_only=True)
class Ruleset:
    meta: RulesetMeta
    parameters: dict[str, Parameter] = attrs.field(hash=False)
    location: str = ""
