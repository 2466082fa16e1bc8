"""The regulator's card details in the card's own layout (issue 18, smaller things): the
sections the printed card has (radrules.documents.card_content, as the PDF draws them), not
the results' raw JSON; the PDF and the stamped copies for those who may see the card."""

from __future__ import annotations

from card_file_helpers import make_card
from oversight_rows import authority_user
from web_helpers import DEMO, PDF, Web


def test_details_show_the_card_as_printed_with_its_files(web: Web) -> None:
    card = make_card(web)
    institution = web.api_login(*DEMO["institution"])
    stamped = institution.api(
        "POST",
        f"/api/cards/{card['id']}/attachments",
        data={"kind": "stamped_card"},
        files={"file": ("盖章报送卡.pdf", PDF, "application/pdf")},
    )
    assert stamped.status_code == 201, stamped.text

    regulator = web.login(*DEMO["regulator"])  # Nanjing; the demo hospital is in 320104
    page = regulator.get(f"/oversight/cards/{card['id']}").text
    assert 'id="card-layout"' in page
    for heading in ("一、机构信息", "三、服务的用人单位信息", "五、技术服务结果", "六、报告信息"):
        assert heading in page, heading
    assert "\\u" not in page and '"protection_testing"' not in page  # no raw JSON
    assert "共检测点位" in page  # the results as the card words them

    pdf = regulator.get(f"/oversight/cards/{card['id']}/card.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    link = f"/oversight/cards/{card['id']}/attachments/{stamped.json()['id']}"
    assert link in page and "盖章报送卡.pdf" in page
    copy = regulator.get(link)
    assert copy.status_code == 200 and copy.content == PDF

    elsewhere = authority_user(web, "regulator", "320205")  # Wuxi: not its area
    assert elsewhere.get(f"/oversight/cards/{card['id']}/card.pdf").status_code == 404
    assert elsewhere.get(link).status_code == 404
    assert institution.get(link).status_code == 403  # the institution has its own pages
