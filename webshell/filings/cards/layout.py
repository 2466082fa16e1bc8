"""The report card drawn on a page in the card's own layout — the sections, grids and fields
of the printed card (:func:`radrules.documents.card_content.card_document`, which the PDF
draws too; source 000 §5.3.4 第二–七步) — for the regulator's details page."""

from __future__ import annotations

from typing import Any

from radrules import ReportCard
from radrules.documents.card_content import card_document
from radrules.documents.layout import Fields, Grid, Note, StampBox


def card_layout(card: ReportCard) -> dict[str, Any]:
    """The card's printable document as plain data a template draws: title, header lines and
    numbered sections of blocks (``fields``, ``grid``, ``note``, ``stamp``)."""
    doc = card_document(card)
    sections = []
    for section in doc.sections:
        blocks: list[dict[str, Any]] = []
        for block in section.blocks:
            if isinstance(block, Fields):
                items = [{"label": f.label, "value": f.value, "wide": f.wide} for f in block.items]
                blocks.append({"kind": "fields", "fields": items})
            elif isinstance(block, Grid):
                blocks.append(
                    {"kind": "grid", "headers": list(block.headers), "rows": [list(r) for r in block.rows]}
                )
            elif isinstance(block, Note):
                blocks.append({"kind": "note", "text": block.text})
            elif isinstance(block, StampBox):
                blocks.append({"kind": "stamp", "lines": list(block.lines)})
        sections.append({"title": section.title, "blocks": blocks})
    return {"title": doc.title, "header": list(doc.header), "sections": sections}
