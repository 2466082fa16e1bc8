"""Types of the national ruleset's parameter values."""

from __future__ import annotations

import attrs

from radrules import TitleLevel


@attrs.frozen(kw_only=True)
class DoseBands:
    """The card's dose bands: ``lower`` ≤ dose ≤ ``upper`` is 5~20 mSv, above ``upper`` is >20 mSv."""

    lower: float
    upper: float


@attrs.frozen(kw_only=True)
class DiagnosisPhysicianConditions:
    """The conditions of 职业病诊断与鉴定管理办法 第二十一条 that a registration can show:
    the plan types that train diagnosis physicians, the lowest title level, the years of
    related work."""

    plan_types: tuple[str, ...]
    min_title_level: TitleLevel
    min_years: int
