"""Administrative divisions on the pages (GB/T 2260, the table of ``radrules``): names
instead of bare codes, and the cascading picker of 所属地区 (source 000 §2.2.1 “必须选择至
所属地区”, §5.3.4 第四步 “必须选择到区县”, §5.4.2 “可选择到乡镇和街道”).

The picker is a row of selects, one per level (``<name>__1`` province, ``__2`` city or
county, …), each listing the children of the one before, as the server draws them from the
value: it works without JavaScript (a 选择 button, or any submit, draws the next level),
and ``/static/app.js`` refills the next select when one changes (``GET /api/divisions``).
The value read back is the finest level whose choice belongs to the one above it, so a
province changed without JavaScript drops the stale city below it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import attrs

from radrules import InvalidValue, division_children, lookup_division, validate_division_code

#: Depth of each level, as ``radrules.Division.level`` names it.
RANK = {"province": 1, "city": 2, "county": 3, "township": 4}
#: The levels a picker may go down to, and what its 选择 button offers.
LEVEL_LABELS = {"province": "省", "city": "市", "county": "区县", "township": "乡镇街道"}


def _full(code: str | None) -> str:
    """A code, or a prefix naming a region (``32``, ``3201``), as a six-digit code."""
    value = (code or "").strip()
    return value.ljust(6, "0") if value.isdigit() and len(value) < 6 else value


def place(code: str | None, *, on: date | None = None) -> str:
    """A code as the pages show it: ``江苏省南京市玄武区``; a prefix (``3201``) is the region it
    names; a code the table does not know stays as it is."""
    value = (code or "").strip()
    if not value:
        return ""
    full = _full(value)
    found = lookup_division(full, on=on) or (lookup_division(full) if on is not None else None)
    return found.full_name if found else value


def chain(code: str | None, *, on: date | None = None) -> list[str]:
    """The codes from the province down to ``code`` (empty for an unknown code)."""
    out: list[str] = []
    full = _full(code)
    found = lookup_division(full, on=on) if full else None
    while found is not None:
        out.insert(0, found.code)
        found = lookup_division(found.parent, on=on) if found.parent else None
    return out


@attrs.frozen
class Level:
    """One select of the picker: its input name, the choices (code, own name), the chosen."""

    name: str
    label: str
    options: tuple[tuple[str, str], ...]
    selected: str


def picker(name: str, code: str | None, depth: str = "county", *, on: date | None = None) -> list[Level]:
    """The selects that pick ``code`` down to ``depth``: the provinces, then the children of
    each chosen level, until ``depth`` or a level with no finer division."""
    chosen = chain(code, on=on)
    levels: list[Level] = []
    parent: str | None = None
    while True:
        children = division_children(parent, on=on)
        if not children or RANK[children[0].level] > RANK[depth]:
            break
        index = len(levels)
        selected = chosen[index] if index < len(chosen) else ""
        label = LEVEL_LABELS.get(children[0].level, "")
        levels.append(
            Level(f"{name}__{index + 1}", label, tuple((c.code, c.name) for c in children), selected)
        )
        if not selected:
            break
        parent = selected
    return levels


def read(get: Callable[[str], Any], name: str) -> str | None:
    """The picked code of a submitted form: ``name`` itself when sent (the API, a typed
    code), else the finest level of the picker that belongs to the level above it."""
    direct = str(get(name) or "").strip()
    if direct:
        return direct
    value: str | None = None
    for index in range(1, len(RANK) + 1):
        part = str(get(f"{name}__{index}") or "").strip()
        if not part:
            break
        found = lookup_division(part)
        if found is None or found.parent != value:
            break
        value = part
    return value


def check_region(code: str, *, on: date | None = None) -> str:
    """A query's region: a code of any level (or the prefix that names one, ``3201``) that
    exists (on ``on``, else in the latest list); :class:`radrules.InvalidValue` otherwise."""
    value = code.strip()
    if not value.isdigit() or len(value) not in (2, 4, 6, 9, 12):
        raise InvalidValue("地区应为行政区划代码（2、4、6、9 或 12 位数字）")
    validate_division_code(_full(value), level="province", on=on)
    return value
