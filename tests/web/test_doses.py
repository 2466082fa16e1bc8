"""个人剂量监测填报 (source 000 §5.2) through the JSON API and the pages, on both databases:
save, list with filters, submit (errors block), withdraw, delete, the client's workers
only, isolation, and the Excel import — all rows or none, each problem with its row."""

from __future__ import annotations

import io
import itertools
from datetime import date, timedelta
from typing import Any

from openpyxl import load_workbook
from radrules_webshell.core import clock
from radrules_webshell.demo import HOSPITAL_USCC, make_id_number
from web_helpers import DEMO, Web, new_institution, unique_id_number, unique_uscc

from radrules.documents import write_dose_template
from radrules.documents.dose_sheet import DATA_SHEET

LIU = make_id_number("32010419880506341")  # the demo hospital's workers, assigned to jsinst
ZHOU = make_id_number("32010419921120562")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_numbers = itertools.count(1)


def report_no(prefix: str = "JL") -> str:
    return f"{prefix}-{clock.today():%Y}-{next(_numbers):04d}-{id(object()) % 9973}"


def record(
    id_number: str = LIU, name: str = "刘洋", hp10: float = 0.12, start: str = "2026-07-01"
) -> dict[str, Any]:
    begin = date.fromisoformat(start)
    return {
        "worker": {"name": name, "id_number": id_number, "employer_uscc": ""},
        "period_start": begin.isoformat(),
        "period_end": (begin + timedelta(days=89)).isoformat(),
        "hp10": hp10,
        "dosimeter_no": "JS-D-10001",
    }


def body(no: str, records: list[dict[str, Any]] | None = None, **overrides: Any) -> dict[str, Any]:
    data = {
        "report_no": no,
        "institution_uscc": "",
        "client": {"name": "x", "uscc": HOSPITAL_USCC, "kind": "general_hospital", "division_code": "320104"},
        "report_date": clock.today().isoformat(),
        "records": records if records is not None else [record(), record(ZHOU, "周婷", 0.3)],
    }
    data.update(overrides)
    return data


def workbook(rows: list[list[Any]]) -> bytes:
    out = io.BytesIO()
    write_dose_template(out)
    book = load_workbook(io.BytesIO(out.getvalue()))
    sheet = book[DATA_SHEET]
    for r in range(2, sheet.max_row + 1):  # the template's example rows, if any
        for c in range(1, sheet.max_column + 1):
            sheet.cell(row=r, column=c).value = None
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            sheet.cell(row=r, column=c).value = value
    done = io.BytesIO()
    book.save(done)
    return done.getvalue()


def row(id_number: str, name: str, start: date, days: int = 29, hp10: float = 0.05) -> list[Any]:
    return [name, id_number, "D-1", start, start + timedelta(days=days), hp10, None, None]


def test_create_submit_withdraw_delete(web: Web) -> None:
    inst = web.api_login(*DEMO["institution"])
    no = report_no()
    created = inst.api("POST", "/api/dose-reports/", json=body(no))
    assert created.status_code == 201, created.text
    report = created.json()
    worker = report["report"]["records"][0]["worker"]
    # the worker is the client's record, with the monitoring institution it keeps
    assert worker["employer_uscc"] == HOSPITAL_USCC and worker["assignments"]

    rows = inst.get("/api/dose-reports/", params={"report_no": no}).json()
    assert sorted((r["worker_name"], r["passed"]) for r in rows) == [("刘洋", "是"), ("周婷", "是")]
    assert all("*" in r["id_number"] for r in rows)  # masked in lists

    submitted = inst.api("POST", f"/api/dose-reports/{report['id']}/submit")
    assert submitted.status_code == 200, submitted.text
    assert inst.api("DELETE", f"/api/dose-reports/{report['id']}").status_code == 409
    assert inst.api("POST", f"/api/dose-reports/{report['id']}/withdraw").status_code == 200
    assert inst.api("PUT", f"/api/dose-reports/{report['id']}", json=body(no, [record()])).status_code == 200
    assert len(inst.get("/api/dose-reports/", params={"report_no": no}).json()) == 1
    assert inst.api("DELETE", f"/api/dose-reports/{report['id']}").status_code == 204
    assert inst.get(f"/api/dose-reports/{report['id']}").status_code == 404


def test_validation_and_rules(web: Web) -> None:
    inst = web.api_login(*DEMO["institution"])
    bad = body(report_no())
    bad["records"][0]["hp10"] = "0.1"
    response = inst.api("POST", "/api/dose-reports/", json=bad)
    assert response.status_code == 400 and "records[0].hp10" in response.json()["errors"]

    stranger = body(report_no(), [record(unique_id_number(), "陌生人")])
    response = inst.api("POST", "/api/dose-reports/", json=stranger)
    assert response.status_code == 400 and "records[0].worker.id_number" in response.json()["errors"]

    # a period longer than 90 days and a negative dose: errors that block submission
    long = record()
    long["period_end"] = "2026-11-01"
    negative = record(ZHOU, "周婷", -1.0)
    report_id = inst.api("POST", "/api/dose-reports/", json=body(report_no(), [long, negative])).json()["id"]
    refused = inst.api("POST", f"/api/dose-reports/{report_id}/submit")
    assert refused.status_code == 422
    by_field = {f["field"]: f for f in refused.json()["findings"] if f["severity"] == "error"}
    assert any(k.startswith("records[0]") for k in by_field) and any(
        k.startswith("records[1]") for k in by_field
    )
    assert all(f["rule_id"] and f["citation"] for f in by_field.values())
    assert inst.get(f"/api/dose-reports/{report_id}").json()["status"] == "draft"


def test_list_filters(web: Web) -> None:
    inst = web.api_login(*DEMO["institution"])
    no = report_no("DF")
    inst.api("POST", "/api/dose-reports/", json=body(no, [record(hp10=0.2), record(ZHOU, "周婷", 25.0)]))

    def names(**params: Any) -> list[str]:
        return sorted(
            r["worker_name"]
            for r in inst.get("/api/dose-reports/", params={"report_no": no, **params}).json()
        )

    assert names() == ["刘洋", "周婷"]
    assert names(passed="no") == ["周婷"]  # above the upper dose band (20 mSv) of the ruleset
    assert names(passed="yes") == ["刘洋"]
    assert names(worker="周") == ["周婷"]
    assert names(id_number=LIU[-6:]) == ["刘洋"]
    assert names(dosimeter_no="10001") == ["刘洋", "周婷"]
    assert names(tested_from="2026-09-01", tested_to="2026-10-31") == ["刘洋", "周婷"]
    assert names(tested_to="2026-08-01") == []
    assert names(status="submitted") == []


def test_isolation(web: Web) -> None:
    inst = web.api_login(*DEMO["institution"])
    mine = inst.api("POST", "/api/dose-reports/", json=body(report_no())).json()["id"]
    data, _ = new_institution(web)
    other = web.api_login(data["login"], data["password"])
    assert other.get(f"/api/dose-reports/{mine}").status_code == 404
    assert other.api("PUT", f"/api/dose-reports/{mine}", json=body(report_no())).status_code == 404
    assert other.api("POST", f"/api/dose-reports/{mine}/submit").status_code == 404
    assert other.api("DELETE", f"/api/dose-reports/{mine}").status_code == 404
    files = {"file": ("d.xlsx", workbook([row(LIU, "刘洋", date(2026, 1, 5))]), XLSX)}
    assert other.api("POST", f"/api/dose-reports/{mine}/import", files=files).status_code == 404
    assert other.get(f"/institution/doses/{mine}").status_code == 404
    assert web.api_login(*DEMO["client"]).get("/api/dose-reports/").status_code == 403


def test_template_download(web: Web) -> None:
    inst = web.api_login(*DEMO["institution"])
    for url in ("/api/dose-reports/template", "/institution/doses/template"):
        response = inst.get(url)
        assert response.status_code == 200 and response.headers["content-type"].startswith(XLSX)
        book = load_workbook(io.BytesIO(response.content))
        assert DATA_SHEET in book.sheetnames


def test_import_is_all_or_nothing(web: Web) -> None:
    inst = web.api_login(*DEMO["institution"])
    report_id = inst.api("POST", "/api/dose-reports/", json=body(report_no(), [])).json()["id"]
    url = f"/api/dose-reports/{report_id}/import"

    broken = workbook(
        [
            row(LIU, "刘洋", date(2026, 1, 5)),
            ["周婷", ZHOU, "D-2", "不是日期", date(2026, 2, 1), 0.1, None, None],
            row(ZHOU, "周婷", date(2026, 3, 1), hp10=-0.5),
            row(unique_id_number(), "陌生人", date(2026, 3, 1)),
        ]
    )
    refused = inst.api("POST", url, files={"file": ("doses.xlsx", broken, XLSX)})
    assert refused.status_code == 400
    result = refused.json()
    assert result["imported"] == 0
    located = {(e["row"], e["column"]) for e in result["errors"]}
    assert (3, "监测开始日期") in located
    assert any(e["row"] == 4 for e in result["errors"])  # the negative dose, by its row
    # not the client's worker: said once, at its row, by the province's rules
    strangers = [e for e in result["errors"] if "不是委托单位" in e["message"]]
    assert [e["row"] for e in strangers] == [5]
    assert inst.get(f"/api/dose-reports/{report_id}").json()["report"]["records"] == []  # nothing stored

    clean = workbook([row(LIU, "刘洋", date(2026, 1, 5)), row(ZHOU, "周婷", date(2026, 1, 5))])
    imported = inst.api("POST", url, files={"file": ("doses.xlsx", clean, XLSX)})
    assert imported.status_code == 200, imported.text
    assert imported.json()["imported"] == 2 and imported.json()["rows"] == 2
    records = inst.get(f"/api/dose-reports/{report_id}").json()["report"]["records"]
    assert [r["worker"]["name"] for r in records] == ["刘洋", "周婷"]
    assert records[0]["worker"]["employer_uscc"] == HOSPITAL_USCC

    not_excel = inst.api("POST", url, files={"file": ("doses.xlsx", b"%PDF-1.4 nope", XLSX)})
    assert not_excel.status_code == 400 and "file" in not_excel.json()["errors"]
    assert inst.api("POST", url, files={}).status_code == 400
    assert len(inst.get(f"/api/dose-reports/{report_id}").json()["report"]["records"]) == 2

    assert inst.api("POST", f"/api/dose-reports/{report_id}/submit").status_code == 200
    again = inst.api("POST", url, files={"file": ("doses.xlsx", clean, XLSX)})
    assert again.status_code == 409  # a submitted report is not changed


def test_import_outside_jiangsu_still_takes_only_the_clients_workers(web: Web) -> None:
    """Where the province's rules say nothing of whom the client employs, the platform does."""
    admin = web.api_login(*DEMO["admin"])
    uscc = unique_uscc("12")
    made = admin.api(
        "POST",
        "/api/admin/clients",
        json={"uscc": uscc, "name": "福州示范医院", "kind": "general_hospital", "division_code": "350102"},
    )
    assert made.status_code == 201, made.text
    inst = web.api_login(*DEMO["institution"])
    client = {"name": "x", "uscc": uscc, "kind": "general_hospital", "division_code": "350102"}
    report_id = inst.api("POST", "/api/dose-reports/", json=body(report_no(), [], client=client)).json()["id"]
    stranger = unique_id_number()
    refused = inst.api(
        "POST",
        f"/api/dose-reports/{report_id}/import",
        files={"file": ("d.xlsx", workbook([row(stranger, "陌生人", date(2026, 1, 5))]), XLSX)},
    )
    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    assert error["column"] == "身份证号" and "福州示范医院没有身份证号为" in error["message"]
    assert inst.get(f"/api/dose-reports/{report_id}").json()["report"]["records"] == []


def test_large_import_counts_rows(web: Web) -> None:
    inst = web.api_login(*DEMO["institution"])
    report_id = inst.api("POST", "/api/dose-reports/", json=body(report_no(), [])).json()["id"]
    rows = []
    start = date(2026, 1, 1)
    for day in range(300):  # daily periods: no overlap for either worker
        rows.append(row(LIU, "刘洋", start + timedelta(days=day), days=0))
        rows.append(row(ZHOU, "周婷", start + timedelta(days=day), days=0))
    response = inst.api(
        "POST", f"/api/dose-reports/{report_id}/import", files={"file": ("big.xlsx", workbook(rows), XLSX)}
    )
    assert response.status_code == 200, response.text[:500]
    assert response.json()["imported"] == 600 and response.json()["seconds"] >= 0
    assert len(inst.get("/api/dose-reports/", params={"report_no": ""}).json()) >= 600


def test_pages_walk_the_flow(web: Web) -> None:
    inst = web.login(*DEMO["institution"])
    assert "个人剂量监测填报" in inst.get("/institution").text
    listing = inst.get("/institution/doses")
    assert listing.status_code == 200 and "导入模板下载" in listing.text
    client_id = inst.get("/institution/doses/new").text.split('option value="')[2].split('"')[0]
    no = report_no("DP")
    created = inst.post_form(
        "/institution/doses/new",
        {"report_no": no, "client_id": client_id, "report_date": clock.today().isoformat()},
    )
    assert created.status_code == 303
    url = created.headers["location"].split("?")[0]
    page = inst.get(url).text
    assert "刘洋" in page and "周婷" in page  # the workers the client assigned to this institution

    worker_id = page.split('name="worker_id"')[1].split('option value="')[2].split('"')[0]
    missing = inst.post_form(
        f"{url}/records", {"worker_id": worker_id, "period_start": "2026-07-01", "hp10": "x"}
    )
    assert missing.status_code == 400 and "应为数值" in missing.text
    added = inst.post_form(
        f"{url}/records",
        {"worker_id": worker_id, "period_start": "2026-07-01", "period_end": "2026-09-28", "hp10": "0.21"},
    )
    assert added.status_code == 303

    broken = workbook(
        [row(LIU, "刘洋", date(2026, 1, 5)), ["周婷", ZHOU, "D", date(2026, 1, 5), "坏", 0.1, None, None]]
    )
    refused = inst.request(
        "POST",
        f"{url}/import",
        data={"_csrf_token": inst.form_token()},
        files={"file": ("d.xlsx", broken, XLSX)},
    )
    assert refused.status_code == 400
    assert (
        "未导入任何数据" in refused.text
        and "import-errors" in refused.text
        and "监测结束日期" in refused.text
    )
    clean = workbook([row(LIU, "刘洋", date(2026, 1, 5))])
    imported = inst.request(
        "POST",
        f"{url}/import",
        data={"_csrf_token": inst.form_token()},
        files={"file": ("d.xlsx", clean, XLSX)},
    )
    assert imported.status_code == 200 and "导入 1 条" in imported.text
    assert "（2 条）" in inst.get(url).text

    assert inst.post_form(f"{url}/submit", {}).status_code in (200, 303)
    shown = inst.get(url).text
    assert "已提交" in shown and "撤回" in shown
    listed = inst.get("/institution/doses", params={"status": "submitted", "report_no": no}).text
    assert listed.count("刘洋") == 2 and "查看" in listed
    assert inst.post_form(f"{url}/withdraw", {}).status_code == 303
    assert inst.post_form(f"{url}/records/0/delete", {}).status_code == 303
    # 删除 asks first (what would go), and deletes only when confirmed
    asked = inst.post_form(f"{url}/delete", {})
    assert asked.status_code == 200 and "确认删除" in asked.text and no in asked.text
    assert inst.get(url).status_code == 200
    assert inst.post_form(f"{url}/delete", {"confirm": "yes"}).status_code == 303
    assert inst.get(url).status_code == 404
