"""Issue 7's "done when": the whole Jiangsu filing flow in a real browser, through the pages.

The demo institution (``jsinst``) logs in, sees its qualification approved, enters and
submits a device-test report (source 000 §5.1) and a dose report (§5.2: one record typed,
one imported from the downloaded Excel template), builds report cards from them (§5.3:
report picked from the submitted reports, participants from its staff, filler prefilled),
暂存 → QC code, 提交, downloads the QR code and the PDF preview, uploads the stamped card
and the report's cover/sign page → 锁定. The QR code's address, opened in a fresh browser
without login, says 有效 with institution, client, report number and issue date; the Nanjing
regulator finds the card in its query.

Everything is done by clicking and typing in Chromium; the only files made outside the
browser are those a user makes elsewhere: the filled-in Excel template (openpyxl) and the
stamped scan of the report's cover page. ``RADRULES_SCREENSHOTS=docs/img`` refreshes the
screenshots kept in the docs.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import CHROMIUM, launch, serve, wait_for
from radrules_webshell.core import clock
from web_helpers import PDF

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")

HOSPITAL = "南京示范人民医院"
INSTITUTION = "江苏示范放射卫生技术服务有限公司"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("browser-filing")) as (base, _):
        yield base


def _login(page: Any, server: str, login: str, password: str, lands_on: str) -> None:
    page.goto(f"{server}/login")
    page.fill("#f_login", login)
    page.fill("#f_password", password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{lands_on}**")


def _notice_ok(page: Any, step: str) -> None:
    """No error page: the flow's pages answer with the record, not a message."""
    body = page.locator("main").inner_text()
    assert "出错" not in page.title() and "Internal" not in body, f"{step}: error page\n{body[:800]}"


def _option_value(page: Any, select: str, text: str) -> str:
    option = page.locator(f"{select} option", has_text=text)
    assert option.count() == 1, f"{select}: expected one option containing {text!r}, got " + repr(
        page.locator(f"{select} option").all_inner_texts()
    )
    return str(option.get_attribute("value"))


def _enter_device_test(page: Any, report_no: str, report_day: date, tested_day: date) -> None:
    """§5.1: basic information first, then one sample on the hospital's DR, protection only."""
    from playwright.sync_api import expect

    page.get_by_role("link", name="医用辐射装置检测填报").first.click()
    page.get_by_role("link", name="添加", exact=True).click()
    page.fill("#f_report_no", report_no)
    page.select_option("#f_client_id", _option_value(page, "#f_client_id", HOSPITAL))
    page.fill("#f_report_date", report_day.isoformat())
    page.get_by_role("button", name="保存").click()
    wait_for(page, "**/institution/device-tests/*?notice=created", "created")

    page.select_option("#f_device", "NJSF-DR-0001")
    page.get_by_role("button", name="添加样品").click()
    page.wait_for_url("**/samples/new?device=NJSF-DR-0001")
    form = page.locator("#sample-form")
    assert "DigitalDiagnost C90" in page.locator("#device-name").inner_text()
    form.locator("input[name=categories][value=performance]").uncheck()
    form.locator("input[name=categories][value=protection]").check()
    page.fill("#f_prot_tested_on", tested_day.isoformat())
    page.fill("#f_prot_test_conditions", "80 kV，200 mA，0.1 s")
    points = [("观察窗外30cm处", "0.16"), ("操作位", "0.14"), ("工作人员防护门外30cm处（左门缝）", "0.21")]
    for n, (name, value) in enumerate(points):
        form.locator(f"input[name=point_{n}_name]").fill(name)
        form.locator(f"input[name=point_{n}_result]").fill(value)
        form.locator(f"select[name=point_{n}_passed]").select_option("yes")
    # 合格 judged from the value (§5.1.2.2 5): 30 μSv/h against the room's 25 μSv/h is 否,
    # filled in as it is typed; the value corrected, it becomes 是 again.
    form.locator("input[name=point_3_name]").fill("东墙外30cm处")
    verdict = form.locator("select[name=point_3_passed]")
    assert verdict.input_value() == "", "a new row starts 未判定"
    form.locator("input[name=point_3_result]").fill("30")
    form.locator("input[name=point_3_result]").dispatch_event("change")
    expect(verdict).to_have_value("no")
    assert "按参考值：不合格" in form.locator('[data-judged-for="point_3"]').inner_text()
    assert page.locator("#sample-verdict-value").inner_text() == "否", "the sample is judged 不合格"
    form.locator("input[name=point_3_result]").fill("0.18")
    form.locator("input[name=point_3_result]").dispatch_event("change")
    expect(verdict).to_have_value("yes")
    assert page.locator("#sample-verdict-value").inner_text() == "是"
    page.locator("#save-sample").click()
    wait_for(page, "**?notice=sample_saved", "sample_saved")
    samples = page.locator("#samples").inner_text()
    assert f"{report_no}-01" in samples and "NJSF-DR-0001" in samples, f"sample not listed:\n{samples}"
    assert "按江苏省规则检查未发现错误" in page.content(), "the draft check should find no error"

    page.locator("#submit-report").click()
    wait_for(page, "**?notice=submitted", "submitted")
    assert page.locator("#report-status").inner_text() == "已提交", "device-test report not submitted"


def _enter_dose_report(
    page: Any, report_no: str, report_day: date, period: tuple[date, date], tmp_path: Path
) -> None:
    """§5.2: basic information, one record typed for 刘洋, one imported for 周婷."""
    from openpyxl import load_workbook
    from radrules_webshell.demo import make_id_number

    page.get_by_role("link", name="个人剂量监测填报").first.click()
    page.get_by_role("link", name="添加", exact=True).click()
    page.fill("#f_report_no", report_no)
    page.select_option("#f_client_id", _option_value(page, "#f_client_id", HOSPITAL))
    page.fill("#f_report_date", report_day.isoformat())
    page.get_by_role("button", name="保存").click()
    wait_for(page, "**/institution/doses/*?notice=created", "created")

    page.select_option("#f_worker_id", _option_value(page, "#f_worker_id", "刘洋"))
    page.fill("#f_period_start", period[0].isoformat())
    page.fill("#f_period_end", period[1].isoformat())
    page.fill("#f_hp10", "0.12")
    page.fill("#f_hp007", "0.15")
    page.locator("#record-form").get_by_role("button", name="添加").click()
    wait_for(page, "**?notice=record_saved", "record_saved")

    with page.expect_download() as download:
        page.locator("#template-link").click()
    template = tmp_path / "个人剂量导入.xlsx"
    download.value.save_as(template)
    book = load_workbook(template)
    sheet = book["个人剂量监测结果"]
    assert [c.value for c in sheet[1]][:5] == [
        "姓名",
        "身份证号",
        "剂量计编号",
        "监测开始日期",
        "监测结束日期",
    ]
    # The platform shows other people's ID numbers masked; the laboratory has the full
    # number in its own records (here: the demo's), as it would when filling the template.
    id_number = make_id_number("32010419921120562")
    worker_option = page.locator("#f_worker_id option", has_text="周婷").inner_text()
    assert id_number[-4:] in worker_option, f"demo worker changed: {worker_option}"
    sheet.append(["周婷", id_number, "JS-D-10002", period[0], period[1], 0.35, 0.41, None])
    book.save(template)
    page.set_input_files("#f_file", str(template))
    page.locator("#import-form").get_by_role("button", name="导入").click()
    outcome = page.locator("#import-outcome").inner_text()
    assert "导入 1 条；错误 0 处" in outcome, f"template import refused:\n{outcome}"
    records = page.locator("#records").inner_text()
    assert "刘洋" in records and "周婷" in records, f"both records expected:\n{records}"

    page.locator("#submit-report").click()
    wait_for(page, "**?notice=submitted", "submitted")
    assert page.locator("#report-status").inner_text() == "已提交", "dose report not submitted"


def _new_card(
    page: Any,
    field_label: str,
    source_text: str,
    participants: list[tuple[str, str, str]],
    *,
    contradict_kind: bool = False,
) -> None:
    """§5.3.4: a new card for the hospital from a submitted report; 暂存 shows the QC code."""
    page.get_by_role("link", name="报送卡").first.click()
    page.locator("#new-card").click()
    page.fill("#f_client_q", HOSPITAL)
    page.locator("#client-search").get_by_role("button", name="查询").click()
    form = page.locator("#card-form")
    # 第二步 and 第七步 come prefilled from the institution and the account.
    assert page.locator("#f_project_leader").input_value() == "王建国", "project leader not prefilled"
    assert page.locator("#f_filler_name").input_value() == "李敏", "filler not prefilled"
    form.get_by_label(re.compile(HOSPITAL)).check()
    for name, duty, times in participants:
        row = page.locator("#participants tr", has_text=name)
        row.locator("input[name$=_on]").check()
        row.get_by_label(duty, exact=True).check()
        row.get_by_label(f"{name} {duty} 时间").fill(times)
    page.select_option("#f_service_field", label=field_label)
    page.select_option("#f_source", _option_value(page, "#f_source", source_text))
    if contradict_kind:
        # The hospital filed as 企业 (to type the report number and results by hand): refused
        # beside 服务单位类型, everything typed kept; back to the registered kind.
        page.select_option("#f_client_kind", "enterprise")
        form.get_by_role("button", name="暂存").click()
        page.wait_for_load_state()
        said = page.locator("#err_client_kind").inner_text()
        assert "与登记信息“综合性医院”不符" in said, f"contradicted kind not refused: {said!r}"
        assert page.locator("#card-status").count() == 0, "nothing saved"
        assert page.locator("#f_source option:checked").inner_text().startswith(source_text)
        # the refused page shows the registered kind beside the message; keep it
        page.select_option("#f_client_kind", "general_hospital")
    form.get_by_role("button", name="暂存").click()
    wait_for(page, "**/institution/cards/*?notice=card_saved", "card_saved")
    _notice_ok(page, "暂存")
    assert page.locator("#card-status").inner_text() == "暂存", "card not saved as draft"
    assert not page.locator("#card-form .finding-error").count(), "findings after 暂存: " + repr(
        page.locator("#card-form .finding-error").all_inner_texts()
    )


def _submit_card(page: Any) -> str:
    qc_code = page.locator("#qc-code").inner_text()
    assert re.fullmatch(r"JS-\d{4}-\d-\d{6}-[A-Z]", qc_code), f"no QC code after 暂存: {qc_code!r}"
    page.locator("#card-form").get_by_role("button", name="提交").click()
    page.wait_for_load_state()
    _notice_ok(page, "提交")
    status = page.locator("#card-status").inner_text()
    assert status == "已提交", f"card not submitted ({status}):\n{page.locator('main').inner_text()[:1500]}"
    assert page.locator("#qc-code").inner_text() == qc_code, "the QC code changed on 提交"
    return qc_code


def test_jiangsu_filing_flow(server: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    shots = Path(os.environ.get("RADRULES_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    # Every date is fixed once, in the past, so a run across midnight cannot move "today"
    # between a report's date and the checks that compare with it.
    today = clock.today()
    tested, device_report_day = today - timedelta(days=7), today - timedelta(days=5)
    period_end = today - timedelta(days=10)
    period = (period_end - timedelta(days=89), period_end)
    dose_report_day = today - timedelta(days=3)
    stamp = time.strftime("%H%M%S")
    device_report_no, dose_report_no = f"JSSF-JC-{stamp}", f"JSSF-JL-{stamp}"

    with sync_api.sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(
                viewport={"width": 1200, "height": 900}, locale="zh-CN", accept_downloads=True
            )
            # 1. Login; the qualification is approved (the demo seeds it so).
            _login(page, server, "jsinst", "Inst#2026rad", "/institution")
            page.get_by_role("link", name="资质申报").first.click()
            page.wait_for_url("**/institution/qualification")
            status = page.locator("#declaration-status").inner_text()
            assert status == "审核通过", f"qualification should show approved, shows {status!r}"

            # 2. and 3. The two reports the cards are built from.
            _enter_device_test(page, device_report_no, device_report_day, tested)
            _enter_dose_report(page, dose_report_no, dose_report_day, period, tmp_path)

            # 4. The dose card: 暂存 then 提交; its results are computed from the report.
            _new_card(
                page,
                "个人剂量监测",
                f"个人剂量监测 {dose_report_no}",
                [("陈静", "实验室检测", f"{period_end + timedelta(days=2)} 09:00-16:00")],
                contradict_kind=True,
            )
            assert page.locator("#results-computed").count() == 1, "dose results should be computed"
            assert page.locator("#f_dm_workers_monitored").input_value() == "2", "2 workers monitored"
            _submit_card(page)

            # 4. The protection-testing card from the device test, the one taken to the end.
            on_site = f"{tested.isoformat()} 09:00-12:00"
            _new_card(
                page,
                "放射卫生防护检测",
                f"医用辐射装置检测 {device_report_no}",
                [("张伟", "现场检测", on_site), ("陈静", "现场检测", on_site)],
            )
            assert page.locator("#f_report_no").input_value() == device_report_no, "report no. not taken"
            assert page.locator("#f_report_issued_on").input_value() == device_report_day.isoformat()
            assert page.locator("#f_wp_points_tested").input_value() == "4", "4 points were tested"
            page.screenshot(path=str(shots / "webshell-card-qc-code.png"))
            qc_code = _submit_card(page)
            card_url = page.url.split("?")[0]

            # 5. QR code (a download) and the PDF preview.
            with page.expect_download() as download:
                page.get_by_role("link", name="下载质控二维码").click()
            qr = tmp_path / "qr.png"
            download.value.save_as(qr)
            decoded = subprocess.run(
                ["zbarimg", "--raw", "-q", str(qr)], capture_output=True, text=True, check=False
            )
            verify_url = decoded.stdout.strip()
            assert decoded.returncode == 0 and verify_url.startswith(f"{server}/verify?"), (
                f"QR should carry this server's /verify address, zbarimg said {decoded!r}"
            )
            assert f"c={qc_code}" in verify_url, f"QR address does not name {qc_code}: {verify_url}"
            # The preview is served inline; the browser's own request (its session) fetches
            # the link the page offers, as the PDF viewer would.
            pdf_href = page.get_by_role("link", name="预览报送卡 PDF").get_attribute("href")
            preview = page.request.get(f"{server}{pdf_href}")
            assert preview.ok and preview.headers["content-type"].startswith("application/pdf")
            card_pdf = tmp_path / "card.pdf"
            card_pdf.write_bytes(preview.body())
            text = subprocess.run(
                ["pdftotext", "-layout", str(card_pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
            for expected in (qc_code, INSTITUTION, HOSPITAL, device_report_no, "张伟"):
                assert expected in text, f"{expected} missing from the card PDF:\n{text[:1500]}"

            # 6. The stamped card (the preview, printed, stamped and scanned) and the report's
            # cover/sign page uploaded → locked.
            page.get_by_role("link", name="附件（盖章版上传）").click()
            page.wait_for_url("**/attachments")
            assert page.locator("#qc_code").inner_text() == qc_code
            cover = tmp_path / "报告封面及签发页（盖章）.pdf"
            cover.write_bytes(PDF)
            for label, path in (("报送卡（盖章版PDF）", card_pdf), ("报告首页", cover)):
                page.select_option("#f_kind", _option_value(page, "#f_kind", label))
                page.set_input_files("#f_file", str(path))
                page.get_by_role("button", name="上传").click()
                page.wait_for_load_state()
                _notice_ok(page, f"上传{label}")
            assert page.locator("#status").inner_text() == "已锁定（已提交）", (
                "both stamped copies uploaded, the card should be locked: "
                + page.locator("#status").inner_text()
            )
            assert page.locator("#f_file").count() == 0, "nothing more to upload once both are in"
            page.get_by_role("link", name="返回报送卡").click()
            page.wait_for_url(card_url)
            locked = page.locator("#card-status").inner_text()
            assert locked == "已锁定（已提交）", (
                f"the card page should show 已锁定（已提交）, shows {locked!r}"
            )
            assert page.locator("#locked-notice").is_visible(), "the card page should say it is locked"
            assert page.locator("#card-form button[value=save]").count() == 0, "a locked card offers 暂存"
            page.screenshot(path=str(shots / "webshell-card-locked.png"))

            # 7. The QR code's address in a fresh browser, without login.
            public = browser.new_context(viewport={"width": 760, "height": 720}, locale="zh-CN").new_page()
            public.goto(verify_url)
            assert public.locator("#verdict").inner_text() == "有效", public.locator("main").inner_text()
            assert public.locator("#qc_code").inner_text() == qc_code
            assert public.locator("#institution").inner_text() == INSTITUTION
            assert public.locator("#client").inner_text() == HOSPITAL
            assert public.locator("#report_no").inner_text() == device_report_no
            assert public.locator("#issued_on").inner_text() == device_report_day.isoformat()
            assert "张伟" not in public.content(), "the public page must not name people"
            public.screenshot(path=str(shots / "webshell-verify-valid.png"), full_page=True)
            public.goto(verify_url.replace(f"c={qc_code}", f"c={qc_code[:-1]}Z"))
            assert public.locator("#verdict").inner_text() == "无效", "an altered code must be 无效"

            # 8. The Nanjing regulator finds the card in its query.
            regulator = browser.new_context(
                viewport={"width": 1300, "height": 800}, locale="zh-CN"
            ).new_page()
            _login(regulator, server, "njwjw", "Regu#2026rad", "/oversight")
            regulator.get_by_role("link", name="报送卡查询").click()
            regulator.fill("#f_client", HOSPITAL)
            regulator.get_by_role("button", name="查询").click()
            row = regulator.locator("tr", has_text=qc_code)
            assert row.count() == 1, (
                "regulator does not find the card:\n" + regulator.locator("main").inner_text()[:1500]
            )
            assert device_report_no in row.inner_text()
            regulator.screenshot(path=str(shots / "webshell-oversight-cards.png"), full_page=True)
            row.get_by_role("link", name="查看").click()
            regulator.wait_for_url("**/oversight/cards/*")
            details = regulator.locator("main").inner_text()
            assert qc_code in details and device_report_no in details, f"card details:\n{details[:1500]}"
        finally:
            browser.close()
    assert (shots / "webshell-verify-valid.png").read_bytes().startswith(b"\x89PNG")
