"""A sample's 合格 judged from its values on the web (issue 18 items 2 and 3, web halves;
source 000 §5.1.2.2 5: “定量检测项目内维护有最大值、最小值，则根据输入的值自动判断是否合格”;
所有项目都为缺项 → 合格 显示 “——”): the sample page fills 合格 from the value (on saving, with
判定, and from the page's script), a typed 合格 against the limit blocks the submission, and
the list's 合格 and its filter read the judged result."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from radrules_webshell.core import clock
from test_device_tests import body, report_no, sample
from web_helpers import DEMO, Web

DAY = (clock.today() - timedelta(days=1)).isoformat()


def _report(web: Web) -> tuple[Any, int, str]:
    """A draft device-test report of the demo hospital, no samples yet; its page."""
    api = web.api_login(*DEMO["institution"])
    created = api.api("POST", "/api/device-tests/", json=body(report_no(), samples=[]))
    assert created.status_code == 201, created.text
    return api, int(created.json()["id"]), f"/institution/device-tests/{created.json()['id']}"


def _form(**rows: str) -> dict[str, Any]:
    """The DR's sample form: 管电压指示的偏离 at 80 kV measured 86 kV (7.5 %), a protection point
    at 30 μSv/h against the 25 μSv/h of a radiography room; 合格 left 未判定 unless given."""
    fields = {
        "device": "NJSF-DR-0001",
        "condition": "status",
        "categories": ["performance", "protection"],
        "perf_tested_on": DAY,
        "item_0_name": "管电压指示的偏离",
        "item_0_set_value": "80",
        "item_0_result": "86",
        "item_0_unit": "kV",
        "item_0_passed": "",
        "item_1_name": "辐射输出量重复性",
        "item_1_result": "3.2",
        "item_1_unit": "%",
        "item_1_passed": "",
        "prot_tested_on": DAY,
        "prot_test_conditions": "80 kV，200 mA，0.1 s",
        "point_0_name": "观察窗外30cm处",
        "point_0_count": "1",
        "point_0_result": "30",
        "point_0_unit": "μSv/h",
        "point_0_passed": "",
    }
    fields.update(rows)
    return fields


def _post(web: Web, url: str, data: dict[str, Any]) -> Any:
    page = web.login(*DEMO["institution"])
    return page.request("POST", url, data={**data, "_csrf_token": page.form_token()})


def _selected(html: str, name: str) -> str | None:
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert match, name
    chosen = re.search(r'<option value="(\w*)" selected>', match.group(1))
    return chosen.group(1) if chosen else None


def test_the_page_fills_the_verdict_from_the_value(web: Web) -> None:
    api, report_id, url = _report(web)
    # 判定 (without script): the form comes back with 合格 from the limits, nothing saved
    judged = _post(web, f"{url}/samples/new", {**_form(), "action": "judge"})
    assert judged.status_code == 200
    assert _selected(judged.text, "item_0_passed") == "no"  # 7.5 % > ±5.0 %
    assert _selected(judged.text, "item_1_passed") == "yes"  # 3.2 % ≤ 10.0 %
    assert _selected(judged.text, "point_0_passed") == "no"  # 30 > 25 μSv/h
    assert "按参考值：不合格" in judged.text and '<strong id="sample-verdict-value">否<' in judged.text
    assert api.get(f"/api/device-tests/{report_id}").json()["report"]["samples"] == []

    saved = _post(web, f"{url}/samples/new", _form())
    assert saved.status_code == 303, saved.text[:800]
    stored = api.get(f"/api/device-tests/{report_id}").json()["report"]["samples"][0]
    items = {i["item"]: i for i in stored["performance"]["items"]}
    assert items["管电压指示的偏离"]["passed"] is False and items["管电压指示的偏离"]["set_value"] == "80"
    assert items["辐射输出量重复性"]["passed"] is True
    assert stored["protection"]["points"][0]["passed"] is False
    # what the rules judged is what they check: no contradiction to report
    page = web.login(*DEMO["institution"]).get(f"{url}/samples/0").text
    assert "按参考值：不合格" in page and "finding-error" not in page
    listed = web.login(*DEMO["institution"]).get(
        "/institution/device-tests", params={"report_no": stored["sample_no"][:-3]}
    )
    assert re.search(rf"{stored['sample_no']}</td>.*?<td>否</td>", listed.text, re.S)

    # the script's endpoint says the same of the form as it stands
    answer = _post(web, f"{url}/samples/judge", _form(item_0_result="82"))
    hints = answer.json()["hints"]
    assert hints["item_0"]["decided"] and hints["item_0"]["passed"] is True  # 2.5 % within ±5.0 %
    assert hints["point_0"]["passed"] is False and answer.json()["verdict"] == "否"


def test_a_verdict_typed_against_the_limit_blocks_the_submission(web: Web) -> None:
    api, report_id, url = _report(web)
    typed = _post(
        web, f"{url}/samples/new", _form(item_0_passed="yes", point_0_result="0.2", point_0_passed="yes")
    )
    assert typed.status_code == 303, typed.text[:800]
    page = web.login(*DEMO["institution"]).get(f"{url}/samples/0").text
    assert "finding-error" in page and "按参考值：不合格" in page
    refused = api.api("POST", f"/api/device-tests/{report_id}/submit")
    assert refused.status_code == 422, refused.text
    assert any(f["field"].endswith("items[0].passed") for f in refused.json()["findings"]), refused.json()


def test_an_all_missing_sample_is_listed_with_a_dash_and_filtered_as_such(web: Web) -> None:
    api = web.api_login(*DEMO["institution"])
    no = report_no("QX")
    missing = sample()
    missing["performance"]["items"] = [
        {"item": "辐射输出量重复性", "missing": True, "remark": "设备故障，未能检测"},
        {"item": "有用线束半值层", "missing": True, "remark": "设备故障，未能检测"},
    ]
    missing["categories"] = ["performance"]
    del missing["protection"]
    failing = sample(result="12.5", passed=False)
    created = api.api("POST", "/api/device-tests/", json=body(no, samples=[missing, failing]))
    assert created.status_code == 201, created.text

    def listed(passed: str) -> list[tuple[str, str]]:
        rows = api.get(
            "/api/device-tests/", params={"report_no": no, "passed": passed, "status": "all"}
        ).json()
        return [(r["sample_no"], r["passed"]) for r in rows]

    assert listed("") == [(f"{no}-01", "——"), (f"{no}-02", "否")]
    assert listed("missing") == [(f"{no}-01", "——")]
    assert listed("yes") == [] and listed("no") == [(f"{no}-02", "否")]
    page = (
        web.login(*DEMO["institution"])
        .get("/institution/device-tests", params={"report_no": no, "status": "all"})
        .text
    )
    assert '<option value="missing"' in page and "<td>——</td>" in page
