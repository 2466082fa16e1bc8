"""What evaluating a register gives: graded warnings, each with a stable identity.

A warning is about one *subject* of the register — the unit, a licence, a device or a
worker — and, where a rule can fire more than once for a subject, one *occurrence* of it
(``about``: a year, a monitoring period, the date of the training an interval starts
from). ``key`` joins the unit's credit code, the rule, the subject and the occurrence,
so that a store (the web shell) can open a warning the first time it is raised, keep it
open (and acknowledged) while later evaluations raise it again, and close it when they
no longer do — list positions (``path``) may change between evaluations, keys do not.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import attrs

from radrules.engine.findings import Citation, ParameterUse
from radrules.model.parties import Client
from radrules.supervision.policy import WarningCategory, WarningLevel


@attrs.frozen(kw_only=True)
class Subject:
    """What a warning is about: ``kind`` (unit, licence, device, worker), its stable ``id``
    (credit code, licence number, device id, ID number) and a ``name`` for people."""

    kind: str
    id: str
    name: str


@attrs.frozen(kw_only=True)
class RegisterWarning:
    key: str
    rule_id: str
    level: WarningLevel
    level_label: str
    category: WarningCategory
    subject: Subject
    path: str
    due: date | None
    message: str
    citations: tuple[Citation, ...]
    notify: tuple[str, ...]
    jurisdiction: str
    about: str = ""
    values: dict[str, Any] = attrs.field(factory=dict, hash=False)
    parameters: tuple[ParameterUse, ...] = ()


@attrs.frozen(kw_only=True)
class WarningReport:
    """The warnings of one register on one date, gravest first."""

    as_of: date
    unit: Client
    jurisdictions: tuple[str, ...]
    ruleset_versions: dict[str, str] = attrs.field(hash=False)
    warnings: tuple[RegisterWarning, ...]
    level_labels: dict[WarningLevel, str] = attrs.field(factory=dict, hash=False)

    def label(self, level: WarningLevel) -> str:
        """The ruleset's Chinese name of ``level``."""
        return self.level_labels.get(level, level.value)

    @property
    def actionable(self) -> bool:
        """True when a warning is ``medium`` or ``high`` (the command line exits 1)."""
        return any(w.level is not WarningLevel.low for w in self.warnings)

    def summary(self) -> dict[str, Any]:
        return summarize(self.warnings)


def summarize(warnings: tuple[RegisterWarning, ...] | list[RegisterWarning]) -> dict[str, Any]:
    """Counts of warnings in total, by level and by category (every level and category listed)."""
    levels = Counter(w.level for w in warnings)
    categories = Counter(w.category for w in warnings)
    return {
        "total": len(warnings),
        "by_level": {level.value: levels[level] for level in WarningLevel},
        "by_category": {c.value: categories[c] for c in WarningCategory},
    }
