"""A 健康监护档案 moves with its worker (source 001 module 20): the new unit asks, the old one
(or its county) approves, the archive moves whole and both keep the record; a failure half
way leaves both units as they were; another county's unit reaches none of it."""

from __future__ import annotations

from typing import Any

import pytest
from register_helpers import levels, record, unit, worker
from web_helpers import Web, unique_id_number


@pytest.fixture(scope="module")
def yibin(web: Web) -> dict[str, Any]:
    users = levels(web)
    old_id, old = unit(web, users["cuiping"], "511502", "翠屏区甲医院")
    new_id, new = unit(web, users["cuiping"], "511502", "翠屏区乙医院")
    far_id, far = unit(web, users["nanxi"], "511503", "南溪区丙医院")
    return users | {"old_id": old_id, "old": old, "new_id": new_id, "new": new, "far_id": far_id, "far": far}


def _with_archive(yibin: dict[str, Any]) -> dict[str, Any]:
    old, oid = yibin["old"], yibin["old_id"]
    w = worker(old, oid, name="赵六", id_number=unique_id_number(), started_on="2020-01-01")
    record(old, oid, w["id"], "trainings", kind="pre_job", ended_on="2019-12-20", days="4", passed=True)
    record(old, oid, w["id"], "health-exams", kind="pre_job", examined_on="2019-12-10", fit=True)
    record(old, oid, w["id"], "doses", period_start="2025-01-01", period_end="2025-03-31", hp10="0.2")
    return w


def _ask(yibin: dict[str, Any], w: dict[str, Any]) -> int:
    r = yibin["new"].api(
        "POST",
        f"/api/supervision/units/{yibin['new_id']}/transfers",
        json={"name": w["name"], "id_number": w["id_number"], "starts_on": "2026-03-01", "reason": "调动"},
    )
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_the_archive_moves_whole_after_approval(web: Web, yibin: dict[str, Any]) -> None:
    w = _with_archive(yibin)
    tid = _ask(yibin, w)
    # a second request for the same archive waits for the first
    again = yibin["new"].api(
        "POST",
        f"/api/supervision/units/{yibin['new_id']}/transfers",
        json={"name": w["name"], "id_number": w["id_number"], "starts_on": "2026-03-01"},
    )
    assert again.status_code == 409
    # the requester cannot approve its own request; another county sees nothing of it
    assert yibin["new"].api("POST", f"/api/supervision/transfers/{tid}/approve", json={}).status_code == 403
    assert yibin["far"].get(f"/api/supervision/transfers/{tid}").status_code == 404
    assert yibin["nanxi"].api("POST", f"/api/supervision/transfers/{tid}/approve", json={}).status_code == 404
    r = yibin["old"].api("POST", f"/api/supervision/transfers/{tid}/approve", json={"note": "同意"})
    assert r.status_code == 200, r.text
    moved = r.json()
    assert moved["status"] == "approved" and moved["to_worker"]
    new_archive = (
        yibin["new"].get(f"/api/supervision/units/{yibin['new_id']}/workers/{moved['to_worker']}").json()
    )
    assert (len(new_archive["trainings"]), len(new_archive["health_exams"]), len(new_archive["doses"])) == (
        1,
        1,
        1,
    )
    assert new_archive["worker"]["started_on"] == "2026-03-01"
    old_view = yibin["old"].get(f"/api/supervision/units/{yibin['old_id']}/workers/{w['id']}").json()
    assert old_view["archive"] is None and old_view["trainings"] == []
    assert old_view["worker"]["left_on"] == "2026-02-28"
    assert [t["id"] for t in old_view["transfers"]] == [tid]
    # both keep the record of the move
    for side in ("old", "new"):
        assert tid in [t["id"] for t in yibin[side].get("/api/supervision/transfers").json()]
    assert yibin["old"].api("POST", f"/api/supervision/transfers/{tid}/approve", json={}).status_code == 409


def test_the_county_may_approve_and_the_requester_cancel(web: Web, yibin: dict[str, Any]) -> None:
    w = _with_archive(yibin)
    tid = _ask(yibin, w)
    assert (
        yibin["new"].api("POST", f"/api/supervision/transfers/{tid}/cancel").json()["status"] == "cancelled"
    )
    tid = _ask(yibin, w)
    assert (
        yibin["cuiping"]
        .api("POST", f"/api/supervision/transfers/{tid}/reject", json={"note": "资料不全"})
        .json()["status"]
        == "rejected"
    )
    tid = _ask(yibin, w)
    assert (
        yibin["cuiping"].api("POST", f"/api/supervision/transfers/{tid}/approve", json={}).json()["status"]
        == "approved"
    )


def test_no_archive_of_another_city_or_unknown_person(yibin: dict[str, Any]) -> None:
    r = yibin["new"].api(
        "POST",
        f"/api/supervision/units/{yibin['new_id']}/transfers",
        json={"name": "无此人", "id_number": unique_id_number(), "starts_on": "2026-03-01"},
    )
    assert r.status_code == 400 and "id_number" in r.json()["errors"]


def test_a_failure_half_way_leaves_both_as_they_were(
    web: Web, yibin: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from radrules_webshell.clients.tables import Worker
    from radrules_webshell.supervision.archives import transfer
    from radrules_webshell.supervision.archives.tables import ArchiveTransfer, HealthArchive

    w = _with_archive(yibin)
    tid = _ask(yibin, w)
    before_workers = web.run(
        Worker.select().where(Worker.client.is_in([yibin["old_id"], yibin["new_id"]])).order_by(Worker.id)
    )
    before_archive = web.run(HealthArchive.select().where(HealthArchive.worker == w["id"]).first())

    async def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("disk full")

    # the archive has been pointed at the new worker row when the last step fails
    monkeypatch.setattr(transfer, "_mark_moved", broken)
    failed = yibin["old"].api("POST", f"/api/supervision/transfers/{tid}/approve", json={})
    assert failed.status_code == 500 and "disk full" not in failed.text
    monkeypatch.undo()
    after_workers = web.run(
        Worker.select().where(Worker.client.is_in([yibin["old_id"], yibin["new_id"]])).order_by(Worker.id)
    )
    assert after_workers == before_workers
    assert (
        web.run(HealthArchive.select().where(HealthArchive.id == before_archive["id"]).first())
        == before_archive
    )
    assert web.run(
        ArchiveTransfer.select(ArchiveTransfer.status).where(ArchiveTransfer.id == tid).first()
    ) == {"status": "requested"}
    # and the request still goes through once the fault is gone
    assert (
        yibin["old"].api("POST", f"/api/supervision/transfers/{tid}/approve", json={}).json()["status"]
        == "approved"
    )
