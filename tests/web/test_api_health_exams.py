"""Occupational-health-examination institutions post exam results through the standard
interface (source 001 module 13; issue 16 item 3): with an API token of ``health_exams``, one
result or a bulk, all or nothing with per-item JSON-path errors, idempotent retries, each
exam audited and signed, the unit's warnings re-evaluated, and only for registered workers of
units in the institution's province. On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from gateway_helpers import call, health_exam_institution, result, token, unit_with_worker
from web_helpers import DEMO, Web, unique_id_number


def _exams(web: Web, worker_id: int) -> list[dict[str, Any]]:
    from radrules_webshell.supervision.archives.tables import ArchiveHealthExam

    rows: list[dict[str, Any]] = web.run(
        ArchiveHealthExam.select()
        .where(ArchiveHealthExam.archive._.worker == worker_id)
        .order_by(ArchiveHealthExam.id)
    )
    return rows


def _open_warnings(web: Web, client_id: int) -> set[str]:
    from radrules_webshell.unit_warnings.tables import UnitWarning

    rows = web.run(
        UnitWarning.select(UnitWarning.rule_id).where(
            (UnitWarning.client == client_id) & (UnitWarning.state == "open")
        )
    )
    return {r["rule_id"] for r in rows}


def test_an_exam_posted_with_a_token_lands_in_the_archive_audited_and_closes_the_warning(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    from radrules_webshell.audit import service as audit
    from radrules_webshell.audit.tables import AuditEvent

    # the shared app evaluates no register on change (conftest); this test's units only
    state = web.client.app.state
    monkeypatch.setattr(state, "settings", attrs.evolve(state.settings, warnings_on_change=True))

    inst, institution_id = health_exam_institution(web)
    made = token(inst, ["health_exams"])
    unit, person = unit_with_worker(web, "320105")
    assert "NAT.unit.health.pre-job-exam" in _open_warnings(web, unit["id"])
    r = call(web, made["token"], "POST", "/api/health-exams/", json=result(unit, person))
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["client_id"] == unit["id"] and body["worker_id"] == person["id"]
    [exam] = _exams(web, person["id"])
    assert (exam["kind"], exam["fit"], exam["institution"], exam["report_no"]) == (
        "pre_job",
        True,
        institution_id,
        "TJ-2025-0001",
    )
    assert exam["institution_name"] == "测试放射卫生技术服务中心"
    # the warning the exam answers is closed by the time the answer is out
    assert "NAT.unit.health.pre-job-exam" not in _open_warnings(web, unit["id"])
    [event] = web.run(
        AuditEvent.select().where(
            (AuditEvent.entity == "archive_health_exam") & (AuditEvent.entity_id == str(exam["id"]))
        )
    )
    assert event["action"] == "health_exam_create" and event["actor_login"].endswith(f"#api{made['id']}")
    assert event["signature"] and event["signer_key_id"]
    assert web.run(audit.verify).ok
    # the unit sees it in the worker's archive; the institution in its own list
    admin = web.api_login(*DEMO["admin"])
    archive = admin.get(f"/api/supervision/units/{unit['id']}/workers/{person['id']}").json()
    assert [e["id"] for e in archive["health_exams"]] == [exam["id"]]
    mine = call(web, made["token"], "GET", "/api/health-exams/?per_page=5").json()
    assert mine["total"] == 1 and mine["results"][0]["id"] == exam["id"]
    assert "id_number" not in mine["results"][0]


def test_a_bulk_is_all_or_nothing_with_errors_by_json_path(web: Web) -> None:
    inst, _ = health_exam_institution(web)
    secret = token(inst, ["health_exams"])["token"]
    unit, first = unit_with_worker(web, "320105")
    other = web.api_login(*DEMO["admin"]).api(
        "POST",
        f"/api/supervision/units/{unit['id']}/workers",
        json={"name": "王芳", "id_number": unique_id_number("female"), "started_on": "2024-03-01"},
    )
    assert other.status_code == 201, other.text
    second = other.json()
    sichuan, far = unit_with_worker(web, "511502")
    good = [result(unit, first), result(unit, second, kind="in_service", examined_on="2025-09-01")]
    # the library reads every item: each problem by its path, none written
    unread = [*good, result(unit, second, kind="yearly"), result(unit, second, examined_on="2999-01-01")]
    r = call(web, secret, "POST", "/api/health-exams/bulk", json={"results": unread})
    assert r.status_code == 400, r.text
    assert set(r.json()["errors"]) == {"results[2].kind", "results[3].examined_on"}, r.text
    # then the system finds each worker: a registered ID number with another name, a unit of
    # another province
    unfound = [*good, result(unit, first, name="张冒名", examined_on="2025-06-21"), result(sichuan, far)]
    r = call(web, secret, "POST", "/api/health-exams/bulk", json={"results": unfound})
    assert r.status_code == 400, r.text
    errors = r.json()["errors"]
    assert set(errors) == {"results[2].id_number", "results[3].unit_uscc"}, errors
    assert "姓名" in errors["results[2].id_number"] and "本省" in errors["results[3].unit_uscc"]
    assert _exams(web, first["id"]) == [] and _exams(web, second["id"]) == []
    ok = call(web, secret, "POST", "/api/health-exams/bulk", json={"results": good})
    assert ok.status_code == 201, ok.text
    assert ok.json()["created"] == 2 and [x["worker_id"] for x in ok.json()["results"]] == [
        first["id"],
        second["id"],
    ]
    # the same exams again: refused whole, nothing written twice
    again = call(web, secret, "POST", "/api/health-exams/bulk", json={"results": good})
    assert again.status_code == 400 and set(again.json()["errors"]) == {"results[0]", "results[1]"}
    assert len(_exams(web, first["id"])) == len(_exams(web, second["id"])) == 1
    # bounded: 201 items are refused before any is read
    many = call(web, secret, "POST", "/api/health-exams/bulk", json={"results": [good[0]] * 201})
    assert many.status_code == 400 and "results" in many.json()["errors"]
    empty = call(web, secret, "POST", "/api/health-exams/bulk", json={"results": []})
    assert empty.status_code == 400


def test_an_idempotent_retry_returns_the_first_answer(web: Web) -> None:
    inst, _ = health_exam_institution(web)
    secret = token(inst, ["health_exams"])["token"]
    unit, person = unit_with_worker(web, "320105")
    key = {"Idempotency-Key": f"exam-{person['id']}"}
    body = {"results": [result(unit, person)]}
    first = call(web, secret, "POST", "/api/health-exams/bulk", json=body, headers=key)
    again = call(web, secret, "POST", "/api/health-exams/bulk", json=body, headers=key)
    assert first.status_code == again.status_code == 201, (first.text, again.text)
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert len(_exams(web, person["id"])) == 1


def test_only_a_health_examination_institution_posts_and_only_with_its_permission(web: Web) -> None:
    unit, person = unit_with_worker(web, "320105")
    # the demo's technical-service institution may hold the permission but not use it
    technical = web.api_login(*DEMO["institution"])
    secret = token(technical, ["health_exams"])["token"]
    r = call(web, secret, "POST", "/api/health-exams/", json=result(unit, person))
    assert r.status_code == 403 and "职业健康检查机构" in r.json()["message"]
    inst, _ = health_exam_institution(web)
    doses_only = token(inst, ["doses"])["token"]
    assert call(web, doses_only, "POST", "/api/health-exams/", json=result(unit, person)).status_code == 403
    # a revoked or expired token is refused before anything is read
    made = token(inst, ["health_exams"])
    assert inst.api("POST", f"/api/tokens/{made['id']}/revoke").status_code == 204
    assert (
        call(web, made["token"], "POST", "/api/health-exams/", json=result(unit, person)).status_code == 401
    )
    assert _exams(web, person["id"]) == []
    # a unit's own account cannot post as an institution
    client = web.api_login(*DEMO["client"])
    assert client.api("POST", "/api/health-exams/", json=result(unit, person)).status_code == 403


def test_a_single_result_is_read_by_the_library(web: Web) -> None:
    inst, _ = health_exam_institution(web)
    secret = token(inst, ["health_exams"])["token"]
    unit, person = unit_with_worker(web, "320105")
    r = call(web, secret, "POST", "/api/health-exams/", json=result(unit, person, fit="是", extra=1))
    assert r.status_code == 400 and "extra" in r.json()["errors"], r.text
    wrong = call(
        web, secret, "POST", "/api/health-exams/", json=result(unit, person, id_number="110105194912310021")
    )
    assert wrong.status_code == 400 and "校验码" in wrong.json()["errors"]["id_number"]
