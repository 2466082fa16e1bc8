"""Warnings delivered (issue 16 item 4, source 001 §2.3.4): the library's warnings stored by
their stable key, opened, kept, closed when the data no longer raise them, opened again,
with their history; shown to the unit and to the authorities its ruleset names; acknowledged;
the regulators' list and its workbook."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from supervision_helpers import new_regulator
from web_helpers import DEMO, Web, unique_login, unique_uscc

import radrules

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "supervision"
AS_OF = date(2026, 11, 26)


def _register(name: str, uscc: str, division: str) -> dict[str, Any]:
    doc = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    doc["unit_register"]["unit"].update(uscc=uscc, division_code=division, name="丙市示范医院")
    return doc


def new_unit(web: Web, division: str) -> tuple[int, str, Any]:
    """A client of ``division`` with an account; its id, credit code and logged-in API user."""
    admin = web.api_login(*DEMO["admin"])
    uscc = unique_uscc("12")
    created = admin.api(
        "POST",
        "/api/admin/clients",
        json={"uscc": uscc, "name": "丙市示范医院", "kind": "general_hospital", "division_code": division},
    )
    assert created.status_code == 201, created.text
    login = unique_login("cw")
    assert (
        admin.api(
            "POST",
            "/api/admin/users",
            json={"role": "client", "login": login, "password": "Unit#2026xx", "org": uscc},
        ).status_code
        == 201
    )
    first = web.api_login(login, "Unit#2026xx")
    first.api(
        "POST", "/api/me/password", json={"current_password": "Unit#2026xx", "new_password": "Unit#2027xx"}
    )
    return created.json()["id"], uscc, web.api_login(login, "Unit#2027xx")


def apply(web: Web, client_id: int, register: dict[str, Any], as_of: date = AS_OF) -> Any:
    from radrules_webshell.clients.tables import Client
    from radrules_webshell.unit_warnings.store import apply as store

    async def run() -> Any:
        units = {r["id"]: r for r in await Client.select().where(Client.id == client_id)}
        return await store({client_id: radrules.warnings(register, as_of=as_of)}, units, as_of)

    return web.run(run)


def test_open_keep_close_reopen_with_history(web: Web) -> None:
    county = new_regulator(web, "320102")
    client_id, uscc, unit = new_unit(web, "320102")
    overdue = _register("medium-in-service-training-and-health-exam-overdue.json", uscc, "320102")
    clean = _register("clean-hospital-all-in-order.json", uscc, "320102")

    first = apply(web, client_id, overdue)
    assert first.opened >= 2 and first.closed == 0
    listing = unit.get("/api/client/warnings/").json()
    rules = {w["rule_id"] for w in listing["items"]}
    assert {"NAT.unit.health.interval", "NAT.unit.training.interval"} <= rules
    training = next(w for w in listing["items"] if w["rule_id"] == "NAT.unit.training.interval")
    assert training["level"] == "medium" and training["state"] == "open" and training["notify"] == ["320102"]
    # the unit is told once, in one message; so is the county
    inbox = [
        m for m in unit.get("/api/inbox/?page_size=100").json()["items"] if m["kind"] == "warning.opened"
    ]
    assert len(inbox) == 1 and "新增预警" in inbox[0]["title"] and "王芳" in inbox[0]["body"]
    told = [
        m for m in county.get("/api/inbox/?page_size=100").json()["items"] if m["kind"] == "warning.opened"
    ]
    assert any("丙市示范医院" in m["body"] for m in told)

    # evaluated again with the same data: nothing new, nobody told twice
    again = apply(web, client_id, overdue)
    assert again.opened == 0 and again.still_open == first.opened
    assert (
        len(
            [
                m
                for m in unit.get("/api/inbox/?page_size=100").json()["items"]
                if m["kind"] == "warning.opened"
            ]
        )
        == 1
    )

    # acknowledged by the unit, then closed when the data no longer raise it
    ack = unit.api("POST", f"/api/client/warnings/{training['id']}/acknowledge", json={"note": "已安排培训"})
    assert ack.status_code == 200 and ack.json()["acknowledged_at"]
    assert unit.api("POST", f"/api/client/warnings/{training['id']}/acknowledge", json={}).status_code == 409
    closed = apply(web, client_id, clean)
    assert closed.closed == first.opened
    detail = unit.get(f"/api/client/warnings/{training['id']}").json()
    assert detail["state"] == "closed"
    assert [e["event"] for e in detail["history"]] == ["opened", "acknowledged", "closed"]
    assert unit.get("/api/client/warnings/").json()["total"] == 0
    assert unit.get("/api/client/warnings/?state=closed").json()["total"] == first.opened

    # raised again: the same warning opened again, unacknowledged
    reopened = apply(web, client_id, overdue)
    assert reopened.reopened == first.opened and reopened.opened == 0
    detail = unit.get(f"/api/client/warnings/{training['id']}").json()
    assert detail["state"] == "open" and detail["acknowledged_at"] is None
    assert detail["history"][-1]["event"] == "reopened"


def test_who_sees_which_warning(web: Web) -> None:
    county = new_regulator(web, "320104")
    city = web.api_login(*DEMO["regulator"])  # 320100
    other_county = new_regulator(web, "320105")
    client_id, uscc, _ = new_unit(web, "320104")
    apply(
        web, client_id, _register("medium-in-service-training-and-health-exam-overdue.json", uscc, "320104")
    )
    mine = county.get(f"/api/oversight/warnings/?unit={uscc}").json()
    assert mine["total"] >= 2
    warning_id = mine["items"][0]["id"]
    # medium warnings reach the county, not the city (the ruleset's recipients)
    assert city.get(f"/api/oversight/warnings/?unit={uscc}").json()["total"] == 0
    assert city.get(f"/api/oversight/warnings/{warning_id}").status_code == 404
    assert other_county.get(f"/api/oversight/warnings/{warning_id}").status_code == 404
    other_unit = web.api_login(*DEMO["client"])
    assert other_unit.get(f"/api/client/warnings/{warning_id}").status_code == 404
    assert (
        other_unit.api("POST", f"/api/client/warnings/{warning_id}/acknowledge", json={}).status_code == 404
    )
    assert web.api_login(*DEMO["institution"]).get("/api/oversight/warnings/").status_code == 403
    # a high warning reaches the city too
    high = _register("high-worker-under-18-at-work.json", uscc, "320104")
    apply(web, client_id, high)
    at_city = city.get(f"/api/oversight/warnings/?unit={uscc}&level=high").json()
    assert at_city["total"] >= 1 and all(w["level"] == "high" for w in at_city["items"])


def test_regulators_list_filters_and_workbook(web: Web) -> None:
    county = new_regulator(web, "320106")
    page = web.login(county.get("/api/me").json()["login"], "Region#2027x")
    client_id, uscc, _ = new_unit(web, "320106")
    apply(
        web, client_id, _register("medium-in-service-training-and-health-exam-overdue.json", uscc, "320106")
    )
    by_category = county.get("/api/oversight/warnings/?category=training").json()
    assert by_category["total"] >= 1 and {w["category"] for w in by_category["items"]} == {"training"}
    assert county.get("/api/oversight/warnings/?division=320106").json()["total"] >= 2
    assert county.get("/api/oversight/warnings/?level=bad").status_code == 400
    assert county.get("/api/oversight/warnings/?division=32x").status_code == 400
    html = page.get("/oversight/warnings?level=medium")
    assert html.status_code == 200 and "王芳" in html.text
    xlsx = page.get("/oversight/warnings/export.xlsx?level=medium")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any("王芳" in str(row) for row in values)
    assert any(row[1] == "丙市示范医院" for row in values if row)
