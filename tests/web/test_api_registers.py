"""Another health system pulls units' registers through the standard interface (source 001
module 13; issue 16 item 3): a regulator's API token of ``register:read`` reads one unit's
register in the library's JSON contract and pages through the registers of its division —
a county its own, a city its counties — every read audited; revoked and expired tokens are
refused. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from gateway_helpers import call, token
from register_helpers import levels, unit, worker
from web_helpers import Web

import radrules


def _pages(web: Web, secret: str, query: str = "") -> list[dict[str, Any]]:
    """Every unit of every page."""
    units: list[dict[str, Any]] = []
    page = 1
    while True:
        r = call(web, secret, "GET", f"/api/registers/?per_page=2&page={page}{query}")
        assert r.status_code == 200, r.text
        body = r.json()
        units.extend(body["units"])
        if page * body["per_page"] >= body["total"]:
            assert len(units) == body["total"]
            return units
        page += 1


def test_a_county_pulls_its_division_and_a_city_its_counties(web: Web) -> None:
    from radrules_webshell.audit.tables import AuditEvent

    three = levels(web)
    cuiping_unit, cuiping_admin = unit(web, three["cuiping"], "511502", "翠屏医院")
    nanxi_unit, _ = unit(web, three["nanxi"], "511503", "南溪医院")
    person = worker(cuiping_admin, cuiping_unit, name="赵敏")
    county = token(three["cuiping"], ["register:read"])
    city = token(three["city"], ["register:read"])

    one = call(web, county["token"], "GET", f"/api/registers/{cuiping_unit}")
    assert one.status_code == 200, one.text
    document = one.json()
    # the library's model reads it back: the contract other systems parse
    model = radrules.structure({"unit_register": document["unit_register"]}, radrules.RegisterDocument)
    assert [w.id_number for w in model.unit_register.workers] == [person["id_number"]]
    assert call(web, county["token"], "GET", f"/api/registers/{nanxi_unit}").status_code == 404
    assert call(web, city["token"], "GET", f"/api/registers/{nanxi_unit}").status_code == 200

    county_units = _pages(web, county["token"])
    assert cuiping_unit in {u["client_id"] for u in county_units}
    assert all(u["division_code"].startswith("511502") for u in county_units)
    city_ids = {u["client_id"] for u in _pages(web, city["token"])}
    assert {cuiping_unit, nanxi_unit} <= city_ids
    # a division filter narrows within the reach, never beyond it
    assert nanxi_unit not in {u["client_id"] for u in _pages(web, city["token"], "&division=511502")}
    assert _pages(web, county["token"], "&division=511503") == []
    assert _pages(web, county["token"], "&division=3201") == []
    by_uscc = call(
        web, city["token"], "GET", f"/api/registers/?uscc={document['unit_register']['unit']['uscc']}"
    )
    assert [u["client_id"] for u in by_uscc.json()["units"]] == [cuiping_unit]

    reads = web.run(
        AuditEvent.select().where(
            AuditEvent.action.is_in(["register_read", "register_list"])
            & AuditEvent.actor_login.like(f"%#api{county['id']}")
        )
    )
    assert {r["action"] for r in reads} == {"register_read", "register_list"}
    assert all(r["signature"] for r in reads)
    read = next(r for r in reads if r["action"] == "register_read")
    assert read["entity_id"] == str(cuiping_unit)


def test_a_regulator_makes_its_token_on_the_page(web: Web) -> None:
    from supervision_helpers import new_regulator, page_user

    page = page_user(web, new_regulator(web, "511502")).get("/tokens/")
    assert page.status_code == 200 and 'value="register:read"' in page.text
    assert 'href="/tokens/"' in page.text and 'value="doses"' not in page.text


def test_bounds_and_the_token_s_life(web: Web) -> None:
    from radrules_webshell.gateway.tables import ApiToken

    three = levels(web)
    made = token(three["city"], ["register:read"])
    for query, field in (("per_page=51", "per_page"), ("page=0", "page"), ("division=51x", "division")):
        r = call(web, made["token"], "GET", f"/api/registers/?{query}")
        assert r.status_code == 400 and field in r.json()["errors"], (query, r.text)
    assert call(web, made["token"], "GET", "/api/registers/?uscc=' OR 1=1 --").status_code == 400
    # the token opens the registers only: not the register pages' API, nor a write
    assert call(web, made["token"], "GET", "/api/supervision/units").status_code == 403
    assert call(web, made["token"], "POST", "/api/health-exams/", json={}).status_code == 403
    # revoked, expired: refused
    assert three["city"].api("POST", f"/api/tokens/{made['id']}/revoke").status_code == 204
    assert call(web, made["token"], "GET", "/api/registers/").status_code == 401
    other = token(three["city"], ["register:read"])
    past = datetime.now(UTC) - timedelta(seconds=1)
    web.run(ApiToken.update({ApiToken.expires_at: past}).where(ApiToken.id == other["id"]).run)
    assert call(web, other["token"], "GET", "/api/registers/").status_code == 401
