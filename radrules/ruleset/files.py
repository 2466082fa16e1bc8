"""The on-disk shape of ruleset files, structured strictly (unknown keys are errors)."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from radrules.engine.findings import Citation


@attrs.frozen(kw_only=True)
class ValueEntry:
    value: Any
    valid_from: date | None = None
    valid_to: date | None = None
    source: Citation | None = None
    sources: tuple[Citation, ...] = ()
    note: str | None = None


@attrs.frozen(kw_only=True)
class ParameterFile:
    description: str
    values: tuple[ValueEntry, ...]
    unit: str | None = None
    reference: str | None = None
