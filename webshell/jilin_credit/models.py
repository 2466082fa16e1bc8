"""Rows of the credit tables as the Jilin plugin's models, and back (source 003 第六条).

The web shell keeps what :mod:`radrules_plugins.jilin.credit` decides: a blacklist entry is
rebuilt from its rows as a :class:`BlacklistEntry`, handed to ``approve``/``publish``/
``remove``, and the entry it returns is written back.
"""

from __future__ import annotations

import json
from typing import Any

from radrules_plugins.jilin import credit

from radrules import Institution

from .tables import BlacklistEntryRecord, BlacklistEntryRow, BlacklistHistory, CreditRecordRow

#: The columns of a record row with its institution, as the queries read them.
RECORD_COLUMNS = (
    *CreditRecordRow.all_columns(),
    CreditRecordRow.institution.name.as_alias("institution_name"),
    CreditRecordRow.institution.uscc.as_alias("institution_uscc"),
    CreditRecordRow.institution.division_code.as_alias("institution_division"),
)
ENTRY_COLUMNS = (
    *BlacklistEntryRow.all_columns(),
    BlacklistEntryRow.institution.name.as_alias("institution_name"),
    BlacklistEntryRow.institution.uscc.as_alias("institution_uscc"),
    BlacklistEntryRow.institution.division_code.as_alias("institution_division"),
)


def institution(name: str, uscc: str, division_code: str) -> Institution:
    return Institution(name=name, uscc=uscc, division_code=division_code)


def record_model(row: dict[str, Any]) -> credit.CreditRecord:
    return credit.CreditRecord(
        institution_uscc=row["institution_uscc"],
        institution_name=row["institution_name"],
        behaviour=credit.CreditBehaviour(row["behaviour"]),
        observed_on=row["observed_on"],
        description=row["description"],
        recorded_by=row["recorded_by_name"],
        evidence=tuple(json.loads(row["evidence"] or "[]")),
    )


def record_view(row: dict[str, Any]) -> dict[str, Any]:
    behaviour = credit.CreditBehaviour(row["behaviour"])
    return {
        "id": row["id"],
        "institution": row["institution"],
        "institution_name": row["institution_name"],
        "institution_uscc": row["institution_uscc"],
        "behaviour": behaviour.value,
        "behaviour_label": behaviour.label,
        "action": behaviour.action,
        "action_label": "纳入黑名单管理" if behaviour.action == "blacklist" else "报请省卫生健康委处理",
        "observed_on": row["observed_on"].isoformat(),
        "description": row["description"],
        "evidence": json.loads(row["evidence"] or "[]"),
        "recorded_by": row["recorded_by_name"],
        "message": record_model(row).message,
    }


async def entry_model(row: dict[str, Any]) -> tuple[credit.BlacklistEntry, list[dict[str, Any]]]:
    """The plugin's entry for an entry row (with ``ENTRY_COLUMNS``), built with its records
    and history; and the record rows."""
    links = await BlacklistEntryRecord.select(BlacklistEntryRecord.record).where(
        BlacklistEntryRecord.entry == row["id"]
    )
    ids = [link["record"] for link in links]
    records = (
        list(
            await CreditRecordRow.select(*RECORD_COLUMNS)
            .where(CreditRecordRow.id.is_in(ids))
            .order_by(CreditRecordRow.id)
        )
        if ids
        else []
    )
    history = (
        await BlacklistHistory.select()
        .where(BlacklistHistory.entry == row["id"])
        .order_by(BlacklistHistory.id)
    )
    entry = credit.BlacklistEntry(
        institution_uscc=row["institution_uscc"],
        institution_name=row["institution_name"],
        out_of_province=row["out_of_province"],
        records=tuple(record_model(r) for r in records),
        level=credit.DishonestyLevel(row["level"]),
        state=credit.PublicationState(row["state"]),
        channels=tuple(credit.Channel(c) for c in json.loads(row["channels"] or "[]")),
        published_on=row["published_on"],
        removed_on=row["removed_on"],
        medical_institutions_notified=row["medical_institutions_notified"],
        inspection_frequency_raised=row["inspection_frequency_raised"],
        history=tuple(
            credit.StateChange(
                state=credit.PublicationState(h["state"]),
                on=h["changed_on"],
                by=h["changed_by"],
                reason=h["reason"],
            )
            for h in history
        ),
    )
    return entry, records


def entry_columns(entry: credit.BlacklistEntry) -> dict[str, Any]:
    """The entry row's columns for the plugin's ``entry``."""
    return {
        "level": entry.level.value,
        "state": entry.state.value,
        "channels": json.dumps([c.value for c in entry.channels]),
        "published_on": entry.published_on,
        "removed_on": entry.removed_on,
        "out_of_province": entry.out_of_province,
        "medical_institutions_notified": entry.medical_institutions_notified,
        "inspection_frequency_raised": entry.inspection_frequency_raised,
    }


def entry_view(
    row: dict[str, Any], entry: credit.BlacklistEntry, record_rows: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "id": row["id"],
        "institution": row["institution"],
        "institution_name": entry.institution_name,
        "institution_uscc": entry.institution_uscc,
        "out_of_province": entry.out_of_province,
        "level": entry.level.value,
        "level_label": entry.level.label,
        "state": entry.state.value,
        "state_label": entry.state.label,
        "channels": [c.value for c in entry.channels],
        "channel_labels": [c.label for c in entry.channels],
        "published_on": entry.published_on.isoformat() if entry.published_on else None,
        "removed_on": entry.removed_on.isoformat() if entry.removed_on else None,
        "medical_institutions_notified": entry.medical_institutions_notified,
        "inspection_frequency_raised": entry.inspection_frequency_raised,
        "version": row["version"],
        "behaviours": sorted({r.behaviour.label for r in entry.records}),
        "records": [record_view(r) for r in record_rows],
        "history": [
            {
                "state": h.state.value,
                "state_label": h.state.label,
                "on": h.on.isoformat(),
                "by": h.by,
                "reason": h.reason,
            }
            for h in entry.history
        ],
    }
