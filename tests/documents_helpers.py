"""Shared helpers for the document tests: the example card and the poppler/zbar tools."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "national" / "valid-protection-testing-card.json"
QC_CODE = "ZJ-FH-2026-000158-K"
SECRET = b"test-secret-for-qc-codes-0123456789"


def example_filing(**card_changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    card = data["report_card"]
    card["qc_code"] = QC_CODE
    card.update(copy.deepcopy(card_changes))
    return data


def pdf_text(pdf: bytes, tmp_path: Path, *, page: int | None = None) -> str:
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *pages, str(source), "-"],
        check=True,
        capture_output=True,
    )
    return out.stdout.decode("utf-8")


def page_count(pdf: bytes, tmp_path: Path) -> int:
    source = tmp_path / "count.pdf"
    source.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(source)], check=True, capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo gave no page count")


def page_size(pdf: bytes, tmp_path: Path) -> str:
    source = tmp_path / "size.pdf"
    source.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(source)], check=True, capture_output=True, text=True)
    return next(line for line in out.stdout.splitlines() if line.startswith("Page size:"))


def qr_payloads(pdf: bytes, tmp_path: Path, *, page: int = 1) -> list[str]:
    """The QR codes zbarimg finds on ``page`` rendered at 200 dpi."""
    source = tmp_path / "qr.pdf"
    source.write_bytes(pdf)
    prefix = tmp_path / f"qr-page{page}"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "200",
            "-png",
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            str(source),
            str(prefix),
        ],
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        ["zbarimg", "-q", "--raw", f"{prefix}.png"],
        capture_output=True,
        text=True,
    )
    return [line for line in out.stdout.splitlines() if line]
