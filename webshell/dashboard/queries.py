"""The statistics of a city or a county, aggregated in SQL (source 001 modules 2 “二级统计查询首页
… 快速了解全市放射诊疗机构、技术服务机构、职业健康检查机构情况，并可进行快速过滤”, 15, 16).

One query per count, each a ``GROUP BY`` over the scope (a regulator's division prefix; the
administrator everything), grouped one level down: a province by city, a city by county, a
county by unit. Filters: ``division`` (a code or prefix inside the scope) and ``kind`` (the
unit kind, ``ClientKind``). Open warnings are counted as the regulator's warning list shows
them (``unit_warnings.queries.regulator_scope``: those its authority is told of), so a count
and the list it links to agree. Nothing here judges: the warnings are the stored ones.

Workers and devices are counted as of the day (Beijing): a worker who has left the unit
(``left_on`` before the day) or not yet started, a device retired (``retired_on`` before the
day) or not yet installed, is not counted — the library's ``RegisteredWorker.at_work`` and the
device rules' *in use* (``radrules.model.register``, ``plugins/national/rules_register_devices``),
both days included; a row without the date (a worker or device entered from a report card,
never put on the register) is counted.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from radrules_webshell.accounts.tables import Authority
from radrules_webshell.clients.tables import Client
from radrules_webshell.core import clock, divisions
from radrules_webshell.core.errors import Invalid
from radrules_webshell.core.principal import Principal, division_prefix
from radrules_webshell.db.engine import is_sqlite
from radrules_webshell.oversight.service import prefix_of
from radrules_webshell.unit_warnings.queries import CATEGORIES, LEVELS

from radrules import ClientKind

MONTHS = 12
GROUP_LABELS = {2: "省", 4: "市", 6: "区县", 0: "单位"}
#: At work / in use on the day ``{}`` (the same date twice): the library's definitions.
AT_WORK = "(started_on IS NULL OR started_on <= {}) AND (left_on IS NULL OR left_on >= {})"
IN_USE = "(installed_on IS NULL OR installed_on <= {}) AND (retired_on IS NULL OR retired_on >= {})"


def kinds() -> dict[str, str]:
    return {k.value: k.label for k in ClientKind}


def parse(user: Principal, q: Any) -> dict[str, Any]:
    """The scope and filters: the effective division prefix (never wider than the user's),
    the unit kind; 400 naming a wrong parameter."""
    scope = prefix_of(user)
    division = str(q.get("division") or "").strip()
    if division and (not division.isdigit() or len(division) > 12):
        raise Invalid("division 应为行政区划代码或其前缀", errors={"division": "应为行政区划代码或其前缀"})
    wanted = division_prefix(division) if len(division) == 6 else division
    if wanted.startswith(scope):
        prefix = wanted
    elif scope.startswith(wanted):
        prefix = scope
    else:
        raise Invalid("所选地区不在本单位辖区内", errors={"division": "不在本单位辖区内"})
    kind = str(q.get("kind") or "")
    if kind and kind not in kinds():
        raise Invalid("kind 应为单位类型之一", errors={"kind": "没有这个单位类型"})
    return {"scope": scope, "prefix": prefix, "kind": kind or None, "day": clock.today()}


async def _authority_code(user: Principal) -> str | None:
    if user.role != "regulator" or user.authority_id is None:
        return None
    row = await Authority.select(Authority.division_code).where(Authority.id == user.authority_id).first()
    return row["division_code"] if row else None


def _group_length(prefix: str) -> int:
    """0 means: one row per unit."""
    return {0: 2, 2: 4, 4: 6}.get(len(prefix), 0)


async def statistics(user: Principal, f: dict[str, Any]) -> dict[str, Any]:
    """Counts of units, institutions, devices, workers and open warnings, by group, with the
    totals, the open warnings by category and the warnings opened per month."""
    prefix, kind, day = f["prefix"], f["kind"], f["day"]
    length = _group_length(prefix)
    group = f"substr(c.division_code, 1, {length})" if length else "c.id"
    like = f"{prefix}%"
    unit_filter = " AND c.kind = {}" if kind else ""
    args: tuple[Any, ...] = (like, kind) if kind else (like,)
    code = await _authority_code(user)
    told = " AND notify LIKE {}" if code else ""
    notify_args: tuple[Any, ...] = (f'%"{code}"%',) if code else ()
    # Every count of rows that belong to a unit reads only the units of the scope (an index
    # on ``client`` first, then the covering indexes of the 2026-12-06 migration) — a
    # county's page then reads its own tenth of the city's workers, not all of them.
    in_scope = "client IN (SELECT s.id FROM client s WHERE s.division_code LIKE {}" + (
        " AND s.kind = {})" if kind else ")"
    )

    def per_unit(table: str, where: str, *where_args: Any, by: str = "") -> Any:
        """Rows of ``table`` counted per unit of the scope first (one row per unit), then
        joined to those units and grouped one level down — much cheaper than joining every
        worker to its unit."""
        extra = f", x.{by}" if by else ""
        inner = (
            f"SELECT client{', ' + by if by else ''}, count(*) AS n FROM {table} WHERE {in_scope} AND {where}"
        )
        return Client.raw(
            f"SELECT {group} AS grp{extra}, sum(x.n) AS n FROM ({inner} GROUP BY client{', ' + by if by else ''}) x"
            f" JOIN client c ON c.id = x.client GROUP BY {group}{extra}",
            *args,
            *where_args,
        )

    igroup = f"substr(i.division_code, 1, {length})" if length else "'all'"
    results = await asyncio.gather(
        Client.raw(
            f"SELECT {group} AS grp, count(*) AS n FROM client c WHERE c.division_code LIKE {{}}{unit_filter}"
            f" GROUP BY {group}",
            *args,
        ),
        per_unit("device", IN_USE, day, day),
        per_unit("worker", AT_WORK, day, day),
        Client.raw(
            f"SELECT {igroup} AS grp, count(*) AS n FROM institution i WHERE i.division_code LIKE {{}}"
            + (f" GROUP BY {igroup}" if length else ""),
            like,
        ),
        per_unit("unit_warning", f"state = 'open'{told}", *notify_args, by="level"),
        Client.raw(
            "SELECT category, count(*) AS n FROM unit_warning"
            f" WHERE {in_scope} AND state = 'open'{told} GROUP BY category",
            *args,
            *notify_args,
        ),
        _trend(in_scope, told, notify_args, args),
    )
    units, devices, workers, institutions = (
        {str(r["grp"]): int(r["n"]) for r in rows} for rows in results[:4]
    )
    by_level: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(LEVELS, 0))
    for r in results[4]:
        by_level[str(r["grp"])][r["level"]] = int(r["n"])
    by_category = dict.fromkeys(CATEGORIES, 0) | {r["category"]: int(r["n"]) for r in results[5]}
    trend = results[6]
    keys = set(units) | set(devices) | set(workers) | set(by_level) | (set(institutions) if length else set())
    names = await _names(length, keys)
    rows = []
    for key in sorted(keys):
        levels = by_level.get(key, dict.fromkeys(LEVELS, 0))
        rows.append(
            {
                "key": key,
                "name": names.get(key, key),
                "link": f"?division={key}" + (f"&kind={kind}" if kind else "")
                if length
                else f"/oversight/clients/{key}",
                "division": key if length else None,
                "units": units.get(key, 0),
                "institutions": institutions.get(key, 0) if length else None,
                "devices": devices.get(key, 0),
                "workers": workers.get(key, 0),
                **levels,
                "warnings": sum(levels.values()),
            }
        )
    totals: dict[str, int] = {
        "units": sum(units.values()),
        "institutions": sum(institutions.values()),
        "devices": sum(devices.values()),
        "workers": sum(workers.values()),
        **{level: sum(v[level] for v in by_level.values()) for level in LEVELS},
    }
    totals["warnings"] = sum(totals[level] for level in LEVELS)
    return {
        "prefix": prefix,
        "scope": f["scope"],
        "kind": kind,
        "as_of": day.isoformat(),
        "area": divisions.place(prefix) if prefix else "全部",
        "group_label": GROUP_LABELS[length],
        "unit_rows": not length,
        "rows": rows,
        "totals": totals,
        "by_category": by_category,
        "trend": trend,
    }


async def _names(length: int, keys: set[str]) -> dict[str, str]:
    if not keys:
        return {}
    if length:
        return {k: divisions.place(k) or k for k in keys}
    ids = [int(k) for k in keys if k.isdigit()]
    rows = await Client.select(Client.id, Client.name).where(Client.id.is_in(ids)) if ids else []
    return {str(r["id"]): r["name"] for r in rows}


def _months(now: datetime) -> list[str]:
    local = now + timedelta(hours=8)
    year, month = local.year, local.month
    out = []
    for _ in range(MONTHS):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


async def _trend(
    in_scope: str, told: str, notify_args: tuple[Any, ...], args: tuple[Any, ...]
) -> list[dict[str, Any]]:
    """Warnings found (opened, or opened again) per month (Beijing), the last twelve months,
    by the date of their latest opening."""
    now = datetime.now(UTC)
    months = _months(now)
    since = datetime.fromisoformat(months[0] + "-01T00:00:00+08:00")
    month = (
        "strftime('%Y-%m', opened_at, '+8 hours')"
        if is_sqlite(Client._meta.db)
        else "to_char(opened_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')"
    )
    rows = await Client.raw(
        f"SELECT {month} AS m, count(*) AS n FROM unit_warning"
        f" WHERE {in_scope} AND opened_at >= {{}}{told} GROUP BY {month}",
        *args,
        since,
        *notify_args,
    )
    counts = {r["m"]: int(r["n"]) for r in rows}
    return [{"month": m, "opened": counts.get(m, 0)} for m in months]
