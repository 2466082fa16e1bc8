"""The on-disk shape of ruleset files, structured strictly (unknown keys are errors)."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs


@attrs.frozen(kw_only=True)
class SourceRef:
    """A value's ``source``: a document of the catalogue (rulesets/sources.yaml) by key, and its article.

    ``title`` is accepted only when it agrees with the catalogue, which is where it belongs.
    """

    document: str
    article: str | None = None
    title: str | None = None


@attrs.frozen(kw_only=True)
class ValueEntry:
    value: Any
    valid_from: date | None = None
    valid_to: date | None = None
    source: SourceRef | None = None
    sources: tuple[SourceRef, ...] = ()
    note: str | None = None


@attrs.frozen(kw_only=True)
class ParameterFile:
    description: str
    values: tuple[ValueEntry, ...]
    unit: str | None = None
    reference: str | None = None
