"""The city the supervision benchmarks write: 四川省宜宾市 (5115) and its ten county-level
divisions (GB/T 2260: 翠屏区, 南溪区, 叙州区, 江安县, 长宁县, 高县, 珙县, 筠连县, 兴文县, 屏山县).
Unit ``i`` of a benchmark is in ``county(i)``, so the units spread evenly over the city."""

from __future__ import annotations

CITY = "511500"
COUNTIES = (
    "511502",
    "511503",
    "511504",
    "511523",
    "511524",
    "511525",
    "511526",
    "511527",
    "511528",
    "511529",
)


def county(i: int) -> str:
    """The county of the ``i``-th unit (round robin)."""
    return COUNTIES[i % len(COUNTIES)]
