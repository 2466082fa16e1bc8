"""Report-card rows for the web tests, made from the Jiangsu example card.

The card entry pages are built elsewhere; these tests need cards in given states, so they
insert rows directly, as :func:`radrules_webshell.filings.cards.documents.card_columns` writes them.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from web_helpers import Web

import radrules

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jiangsu" / "valid-medical-protection-testing-from-device-tests.json"
ISSUED = date(2026, 10, 20)


def card_document(
    institution: dict[str, Any], client: dict[str, Any] | None, report_no: str
) -> dict[str, Any]:
    """The example filing's card, as ``institution`` for ``client`` with ``report_no``."""
    data = orjson.loads(EXAMPLE.read_bytes())
    card = data["report_card"]
    card["institution"].update(
        name=institution["name"], uscc=institution["uscc"], division_code=institution["division_code"]
    )
    if client is not None:
        card["client"].update(name=client["name"], uscc=client["uscc"], division_code=client["division_code"])
    card["report_no"] = report_no
    card["qc_code"] = None
    return {"report_card": card}


def make_card(
    web: Web,
    *,
    institution_uscc: str = "",
    status: str = "submitted",
    under_lock: str | None = None,
    report_no: str | None = None,
    qc_code: bool = True,
    attachments_sent_on: date | None = None,
) -> dict[str, Any]:
    """Insert a card of the institution (the demo one unless named); its row."""
    from radrules_webshell import demo
    from radrules_webshell.clients.tables import Client
    from radrules_webshell.filings.cards.documents import card_columns
    from radrules_webshell.filings.cards.qc_sequence import allocate_qc_code
    from radrules_webshell.filings.cards.tables import ReportCard
    from radrules_webshell.institutions.tables import Institution

    async def insert() -> dict[str, Any]:
        uscc = institution_uscc or demo.INSTITUTION_USCC
        inst = await Institution.select().where(Institution.uscc == uscc).first()
        client = await Client.select().where(Client.uscc == demo.HOSPITAL_USCC).first()
        number = report_no or f"JSFH-T-{secrets.token_hex(4)}"
        filing = radrules.filing_from_json(card_document(inst, client, number))
        card = filing.report_card
        assert card is not None
        if qc_code:
            card = _with(card, qc_code=await allocate_qc_code(card, on=ISSUED))
        columns = card_columns(card)
        columns.update(status=status, status_under_lock=under_lock, attachments_sent_on=attachments_sent_on)
        row = ReportCard(institution=inst["id"], client=client["id"], **columns)
        await row.save()
        found = await ReportCard.select().where(ReportCard.id == row.id).first()
        assert found is not None
        return found

    result: dict[str, Any] = web.run(insert)
    return result


def _with(card: Any, **changes: Any) -> Any:
    import attrs

    return attrs.evolve(card, **changes)


def card_row(web: Web, card_id: int) -> dict[str, Any]:
    from radrules_webshell.filings.cards.tables import ReportCard

    row: dict[str, Any] = web.run(ReportCard.select().where(ReportCard.id == card_id).first())
    return row


def decode_qr(png: bytes, tmp: Path) -> str:
    """The text of the one QR code in a PNG, read by zbarimg (Debian zbar-tools)."""
    assert shutil.which("zbarimg"), "zbarimg is missing: ./dev installs zbar-tools"
    path = tmp / f"qr-{secrets.token_hex(4)}.png"
    path.write_bytes(png)
    out = subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True, check=True, text=True)
    lines = out.stdout.strip().splitlines()
    assert len(lines) >= 1, out
    return lines[0]


def pdf_text(pdf: bytes, tmp: Path) -> str:
    path = tmp / f"card-{secrets.token_hex(4)}.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def pdf_first_page_png(pdf: bytes, tmp: Path) -> bytes:
    path = tmp / f"page-{secrets.token_hex(4)}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(path), str(tmp / path.stem)], check=True
    )
    found = sorted(tmp.glob(f"{path.stem}*.png"))
    assert found
    return found[0].read_bytes()
