"""Who sees which warnings, and the lists (source 001 §2.3.4; issue 16 item 4).

* A **unit** (role ``client``) sees its own warnings, open and closed, with their history.
* A **regulator** sees the warnings of the units in its division whose recipients — the
  ruleset's ``warning_recipients``, stored as ``notify`` — include its own authority: the
  county sees the medium and high warnings of its units, the city the high ones of its
  counties (with the national defaults). The administrator sees every warning.

The regulators' list filters by state, level, category, division (a code or prefix within
the scope), unit (name or credit code contains) and rule; it is paged, and exportable whole.
"""

from __future__ import annotations

import json
from typing import Any

from radrules_webshell.accounts.tables import Authority
from radrules_webshell.core import divisions
from radrules_webshell.core.errors import Forbidden, Invalid, NotFound
from radrules_webshell.core.principal import Principal, division_prefix
from radrules_webshell.db.text_match import contains
from radrules_webshell.unit_warnings.tables import UnitWarning, UnitWarningEvent

LEVELS = {"high": "严重预警", "medium": "预警", "low": "提醒"}
CATEGORIES = {
    "worker": "人员",
    "dose": "个人剂量",
    "device": "设备",
    "licence": "许可",
    "training": "培训",
    "health": "职业健康检查",
}
STATES = {"open": "未关闭", "closed": "已关闭"}
EVENTS = {
    "opened": "发现",
    "reopened": "再次发现",
    "changed": "等级变化",
    "acknowledged": "已确认",
    "closed": "自动关闭",
}
PAGE_SIZE = 50
EXPORT_LIMIT = 50_000
LIST_COLUMNS = (
    UnitWarning.id,
    UnitWarning.client,
    UnitWarning.client.name.as_alias("unit_name"),
    UnitWarning.client.uscc.as_alias("unit_uscc"),
    UnitWarning.division_code,
    UnitWarning.rule_id,
    UnitWarning.level,
    UnitWarning.level_label,
    UnitWarning.category,
    UnitWarning.subject_kind,
    UnitWarning.subject_name,
    UnitWarning.due,
    UnitWarning.message,
    UnitWarning.state,
    UnitWarning.opened_at,
    UnitWarning.closed_at,
    UnitWarning.last_raised_on,
    UnitWarning.acknowledged_at,
    UnitWarning.acknowledged_by_name,
    UnitWarning.notify,
)


def view(row: dict[str, Any]) -> dict[str, Any]:
    out = {
        **row,
        "category_label": CATEGORIES.get(row["category"], row["category"]),
        "state_label": STATES.get(row["state"], row["state"]),
        "division_name": divisions.place(row["division_code"]),
    }
    for key in ("due", "last_raised_on"):
        if out.get(key) is not None:
            out[key] = out[key].isoformat()
    for key in ("opened_at", "closed_at", "acknowledged_at"):
        if out.get(key) is not None:
            out[key] = out[key].isoformat(timespec="seconds")
    for key in ("citations", "notify"):
        if isinstance(out.get(key), str):
            out[key] = json.loads(out[key])
    return out


def unit_of(user: Principal) -> int:
    if user.role != "client" or user.client_id is None:
        raise NotFound()
    return user.client_id


async def regulator_scope(user: Principal) -> Any:
    """The condition of the warnings ``user`` (a regulator or the administrator) may see."""
    if user.role == "admin":
        return UnitWarning.id > 0
    if user.role != "regulator" or not user.division_prefix or user.authority_id is None:
        raise Forbidden()
    authority = (
        await Authority.select(Authority.division_code).where(Authority.id == user.authority_id).first()
    )
    if authority is None:
        raise Forbidden()
    return UnitWarning.division_code.like(f"{user.division_prefix}%") & UnitWarning.notify.like(
        f'%"{authority["division_code"]}"%'
    )


def _choice(value: Any, allowed: dict[str, str], field: str) -> str | None:
    if value in (None, ""):
        return None
    if value not in allowed:
        raise Invalid(f"{field} 应为 {'、'.join(allowed)} 之一", errors={field: "没有这个选项"})
    return str(value)


def _int(value: Any, field: str, low: int, high: int, default: int) -> int:
    if value in (None, ""):
        return default
    text = str(value)
    if not text.isdigit() or not low <= int(text) <= high:
        raise Invalid(f"{field} 应为 {low}～{high} 的整数", errors={field: f"应为 {low}～{high} 的整数"})
    return int(text)


def filters(q: Any) -> dict[str, Any]:
    """The list's filters from query parameters (400 naming a wrong one)."""
    division = str(q.get("division") or "").strip()
    if division and (not division.isdigit() or len(division) > 12):
        raise Invalid("division 应为行政区划代码或其前缀", errors={"division": "应为行政区划代码或其前缀"})
    return {
        "state": _choice(q.get("state") or "open", {**STATES, "all": "全部"}, "state"),
        "level": _choice(q.get("level"), LEVELS, "level"),
        "category": _choice(q.get("category"), CATEGORIES, "category"),
        "division": division,
        "unit": str(q.get("unit") or "").strip()[:100],
        "rule": str(q.get("rule") or "").strip()[:100],
    }


def _where(base: Any, f: dict[str, Any]) -> Any:
    where = base
    if f["state"] in ("open", "closed"):
        where = where & (UnitWarning.state == f["state"])
    if f["level"]:
        where = where & (UnitWarning.level == f["level"])
    if f["category"]:
        where = where & (UnitWarning.category == f["category"])
    if f["division"]:
        prefix = division_prefix(f["division"]) if len(f["division"]) == 6 else f["division"]
        where = where & UnitWarning.division_code.like(f"{prefix}%")
    if f["unit"]:
        where = where & (
            contains(UnitWarning.client.name, f["unit"]) | contains(UnitWarning.client.uscc, f["unit"])
        )
    if f["rule"]:
        where = where & (UnitWarning.rule_id == f["rule"])
    return where


async def listing(base: Any, f: dict[str, Any], page: Any = None, page_size: Any = None) -> dict[str, Any]:
    """One page of the warnings under ``base`` and the filters, gravest and newest first."""
    number = _int(page, "page", 1, 100_000, 1)
    size = _int(page_size, "page_size", 1, 100, PAGE_SIZE)
    where = _where(base, f)
    total = await UnitWarning.count().where(where)
    rows = (
        await UnitWarning.select(*LIST_COLUMNS)
        .where(where)
        .order_by(UnitWarning.state, ascending=False)
        .order_by(UnitWarning.level_rank)
        .order_by(UnitWarning.opened_at, ascending=False)
        .order_by(UnitWarning.id, ascending=False)
        .limit(size)
        .offset((number - 1) * size)
    )
    return {
        "total": total,
        "page": number,
        "page_size": size,
        "pages": max(1, -(-total // size)),
        "items": [view(r) for r in rows],
    }


async def export_rows(base: Any, f: dict[str, Any]) -> list[dict[str, Any]]:
    rows = (
        await UnitWarning.select(*LIST_COLUMNS)
        .where(_where(base, f))
        .order_by(UnitWarning.division_code)
        .order_by(UnitWarning.client)
        .order_by(UnitWarning.id)
        .limit(EXPORT_LIMIT)
    )
    return [view(r) for r in rows]


async def detail(base: Any, warning_id: int) -> dict[str, Any]:
    """One warning under ``base`` with its history; else 404."""
    row = (
        await UnitWarning.select(*LIST_COLUMNS, UnitWarning.path, UnitWarning.citations)
        .where(base & (UnitWarning.id == warning_id))
        .first()
    )
    if row is None:
        raise NotFound("预警不存在或无权查看")
    events = (
        await UnitWarningEvent.select(
            UnitWarningEvent.event, UnitWarningEvent.at, UnitWarningEvent.actor_name, UnitWarningEvent.detail
        )
        .where(UnitWarningEvent.warning == warning_id)
        .order_by(UnitWarningEvent.id)
    )
    return {
        **view(row),
        "history": [
            {
                **e,
                "at": e["at"].isoformat(timespec="seconds"),
                "event_label": EVENTS.get(e["event"], e["event"]),
            }
            for e in events
        ],
    }


async def home_summary(client_id: int) -> dict[str, Any]:
    """The unit's open warnings for its home page: counts by level and the gravest ten."""
    base = (UnitWarning.client == client_id) & (UnitWarning.state == "open")
    counts = {level: await UnitWarning.count().where(base & (UnitWarning.level == level)) for level in LEVELS}
    top = await listing(UnitWarning.client == client_id, {**filters({}), "state": "open"}, 1, 10)
    return {"counts": counts, "total": sum(counts.values()), "items": top["items"]}
