"""Divisions on the pages (issue 18 item 9; source 000 §2.2.1 所属地区, §5.3.4 第四步 技术服务地址,
§5.4.2 报告单位地区): names instead of bare codes, the cascading picker (without JavaScript:
each submit draws the next level; the script is tested in test_browser.py), authorities
named as they call themselves, and codes that do not exist refused beside their field.
"""

from __future__ import annotations

import re

from card_helpers import card_input, institution, new_client
from web_helpers import DEMO, Web, error_of, registration_data, registration_files, unique_login


def _options(html: str, select: str) -> dict[str, str]:
    """The options (value → text) of the select named ``select``."""
    match = re.search(rf'<select name="{re.escape(select)}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no select {select}"
    return dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', match.group(1)))


def _selected(html: str, select: str) -> str | None:
    match = re.search(rf'<select name="{re.escape(select)}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no select {select}"
    chosen = re.search(r'<option value="(\d+)" selected>', match.group(1))
    return chosen.group(1) if chosen else None


def test_registration_picks_its_division_level_by_level_without_javascript(web: Web) -> None:
    anon = web.anonymous()
    page = anon.get("/register").text
    provinces = _options(page, "division_code__1")
    assert provinces["320000"] == "江苏省" and len(provinces) >= 31
    assert 'name="division_code__2"' not in page  # nothing below an empty choice

    data = registration_data()
    del data["division_code"]
    # 选择下一级: the page comes back as typed, with the next level to choose from
    step = anon.post_form("/register", {**data, "division_code__1": "320000", "action": "refresh"})
    assert step.status_code == 200 and 'value="测试放射卫生技术服务中心"' in step.text
    assert _options(step.text, "division_code__2")["320100"] == "南京市"
    step = anon.post_form(
        "/register", {**data, "division_code__1": "320000", "division_code__2": "320100", "action": "refresh"}
    )
    assert _options(step.text, "division_code__3")["320102"] == "玄武区"
    assert 'name="division_code__4"' not in step.text  # county is as fine as registration goes

    # a province changed without redrawing drops the stale city below it: told to go further
    stale = {**data, "division_code__1": "330000", "division_code__2": "320100", "division_code__3": "320102"}
    refused = anon.post_form("/register", stale, files=registration_files())
    assert refused.status_code == 400
    assert error_of(refused.text, "division_code") == "行政区划代码须选择到地级市"
    assert _selected(refused.text, "division_code__1") == "330000"
    assert "330100" in _options(refused.text, "division_code__2")  # 杭州市, to go on with

    picked = {
        **data,
        "division_code__1": "320000",
        "division_code__2": "320100",
        "division_code__3": "320102",
    }
    done = anon.post_form("/register", picked, files=registration_files())
    assert done.status_code == 303, done.text[:800]
    reviewer = web.login(*DEMO["reviewer"])
    listed = reviewer.get("/review/registrations/").text
    row = next(line for line in listed.splitlines() if data["uscc"] in line)
    assert "江苏省南京市玄武区" in row and "<td>320102</td>" not in row


def test_a_code_that_does_not_exist_is_refused_beside_its_field(web: Web) -> None:
    anon = web.anonymous()
    data = registration_data(division_code="320199")
    refused = anon.post_form("/register", data, files=registration_files())
    assert refused.status_code == 400 and "320199 不存在" in (error_of(refused.text, "division_code") or "")

    user = institution(web)
    client = new_client(user)
    body = card_input(user, client["id"], service_address={"division_code": "320199", "address": "某处"})
    bad = user.api("POST", "/api/cards", json=body)
    assert bad.status_code == 400 and "320199 不存在" in bad.json()["errors"]["service_address"]
    # a code retired since (白下区, merged into 秦淮区 in 2013) is right for a report of its time
    old = {**body, "service_address": {"division_code": "320103"}, "report_issued_on": "2012-06-30"}
    assert user.api("POST", "/api/cards", json=old).status_code == 201
    new = {**old, "report_issued_on": "2026-10-15"}
    assert "已不再使用" in user.api("POST", "/api/cards", json=new).json()["errors"]["service_address"]

    regulator = web.login(*DEMO["regulator"])
    query = regulator.get("/oversight/cards?region=320199")
    assert query.status_code == 400 and "320199 不存在" in (error_of(query.text, "region") or "")
    api = web.api_login(*DEMO["regulator"]).get("/api/oversight/cards?region=320199")
    assert api.status_code == 400 and "region" in api.json()["errors"]


def test_lists_and_pages_name_divisions(web: Web) -> None:
    user = institution(web)
    client = new_client(user, division_code="320506")  # 吴中区
    listed = web.login(*DEMO["institution"]).get(f"/institution/clients?q={client['uscc']}").text
    assert "江苏省苏州市吴中区" in listed and "<td>320506</td>" not in listed
    saved = user.api("POST", "/api/cards", json=card_input(user, client["id"])).json()
    cards = web.login(*DEMO["institution"]).get("/institution/cards").text
    assert "江苏省苏州市吴中区" in cards
    card_page = web.login(*DEMO["institution"]).get(f"/institution/cards/{saved['id']}").text
    assert "江苏省苏州市吴中区" in card_page
    # no service address given: its picker offers the provinces, nothing chosen
    assert _selected(card_page, "service_division_code__1") is None

    admin = web.login(*DEMO["admin"])
    assert "江苏省苏州市吴中区" in admin.get("/admin/clients").text
    # the reviewer (province 32) queries all of Jiangsu: the places are named
    reviewer = web.login(*DEMO["reviewer"])
    result = reviewer.get("/oversight/cards?client=" + client["uscc"]).text
    assert "江苏省苏州市吴中区" in result and "江苏省（320506）" not in result
    assert "（辖区 江苏省）" in result


def test_the_query_picks_its_region_down_to_the_township(web: Web) -> None:
    regulator = web.login(*DEMO["regulator"])
    page = regulator.get("/oversight/cards?region__1=320000&region__2=320100&region__3=320102").text
    assert _selected(page, "region__3") == "320102"
    streets = _options(page, "region__4")
    assert streets["320102002"] == "梅园新村街道"
    township = regulator.get(
        "/oversight/cards?region__1=320000&region__2=320100&region__3=320102&region__4=320102002"
    )
    assert township.status_code == 200 and _selected(township.text, "region__4") == "320102002"
    # the next page's link carries the region as a code, and the picker shows it again
    assert _selected(regulator.get("/oversight/cards?region=3201").text, "region__2") == "320100"


def test_divisions_api_lists_children_for_the_script(web: Web) -> None:
    anon = web.anonymous()
    provinces = anon.get("/api/divisions").json()
    assert (
        provinces["label"] == "省"
        and {"code": "320000", "name": "江苏省", "level": "province"} in provinces["children"]
    )
    nanjing = anon.get("/api/divisions?parent=320100&depth=county").json()
    assert nanjing["label"] == "区县" and any(c["code"] == "320102" for c in nanjing["children"])
    assert anon.get("/api/divisions?parent=320102&depth=county").json()["children"] == []
    assert anon.get("/api/divisions?parent=320102").json()["children"][0]["level"] == "township"
    assert anon.get("/api/divisions?parent=320199").status_code == 400


def test_authorities_are_named_as_they_call_themselves(web: Web) -> None:
    from radrules_webshell.accounts.tables import Authority

    admin = web.api_login(*DEMO["admin"])
    login = unique_login("sz")
    created = admin.api(
        "POST",
        "/api/admin/users",
        json={"role": "regulator", "login": login, "password": "Suzhou#2026x", "division": "320500"},
    )
    assert created.status_code == 201, created.text
    names = web.run(Authority.select(Authority.name).where(Authority.division_code == "320500"))
    assert {"name": "江苏省苏州市卫生健康委员会"} in names
    bad = admin.api(
        "POST",
        "/api/admin/users",
        json={
            "role": "regulator",
            "login": unique_login("x"),
            "password": "Suzhou#2026x",
            "division": "320199",
        },
    )
    assert bad.status_code == 400 and "320199 不存在" in bad.json()["errors"]["division"]


def test_the_migration_renames_generated_authority_names(web: Web) -> None:
    import importlib

    from radrules_webshell.accounts.tables import Authority

    migration = importlib.import_module(
        "radrules_webshell.piccolo_migrations.radrules_webshell_2026_12_03t20_10_00_000000"
    )
    old = Authority(name="江苏省县级卫生健康委员会（320506）", kind="regulator", division_code="320506")
    typed = Authority(name="吴中区卫健委（自填）", kind="regulator", division_code="320506")
    web.run(Authority.insert(old, typed))
    manager = web.run(migration.forwards())
    for step in manager.raw:
        web.run(step())
    rows = web.run(
        Authority.select(Authority.id, Authority.name).where(Authority.id.is_in([old.id, typed.id]))
    )
    assert {r["id"]: r["name"] for r in rows} == {
        old.id: "江苏省苏州市吴中区卫生健康委员会",
        typed.id: "吴中区卫健委（自填）",
    }
