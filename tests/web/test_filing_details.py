"""The smaller things issue 18 saw on the way through the filing flow: a dose report's
records can be changed, not only deleted; findings mask ID numbers as the tables do; the
pages speak of no command-line flag and the template handed out on the web of no
command-line parameter; the site has an icon."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

from openpyxl import load_workbook
from radrules_webshell.core import clock
from test_doses import LIU, ZHOU, body, record, report_no
from web_helpers import DEMO, PDF, Web, error_of, unique_login

from radrules.documents import write_dose_template
from radrules.documents.dose_sheet import REPORT_SHEET


def test_a_dose_record_is_changed_in_place(web: Web) -> None:
    api = web.api_login(*DEMO["institution"])
    created = api.api(
        "POST", "/api/dose-reports/", json=body(report_no(), records=[record(), record(ZHOU, "周婷", 0.3)])
    )
    assert created.status_code == 201, created.text
    url = f"/institution/doses/{created.json()['id']}"
    page = web.login(*DEMO["institution"])
    form = page.get(f"{url}/records/1/edit")
    assert form.status_code == 200 and "修改第 2 条监测结果" in form.text
    assert 'value="0.3"' in form.text and f'action="{url}/records/1"' in form.text
    worker_id = re.search(r'<option value="(\d+)" selected>周婷', form.text)
    assert worker_id, "the record's worker is chosen in the form"
    fields = {
        "worker_id": worker_id.group(1),
        "period_start": "2026-07-01",
        "period_end": "2026-09-28",
        "hp10": "0.45",
        "remark": "复核后更正",
    }
    bad = page.post_form(f"{url}/records/1", {**fields, "hp10": "零点四"})
    assert bad.status_code == 400 and error_of(bad.text, "hp10") and 'value="复核后更正"' in bad.text
    saved = page.post_form(f"{url}/records/1", fields)
    assert saved.status_code == 303, saved.text[:500]
    records = api.get(f"/api/dose-reports/{created.json()['id']}").json()["report"]["records"]
    assert [(r["worker"]["name"], r["hp10"], r["remark"]) for r in records] == [
        ("刘洋", 0.12, None),
        ("周婷", 0.45, "复核后更正"),
    ]
    assert page.get(f"{url}/records/5/edit").status_code == 404


def test_findings_mask_id_numbers_as_the_tables_do(web: Web) -> None:
    api = web.api_login(*DEMO["institution"])
    late = record()
    late["period_end"] = (clock.today() + timedelta(days=30)).isoformat()  # after the report date
    created = api.api("POST", "/api/dose-reports/", json=body(report_no(), records=[late]))
    assert created.status_code == 201, created.text
    refused = api.api("POST", f"/api/dose-reports/{created.json()['id']}/submit")
    assert refused.status_code == 422, refused.text
    messages = [f["message"] for f in refused.json()["findings"]]
    assert any("刘洋（" in m for m in messages), messages
    assert all(LIU not in m for m in messages) and any(LIU[:6] + "********" + LIU[-4:] in m for m in messages)
    page = web.login(*DEMO["institution"]).get(f"/institution/doses/{created.json()['id']}").text
    assert LIU not in page.split('id="record-form"')[0]  # the table and its findings


def test_the_web_template_speaks_of_no_command_line(web: Web) -> None:
    served = web.login(*DEMO["institution"]).get("/institution/doses/template")
    book = load_workbook(io.BytesIO(served.content))
    text = " ".join(str(c.value) for sheet in book for r in sheet.iter_rows() for c in r if c.value)
    assert "命令行" not in text and "--report-no" not in text and "以报告页面" in text
    # the command line's copy keeps its parameters
    out = io.BytesIO()
    write_dose_template(out)
    cli = load_workbook(io.BytesIO(out.getvalue()))[REPORT_SHEET]
    assert any("--report-no" in str(c.value) for r in cli.iter_rows() for c in r)


def test_pages_show_no_command_line_flags(web: Web) -> None:
    admin = web.login(*DEMO["admin"])
    refused = admin.post_form(
        "/admin/users", {"role": "institution", "login": unique_login("nf"), "password": "Nflag#2026x"}
    )
    assert refused.status_code == 400 and "--org" not in refused.text and "统一社会信用代码" in refused.text
    refused = admin.post_form(
        "/admin/users", {"role": "regulator", "login": unique_login("nf"), "password": "Nflag#2026x"}
    )
    assert refused.status_code == 400 and "--division" not in refused.text


def test_the_site_has_an_icon(web: Web) -> None:
    anon = web.anonymous()
    page = anon.get("/login").text
    assert '<link rel="icon" href="/static/favicon.svg"' in page
    icon = anon.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in icon.content and anon.get("/static/favicon.svg").status_code == 200


def _evaluation_card(web: Web) -> tuple[Any, dict[str, Any]]:
    from card_helpers import card_input, institution, new_client

    user = institution(web)
    client = new_client(user)
    results = {
        "protection_evaluation": {"kind": "pre_evaluation", "exceeding_points": 1, "hazard_types": ["X射线"]}
    }
    body = card_input(user, client["id"], service_field="protection_evaluation", results=results)
    saved = user.api("POST", "/api/cards", json=body)
    assert saved.status_code == 201, saved.text
    return user, saved.json()


def test_hazard_types_are_picked_from_the_rulesets_list(web: Web) -> None:
    _, saved = _evaluation_card(web)
    page = web.login(*DEMO["institution"]).get(f"/institution/cards/{saved['id']}").text
    boxes = re.findall(r'<input type="checkbox" name="ev_hazard_types" value="([^"]+)"( checked)?', page)
    assert [v for v, _ in boxes][:3] == ["X射线", "γ射线", "β射线"] and len(boxes) == 8
    assert [v for v, checked in boxes if checked] == ["X射线"]
    assert '<input id="f_ev_hazard_types"' not in page  # no free text input any more


def test_an_evaluation_card_uploads_its_report_body(web: Web) -> None:
    user, saved = _evaluation_card(web)
    assert saved["qc_code"], saved
    files = web.login(*DEMO["institution"]).get(f"/institution/cards/{saved['id']}/attachments").text
    assert '<option value="report_body">' in files and "报告正文" in files
    uploaded = user.api(
        "POST",
        f"/api/cards/{saved['id']}/attachments",
        data={"kind": "report_body"},
        files={"file": ("预评价报告.pdf", PDF, "application/pdf")},
    )
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["status"] != "locked"  # the report itself locks nothing
    listed = user.get(f"/api/cards/{saved['id']}/attachments").json()
    assert [a["kind"] for a in listed["attachments"]] == ["report_body"]
    # the printed card names it under 报告正文
    assert (
        "预评价报告.pdf" in user.get(f"/api/cards/{saved['id']}").json()["card"]["attachments"][0]["filename"]
    )

    # other service fields upload no report body
    from card_helpers import card_input, institution, new_client

    other = institution(web)
    dose = other.api("POST", "/api/cards", json=card_input(other, new_client(other)["id"])).json()
    refused = other.api(
        "POST",
        f"/api/cards/{dose['id']}/attachments",
        data={"kind": "report_body"},
        files={"file": ("x.pdf", PDF, "application/pdf")},
    )
    assert refused.status_code == 400 and "kind" in refused.json()["errors"]
