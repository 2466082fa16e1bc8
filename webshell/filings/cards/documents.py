"""Between a ``report_card`` row and the radrules card: one place that says which copy wins.

A card row keeps the whole card as JSON (``document``) and, in columns, its workflow
state, QC code, filing date and national-sync dates. The columns are authoritative: the
workflow, the sync dispatcher and the reviewer change them, so reading a card overlays
them on the document, and writing a card sets both from the same model.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from radrules_webshell.filings.reports.documents import dumps

from radrules import NationalSync, ReportCard, filing_from_json


def card_from_row(row: dict[str, Any]) -> ReportCard:
    """The card of a ``report_card`` row (all columns selected), columns overriding the document."""
    data = orjson.loads(row["document"])
    data["status"] = row["status"]
    data["status_under_lock"] = row["status_under_lock"]
    data["qc_code"] = row["qc_code"]
    data["filed_on"] = _iso(row["filed_on"])
    data["card_id"] = str(row["id"])
    if row["data_sent_on"] or row["attachments_sent_on"]:
        data["national_sync"] = {
            "data_sent_on": _iso(row["data_sent_on"]),
            "attachments_sent_on": _iso(row["attachments_sent_on"]),
        }
    else:
        data["national_sync"] = None
    card = filing_from_json({"report_card": data}).report_card
    assert card is not None
    return card


def card_columns(card: ReportCard) -> dict[str, Any]:
    """Every column of a ``report_card`` row that follows from the card itself."""
    sync = card.national_sync or NationalSync()
    return {
        "division_code": card.service_division_code,
        "institution_division_code": card.institution.division_code,
        "client_name": card.client.name,
        "client_uscc": card.client.uscc,
        "service_field": card.service_field.value,
        "report_no": card.report_no,
        "report_issued_on": card.report_issued_on,
        "report_year": card.report_issued_on.year,
        "status": card.status.value,
        "status_under_lock": card.status_under_lock.value if card.status_under_lock else None,
        "qc_code": card.qc_code,
        "filed_on": card.filed_on,
        "data_sent_on": sync.data_sent_on,
        "attachments_sent_on": sync.attachments_sent_on,
        "document": dumps(card),
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
