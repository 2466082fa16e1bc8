"""Reading Jilin's credit records and blacklist (source 003 第六条): the regulator's lists of
its area, the institution's own records, and the published list everyone may read."""

from __future__ import annotations

from typing import Any

from radrules_plugins.jilin import credit
from radrules_webshell.core.errors import NotFound
from radrules_webshell.core.principal import Principal

from . import models
from .service import regulator_prefix, visible_entry, visible_record
from .tables import BlacklistEntryRow, CreditRecordRow

LIMIT = 500


def vocabulary() -> dict[str, Any]:
    """The choices of the forms: behaviours (with what each leads to), levels, channels."""
    return {
        "behaviours": [
            {"value": b.value, "label": b.label, "action": b.action} for b in credit.CreditBehaviour
        ],
        "levels": [{"value": v.value, "label": v.label} for v in credit.DishonestyLevel],
        "channels": [{"value": c.value, "label": c.label} for c in credit.Channel],
    }


async def _entries(where: Any) -> list[dict[str, Any]]:
    rows = (
        await BlacklistEntryRow.select(*models.ENTRY_COLUMNS)
        .where(where)
        .order_by(BlacklistEntryRow.id, ascending=False)
        .limit(LIMIT)
    )
    out = []
    for row in rows:
        entry, records = await models.entry_model(row)
        out.append(models.entry_view(row, entry, records))
    return out


async def regulator_lists(user: Principal) -> dict[str, Any]:
    """The records and entries of the regulator's division, newest first (at most 500 each)."""
    prefix = regulator_prefix(user)
    records = (
        await CreditRecordRow.select(*models.RECORD_COLUMNS)
        .where(CreditRecordRow.division_code.like(f"{prefix}%"))
        .order_by(CreditRecordRow.id, ascending=False)
        .limit(LIMIT)
    )
    return {
        "records": [models.record_view(r) for r in records],
        "entries": await _entries(BlacklistEntryRow.division_code.like(f"{prefix}%")),
    }


async def record_detail(user: Principal, record_id: int) -> dict[str, Any]:
    return models.record_view(await visible_record(user, record_id))


async def entry_detail(user: Principal, entry_id: int) -> dict[str, Any]:
    row = await visible_entry(user, entry_id)
    entry, records = await models.entry_model(row)
    return models.entry_view(row, entry, records)


async def own(user: Principal) -> dict[str, Any]:
    """An institution's records and entries, whoever recorded them."""
    if user.role != "institution" or user.institution_id is None:
        raise NotFound()
    records = (
        await CreditRecordRow.select(*models.RECORD_COLUMNS)
        .where(CreditRecordRow.institution == user.institution_id)
        .order_by(CreditRecordRow.id, ascending=False)
        .limit(LIMIT)
    )
    return {
        "records": [models.record_view(r) for r in records],
        "entries": await _entries(BlacklistEntryRow.institution == user.institution_id),
    }


async def published() -> list[dict[str, Any]]:
    """The published blacklist (第六条 “向全社会公布”): what a member of the public may read."""
    entries = await _entries(BlacklistEntryRow.state == credit.PublicationState.published.value)
    return [
        {
            key: e[key]
            for key in (
                "id",
                "institution_name",
                "institution_uscc",
                "out_of_province",
                "level",
                "level_label",
                "behaviours",
                "published_on",
                "channel_labels",
            )
        }
        for e in sorted(entries, key=lambda e: (e["published_on"] or "", e["id"]), reverse=True)
    ]
