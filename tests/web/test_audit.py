"""The audit trail: every write recorded, append-only in the database, hash-chained
(source 001 §3.1 电子签名: 所有数据录入、修改均需进行电子签名)."""

from __future__ import annotations

import json

import pytest
from web_helpers import DEMO, Web, unique_id_number


def _events(web: Web, action: str) -> list[dict]:
    from radrules_webshell.audit.tables import AuditEvent

    return web.run(AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.id))


def test_a_change_is_recorded_with_who_what_before_and_after(web: Web) -> None:
    user = web.api_login(*DEMO["client"])
    id_number = unique_id_number()
    worker = user.api("POST", "/api/client/workers/", json={"name": "审计甲", "id_number": id_number}).json()
    user.api("PUT", f"/api/client/workers/{worker['id']}", json={"name": "审计乙", "id_number": id_number})
    event = next(e for e in _events(web, "worker_update") if e["entity_id"] == str(worker["id"]))
    assert event["actor_login"] == "njhosp" and event["actor_role"] == "client"
    assert json.loads(event["before"])["name"] == "审计甲"
    assert json.loads(event["after"])["name"] == "审计乙"
    assert event["at"].endswith("+00:00")


def test_secrets_never_enter_the_trail(web: Web) -> None:
    from radrules_webshell.audit.tables import AuditEvent

    rows = web.run(AuditEvent.select(AuditEvent.before, AuditEvent.after))
    text = json.dumps(rows, ensure_ascii=False)
    assert "$argon2id$" not in text and "password_hash" not in text


def test_chain_verifies_and_rows_cannot_be_changed(web: Web) -> None:
    from radrules_webshell.audit import service
    from radrules_webshell.audit.tables import AuditEvent

    report = web.run(service.verify)
    assert report.ok and report.events >= 3
    first = web.run(AuditEvent.select(AuditEvent.id).order_by(AuditEvent.id).first)["id"]
    with pytest.raises(Exception, match="append-only"):
        web.run(AuditEvent.update({AuditEvent.action: "forged"}).where(AuditEvent.id == first).run)
    with pytest.raises(Exception, match="append-only"):
        web.run(AuditEvent.delete().where(AuditEvent.id == first).run)
    assert web.run(service.verify).ok


def test_verify_finds_a_forged_row(web: Web) -> None:
    """With the trigger out of the way (a database owner could), the chain still shows the edit."""
    from radrules_webshell.audit import service
    from radrules_webshell.audit.tables import AuditEvent

    target = web.run(AuditEvent.select().order_by(AuditEvent.id).offset(3).first)
    off, on = (
        ("DROP TRIGGER audit_event_no_update", None)
        if web.backend == "sqlite"
        else (
            "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change",
            "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change",
        )
    )
    web.run(AuditEvent.raw(off).run)
    try:
        web.run(
            AuditEvent.update({AuditEvent.actor_login: "mallory"}).where(AuditEvent.id == target["id"]).run
        )
        report = web.run(service.verify)
        assert not report.ok and report.first_bad_id == target["id"] and "修改" in (report.reason or "")
        web.run(
            AuditEvent.update({AuditEvent.actor_login: target["actor_login"]})
            .where(AuditEvent.id == target["id"])
            .run
        )
    finally:
        if on:
            web.run(AuditEvent.raw(on).run)
        else:
            web.run(
                AuditEvent.raw(
                    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
                    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
                ).run
            )
    assert web.run(service.verify).ok


def test_admin_sees_the_trail_and_its_state(web: Web) -> None:
    page = web.login(*DEMO["admin"]).get("/admin/audit").text
    assert 'id="chain-ok"' in page and "demo_seed" in page
    api = web.api_login(*DEMO["admin"]).get("/api/admin/audit/verify").json()
    assert api["ok"] is True


def test_a_failed_write_leaves_no_trace(web: Web) -> None:
    """All or nothing: a refused change writes neither the record nor its audit row."""
    user = web.api_login(*DEMO["client"])
    before = len(_events(web, "device_create"))
    r = user.api(
        "POST",
        "/api/client/devices/",
        json={"name": "重复", "type": "DR", "model": "M", "device_uid": "NJSF-DR-0001", "location": "1"},
    )
    assert r.status_code == 400
    assert len(_events(web, "device_create")) == before
