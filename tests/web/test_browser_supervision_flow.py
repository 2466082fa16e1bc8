"""Issue 16's "done when" in a real browser, through the pages only.

The system administrator makes the demo city regulator (南京市卫健委) the 市级 administrator
(the test's own set-up). Then, by clicking and typing in Chromium: the city opens a 县区级
administrator for 玄武区; the county registers a hospital (a 放射诊疗机构 and its account);
the hospital enters a device and two radiation workers, one of whom has no in-service
training since a pre-job training more than two years ago (卫生部令第55号 第八条); the warning
is on the hospital's home page and in its list, and on the county's list of open warnings;
the hospital enters the in-service training it had not recorded and the warning closes; the
city's statistics count the hospital, its device and workers and draw the charts; the demo
hospital of 秦淮区 asks for the other worker's archive, the new hospital approves, the archive
moves whole and both hospitals see the record of the move.

Dates are counted back from today, so that the rules (in force at the server's today) judge
the same register whenever the test runs. ``RADRULES_SCREENSHOTS=docs/img`` refreshes the
screenshots of docs/supervision.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import CHROMIUM, launch, serve, wait_for

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")

COUNTY_LOGIN, COUNTY_PASSWORD = "xwqwjw", "Xuanwu#2026a"
HOSPITAL = "南京市玄武区示范医院"
HOSPITAL_USCC = "123201024660123451"  # make_uscc("12320102", "46601234")
HOSPITAL_LOGIN, HOSPITAL_PASSWORD = "xwyy", "Xwyy#2026ab"
OTHER_HOSPITAL = "南京示范人民医院"  # the demo hospital of 秦淮区 (njhosp)
WORKERS = {"trained": ("王晓燕", "32010219880304"), "untrained": ("刘建国", "32010219860715")}
NEW_PASSWORD = "Changed#2027x"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("browser-supervision-flow")) as (base, _):
        yield base


def _id_number(first14: str) -> str:
    from radrules_webshell.demo import make_id_number

    return str(make_id_number(first14 + "123"))


def _login(page: Any, server: str, login: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{server}/login")
    page.fill("#f_login", login)
    page.fill("#f_password", password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    if page.url.endswith("/password"):  # an account opened by an administrator: first login
        page.fill("#f_current_password", password)
        page.fill("#f_new_password", NEW_PASSWORD)
        page.fill("#f_confirm_password", NEW_PASSWORD)
        page.get_by_role("button", name="确定修改").click()
        page.wait_for_load_state()
        assert "密码已修改" in page.content(), page.locator("main").inner_text()


def _no_error(page: Any, step: str) -> None:
    body = page.locator("main").inner_text()
    assert "出错" not in page.title() and "Internal" not in body, f"{step}: error page\n{body[:800]}"


def _open_account(page: Any, **values: str) -> None:
    """The 开设账号 form of 账号与权限."""
    form = page.locator("#account-form")
    form.locator("#f_role").select_option(values["role"])
    form.locator("#f_login").fill(values["login"])
    form.locator("#f_password").fill(values["password"])
    form.locator("#f_name").fill(values["name"])
    if "division" in values:
        form.locator("#f_division").fill(values["division"])
    if "client" in values:
        form.locator("#f_client_id").select_option(label=values["client"])
    form.locator("#f_level").select_option(values["level"])
    form.get_by_role("button", name="开设").click()
    wait_for(page, "**/supervision/accounts?notice=*", f"open the account {values['login']}")
    assert page.locator("#accounts tr", has_text=values["login"]).count() == 1


def _enter_worker(page: Any, name: str, id_number: str, started: date) -> None:
    """From the unit's page; lands on the worker's archive."""
    page.get_by_role("link", name="登记与健康监护档案").click()
    page.locator("summary", has_text="登记放射工作人员").click()
    form = page.locator("#worker-form")
    form.locator("#f_worker_name").fill(name)
    form.locator("#f_worker_id_number").fill(id_number)
    form.locator("#f_worker_started_on").fill(started.isoformat())
    form.locator("#f_worker_department").fill("放射科")
    form.locator("#f_worker_occupation").fill("2A")
    form.get_by_role("button", name="登记").click()
    wait_for(page, "**/supervision/units/*/workers/*?notice=created", f"enter the worker {name}")
    assert page.locator("h1").inner_text() == f"{name} 的健康监护档案"


def _add_training(page: Any, kind: str, ended: date, days: str) -> None:
    """On a worker's archive page: one passed training."""
    page.locator("#section-trainings summary").click()
    form = page.locator("#trainings-form")
    form.locator("#f_trainings_kind").select_option(label=kind)
    form.locator("#f_trainings_ended_on").fill(ended.isoformat())
    form.locator("#f_trainings_days").fill(days)
    form.locator("#f_trainings_organizer").fill("江苏省疾病预防控制中心")
    form.get_by_role("button", name="添加").click()
    wait_for(page, "**/workers/*?notice=*", f"add the {kind}")
    _no_error(page, kind)


def _unique_ids(page: Any) -> None:
    """Each label of a page with several forms points at its own input."""
    ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def _open_worker(page: Any, name: str) -> None:
    page.get_by_role("link", name="登记与健康监护档案").click()
    page.locator("#workers").get_by_role("link", name=name).click()
    page.wait_for_load_state()


def test_supervision_flow_in_a_browser(server: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    shots = Path(os.environ.get("RADRULES_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    today = date.today()
    started = today - timedelta(days=900)
    pre_job = started - timedelta(days=10)  # in-service due two years later: overdue by now
    in_service = today - timedelta(days=400)  # within two years of the pre-job training
    trained, untrained = WORKERS["trained"][0], WORKERS["untrained"][0]
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")

            # 0. Set-up: the system administrator makes 南京市卫健委 the city's administrator.
            _login(page, server, "admin", "Admin#2026rr")
            page.get_by_role("link", name="账号与权限").click()
            row = page.locator("#accounts tr", has_text="njwjw")
            row.get_by_label("管理权限").select_option("city")
            row.get_by_role("button", name="设置").click()
            page.wait_for_load_state()
            assert "市级管理员" in page.locator("#accounts tr", has_text="njwjw").inner_text()

            # 1. The city administrator opens a county administrator for 玄武区.
            _login(page, server, "njwjw", "Regu#2026rad")
            page.get_by_role("link", name="账号与权限").click()
            _open_account(
                page,
                role="regulator",
                login=COUNTY_LOGIN,
                password=COUNTY_PASSWORD,
                name="玄武区卫健委监督员",
                division="320102",
                level="county",
            )
            assert "县区级管理员" in page.locator("#accounts tr", has_text=COUNTY_LOGIN).inner_text()
            page.screenshot(path=str(shots / "supervision-flow-1-county-admin.png"), full_page=True)

            # 2. The county administrator registers the hospital and opens its account.
            _login(page, server, COUNTY_LOGIN, COUNTY_PASSWORD)
            page.get_by_role("link", name="监管登记").click()
            page.get_by_role("link", name="登记放射诊疗机构").click()
            page.fill("#f_name", HOSPITAL)
            page.fill("#f_uscc", HOSPITAL_USCC)
            page.select_option("#f_kind", "general_hospital")
            page.select_option("#f_division_code__1", "320000")
            page.select_option("#f_division_code__2", "320100")
            page.select_option("#f_division_code__3", "320102")
            page.fill("#f_contact_name", "孙丽")
            page.get_by_role("button", name="保存").click()
            wait_for(page, "**/supervision/units/*?notice=created", "register the hospital")
            assert page.locator("h1").inner_text() == HOSPITAL
            page.get_by_role("link", name="账号与权限").click()
            _open_account(
                page,
                role="client",
                login=HOSPITAL_LOGIN,
                password=HOSPITAL_PASSWORD,
                name="孙丽",
                client=HOSPITAL,
                level="unit",
            )
            page.screenshot(path=str(shots / "supervision-flow-2-hospital-registered.png"), full_page=True)

            # 3. The hospital enters a device and two workers with their trainings.
            _login(page, server, HOSPITAL_LOGIN, HOSPITAL_PASSWORD)
            page.get_by_role("link", name="登记与健康监护档案").click()
            page.locator("summary", has_text="登记设备").click()
            form = page.locator("#device-form")
            form.locator("#f_device_name").fill("数字X射线摄影系统")
            form.locator("#f_device_type").fill("DR")
            form.locator("#f_device_model").fill("DigitalDiagnost C50")
            form.locator("#f_device_device_uid").fill("XWSF-DR-0001")
            form.locator("#f_device_location").fill("门诊楼一楼放射科")
            form.locator("#f_device_installed_on").fill(started.isoformat())
            form.get_by_role("button", name="登记").click()
            wait_for(page, "**/supervision/units/*?notice=*", "enter the device")
            assert page.locator("#devices tbody tr").count() == 1
            _enter_worker(page, trained, _id_number(WORKERS["trained"][1]), started)
            _add_training(page, "岗前培训", pre_job, "4")
            _add_training(page, "在岗培训", in_service, "2")
            _unique_ids(page)
            _enter_worker(page, untrained, _id_number(WORKERS["untrained"][1]), started)
            _add_training(page, "岗前培训", pre_job, "4")
            page.get_by_role("link", name="返回单位").click()
            assert page.locator("#workers tbody tr").count() == 2
            _unique_ids(page)
            page.locator("section.panel", has=page.locator("#workers")).screenshot(
                path=str(shots / "supervision-flow-3-workers.png")
            )

            # 4. The warning, for the hospital (home page and list) ...
            page.get_by_role("link", name="首页").click()
            home = page.locator("#home-warnings")
            assert home.get_by_text(f"{untrained} 上次培训于 {pre_job.isoformat()} 结束").count() == 1
            assert not home.get_by_text(f"{trained} 上次培训于").count()
            page.screenshot(path=str(shots / "supervision-flow-4-hospital-warning.png"), full_page=True)
            page.locator("#inbox-link").click()
            told = page.locator("#inbox a", has_text=f"{untrained} 上次培训于")
            assert told.count() == 1, page.locator("#inbox").inner_text()
            page.get_by_role("link", name="预警", exact=True).click()
            warning = page.locator("#warnings tr", has_text=f"{untrained} 上次培训于")
            assert "至今未再培训" in warning.inner_text()
            assert "未关闭" in warning.inner_text(), warning.inner_text()
            warning.get_by_role("link", name="详情").click()  # the hospital acknowledges it
            page.fill("#f_note", "已安排参加在岗培训")
            page.locator("#acknowledge").click()
            page.wait_for_load_state()
            assert "已确认" in page.locator("#history").inner_text()

            # ... and for the county, on its list of open warnings.
            _login(page, server, COUNTY_LOGIN, NEW_PASSWORD)
            page.locator("#inbox-link").click()
            page.locator("#inbox a", has_text="辖区新增预警").first.click()
            told_county = page.locator("main").inner_text()
            assert f"{untrained} 上次培训于" in told_county and HOSPITAL in told_county, told_county
            page.get_by_role("link", name="预警", exact=True).click()
            county_row = page.locator("#warnings tr", has_text=f"{untrained} 上次培训于")
            assert county_row.count() == 1, page.locator("#warnings").inner_text()
            assert HOSPITAL in county_row.inner_text()
            page.screenshot(path=str(shots / "supervision-flow-5-county-warnings.png"), full_page=True)

            # 5. The hospital enters the in-service training: the warning closes.
            _login(page, server, HOSPITAL_LOGIN, NEW_PASSWORD)
            _open_worker(page, untrained)
            _add_training(page, "在岗培训", in_service, "2")
            page.get_by_role("link", name="首页").click()
            assert not page.locator("#home-warnings").get_by_text(f"{untrained} 上次培训于").count()
            page.get_by_role("link", name="预警", exact=True).click()
            page.select_option("#q_state", "closed")
            page.get_by_role("button", name="查询").click()
            page.wait_for_url("**/client/warnings?state=closed**")
            closed = page.locator("#warnings tr", has_text=f"{untrained} 上次培训于")
            assert closed.count() == 1 and "已关闭" in closed.inner_text(), page.locator(
                "#warnings"
            ).inner_text()
            closed.get_by_role("link", name="详情").click()
            assert page.locator("#warning-state").inner_text().startswith("已关闭")
            history = page.locator("#history").inner_text()
            assert "已确认" in history and "数据已不再引起该预警" in history, history
            page.locator("main section.panel").screenshot(
                path=str(shots / "supervision-flow-6-warning-closed.png")
            )

            # 6. The city's statistics: the counts and a chart.
            _login(page, server, "njwjw", "Regu#2026rad")
            page.get_by_role("link", name="统计").click()
            page.wait_for_load_state()
            xuanwu = page.locator("#stat-rows tbody tr", has_text="玄武区")
            cells = xuanwu.locator("td").all_inner_texts()
            assert cells[1:2] == ["1"], cells  # one 放射诊疗机构 in 玄武区
            assert int(cells[-3]) >= 1, cells  # its 严重预警 (those the city is told of)
            assert int(page.locator("#total-devices").inner_text()) >= 1
            assert int(page.locator("#total-workers").inner_text()) >= 2
            assert page.locator("#chart-workers svg rect.bar").count() >= 1
            bars = page.locator("#chart-warnings svg rect title").all_text_contents()
            assert any("玄武区 严重预警" in b for b in bars), bars
            page.screenshot(path=str(shots / "supervision-flow-7-statistics.png"), full_page=True)

            # 7. The demo hospital of 秦淮区 asks for the trained worker's archive ...
            name, first14 = WORKERS["trained"]
            _login(page, server, "njhosp", "Hosp#2026rad")
            page.get_by_role("link", name="登记与健康监护档案").click()
            page.locator("summary", has_text="申请调入").click()
            form = page.locator("#transfer-form")
            form.locator("#f_transfer_name").fill(name)
            form.locator("#f_transfer_id_number").fill(_id_number(first14))
            form.locator("#f_transfer_starts_on").fill(today.isoformat())
            form.locator("#f_transfer_reason").fill("调入本院放射科工作")
            form.get_by_role("button", name="提交申请").click()
            wait_for(page, "**/supervision/transfers/*?notice=submitted", "ask for the archive")
            assert page.locator("#transfer-status").inner_text() == "待审批"

            # ... the hospital it leaves approves ...
            _login(page, server, HOSPITAL_LOGIN, NEW_PASSWORD)
            page.get_by_role("link", name="档案调转").click()
            page.locator("#transfers").get_by_role("link", name=name).click()
            page.fill("#f_note", "同意调转")
            page.get_by_role("button", name="批准调转").click()
            page.wait_for_load_state()
            _no_error(page, "approve")
            assert page.locator("#transfer-status").inner_text().startswith("已批准")
            assert page.locator("#transfer-moved").inner_text().startswith("培训记录 2 条")
            page.screenshot(path=str(shots / "supervision-flow-8-transfer.png"), full_page=True)
            # the old unit keeps the record of the move; its row of the worker has left
            page.get_by_role("link", name="登记与健康监护档案").click()
            assert "已批准" in page.locator("#transfers tr", has_text=name).inner_text()
            assert "（已转出）" in page.locator("#workers tr", has_text=name).inner_text()
            page.locator("#workers").get_by_role("link", name=name).click()
            assert "已调转到其他单位" in page.locator("main").inner_text()
            assert "已批准" in page.locator("#section-transfers tbody").inner_text()
            assert page.locator("#section-trainings tbody tr").count() == 0

            # ... and the archive is at the new hospital, whole, with the record of the move.
            _login(page, server, "njhosp", "Hosp#2026rad")
            page.get_by_role("link", name="档案调转").click()
            assert "已批准" in page.locator("#transfers tr", has_text=name).inner_text()
            page.get_by_role("link", name="登记与健康监护档案").click()
            assert "已批准" in page.locator("#transfers tr", has_text=name).inner_text()
            page.locator("#workers").get_by_role("link", name=name).click()
            trainings = page.locator("#section-trainings tbody tr")
            assert trainings.count() == 2, page.locator("#section-trainings").inner_text()
            assert "已批准" in page.locator("#section-transfers tbody").inner_text()
            assert page.locator("#f_started_on").input_value() == today.isoformat()
        finally:
            browser.close()
