"""Report-card rows written straight into the database, for tests that need a card in a given
state without going through the card pages (the Jiangsu example card, renamed per test)."""

from __future__ import annotations

import json
import secrets
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs

from radrules import Attachment, AttachmentKind, FilingStatus, ReportCard, filing_from_json
from radrules.services.attachments import attach

EXAMPLE = (
    Path(__file__).parents[2] / "examples/jiangsu/valid-medical-protection-testing-from-device-tests.json"
)


def example_card() -> ReportCard:
    card = filing_from_json(json.loads(EXAMPLE.read_text(encoding="utf-8"))).report_card
    assert card is not None
    return card


async def demo_institution_id() -> int:
    from radrules_webshell.demo import INSTITUTION_USCC
    from radrules_webshell.institutions.tables import Institution

    row = await Institution.select(Institution.id).where(Institution.uscc == INSTITUTION_USCC).first()
    assert row is not None
    return int(row["id"])


async def insert_card(institution_id: int, *, status: FilingStatus = FilingStatus.submitted) -> int:
    """A submitted copy of the example card for ``institution_id``, with a unique QC code."""
    from radrules_webshell.filings.cards.documents import card_columns
    from radrules_webshell.filings.cards.tables import ReportCard as CardRow

    token = secrets.token_hex(4).upper()
    card = attrs.evolve(
        example_card(),
        status=status,
        qc_code=f"TEST-{token}",
        report_no=f"JSFH-T-{token}",
        filed_on=date(2026, 10, 21),
        card_id=None,
    )
    rows = await CardRow.insert(CardRow(institution=institution_id, **card_columns(card))).returning(
        CardRow.id
    )
    return int(rows[0]["id"])


async def attach_stamped(card_id: int, settings: Any, at: datetime) -> dict[str, bytes]:
    """Upload the stamped card and the report's cover/sign page: the card locks (§5.3.4 第八步)."""
    from radrules_webshell.filings.cards.documents import card_columns, card_from_row
    from radrules_webshell.filings.cards.tables import CardAttachment
    from radrules_webshell.filings.cards.tables import ReportCard as CardRow
    from radrules_webshell.uploads import storage
    from radrules_webshell.uploads.tables import Upload

    row = await CardRow.select().where(CardRow.id == card_id).first()
    card = card_from_row(row)
    files = {}
    for kind in (AttachmentKind.stamped_card, AttachmentKind.report_cover_sign):
        data = b"%PDF-1.4\n% " + kind.value.encode() + secrets.token_bytes(16) + b"\n%%EOF\n"
        stored = storage.write(data, "application/pdf", ".pdf", f"{kind.value}.pdf", settings)
        upload = await Upload.insert(
            Upload(
                stored_name=stored.stored_name,
                original_name=stored.original_name,
                media_type=stored.media_type,
                size=stored.size,
                sha256=stored.sha256,
                purpose="card_attachment",
                institution=row["institution"],
            )
        ).returning(Upload.id)
        await CardAttachment.insert(
            CardAttachment(report_card=card_id, upload=upload[0]["id"], kind=kind.value)
        )
        card = attach(
            card, Attachment(kind=kind, filename=stored.original_name, sha256=stored.sha256), actor="t", at=at
        ).card
        files[stored.original_name] = data
    assert card.status is FilingStatus.locked
    columns = card_columns(card)
    await CardRow.update(
        {getattr(CardRow, k): columns[k] for k in ("status", "status_under_lock", "document")}
    ).where(CardRow.id == card_id)
    return files
