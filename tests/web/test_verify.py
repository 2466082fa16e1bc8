"""The public verification page the QC QR code opens (source 000 §5.3.4 第八步): 有效,
已撤销, 已被替换, 尚未提交 or 无效; no login; no personal data; never a server error."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from card_file_helpers import decode_qr, make_card
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from web_helpers import DEMO, Web

from radrules.qc import sign, verification_url


def _secret(web: Web) -> bytes:
    from radrules_webshell.verify.secret import qc_secret

    return qc_secret(web.settings)


def _address(web: Web, code: str) -> str:
    return verification_url("/verify", code, _secret(web))


def _verdict(html: str) -> str:
    match = re.search(r'id="verdict">([^<]*)<', html)
    assert match, html[:500]
    return match.group(1)


def test_the_qr_code_of_a_filed_card_verifies_without_login(web: Web, tmp_path: Path) -> None:
    card = make_card(web)
    inst = web.login(*DEMO["institution"])
    url = decode_qr(inst.get(f"/institution/cards/{card['id']}/qr.png").content, tmp_path)
    page = web.anonymous().get(url.removeprefix("http://testserver.local"))
    assert page.status_code == 200
    assert _verdict(page.text) == "有效"
    for shown in (
        card["qc_code"],
        card["report_no"],
        "江苏示范放射卫生技术服务有限公司",
        "南京示范人民医院",
        "2026-10-20",
    ):
        assert shown in page.text
    # People are not the public's business: participants, filler, contacts stay off the page.
    for private in (
        "刘洋",
        "32010619850312123X",
        "13905170001",
        "陈静",
        "13905170002",
        "周红",
        "025-83001234",
    ):
        assert private not in page.text


@pytest.mark.parametrize(
    ("status", "under_lock", "verdict"),
    [
        ("submitted", None, "有效"),
        ("approved", None, "有效"),
        ("synced", None, "有效"),
        ("locked", "submitted", "有效"),
        ("withdrawn", None, "已撤销"),
        ("locked", "withdrawn", "已撤销"),
        ("draft", None, "尚未提交"),
        ("returned", None, "尚未提交"),
    ],
)
def test_the_verdict_follows_the_cards_state(
    web: Web, status: str, under_lock: str | None, verdict: str
) -> None:
    card = make_card(web, status=status, under_lock=under_lock)
    page = web.anonymous().get(_address(web, card["qc_code"]))
    assert page.status_code == 200
    assert _verdict(page.text) == verdict
    assert card["report_no"] in page.text


def test_a_card_refiled_under_the_same_report_number_is_replaced(web: Web) -> None:
    old = make_card(web, status="withdrawn")
    draft = make_card(web, status="draft", report_no=old["report_no"])
    # A later draft replaces nothing until it is submitted.
    assert _verdict(web.anonymous().get(_address(web, old["qc_code"])).text) == "已撤销"
    new = make_card(web, status="submitted", report_no=old["report_no"])
    page = web.anonymous().get(_address(web, old["qc_code"])).text
    assert _verdict(page) == "已被替换"
    assert f'id="replaced_by">{new["qc_code"]}<' in page
    assert _verdict(web.anonymous().get(_address(web, new["qc_code"])).text) == "有效"
    assert _verdict(web.anonymous().get(_address(web, draft["qc_code"])).text) == "已被替换"
    # Another institution's card with the same number replaces nothing.
    from web_helpers import new_institution

    data, _ = new_institution(web)
    other = make_card(web, institution_uscc=data["uscc"])
    mine = make_card(web, report_no=other["report_no"])
    assert _verdict(web.anonymous().get(_address(web, other["qc_code"])).text) == "有效"
    assert _verdict(web.anonymous().get(_address(web, mine["qc_code"])).text) == "有效"


def test_forged_or_altered_addresses_are_invalid(web: Web) -> None:
    card = make_card(web)
    code = card["qc_code"]
    good = _address(web, code)
    assert web.anonymous().get(good).status_code == 200
    signature = sign(code, _secret(web))
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    other = make_card(web)
    cases = [
        f"/verify?c={code}&s={flipped}",  # altered signature
        f"/verify?c={other['qc_code']}&s={signature}",  # another card's code under this signature
        f"/verify?c={code}",  # no signature
        f"/verify?s={signature}",  # no code
        f"/verify?c={code}&s={signature}&s={signature}",  # ambiguous
        f"/verify?c={code}&c={code}&s={signature}",
        "/verify?" + verification_url("", code, b"another-deployment-key-0123")[1:],  # another key
        _address(web, "JS-2026-2-999999-X"),  # signed here, but no such card
        _address(web, "not a qc code"),
        f"/verify?c={code.lower()}&s={sign(code.lower(), _secret(web))}",
    ]
    for url in cases:
        page = web.anonymous().get(url)
        assert page.status_code == 404, url
        assert _verdict(page.text) == "无效", url
        assert card["report_no"] not in page.text


@pytest.mark.parametrize(
    "query",
    [
        "c=%00&s=%00",
        "c=%ff%fe&s=1.%ff",
        "c=" + "A" * 5000 + "&s=1.x",
        "c=JS-2026-2-000001-X&s=" + quote("1.☃" * 50),
        "%%%",
        "c&s",
        "=&=&=",
        "c=%E4%B8%AD&s=%E6%96%87",
        "c[]=1&s[]=2",
        "c=1;s=2",
    ],
)
def test_malformed_addresses_show_the_invalid_page(web: Web, query: str) -> None:
    for path in ("/verify?", "/verify/?", "/verify/x/y?"):
        page = web.anonymous().get(path + query)
        assert page.status_code == 404, path
        assert _verdict(page.text) == "无效"


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(query=st.text(max_size=200))
def test_any_query_gets_an_answer_never_a_server_error(web: Web, query: str) -> None:
    page = web.anonymous().get("/verify?" + quote(query, safe="=&%"))
    assert page.status_code in (200, 404), (query, page.status_code)
    assert "服务器内部错误" not in page.text


def test_the_bare_page_explains_what_to_do(web: Web) -> None:
    page = web.anonymous().get("/verify")
    assert page.status_code == 200 and "扫描" in page.text and 'id="verdict"' not in page.text


def test_the_signing_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    from radrules_webshell.settings import Settings
    from radrules_webshell.verify.secret import qc_secret

    settings = Settings(data_dir=tmp_path / "data", database_url="sqlite:///x")
    key = qc_secret(settings)
    assert len(key) >= 32
    file = settings.qc_secret_file
    assert file.read_bytes() == key and file.stat().st_mode & 0o077 == 0  # owner only
    assert qc_secret(Settings(data_dir=tmp_path / "data", database_url="sqlite:///x")) == key
    assert qc_secret(Settings(data_dir=tmp_path / "other", database_url="sqlite:///x")) != key
    configured = Settings.from_env(
        {"RADRULES_DATA_DIR": str(tmp_path / "data"), "RADRULES_QC_SECRET": "k" * 20}
    )
    assert qc_secret(configured) == b"k" * 20
    with pytest.raises(ValueError, match="16"):
        Settings.from_env({"RADRULES_QC_SECRET": "short"})


def test_the_public_address_can_be_configured(web: Web, tmp_path: Path) -> None:
    import attrs

    card = make_card(web)
    original = web.client.app.state.settings
    web.client.app.state.settings = attrs.evolve(original, public_url="https://rad.example.org")
    try:
        inst = web.login(*DEMO["institution"])
        url = decode_qr(inst.get(f"/institution/cards/{card['id']}/qr.png").content, tmp_path)
    finally:
        web.client.app.state.settings = original
    assert url.startswith(f"https://rad.example.org/verify?c={card['qc_code']}&s=")
