"""A card's files (source 000 §5.3.4 第八步, FAQ 3): QC QR code, PDF preview, and the stamped
copies whose upload locks the card and whose deletion unlocks it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson
import pytest
from card_file_helpers import card_row, decode_qr, make_card, pdf_first_page_png, pdf_text
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


def _upload(user: User, card_id: int, kind: str, content: bytes = PDF, name: str = "盖章.pdf") -> Any:
    return user.api(
        "POST",
        f"/api/cards/{card_id}/attachments",
        data={"kind": kind},
        files={"file": (name, content, "application/pdf")},
    )


def _events(web: Web, card_id: int) -> list[dict[str, Any]]:
    from radrules_webshell.audit.tables import AuditEvent

    rows: list[dict[str, Any]] = web.run(
        AuditEvent.select()
        .where((AuditEvent.entity == "report_card") & (AuditEvent.entity_id == str(card_id)))
        .order_by(AuditEvent.id)
    )
    return rows


def test_both_stamped_copies_lock_the_card_and_deleting_one_unlocks_it(
    web: Web, inst: User, data_dir: Path
) -> None:
    card = make_card(web, status="submitted")
    first = _upload(inst, card["id"], "stamped_card", name="报送卡盖章.pdf")
    assert first.status_code == 201, first.text
    assert first.json()["status"] == "submitted"  # one copy does not lock
    row = card_row(web, card["id"])
    assert row["status"] == "submitted" and row["version"] == card["version"] + 1

    second = _upload(inst, card["id"], "report_cover_sign", name="报告首页签发页.pdf")
    assert second.status_code == 201, second.text
    assert second.json()["status"] == "locked"
    row = card_row(web, card["id"])
    assert (row["status"], row["status_under_lock"], row["version"]) == (
        "locked",
        "submitted",
        card["version"] + 2,
    )
    document = orjson.loads(row["document"])
    assert {a["kind"] for a in document["attachments"]} == {"stamped_card", "report_cover_sign"}

    listing = inst.get(f"/api/cards/{card['id']}/attachments").json()
    assert listing["status"] == "locked"
    assert [a["kind"] for a in listing["attachments"]] == ["stamped_card", "report_cover_sign"]
    download = inst.get(listing["attachments"][0]["download"])
    assert download.status_code == 200 and download.content == PDF

    again = _upload(inst, card["id"], "stamped_card")
    assert again.status_code == 409 and "须先删除原附件" in again.json()["message"]

    stored = list((data_dir / "uploads").rglob("*.pdf"))
    gone = inst.api("DELETE", f"/api/cards/{card['id']}/attachments/{first.json()['id']}")
    assert gone.status_code == 200 and gone.json() == {"status": "submitted"}
    row = card_row(web, card["id"])
    assert (row["status"], row["status_under_lock"]) == ("submitted", None)
    assert [a["kind"] for a in orjson.loads(row["document"])["attachments"]] == ["report_cover_sign"]
    assert len(list((data_dir / "uploads").rglob("*.pdf"))) == len(stored) - 1  # the file went too
    assert inst.get(listing["attachments"][0]["download"]).status_code == 404

    actions = [e["action"] for e in _events(web, card["id"])]
    assert actions == ["card_attach", "card_attach", "card_detach"]
    last = orjson.loads(_events(web, card["id"])[-1]["after"])
    assert last["status"] == "submitted" and "盖章版报送卡" in last["detail"]


def test_a_withdrawn_card_locks_over_withdrawn_and_unlocks_back(web: Web, inst: User) -> None:
    card = make_card(web, status="withdrawn")
    assert _upload(inst, card["id"], "report_cover_sign").status_code == 201
    assert _upload(inst, card["id"], "stamped_card").status_code == 201
    row = card_row(web, card["id"])
    assert (row["status"], row["status_under_lock"]) == ("locked", "withdrawn")
    attachment = inst.get(f"/api/cards/{card['id']}/attachments").json()["attachments"][1]
    assert inst.api("DELETE", f"/api/cards/{card['id']}/attachments/{attachment['id']}").json() == {
        "status": "withdrawn"
    }


def test_uploads_are_checked_by_content_and_kind(web: Web, inst: User) -> None:
    card = make_card(web)
    image = _upload(inst, card["id"], "stamped_card", content=PNG, name="scan.pdf")
    assert image.status_code == 400 and "PDF" in image.json()["errors"]["file"]
    text = _upload(inst, card["id"], "stamped_card", content=b"hello, not a pdf", name="x.pdf")
    assert text.status_code == 400 and "按文件内容判断" in text.json()["errors"]["file"]
    kind = _upload(inst, card["id"], "report_body")
    assert kind.status_code == 400 and "kind" in kind.json()["errors"]
    empty = inst.api("POST", f"/api/cards/{card['id']}/attachments", data={"kind": "stamped_card"})
    assert empty.status_code == 400 and "file" in empty.json()["errors"]
    too_big = _upload(inst, card["id"], "stamped_card", content=PDF + b"0" * (64 * 1024))
    assert too_big.status_code == 400 and "MB" in too_big.json()["errors"]["file"]
    assert inst.get(f"/api/cards/{card['id']}/attachments").json()["attachments"] == []
    assert card_row(web, card["id"])["version"] == card["version"]  # nothing written


def test_same_file_name_twice_stays_two_attachments(web: Web, inst: User) -> None:
    card = make_card(web)
    a = _upload(inst, card["id"], "stamped_card", name="scan.pdf")
    b = _upload(inst, card["id"], "report_cover_sign", name="scan.pdf")
    assert a.status_code == b.status_code == 201
    names = [x["filename"] for x in inst.get(f"/api/cards/{card['id']}/attachments").json()["attachments"]]
    assert names == ["scan.pdf", "scan（2）.pdf"]
    assert inst.api("DELETE", f"/api/cards/{card['id']}/attachments/{a.json()['id']}").status_code == 200
    left = inst.get(f"/api/cards/{card['id']}/attachments").json()
    assert [x["kind"] for x in left["attachments"]] == ["report_cover_sign"]
    assert left["status"] == "submitted"


def test_a_fixed_card_refuses_changes(web: Web, inst: User) -> None:
    synced = make_card(web, status="synced")
    refused = _upload(inst, synced["id"], "stamped_card")
    assert refused.status_code == 409 and "固定" in refused.json()["message"]
    assert card_row(web, synced["id"])["version"] == synced["version"]

    from datetime import date

    sent = make_card(web, status="submitted")
    first = _upload(inst, sent["id"], "stamped_card")
    assert first.status_code == 201
    from radrules_webshell.filings.cards.tables import ReportCard

    web.run(
        ReportCard.update({ReportCard.attachments_sent_on: date(2026, 11, 1)}).where(
            ReportCard.id == sent["id"]
        )
    )
    gone = inst.api("DELETE", f"/api/cards/{sent['id']}/attachments/{first.json()['id']}")
    assert gone.status_code == 409 and "固定" in gone.json()["message"]
    page = inst.get(f"/institution/cards/{sent['id']}/attachments").text
    assert "已全部固定" in page and "/delete" not in page


def test_the_attachments_page_uploads_and_deletes(web: Web, inst: User) -> None:
    card = make_card(web)
    base = f"/institution/cards/{card['id']}/attachments"
    page = inst.get(base)
    assert page.status_code == 200 and card["qc_code"] in page.text and "下载质控二维码" in page.text
    qr = re.search(r'<img class="qr" src="([^"]+)"', page.text)
    assert qr and inst.get(qr.group(1)).headers["content-type"] == "image/png"
    bad = inst.post_form(base, {"kind": "stamped_card"}, files={"file": ("a.png", PNG, "image/png")})
    assert bad.status_code == 400 and 'id="err_file"' in bad.text
    for kind in ("stamped_card", "report_cover_sign"):
        done = inst.post_form(base, {"kind": kind}, files={"file": (f"{kind}.pdf", PDF, "application/pdf")})
        assert done.status_code == 303, done.text
    page = inst.get(base).text
    assert "已锁定（已提交）" in page and "stamped_card.pdf" in page
    assert 'name="kind"' not in page  # both copies present: nothing left to upload
    first = inst.get(f"/api/cards/{card['id']}/attachments").json()["attachments"][0]["id"]
    assert inst.post_form(f"{base}/{first}/delete", {}).status_code == 303
    assert card_row(web, card["id"])["status"] == "submitted"
    assert inst.post_form(f"{base}/{first}/delete", {}).status_code == 404


def test_another_institutions_card_is_not_found(web: Web, inst: User) -> None:
    data, _ = new_institution(web)
    other = web.api_login(data["login"], data["password"])
    theirs = make_card(web, institution_uscc=data["uscc"])
    mine = make_card(web)
    upload = _upload(other, theirs["id"], "stamped_card")
    assert upload.status_code == 201, upload.text
    attachment = upload.json()["id"]
    for method, url in (
        ("GET", f"/api/cards/{theirs['id']}/qr.png"),
        ("GET", f"/api/cards/{theirs['id']}/card.pdf"),
        ("GET", f"/api/cards/{theirs['id']}/attachments"),
        ("DELETE", f"/api/cards/{theirs['id']}/attachments/{attachment}"),
        ("DELETE", f"/api/cards/{mine['id']}/attachments/{attachment}"),
        ("GET", f"/institution/cards/{theirs['id']}/qr.png"),
        ("GET", f"/institution/cards/{theirs['id']}/card.pdf"),
        ("GET", f"/institution/cards/{theirs['id']}/attachments"),
    ):
        assert inst.api(method, url).status_code == 404, (method, url)
    assert _upload(inst, theirs["id"], "report_cover_sign").status_code == 404
    assert (
        inst.post_form(f"/institution/cards/{mine['id']}/attachments/{attachment}/delete", {}).status_code
        == 404
    )
    assert card_row(web, theirs["id"])["version"] == theirs["version"] + 1  # only its owner's upload
    for role in ("client", "regulator", "reviewer"):
        assert web.api_login(*DEMO[role]).get(f"/api/cards/{mine['id']}/qr.png").status_code == 403
    assert web.anonymous().get(f"/api/cards/{mine['id']}/qr.png").status_code == 401


class _File:
    """What a multipart form hands the service: a name and bytes to read."""

    def __init__(self, name: str, content: bytes) -> None:
        self.filename = name
        self._content = content

    async def read(self, size: int = -1) -> bytes:
        return self._content if size < 0 else self._content[:size]


def test_two_uploads_at_once_both_count_and_lock(web: Web) -> None:
    """Two stamped copies uploaded at the same moment: both stored, the card locked once."""
    import asyncio

    from radrules_webshell.accounts.tables import Account
    from radrules_webshell.core.principal import Principal
    from radrules_webshell.filings.cards import files as card_files

    card = make_card(web)
    account = web.run(Account.select().where(Account.login == DEMO["institution"][0]).first())
    user = Principal(
        account_id=account["id"],
        login=account["login"],
        name=account["name"],
        role="institution",
        institution_id=card["institution"],
    )

    async def both() -> list[Any]:
        return list(
            await asyncio.gather(
                *(
                    card_files.add_attachment(user, card["id"], kind, _File(f"{kind}.pdf", PDF), web.settings)
                    for kind in ("stamped_card", "report_cover_sign")
                ),
                return_exceptions=True,
            )
        )

    results = web.run(both)
    assert all(isinstance(r, dict) for r in results), results
    row = card_row(web, card["id"])
    assert (row["status"], row["status_under_lock"], row["version"]) == (
        "locked",
        "submitted",
        card["version"] + 2,
    )
    assert len(orjson.loads(row["document"])["attachments"]) == 2
