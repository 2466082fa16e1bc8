"""The test-item catalog shown on the sample form (检测关系维护, source 000 §5.1.2.2 5).

The catalog is ruleset data of the client's jurisdiction (the ``test_items`` parameter;
Jiangsu's lists items, units and 参考值 per test condition from WS 76-2020 and GBZ
130-2020). The form loads the items of the device's type and shows each 参考值; judging
results against them is the plugin's rules' work at submission, not done here. Where the
jurisdiction has no catalog, or the device type is not in it, the form offers free rows.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

import attrs

from radrules import TestCondition, default_registry


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").upper()


@attrs.frozen(kw_only=True)
class CatalogRow:
    name: str
    unit: str
    clause: str
    #: 参考值 per test condition value; "——" where the catalog keeps none (§5.1.2.2 5).
    requirements: dict[str, str]


@attrs.frozen(kw_only=True)
class DeviceItems:
    type_name: str | None
    items: tuple[CatalogRow, ...]
    protection: str | None  # the room's limit for measurement points, with its clause


def items_for(device_type: str | None, division_code: str, on: date) -> DeviceItems:
    registry = default_registry()
    view = registry.view(registry.chain_for_division(division_code), on)
    if not device_type or not view.has("test_items"):
        return DeviceItems(type_name=None, items=(), protection=None)
    catalog: Any = view.get("test_items")
    wanted = _norm(device_type)
    found = next(
        (d for d in catalog.device_types if wanted in {_norm(k) for k in (d.code, d.name, *d.aliases)}), None
    )
    if found is None:
        return DeviceItems(type_name=None, items=(), protection=None)
    by_code = {i.code: i for i in catalog.items}
    rows = []
    for code in found.items:
        item = by_code[code]
        requirements = {}
        for condition in TestCondition:
            ref = item.reference(condition)
            requirements[condition.value] = ref.requirement if ref is not None else "——"
        rows.append(
            CatalogRow(name=item.name, unit=item.unit or "", clause=item.clause, requirements=requirements)
        )
    # One limit per exposure mode where the room has several (a 胃肠机: 透视 and 摄影).
    protection = "；".join(f"{p.requirement}（{p.clause}）" for p in found.protection) or None
    return DeviceItems(type_name=found.name, items=tuple(rows), protection=protection)
