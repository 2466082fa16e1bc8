"""The regulator's card query (source 000 §5.4): filters, order, pages, details, export, and
the division-code isolation of every one of them; the reviewer's return of a card."""

from __future__ import annotations

import io
import re
import secrets
from datetime import date
from typing import Any

import pytest
from oversight_rows import add, authority_user, new_institution
from web_helpers import DEMO, Web, unique_uscc


@pytest.fixture(scope="module")
def data(web: Web) -> dict[str, Any]:
    """Cards of three institutions in Nanjing, Wuxi and Fuzhou, tagged with one token."""
    tag = secrets.token_hex(3)
    nj = web.run(new_institution, f"宁测{tag}检测中心", "320102")
    town = web.run(new_institution, f"镇测{tag}检测站", "320102003")
    wx = web.run(new_institution, f"锡测{tag}检测公司", "320205")
    fz = web.run(new_institution, f"闽测{tag}检测公司", "350102")
    client_uscc = unique_uscc("12")
    ids = {
        "nj_2026": add(
            web,
            "jiangsu",
            nj,
            service_division="320104",
            client_name=f"甲医院{tag}",
            client_uscc=client_uscc,
            report_no=f"NJ-{tag}-1",
            issued_on=date(2026, 3, 1),
            filed_on=date(2026, 3, 5),
        ),
        "nj_2024": add(
            web,
            "jiangsu",
            nj,
            service_division="320106",
            client_name=f"乙医院{tag}",
            report_no=f"NJ-{tag}-2",
            issued_on=date(2024, 6, 1),
            status="draft",
        ),
        "town_2025": add(
            web,
            "jiangsu",
            town,
            service_division="320104",
            client_name=f"甲医院{tag}",
            client_uscc=client_uscc,
            report_no=f"TN-{tag}-1",
            issued_on=date(2025, 1, 10),
            filed_on=date(2025, 1, 12),
            status="locked",
            status_under_lock="submitted",
        ),
        "wx_2025": add(
            web,
            "jilin_dose",
            wx,
            service_division="320205",
            client_name=f"丙医院{tag}",
            report_no=f"WX-{tag}-1",
            issued_on=date(2025, 8, 1),
            filed_on=date(2025, 8, 2),
        ),
        "fz_2026": add(
            web,
            "fujian",
            fz,
            service_division="350102",
            client_name=f"丁医院{tag}",
            report_no=f"FZ-{tag}-1",
            issued_on=date(2026, 2, 10),
            filed_on=date(2026, 3, 9),
        ),
    }
    return {"tag": tag, "ids": ids, "client_uscc": client_uscc, "nj": nj, "town": town}


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.text
    return [r["id"] for r in response.json()["rows"]]


def test_province_reviewer_sees_its_province_sorted_by_year(web: Web, data: dict[str, Any]) -> None:
    reviewer = web.api_login(*DEMO["reviewer"])  # 江苏省疾控, 32
    ids = data["ids"]
    found = _ids(reviewer.get(f"/api/oversight/cards?institution={data['tag']}"))
    assert found == [ids["nj_2024"], ids["town_2025"], ids["wx_2025"], ids["nj_2026"]]
    years = [
        r["report_year"]
        for r in reviewer.get(f"/api/oversight/cards?institution={data['tag']}").json()["rows"]
    ]
    assert years == sorted(years)


def test_each_filter(web: Web, data: dict[str, Any]) -> None:
    user = web.api_login(*DEMO["reviewer"])
    ids, tag = data["ids"], data["tag"]

    def query(q: str) -> set[int]:
        return set(_ids(user.get(f"/api/oversight/cards?institution={tag}&{q}")))

    assert query("region=320100") == {ids["nj_2024"], ids["nj_2026"], ids["town_2025"]}
    assert query("region=3202") == {ids["wx_2025"]}
    # down to the township (9 digits) and its 12-digit form
    assert query("region=320102003") == {ids["town_2025"]}
    assert query("region=320102003000") == {ids["town_2025"]}
    assert query(f"client={tag}") == {ids["nj_2024"], ids["nj_2026"], ids["town_2025"], ids["wx_2025"]}
    assert query(f"client=甲医院{tag}") == {ids["nj_2026"], ids["town_2025"]}
    assert query(f"client={data['client_uscc']}") == {ids["nj_2026"], ids["town_2025"]}
    assert query("service_field=dose_monitoring") == {ids["wx_2025"]}
    assert query("issued_from=2025-01-01&issued_to=2025-12-31") == {ids["town_2025"], ids["wx_2025"]}
    assert query("status=draft") == {ids["nj_2024"]}
    # a locked card is found under the state beneath its lock, and as locked
    assert query("status=submitted") == {ids["nj_2026"], ids["town_2025"], ids["wx_2025"]}
    assert query("status=locked") == {ids["town_2025"]}
    # the institution by its credit code
    by_uscc = user.get(f"/api/oversight/cards?institution={data['nj']['uscc']}")
    assert set(_ids(by_uscc)) == {ids["nj_2024"], ids["nj_2026"]}
    assert query("region=320102&status=submitted&service_field=protection_testing") == {
        ids["nj_2026"],
        ids["town_2025"],
    }


def test_pages_do_not_overlap(web: Web, data: dict[str, Any]) -> None:
    user = web.api_login(*DEMO["reviewer"])
    pages = [
        user.get(f"/api/oversight/cards?institution={data['tag']}&page_size=3&page={n}").json()
        for n in (1, 2)
    ]
    assert pages[0]["total"] == 4 and pages[0]["pages"] == 2
    assert len(pages[0]["rows"]) == 3 and len(pages[1]["rows"]) == 1
    assert not {r["id"] for r in pages[0]["rows"]} & {r["id"] for r in pages[1]["rows"]}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("region=32x", "region"),
        ("region=32010", "region"),
        ("status=done", "status"),
        ("service_field=other", "service_field"),
        ("issued_from=2026-13-01", "issued_from"),
        ("issued_from=2026-05-01&issued_to=2026-01-01", "issued_to"),
        ("page=0", "page"),
        ("page_size=1000", "page_size"),
    ],
)
def test_bad_filters_say_which_and_why(web: Web, query: str, field: str) -> None:
    user = web.api_login(*DEMO["regulator"])
    response = user.get(f"/api/oversight/cards?{query}")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    page = web.login(*DEMO["regulator"]).get(f"/oversight/cards?{query}")
    assert page.status_code == 400
    assert f'id="err_{field}"' in page.text and "Traceback" not in page.text


def test_city_regulator_sees_only_its_city(web: Web, data: dict[str, Any]) -> None:
    ids, tag = data["ids"], data["tag"]
    nanjing = web.api_login(*DEMO["regulator"])  # 320100
    assert set(_ids(nanjing.get(f"/api/oversight/cards?institution={tag}"))) == {
        ids["nj_2024"],
        ids["nj_2026"],
        ids["town_2025"],
    }
    for user, own in (
        (authority_user(web, "regulator", "320200"), {ids["wx_2025"]}),
        (authority_user(web, "regulator", "350000"), {ids["fz_2026"]}),
        (authority_user(web, "regulator", "320105"), set()),
    ):
        assert set(_ids(user.get(f"/api/oversight/cards?institution={tag}"))) == own
        # unfiltered and on the page too: nothing of the others
        everything = user.get("/api/oversight/cards?page_size=100").json()
        assert not {r["id"] for r in everything["rows"]} & (set(ids.values()) - own)
        page = user.get(f"/oversight/cards?institution={tag}")
        assert page.status_code == 200
        for name, card_id in ids.items():
            shown = f'href="/oversight/cards/{card_id}"' in page.text
            assert shown == (card_id in own), name
            detail = user.get(f"/api/oversight/cards/{card_id}")
            assert detail.status_code == (200 if card_id in own else 404), name
            assert user.get(f"/oversight/cards/{card_id}").status_code == (200 if card_id in own else 404)
        workbook = user.get(f"/oversight/cards.xlsx?institution={tag}")
        assert workbook.status_code == 200
        assert len(_sheet_rows(workbook.content)) == len(own)


def _sheet_rows(content: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "报告单位地区" and rows[1][5] == "技术服务报告编号"
    return [r for r in rows[2:] if any(v is not None for v in r)]


def test_export_has_the_whole_filtered_result_in_query_order(web: Web, data: dict[str, Any]) -> None:
    user = web.login(*DEMO["reviewer"])
    response = user.get(f"/oversight/cards.xlsx?institution={data['tag']}&page=1&page_size=1")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response.headers["content-disposition"]
    rows = _sheet_rows(response.content)
    tag = data["tag"]
    assert [r[5] for r in rows] == [f"NJ-{tag}-2", f"TN-{tag}-1", f"WX-{tag}-1", f"NJ-{tag}-1"]
    first = rows[0]
    # the column as `radrules export cards` writes it: the division's name and its code
    assert (
        first[0] == "江苏省南京市玄武区（320102）" and first[1] == data["nj"]["name"] and first[9] == "暂存"
    )
    assert user.get("/oversight/cards.xlsx?region=bad").status_code == 400


def test_details_mask_id_numbers(web: Web, data: dict[str, Any]) -> None:
    user = web.api_login(*DEMO["regulator"])
    card = user.get(f"/api/oversight/cards/{data['ids']['nj_2026']}").json()
    assert card["report_no"] == f"NJ-{data['tag']}-1" and card["status"] == "submitted"
    for participant in card["card"]["participants"]:
        assert "*" in participant["id_number"]
    page = web.login(*DEMO["regulator"]).get(f"/oversight/cards/{data['ids']['nj_2026']}")
    assert page.status_code == 200 and data["nj"]["name"] in page.text
    from radrules import Duty

    first_duty = Duty(card["card"]["participants"][0]["duties"][0]["duty"])
    assert first_duty.label in page.text  # duties in Chinese, as on the platform's form
    # the page shows the card as printed, which names people without their ID numbers
    assert not re.search(r"\d{6}(19|20)\d{2}[01]\d[0-3]\d\d{3}[\dX]", page.text)
    assert "退回原因" not in page.text  # regulators read only: no return form


def test_list_page_shows_filters_and_rows(web: Web, data: dict[str, Any]) -> None:
    page = web.login(*DEMO["reviewer"]).get(f"/oversight/cards?institution={data['tag']}&status=draft")
    assert page.status_code == 200
    assert f"NJ-{data['tag']}-2" in page.text and f"NJ-{data['tag']}-1" not in page.text
    assert "导出 Excel" in page.text and "status=draft" in page.text
