"""Issue 16 in a real browser, through the pages: the city publishes a notice with its policy
document on the portal, which a visitor reads without logging in; the city's statistics page
shows the counts and its charts (inline SVG, no script); Jilin's published blacklist is public.
``RADRULES_SCREENSHOTS=docs/img`` refreshes the screenshots.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import CHROMIUM, launch, serve, wait_for
from web_helpers import PDF

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")

NOTICE = "关于开展2026年度放射诊疗专项监督检查的通知"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("browser-supervision")) as (base, _):
        yield base


def _login(page: Any, server: str, login: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{server}/login")
    page.fill("#f_login", login)
    page.fill("#f_password", password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_portal_and_statistics_in_a_browser(server: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    shots = Path(os.environ.get("RADRULES_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    policy = tmp_path / "放射诊疗管理规定.pdf"
    policy.write_bytes(PDF)
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

            # 1. The city (南京市卫健委) publishes a notice with a policy document.
            _login(page, server, "njwjw", "Regu#2026rad")
            page.get_by_role("link", name="门户管理").click()
            page.locator("#new-article").click()
            page.select_option("#f_kind", "notice")
            page.fill("#f_title", NOTICE)
            page.fill("#f_body", "各放射诊疗机构：\n请于12月31日前完成自查，并上传自查报告。")
            page.locator("#save-article").click()
            wait_for(page, "**/oversight/portal/*?notice=created", "save the notice")
            page.set_input_files("#f_file", str(policy))
            page.locator("#upload-attachment").click()
            wait_for(page, "**/oversight/portal/*?notice=attached", "attach the policy document")
            page.locator("#publish-article").click()
            wait_for(page, "**/oversight/portal/*?notice=article_published", "publish")
            assert page.locator("#article-status").inner_text() == "已发布"

            # 2. A visitor reads it without logging in.
            visitor = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            visitor.goto(f"{server}/login")
            visitor.get_by_role("link", name="门户").click()
            visitor.get_by_role("link", name=NOTICE).click()
            assert "请于12月31日前完成自查" in visitor.locator("#article-body").inner_text()
            assert visitor.locator("#attachments a").inner_text() == "放射诊疗管理规定.pdf"
            visitor.screenshot(path=str(shots / "supervision-portal.png"), full_page=True)
            visitor.goto(f"{server}/credit/blacklist")
            assert "放射卫生技术服务机构黑名单" in visitor.locator("h1").inner_text()

            # 3. The city's statistics: the counts, the table by county and the charts.
            page.get_by_role("link", name="统计").click()
            page.wait_for_load_state()
            assert int(page.locator("#total-units").inner_text()) >= 1
            assert int(page.locator("#total-devices").inner_text()) >= 2
            assert page.locator("#stat-rows tbody tr").count() >= 1
            assert page.locator("#charts svg").count() == 4
            assert page.locator("#chart-workers svg rect.bar").count() >= 1
            page.screenshot(path=str(shots / "supervision-statistics.png"), full_page=True)
            # drill down into a county
            page.locator("#stat-rows tbody tr a").first.click()
            page.wait_for_load_state()
            assert "单位" in page.locator("#stat-rows thead").inner_text()
            assert not [e for e in errors if "Content Security Policy" in e], errors
        finally:
            browser.close()
