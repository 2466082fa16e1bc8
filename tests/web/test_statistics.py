"""The statistics home page of a city and a county (issue 16 item 5; source 001 modules 2,
15, 16): counts aggregated in SQL, filtered by division and kind, drill-down, charts as
inline SVG, the workbook."""

from __future__ import annotations

import io
import re

import openpyxl
from supervision_helpers import new_regulator, page_user
from test_unit_warnings import _register, apply, new_unit
from web_helpers import DEMO, User, Web, unique_id_number


def _fill(unit: User, devices: int, workers: int) -> None:
    for i in range(devices):
        r = unit.api(
            "POST",
            "/api/client/devices/",
            json={"name": f"DR{i}", "type": "DR", "model": "M", "device_uid": f"S-{i}", "location": "1"},
        )
        assert r.status_code == 201, r.text
    for i in range(workers):
        r = unit.api("POST", "/api/client/workers/", json={"name": f"工{i}", "id_number": unique_id_number()})
        assert r.status_code == 201, r.text


def test_city_counts_by_county_and_drills_down(web: Web) -> None:
    # a city of its own (苏州, 3205) with two counties; other tests may have put units in
    # it on the shared database, so the counts are compared with those before
    city = new_regulator(web, "320500")
    before = city.get("/api/oversight/statistics/").json()
    was = {r["key"]: r for r in before["rows"]}

    def had(key: str, field: str) -> int:
        return int(was.get(key, {}).get(field, 0))

    enterprises_before = city.get("/api/oversight/statistics/?kind=enterprise").json()["totals"]["units"]
    a_id, a_uscc, a = new_unit(web, "320505")
    _, _, b = new_unit(web, "320506")
    _fill(a, 2, 3)
    _fill(b, 1, 1)
    apply(web, a_id, _register("high-worker-under-18-at-work.json", a_uscc, "320505"))

    s = city.get("/api/oversight/statistics/").json()
    assert s["prefix"] == "3205" and s["group_label"] == "区县"
    grown = tuple(s["totals"][k] - before["totals"][k] for k in ("units", "devices", "workers"))
    assert grown == (2, 3, 4)
    rows = {r["key"]: r for r in s["rows"]}
    assert {"320505", "320506"} <= set(rows) and all(k.startswith("3205") for k in rows)
    assert rows["320505"]["devices"] - had("320505", "devices") == 2
    assert rows["320505"]["workers"] - had("320505", "workers") == 3
    # the city is told of high warnings: counted, and the count links to the same list
    assert rows["320505"]["high"] > had("320505", "high")
    assert s["totals"]["high"] == sum(r["high"] for r in s["rows"])
    listed = city.get("/api/oversight/warnings/?division=320505&level=high").json()["total"]
    assert listed == rows["320505"]["high"]
    assert sum(s["by_category"].values()) == s["totals"]["warnings"]
    assert len(s["trend"]) == 12 and s["trend"][-1]["opened"] >= 1

    # drill down to the county: one row per unit
    county = city.get("/api/oversight/statistics/?division=320505").json()
    assert county["group_label"] == "单位" and str(a_id) in [r["key"] for r in county["rows"]]
    assert len(county["rows"]) == rows["320505"]["units"]
    # the kind filter: the two new units are hospitals, not enterprises
    enterprises = city.get("/api/oversight/statistics/?kind=enterprise").json()["totals"]["units"]
    assert enterprises == enterprises_before
    assert city.get("/api/oversight/statistics/?kind=x").status_code == 400
    # outside the scope
    assert city.get("/api/oversight/statistics/?division=320100").status_code == 400
    county_user = new_regulator(web, "320506")
    own = county_user.get("/api/oversight/statistics/?division=32").json()
    assert own["prefix"] == "320506" and own["totals"]["units"] == rows["320506"]["units"]
    assert web.api_login(*DEMO["client"]).get("/api/oversight/statistics/").status_code == 403


def test_page_charts_and_workbook(web: Web) -> None:
    regulator = new_regulator(web, "320700")
    unit_id, uscc, unit = new_unit(web, "320703")
    _fill(unit, 1, 2)
    apply(web, unit_id, _register("high-worker-under-18-at-work.json", uscc, "320703"))
    page = page_user(web, regulator)
    html = page.get("/oversight/statistics").text
    assert 'id="total-workers">2<' in html and 'id="stat-day"' in html
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
    assert len(svgs) == 4
    for svg in svgs:
        assert "<script" not in svg and "style=" not in svg and "<title>" in svg
    assert "<rect" in svgs[0] and "<polyline" in svgs[3]
    assert 'href="?division=320703"' in html
    xlsx = page.get("/oversight/statistics/export.xlsx")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    total = next(r for r in values if r and r[0] == "合计")
    assert total[1:5] == [1, 0, 1, 2]


def test_workers_who_left_and_devices_retired_are_not_counted(web: Web) -> None:
    """As of the day (Beijing): a worker who left yesterday or starts tomorrow is not at work,
    nor a device retired yesterday or installed tomorrow (both ends of the span included, as
    the library's ``RegisteredWorker.at_work``); a worker off the register (no dates) is."""
    from datetime import timedelta

    from radrules_webshell.core import clock
    from register_helpers import worker

    today = clock.today()
    yesterday, tomorrow = (today - timedelta(days=1)).isoformat(), (today + timedelta(days=1)).isoformat()
    city = new_regulator(web, "320900")
    unit_id, _, unit = new_unit(web, "320902")
    for left_on in (None, today.isoformat(), yesterday):
        worker(unit, unit_id, started_on="2020-01-01", **({"left_on": left_on} if left_on else {}))
    worker(unit, unit_id, started_on=tomorrow)
    _fill(unit, 0, 1)  # from the unit's list, no dates: counted
    for n, dates in enumerate(
        ({}, {"retired_on": today.isoformat()}, {"retired_on": yesterday}, {"installed_on": tomorrow})
    ):
        r = unit.api(
            "POST",
            f"/api/supervision/units/{unit_id}/devices",
            json={
                "name": "DR",
                "type": "DR",
                "model": "M1",
                "device_uid": f"DR-{n}",
                "location": "放射科",
                "installed_on": "2020-01-01",
                **dates,
            },
        )
        assert r.status_code == 201, r.text

    s = city.get("/api/oversight/statistics/").json()
    row = next(r for r in s["rows"] if r["key"] == "320902")
    assert (row["workers"], row["devices"]) == (3, 2)
    assert (s["totals"]["workers"], s["totals"]["devices"]) == (3, 2)
    assert s["as_of"] == today.isoformat()
    county = city.get("/api/oversight/statistics/?division=320902").json()
    assert [(r["workers"], r["devices"]) for r in county["rows"]] == [(3, 2)]


def test_the_statistics_indexes_exist(web: Web) -> None:
    """The covering indexes the counts read (migration 2026-12-06T22:10), on either database."""
    from radrules_webshell.clients.tables import Client
    from radrules_webshell.db.engine import is_sqlite

    sql = (
        "SELECT name AS name FROM sqlite_master WHERE type = 'index'"
        if is_sqlite(Client._meta.db)
        else "SELECT indexname AS name FROM pg_indexes"
    )
    names = {r["name"] for r in web.run(Client.raw(sql))}
    assert {"worker_at_work", "device_in_use", "unit_warning_statistics"} <= names
