"""A real browser through registration → review → first login → forced password change.

Drives Debian's Chromium (``/usr/bin/chromium``, headless) with Playwright against
``radrules serve`` on a free local port; never downloads a browser. Set
``RADRULES_SCREENSHOTS=docs/img`` to refresh the screenshots kept in the docs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import CHROMIUM, launch, serve
from web_helpers import PDF, PNG, registration_data

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("browser")) as (base, log):
        printed = log.read_text()
        assert "jscdc" in printed and "Review#2026" in printed  # the demo logins are printed
        yield base


def test_registration_review_first_login_password_change(server: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    shots = Path(os.environ.get("RADRULES_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    certificate, commitment = tmp_path / "资质证书.pdf", tmp_path / "承诺书.png"
    certificate.write_bytes(PDF)
    commitment.write_bytes(PNG)
    data = registration_data(name="苏州示例辐射检测技术有限公司", division_code="320505")

    with sync_api.sync_playwright() as p:
        browser = launch(p)
        try:
            applicant = browser.new_page(viewport={"width": 1100, "height": 900})
            applicant.goto(f"{server}/register")
            # 所属地区: the cascading picker, each level filled by the page's script
            applicant.select_option("#f_division_code__1", "320000")
            applicant.select_option("#f_division_code__2", "320500")
            applicant.select_option("#f_division_code__3", data["division_code"])
            assert applicant.locator("#f_division_code__3 option:checked").inner_text() == "虎丘区"
            assert applicant.locator(".division-refresh").count() == 0, "the script replaces 选择下一级"
            for name in (
                "uscc",
                "name",
                "phone",
                "applicant_name",
                "applicant_mobile",
                "applicant_id_number",
                "login",
                "password",
                "password_confirm",
            ):
                applicant.fill(f"#f_{name}", data[name])
            applicant.select_option("#f_unit_attribute", "tech_service")
            applicant.set_input_files("#f_certificate", str(certificate))
            applicant.set_input_files("#f_commitment", str(commitment))
            applicant.get_by_role("button", name="注册").click()
            applicant.wait_for_url("**/register/progress**")
            assert applicant.locator("#progress").inner_text().count("待审核") == 1
            assert "江苏省疾病预防控制中心" in applicant.content()

            reviewer = browser.new_page()
            reviewer.goto(f"{server}/login")
            reviewer.fill("#f_login", "jscdc")
            reviewer.fill("#f_password", "Review#2026")
            reviewer.get_by_role("button", name="登录").click()
            reviewer.wait_for_url("**/review/registrations**")
            assert "江苏省苏州市虎丘区" in reviewer.locator("tr", has_text=data["uscc"]).inner_text()
            reviewer.locator("tr", has_text=data["uscc"]).get_by_role("link", name="审核").click()
            reviewer.get_by_role("button", name="审核通过").click()
            assert reviewer.locator("#registration-status").inner_text() == "审核通过"

            user = browser.new_page(viewport={"width": 1100, "height": 760})
            user.goto(f"{server}/login")
            user.fill("#f_login", data["login"])
            user.fill("#f_password", data["password"])
            user.get_by_role("button", name="登录").click()
            user.wait_for_url("**/password")
            assert "首次登录，请修改密码" in user.content()
            user.fill("#f_current_password", data["password"])
            user.fill("#f_new_password", "abc")
            user.fill("#f_confirm_password", "abc")
            user.get_by_role("button", name="确定修改").click()
            assert "须包含大写字母" in user.locator("#err_new_password").inner_text()
            user.screenshot(path=str(shots / "webshell-forced-password-change.png"), full_page=True)
            user.fill("#f_current_password", data["password"])
            user.fill("#f_new_password", "Sz#2026radx")
            user.fill("#f_confirm_password", "Sz#2026radx")
            user.get_by_role("button", name="确定修改").click()
            user.wait_for_url("**/institution**")
            assert "密码已修改" in user.content()
            assert user.locator("#declaration-status").inner_text() == "未提交"
            user.screenshot(path=str(shots / "webshell-institution-home.png"), full_page=True)
        finally:
            browser.close()
    assert (shots / "webshell-forced-password-change.png").read_bytes().startswith(b"\x89PNG")
