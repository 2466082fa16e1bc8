"""A card's files (source 000 §5.3.4 第八步, FAQ 3): QC QR code, PDF preview, and the stamped
copies whose upload locks the card and whose deletion unlocks it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from card_helpers import card_row, decode_qr, make_card, pdf_first_page_png, pdf_text
from web_helpers import DEMO, PDF, PNG, User, Web, new_institution


@pytest.fixture(scope="module")
def inst(web: Web) -> User:
    """The demo institution, logged in for pages and the API on one session."""
    user = web.login(*DEMO["institution"])
    user.csrf = user.get("/api/me").json()["csrf_token"]
    return user


def _path(url: str) -> str:
    assert url.startswith("http://testserver.local/verify?"), url
    return url.removeprefix("http://testserver.local")


def test_qr_png_carries_the_signed_address_of_the_verify_page(web: Web, inst: User, tmp_path: Path) -> None:
    card = make_card(web)
    page = inst.get(f"/institution/cards/{card['id']}/qr.png")
    assert page.status_code == 200, page.text
    assert page.headers["content-type"] == "image/png"
    assert card["qc_code"] in page.headers["content-disposition"]
    url = decode_qr(page.content, tmp_path)
    assert f"c={card['qc_code']}" in url and "&s=1." in url
    api = inst.get(f"/api/cards/{card['id']}/qr.png")
    assert api.status_code == 200 and decode_qr(api.content, tmp_path) == url

    shown = web.anonymous().get(_path(url))
    assert shown.status_code == 200
    assert 'id="verdict">有效<' in shown.text
    assert card["report_no"] in shown.text and "江苏示范放射卫生技术服务有限公司" in shown.text
    assert "南京示范人民医院" in shown.text and "2026-10-20" in shown.text


def test_pdf_preview_prints_the_card_with_its_qr_code(web: Web, inst: User, tmp_path: Path) -> None:
    card = make_card(web)
    for url in (f"/institution/cards/{card['id']}/card.pdf", f"/api/cards/{card['id']}/card.pdf"):
        response = inst.get(url)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        text = pdf_text(response.content, tmp_path)
        assert "放射卫生技术服务信息报送卡" in text
        assert card["qc_code"] in text and card["report_no"] in text
    scanned = decode_qr(pdf_first_page_png(response.content, tmp_path), tmp_path)
    assert f"c={card['qc_code']}" in scanned
    assert 'id="verdict">有效<' in web.anonymous().get(_path(scanned)).text


def test_a_card_without_qc_code_has_no_qr_code_yet(web: Web, inst: User) -> None:
    card = make_card(web, status="draft", qc_code=False)
    for url in (
        f"/api/cards/{card['id']}/qr.png",
        f"/api/cards/{card['id']}/card.pdf",
    ):
        response = inst.get(url)
        assert response.status_code == 409
        assert "尚无质控编号" in response.json()["message"]
    page = inst.get(f"/institution/cards/{card['id']}/qr.png")
    assert page.status_code == 409 and "尚无质控编号" in page.text and "Traceback" not in page.text
    assert "尚无质控编号" in inst.get(f"/institution/cards/{card['id']}/attachments").text
