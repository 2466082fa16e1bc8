"""The standard interface's credentials (source 001 module 13 标准接口; issue 16 item 3):
API tokens made by an organisation's account, shown once, stored hashed, scoped to the
organisation and its permissions, expiring, revocable, every use audited; accepted by the
JSON API without CSRF; Idempotency-Key retries answered once. On SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from radrules_webshell.core import clock
from radrules_webshell.demo import HOSPITAL_USCC
from web_helpers import DEMO, Web

_numbers = itertools.count(1)


def _report(no: str) -> dict[str, Any]:
    day = (clock.today() - timedelta(days=2)).isoformat()
    return {
        "report_no": no,
        "institution_uscc": "",
        "client": {
            "name": "随便写",
            "uscc": HOSPITAL_USCC,
            "kind": "general_hospital",
            "division_code": "320104",
        },
        "report_date": clock.today().isoformat(),
        "samples": [
            {
                "sample_no": "",
                "device": {"device_id": "NJSF-DR-0001", "name": "任意", "owner_uscc": "任意"},
                "categories": ["protection"],
                "condition": "status",
                "protection": {
                    "tested_on": day,
                    "test_conditions": "70 kV，10 mAs",
                    "points": [{"name": "观察窗外30cm处", "result": "0.15", "unit": "μSv/h", "passed": True}],
                },
            }
        ],
    }


def _no() -> str:
    return f"API-{clock.today():%Y}-{next(_numbers):04d}-{id(object()) % 9973}"


def _token(web: Web, permissions: list[str], who: str = "institution", days: int = 30) -> dict[str, Any]:
    user = web.api_login(*DEMO[who])
    r = user.api(
        "POST", "/api/tokens/", json={"name": "检测软件对接", "permissions": permissions, "days": days}
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def _call(web: Web, secret: str, method: str, url: str, **kwargs: Any) -> Any:
    client = web.client
    client.cookies.clear()
    headers = {"Authorization": f"Bearer {secret}", **kwargs.pop("headers", {})}
    return client.request(method, url, headers=headers, follow_redirects=False, **kwargs)


def test_a_token_is_shown_once_and_stored_hashed(web: Web) -> None:
    from radrules_webshell.gateway.tables import ApiToken

    made = _token(web, ["device_tests"])
    secret = made["token"]
    assert secret.startswith("rrt_") and len(secret) > 40
    row = web.run(ApiToken.select().where(ApiToken.id == made["id"]).first)
    assert row["token_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(row)
    listed = web.api_login(*DEMO["institution"]).get("/api/tokens/").json()
    mine = next(t for t in listed if t["id"] == made["id"])
    assert "token" not in mine and mine["prefix"] == secret[:12] and mine["permissions"] == ["device_tests"]
    # another organisation sees none of them
    assert all(t["id"] != made["id"] for t in web.api_login(*DEMO["client"]).get("/api/tokens/").json())


def test_a_token_posts_a_device_test_without_csrf_and_every_use_is_audited(web: Web) -> None:
    from radrules_webshell.audit import service as audit
    from radrules_webshell.audit.tables import AuditEvent

    made = _token(web, ["device_tests"])
    r = _call(web, made["token"], "POST", "/api/device-tests/", json=_report(_no()))
    assert r.status_code == 201, r.text
    report_id = r.json()["id"]
    listed = _call(web, made["token"], "GET", "/api/device-tests/?status=all")
    assert listed.status_code == 200
    writes = web.run(
        AuditEvent.select().where(
            (AuditEvent.entity_id == str(report_id)) & (AuditEvent.entity == "device_test_report")
        )
    )
    assert writes and all(w["actor_login"] == f"jsinst#api{made['id']}" and w["signature"] for w in writes)
    uses = web.run(
        AuditEvent.select()
        .where((AuditEvent.action == "api_token_use") & (AuditEvent.entity_id == str(made["id"])))
        .order_by(AuditEvent.id)
    )
    assert [(u["after"].count('"POST"'), u["after"].count('"status": 201')) for u in uses][:1] == [(1, 1)]
    assert len(uses) == 2
    assert web.run(audit.verify).ok


def test_a_token_reaches_only_what_its_permissions_open(web: Web) -> None:
    doses_only = _token(web, ["doses"])["token"]
    assert _call(web, doses_only, "POST", "/api/device-tests/", json=_report(_no())).status_code == 403
    assert _call(web, doses_only, "GET", "/api/dose-reports/").status_code == 200
    assert _call(web, doses_only, "GET", "/api/me").json()["login"] == "jsinst"
    for method, url in (
        ("GET", "/api/institution/staff/"),
        ("GET", "/api/tokens/"),
        ("GET", "/api/admin/users"),
    ):
        r = _call(web, doses_only, method, url)
        assert r.status_code == 403 and "不对 API 令牌开放" in r.json()["message"], (url, r.text)
    refused = _call(web, doses_only, "POST", "/api/tokens/", json={"name": "x", "permissions": ["doses"]})
    assert refused.status_code == 403


def test_the_request_gate_still_applies_to_tokens(web: Web) -> None:
    secret = _token(web, ["device_tests"])["token"]
    text = _call(
        web, secret, "POST", "/api/device-tests/", content=b"{}", headers={"Content-Type": "text/plain"}
    )
    assert text.status_code == 415
    foreign = _call(
        web,
        secret,
        "POST",
        "/api/device-tests/",
        json=_report(_no()),
        headers={"Origin": "https://evil.example"},
    )
    assert foreign.status_code == 403


def test_revoked_expired_and_unknown_tokens_are_refused(web: Web) -> None:
    from radrules_webshell.gateway.tables import ApiToken

    made = _token(web, ["device_tests"])
    assert _call(web, made["token"], "GET", "/api/me").status_code == 200
    inst = web.api_login(*DEMO["institution"])
    assert inst.api("POST", f"/api/tokens/{made['id']}/revoke").status_code == 204
    r = _call(web, made["token"], "GET", "/api/me")
    assert r.status_code == 401 and "吊销" in r.json()["message"]
    other = _token(web, ["device_tests"])
    past = datetime.now(UTC) - timedelta(seconds=1)
    web.run(ApiToken.update({ApiToken.expires_at: past}).where(ApiToken.id == other["id"]).run)
    assert _call(web, other["token"], "GET", "/api/me").status_code == 401
    assert _call(web, "rrt_" + "x" * 43, "GET", "/api/me").status_code == 401
    # revoking another organisation's token: not found
    assert web.api_login(*DEMO["client"]).api("POST", f"/api/tokens/{other['id']}/revoke").status_code == 404


def test_what_an_organisation_may_grant(web: Web) -> None:
    inst = web.api_login(*DEMO["institution"])
    bad = inst.api("POST", "/api/tokens/", json={"name": "x", "permissions": ["root"], "days": 30})
    assert bad.status_code == 400 and "permissions[0]" in bad.json()["errors"]
    long = inst.api("POST", "/api/tokens/", json={"name": "x", "permissions": ["doses"], "days": 1000})
    assert long.status_code == 400 and "days" in long.json()["errors"]
    # a regulator's token pulls registers, it posts no filing
    regulator = web.api_login(*DEMO["regulator"])
    doses = regulator.api("POST", "/api/tokens/", json={"name": "x", "permissions": ["doses"]})
    assert doses.status_code == 400 and "permissions[0]" in doses.json()["errors"]
    pull = regulator.api("POST", "/api/tokens/", json={"name": "x", "permissions": ["register:read"]})
    assert pull.status_code == 201 and pull.json()["permissions"] == ["register:read"]
    assert (
        web.api_login(*DEMO["reviewer"])
        .api("POST", "/api/tokens/", json={"name": "x", "permissions": ["register:read"]})
        .status_code
        == 403
    )


def test_an_idempotent_retry_writes_once(web: Web) -> None:
    from radrules_webshell.filings.device_tests.tables import DeviceTestReport

    secret = _token(web, ["device_tests"])["token"]
    no = _no()
    key = {"Idempotency-Key": f"retry-{no}"}
    first = _call(web, secret, "POST", "/api/device-tests/", json=_report(no), headers=key)
    again = _call(web, secret, "POST", "/api/device-tests/", json=_report(no), headers=key)
    assert first.status_code == again.status_code == 201, (first.text, again.text)
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert web.run(DeviceTestReport.count().where(DeviceTestReport.report_no == no)) == 1
    changed = _call(web, secret, "POST", "/api/device-tests/", json=_report(_no()), headers=key)
    assert changed.status_code == 409 and "Idempotency-Key" in changed.json()["message"]
    # the same key of another caller is another key
    other = _token(web, ["device_tests"])["token"]
    fresh = _call(web, other, "POST", "/api/device-tests/", json=_report(_no()), headers=key)
    assert fresh.status_code == 201
    # a session's retries too (the key belongs to the account)
    inst = web.api_login(*DEMO["institution"])
    no2 = _no()
    one = inst.api("POST", "/api/device-tests/", json=_report(no2), headers={"Idempotency-Key": f"s-{no2}"})
    two = inst.api("POST", "/api/device-tests/", json=_report(no2), headers={"Idempotency-Key": f"s-{no2}"})
    assert one.status_code == 201 and two.json() == one.json()
    bad = _call(
        web, secret, "POST", "/api/device-tests/", json=_report(_no()), headers={"Idempotency-Key": "x" * 201}
    )
    assert bad.status_code == 400


def test_the_page_makes_shows_once_and_revokes(web: Web) -> None:
    user = web.login(*DEMO["institution"])
    page = user.post_form("/tokens/", {"name": "页面令牌", "permissions": "doses", "days": "7"})
    assert page.status_code == 201 and 'id="token-secret"' in page.text
    secret = page.text.split('id="token-secret">', 1)[1].split("<", 1)[0]
    assert secret.startswith("rrt_")
    listing = user.get("/tokens/")
    assert secret not in listing.text and secret[:12] in listing.text
    refused = user.post_form("/tokens/", {"name": "", "days": "7"})
    assert refused.status_code == 400 and "须填写令牌名称" in refused.text
