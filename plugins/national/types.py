"""Types of the national ruleset's parameter values."""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class DoseBands:
    """The card's dose bands: ``lower`` ≤ dose ≤ ``upper`` is 5~20 mSv, above ``upper`` is >20 mSv."""

    lower: float
    upper: float
