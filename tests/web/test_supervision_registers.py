"""The registers through the API (source 001 modules 3–8, §2.3.1): three levels granting
accounts within their own level and below, a county registering a hospital, the hospital's
licence, device and workers with their archives, the library's warnings over the stored
register, and scope — a county never reaches another county's unit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from register_helpers import PASSWORD, account, levels, record, unit, worker
from web_helpers import PDF, Web, unique_id_number, unique_login

import radrules


@pytest.fixture(scope="module")
def yibin(web: Web) -> dict[str, Any]:
    users = levels(web)
    client_id, hospital = unit(web, users["cuiping"], "511502", "翠屏区第一人民医院")
    other_id, other = unit(web, users["nanxi"], "511503", "南溪区人民医院")
    return users | {"client_id": client_id, "hospital": hospital, "other_id": other_id, "other": other}


def test_levels_grant_within_their_own_level_and_below(web: Web, yibin: dict[str, Any]) -> None:
    city, cuiping, hospital = yibin["city"], yibin["cuiping"], yibin["hospital"]
    # a county cannot open an account in another county, nor grant the city's level
    r = cuiping.api(
        "POST",
        "/api/supervision/accounts",
        json={"role": "regulator", "division": "511503", "login": unique_login(), "password": PASSWORD},
    )
    assert r.status_code == 400 and "division" in r.json()["errors"]
    r = cuiping.api(
        "POST",
        "/api/supervision/accounts",
        json={
            "role": "regulator",
            "division": "511502",
            "level": "city",
            "login": unique_login(),
            "password": PASSWORD,
        },
    )
    assert r.status_code == 400 and "level" in r.json()["errors"]
    # nor an account for the other county's hospital
    r = cuiping.api(
        "POST",
        "/api/supervision/accounts",
        json={
            "role": "client",
            "client_id": yibin["other_id"],
            "login": unique_login(),
            "password": PASSWORD,
        },
    )
    assert r.status_code == 400 and "client_id" in r.json()["errors"]
    # a unit administrator opens its own unit's accounts only
    _, staff = account(web, hospital, role="client", client_id=yibin["client_id"])
    r = hospital.api(
        "POST",
        "/api/supervision/accounts",
        json={"role": "regulator", "division": "511502", "login": unique_login(), "password": PASSWORD},
    )
    assert r.status_code == 403
    # an account without a level manages none
    assert staff.get("/api/supervision/accounts").status_code == 403
    # the city sees both counties' accounts, a county its own
    city_logins = {a["name"] for a in city.get("/api/supervision/accounts").json()}
    assert {"翠屏区管理员", "南溪区管理员"} <= city_logins
    county_names = {a["name"] for a in cuiping.get("/api/supervision/accounts").json()}
    assert "南溪区管理员" not in county_names and "翠屏区第一人民医院" in county_names
    # a county cannot take the city administrator's right away
    city_id = next(
        a["id"] for a in yibin["admin"].get("/api/supervision/accounts").json() if a["name"] == "宜宾市管理员"
    )
    assert (
        cuiping.api("PUT", f"/api/supervision/accounts/{city_id}/level", json={"level": None}).status_code
        == 404
    )


def test_a_county_sees_its_units_a_city_its_counties(yibin: dict[str, Any]) -> None:
    ids = {u["id"] for u in yibin["cuiping"].get("/api/supervision/units").json()}
    assert yibin["client_id"] in ids and yibin["other_id"] not in ids
    city_ids = {u["id"] for u in yibin["city"].get("/api/supervision/units").json()}
    assert {yibin["client_id"], yibin["other_id"]} <= city_ids
    assert yibin["cuiping"].get(f"/api/supervision/units/{yibin['other_id']}").status_code == 404
    assert yibin["hospital"].get(f"/api/supervision/units/{yibin['other_id']}").status_code == 404
    # nor registers a unit outside its division
    r = yibin["cuiping"].api(
        "POST",
        "/api/supervision/units",
        json={"uscc": "", "name": "x", "kind": "general_hospital", "division_code": "511503"},
    )
    assert r.status_code == 400 and "division_code" in r.json()["errors"]


def test_the_register_and_its_warning(web: Web, yibin: dict[str, Any]) -> None:
    hospital, cid = yibin["hospital"], yibin["client_id"]
    base = f"/api/supervision/units/{cid}"
    licence = hospital.api(
        "POST",
        f"{base}/licences",
        json={
            "number": "川卫放证字〔2024〕第0001号",
            "issued_on": "2024-05-10",
            "verification_years": "1",
            "projects": ["x_ray_imaging"],
        },
    )
    assert licence.status_code == 201, licence.text
    again = hospital.api(
        "POST",
        f"{base}/licences",
        json={
            "number": "川卫放证字〔2024〕第0001号",
            "issued_on": "2024-05-10",
            "verification_years": "1",
            "projects": ["x_ray_imaging"],
        },
    )
    assert again.status_code == 400 and "number" in again.json()["errors"]
    lid = licence.json()["id"]
    assert (
        hospital.api(
            "POST", f"{base}/licences/{lid}/verifications", json={"verified_on": "2025-05-01", "passed": True}
        ).status_code
        == 201
    )
    device = hospital.api(
        "POST",
        f"{base}/devices",
        json={
            "name": "DR",
            "type": "DR",
            "model": "M1",
            "device_uid": "DR-1",
            "location": "放射科",
            "installed_on": "2025-03-01",
        },
    )
    assert device.status_code == 201, device.text
    did = device.json()["id"]
    assert (
        hospital.api(
            "POST",
            f"{base}/devices/{did}/tests",
            json={"condition": "acceptance", "tested_on": "2025-03-02", "passed": True},
        ).status_code
        == 201
    )
    bad = hospital.api(
        "POST",
        f"{base}/devices/{did}/tests",
        json={"condition": "weekly", "tested_on": "2025-13-02", "passed": True},
    )
    assert bad.status_code == 400 and {"condition", "tested_on"} <= set(bad.json()["errors"])
    trained = worker(hospital, cid, name="张三")
    untrained = worker(hospital, cid, name="李四")
    for w in (trained, untrained):
        record(hospital, cid, w["id"], "health-exams", kind="pre_job", examined_on="2025-06-01", fit=True)
        record(hospital, cid, w["id"], "certificates", number=f"川放证-{w['id']}", issued_on="2025-06-20")
    record(
        hospital,
        cid,
        trained["id"],
        "trainings",
        kind="pre_job",
        ended_on="2025-06-10",
        days="4",
        passed=True,
    )
    register = hospital.get(f"{base}/register").json()
    as_of = date(2026, 1, 10)
    report = radrules.warnings(register, as_of=as_of)
    pre_job = [w for w in report.warnings if w.rule_id == "NAT.unit.training.pre-job"]
    assert [w.subject.name for w in pre_job] == ["李四"]
    # the county reads the same register; the training entered closes the warning
    assert yibin["cuiping"].get(f"{base}/register").json() == register
    record(
        hospital,
        cid,
        untrained["id"],
        "trainings",
        kind="pre_job",
        ended_on="2025-06-10",
        days="4",
        passed=True,
    )
    report = radrules.warnings(hospital.get(f"{base}/register").json(), as_of=as_of)
    assert not [w for w in report.warnings if w.rule_id == "NAT.unit.training.pre-job"]
    # a record of another worker or kind is not found through this worker
    detail = hospital.get(f"{base}/workers/{trained['id']}").json()
    exam_id = detail["health_exams"][0]["id"]
    assert (
        hospital.api("DELETE", f"{base}/workers/{untrained['id']}/records/health-exams/{exam_id}").status_code
        == 404
    )
    assert (
        hospital.api("DELETE", f"{base}/workers/{trained['id']}/records/doses/{exam_id}").status_code == 404
    )
    assert (
        hospital.api("DELETE", f"{base}/workers/{trained['id']}/records/nonsense/{exam_id}").status_code
        == 404
    )
    assert (
        hospital.api("DELETE", f"{base}/workers/{trained['id']}/records/health-exams/{exam_id}").status_code
        == 204
    )
    # the list masks ID numbers
    listed = hospital.get(base).json()["workers"]
    assert all("*" in w["id_number"] for w in listed)


def test_attachments_are_scoped(web: Web, yibin: dict[str, Any]) -> None:
    hospital, cid = yibin["hospital"], yibin["client_id"]
    base = f"/api/supervision/units/{cid}"
    r = hospital.api(
        "POST",
        f"{base}/attachments",
        data={"subject": "unit", "category": "practice_licence", "title": "执业许可证"},
        files={"file": ("a.pdf", PDF, "application/pdf")},
    )
    assert r.status_code == 201, r.text
    aid = r.json()["id"]
    assert hospital.get(f"{base}/attachments/{aid}").content == PDF
    assert yibin["cuiping"].get(f"{base}/attachments/{aid}").status_code == 200
    assert yibin["nanxi"].get(f"{base}/attachments/{aid}").status_code == 404
    other = f"/api/supervision/units/{yibin['other_id']}"
    assert yibin["other"].get(f"{other}/attachments/{aid}").status_code == 404
    wrong = hospital.api(
        "POST",
        f"{base}/attachments",
        data={"subject": "device", "subject_id": "999999", "category": "other", "title": "x"},
        files={"file": ("a.pdf", PDF, "application/pdf")},
    )
    assert wrong.status_code == 400 and "subject_id" in wrong.json()["errors"]
    not_pdf = hospital.api(
        "POST",
        f"{base}/attachments",
        data={"subject": "unit", "category": "other", "title": "x"},
        files={"file": ("a.pdf", b"<html>", "application/pdf")},
    )
    assert not_pdf.status_code == 400 and "file" in not_pdf.json()["errors"]
    assert hospital.api("DELETE", f"{base}/attachments/{aid}").status_code == 204
    assert hospital.get(f"{base}/attachments/{aid}").status_code == 404


def test_writes_are_audited(web: Web, yibin: dict[str, Any]) -> None:
    from radrules_webshell.audit.tables import AuditEvent

    hospital, cid = yibin["hospital"], yibin["client_id"]
    w = worker(hospital, cid, name="王五", id_number=unique_id_number())
    rows = web.run(AuditEvent.select(AuditEvent.action).where(AuditEvent.entity_id == str(w["id"])))
    assert "worker_create" in {r["action"] for r in rows}


def test_a_worker_deleted_by_its_unit_takes_its_archive(web: Web, yibin: dict[str, Any]) -> None:
    from radrules_webshell.supervision.archives.tables import HealthArchive

    hospital, cid = yibin["hospital"], yibin["client_id"]
    w = worker(hospital, cid, name="临时工", id_number=unique_id_number())
    record(hospital, cid, w["id"], "doses", period_start="2025-01-01", period_end="2025-03-31", hp10="0.1")
    assert hospital.api("DELETE", f"/api/client/workers/{w['id']}").status_code == 204
    assert web.run(HealthArchive.select().where(HealthArchive.id == w["archive"])) == []


def test_unknown_fields_are_refused(yibin: dict[str, Any]) -> None:
    hospital, cid = yibin["hospital"], yibin["client_id"]
    r = hospital.api("PUT", f"/api/supervision/units/{cid}/profile", json={"legal_represntative": "院长"})
    assert r.status_code == 400 and r.json()["errors"] == {"legal_represntative": "未知字段"}


def test_a_training_certificate_is_taken_into_the_archive(web: Web, yibin: dict[str, Any]) -> None:
    """Item 9: the training module's certificate of the worker's ID number becomes a training
    record with the class's last day and length; taken once."""
    from radrules_webshell.training.certificates.tables import TrainingCertificate
    from training_web_helpers import training_records
    from web_helpers import new_institution

    data, _ = new_institution(web)
    records = training_records(web, web.api_login(data["login"], data["password"]))
    cert = web.run(
        TrainingCertificate.select().where(TrainingCertificate.id == records["training_certificate"]).first()
    )
    hospital, cid = yibin["hospital"], yibin["client_id"]
    w = worker(hospital, cid, name=cert["name"], id_number=cert["id_number"])
    base = f"/api/supervision/units/{cid}/workers/{w['id']}"
    listed = hospital.get(base).json()["training_certificates"]
    assert [(c["id"], c["taken"]) for c in listed] == [(cert["id"], False)]
    taken = hospital.api("POST", f"{base}/training-certificates/{cert['id']}", json={"kind": "in_service"})
    assert taken.status_code == 201, taken.text
    document = taken.json()
    import orjson

    source = orjson.loads(cert["document"])
    assert document["ended_on"] == source["ends_on"] and document["certificate_no"] == cert["number"]
    assert document["training_certificate"] == cert["id"] and document["kind"] == "in_service"
    again = hospital.api("POST", f"{base}/training-certificates/{cert['id']}", json={"kind": "in_service"})
    assert again.status_code == 400
    assert hospital.get(base).json()["training_certificates"][0]["taken"] is True
    # a certificate of someone else is not found through this worker
    other = worker(hospital, cid, name="别人", id_number=unique_id_number())
    r = hospital.api(
        "POST",
        f"/api/supervision/units/{cid}/workers/{other['id']}/training-certificates/{cert['id']}",
        json={"kind": "pre_job"},
    )
    assert r.status_code == 404


def test_institution_kinds_are_set_within_the_division(web: Web, yibin: dict[str, Any]) -> None:
    """Modules 9, 10: an institution of the division is marked 职业健康检查机构; another
    division's regulator and a unit reach none."""
    from web_helpers import DEMO

    admin = web.api_login(*DEMO["admin"])
    institution_id = admin.get("/api/supervision/institutions").json()[0]["id"]
    r = admin.api(
        "PUT", f"/api/supervision/institutions/{institution_id}/kind", json={"service_kind": "health_exam"}
    )
    assert r.status_code == 200 and r.json()["service_kind"] == "health_exam"
    listed = {i["id"]: i for i in admin.get("/api/supervision/institutions").json()}
    assert listed[institution_id]["service_kind_label"] == "职业健康检查机构"
    bad = admin.api("PUT", f"/api/supervision/institutions/{institution_id}/kind", json={"service_kind": "x"})
    assert bad.status_code == 400
    assert (
        yibin["cuiping"]
        .api(
            "PUT",
            f"/api/supervision/institutions/{institution_id}/kind",
            json={"service_kind": "technical_service"},
        )
        .status_code
        == 404
    )
    assert yibin["hospital"].get("/api/supervision/institutions").status_code == 403
    assert (
        admin.api(
            "PUT",
            f"/api/supervision/institutions/{institution_id}/kind",
            json={"service_kind": "technical_service"},
        ).status_code
        == 200
    )


def test_exam_results_appear_under_the_archive_and_count_as_training(web: Web) -> None:
    """Item 9: a passed online exam (issue 15) is shown in the worker's archive and is a
    training of the register the warnings read."""
    from exam_web_helpers import hospital_uscc
    from test_exams_web import _passed_sitting
    from web_helpers import DEMO

    _, id_number, name = _passed_sitting(web)
    admin = web.api_login(*DEMO["admin"])
    client_id = next(
        u["id"] for u in admin.get("/api/supervision/units").json() if u["uscc"] == hospital_uscc()
    )
    w = worker(admin, client_id, name=name, id_number=id_number, started_on="2020-01-01")
    archive = admin.get(f"/api/supervision/units/{client_id}/workers/{w['id']}").json()
    (result,) = archive["exam_results"]
    assert result["score"] > 0 and result["kind"] in ("pre_job", "in_service")
    register = admin.get(f"/api/supervision/units/{client_id}/register").json()["unit_register"]
    (entry,) = [x for x in register["workers"] if x["id_number"] == id_number]
    assert len(entry["trainings"]) == 1
    assert entry["trainings"][0]["ended_on"] == archive["exam_results"][0]["ended_on"]
