"""Isolation: a user of one organisation reaches no record of another, by id, on any route.

Every route with a path parameter is called, with every method it has, by a user of
institution A (and of client A) with the ids of institution B's (client B's) records; each
must answer 403 or 404. A route added later without an entry here fails the test.
"""

from __future__ import annotations

from typing import Any

import pytest
from card_file_helpers import make_card
from exam_web_helpers import exam_records, sign_up
from litestar.routes import HTTPRoute
from notification_helpers import tell
from radrules_webshell.core import clock
from radrules_webshell.notifications import Recipient
from supervision_helpers import supervision_records, unit_warning
from training_web_helpers import training_records
from web_helpers import DEMO, PDF, User, Web, new_institution, unique_id_number, unique_login, unique_uscc

#: Which of B's records goes into each path parameter, by route prefix and parameter name.
PARAMS = {
    # online exams (source 001 表1 第17–19项): a Fujian bank, question and plan (Jiangsu's
    # CDC manages neither); worker B's registration with client B, and its sitting
    ("/exams", "plan_id"): "exam_plan",
    ("", "bank_id"): "exam_bank",
    ("", "question_id"): "exam_question",
    ("", "enrolment_id"): "exam_enrolment",
    ("", "sitting_id"): "exam_sitting",
    ("", "number"): "exam_number",
    # training (source 002): B's profile, file, registration, certificate; a plan and a
    # session of another province (a unit sees its own province's plans)
    ("/training/registrations", "registration_id"): "training_registration",
    ("/api/training/registrations", "registration_id"): "training_registration",
    ("/cdc/training/registrations", "registration_id"): "training_registration",
    ("/api/cdc/training/registrations", "registration_id"): "training_registration",
    ("", "person_id"): "training_person",
    ("", "file_id"): "training_person_file",
    ("", "plan_id"): "training_plan",
    ("", "session_id"): "training_session",
    ("", "certificate_id"): "training_certificate",
    # supervision registers (issue 16): B's licence, device, records, attachment, transfer
    ("", "licence_id"): "licence",
    ("", "device_id"): "device",
    ("", "item_id"): "register_item",
    ("", "kind"): "record_kind",
    ("", "transfer_id"): "transfer",
    ("/supervision", "attachment_id"): "register_attachment",
    ("/api/supervision", "attachment_id"): "register_attachment",
    ("/training/verify", "rest"): "training_certificate",  # public: any path after it is 无效 (404)
    ("/institution/staff", "row_id"): "staff",
    ("/api/institution/staff", "row_id"): "staff",
    ("/institution/instruments", "row_id"): "instrument",
    ("/api/institution/instruments", "row_id"): "instrument",
    ("/client/devices", "row_id"): "device",
    ("/api/client/devices", "row_id"): "device",
    ("/client/workers", "row_id"): "worker",
    ("/api/client/workers", "row_id"): "worker",
    ("", "worker_id"): "worker",
    ("", "assignment_id"): "assignment",
    ("", "upload_id"): "upload",
    ("", "token_id"): "api_token",  # B's API token (standard interface)
    ("", "registration_id"): "registration",
    ("", "declaration_id"): "declaration",
    ("", "institution_id"): "institution",
    ("", "client_id"): "client",
    ("", "card_id"): "card",
    ("/verify", "rest"): "card",  # public: any path after /verify is 无效 (404)
    # supervision (issue 16): another city's draft article; a Jilin county's credit record
    ("", "article_id"): "portal_article",
    ("/portal", "attachment_id"): "portal_attachment",
    ("/api/portal", "attachment_id"): "portal_attachment",
    ("/oversight/portal", "attachment_id"): "portal_attachment",
    ("/api/oversight/portal", "attachment_id"): "portal_attachment",
    ("", "record_id"): "credit_record",
    ("", "entry_id"): "credit_entry",
    ("", "action"): "credit_action",
    ("", "warning_id"): "unit_warning",  # client B's warning
    ("/institution/cards", "attachment_id"): "card_attachment",
    ("/api/cards", "attachment_id"): "card_attachment",
    ("/oversight/cards", "attachment_id"): "card_attachment",
    ("/institution/device-tests", "report_id"): "device_test",
    ("/api/device-tests", "report_id"): "device_test",
    ("/institution/doses", "report_id"): "dose",
    ("/api/dose-reports", "report_id"): "dose",
    ("", "index"): "index",
    ("", "notification_id"): "notification",
    ("", "account_id"): "account",  # the administrator's reset and unlock; a CDC's extension
    ("", "application_id"): "account_application",  # an account application (source 002 §2.1)
}

#: Public routes with a path parameter: the verification page answers 无效 (404) to any path.
PUBLIC = {
    "/verify/{rest:path}",
    "/training/verify/{rest:path}",
    # the portal: a draft article (and its attachment) is not found
    "/portal/{article_id:int}",
    "/portal/{article_id:int}/attachments/{attachment_id:int}",
    "/api/portal/{article_id:int}",
    "/api/portal/{article_id:int}/attachments/{attachment_id:int}",
}

#: Routes an institution may use with another organisation's id by design: picking a
#: client's devices and its workers assigned to the institution (source 000 §5.1.1).
INSTITUTION_MAY_READ = {
    "/institution/clients/{client_id:int}",
    "/api/institution/clients/{client_id:int}/devices",
    "/api/institution/clients/{client_id:int}/workers",
    # the register's record of a client it picks (phone masked; changing it is refused)
    "/api/clients/{client_id:int}",
}


@pytest.fixture(scope="module")
def b_records(web: Web) -> dict[str, Any]:
    """Institution B and client B, each with one record of every kind."""
    data, institution_id = new_institution(web)
    b = web.api_login(data["login"], data["password"])
    staff = b.api(
        "POST",
        "/api/institution/staff/",
        json={
            "name": "乙员",
            "id_number": unique_id_number(),
            "mobile": "13600003333",
            "address": "南京",
            "major": "放射",
            "title": "技师",
            "social_security": "本单位",
            "recipient_name": "乙员",
            "recipient_phone": "13600003333",
            "recipient_address": "南京",
            "support_multiple": 1,
        },
    )
    instrument = b.api(
        "POST",
        "/api/institution/instruments/",
        json={"type": "剂量仪", "name": "剂量仪", "model": "M", "asset_no": "B-1"},
    )
    upload = b.api(
        "POST",
        "/api/institution/qualification/attachments",
        files={"file": ("b.pdf", PDF, "application/pdf")},
    )
    assert staff.status_code == instrument.status_code == upload.status_code == 201
    reviewer = web.api_login(*DEMO["reviewer"])
    registration = next(
        r["id"]
        for r in reviewer.get("/api/review/registrations/?status=approved").json()
        if r["uscc"] == data["uscc"]
    )
    declaration = next(
        d["id"]
        for d in reviewer.get("/api/review/qualifications/").json()
        if d["institution"] == institution_id
    )

    admin = web.api_login(*DEMO["admin"])
    client_uscc = unique_uscc("12")
    client_id = admin.api(
        "POST",
        "/api/admin/clients",
        json={"uscc": client_uscc, "name": "乙医院", "kind": "general_hospital", "division_code": "320106"},
    ).json()["id"]
    login = unique_login("cb")
    assert (
        admin.api(
            "POST",
            "/api/admin/users",
            json={"role": "client", "login": login, "password": "ClientB#2026x", "org": client_uscc},
        ).status_code
        == 201
    )
    cb = web.api_login(login, "ClientB#2026x")
    cb.api(
        "POST",
        "/api/me/password",
        json={"current_password": "ClientB#2026x", "new_password": "ClientB#2027x"},
    )
    device = cb.api(
        "POST",
        "/api/client/devices/",
        json={"name": "乙DR", "type": "DR", "model": "M", "device_uid": "B-DR", "location": "1"},
    )
    worker_data = {"name": "乙工", "id_number": unique_id_number()}
    worker = cb.api("POST", "/api/client/workers/", json=worker_data)
    assignment = cb.api(
        "POST",
        f"/api/client/workers/{worker.json()['id']}/assignments/",
        json={"institution_uscc": data["uscc"], "start": "2020-01-01"},
    )
    assert device.status_code == worker.status_code == assignment.status_code == 201
    card = make_card(web, institution_uscc=data["uscc"])
    card_attachment = b.api(
        "POST",
        f"/api/cards/{card['id']}/attachments",
        data={"kind": "stamped_card"},
        files={"file": ("b.pdf", PDF, "application/pdf")},
    )
    assert card_attachment.status_code == 201, card_attachment.text
    device_test, dose = _b_reports(b, client_uscc, worker_data)
    from register_helpers import b_supervision

    supervision = b_supervision(web, client_id, worker.json()["id"], worker_data)
    [notification] = tell(
        web, [Recipient.org("institution", institution_id)], kind="test.b", title="乙的消息"
    )
    return {
        **training_records(web, b),
        **exam_records(web, client_id),
        "notification": notification,
        "card": card["id"],
        "card_attachment": card_attachment.json()["id"],
        **supervision_records(web, data["uscc"]),
        "unit_warning": unit_warning(web, client_id, client_uscc, "320106"),
        "device_test": device_test,
        "dose": dose,
        "index": 0,
        "account": b.get("/api/me").json()["id"],
        "account_application": _b_application(web),
        "staff": staff.json()["id"],
        "instrument": instrument.json()["id"],
        "api_token": _b_token(b),
        "upload": upload.json()["id"],
        "registration": registration,
        "declaration": declaration,
        "institution": institution_id,
        "client": client_id,
        "device": device.json()["id"],
        "worker": worker.json()["id"],
        "assignment": assignment.json()["id"],
        **supervision,
    }


def _b_application(web: Web) -> int:
    """An account application of a unit in Nanjing (320102), submitted without a login."""
    from test_account_applications import application

    made = web.anonymous().api("POST", "/api/account-applications/", json=application())
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def _b_reports(b: User, client_uscc: str, worker: dict[str, str]) -> tuple[int, int]:
    """A device-test report (one sample) and a dose report (one record) of institution B."""

    client = {"name": "乙医院", "uscc": client_uscc, "kind": "general_hospital", "division_code": "320106"}
    today = clock.today().isoformat()
    sample = {
        "sample_no": "",
        "device": {"device_id": "B-DR", "name": "", "owner_uscc": ""},
        "categories": ["protection"],
        "protection": {"tested_on": today, "test_conditions": "70 kV", "points": []},
    }
    test = b.api(
        "POST",
        "/api/device-tests/",
        json={
            "report_no": "B-1",
            "institution_uscc": "",
            "client": client,
            "report_date": today,
            "samples": [sample],
        },
    )
    record = {
        "worker": {"name": worker["name"], "id_number": worker["id_number"], "employer_uscc": ""},
        "period_start": "2026-01-01",
        "period_end": "2026-01-31",
        "hp10": 0.1,
    }
    dose = b.api(
        "POST",
        "/api/dose-reports/",
        json={
            "report_no": "B-1",
            "institution_uscc": "",
            "client": client,
            "report_date": today,
            "records": [record],
        },
    )
    assert test.status_code == dose.status_code == 201, (test.text, dose.text)
    return int(test.json()["id"]), int(dose.json()["id"])


def _b_token(b: User) -> int:
    made = b.api("POST", "/api/tokens/", json={"name": "乙", "permissions": ["doses"]})
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def _param_routes(web: Web) -> list[tuple[str, str]]:
    out = []
    for route in web.client.app.routes:
        if (
            isinstance(route, HTTPRoute)
            and "{" in route.path
            and not route.path.startswith(("/static/", "/schema"))
        ):
            for method in sorted(route.methods - {"OPTIONS", "HEAD"}):
                out.append((route.path, method))
    return out


def _fill(path: str, ids: dict[str, Any]) -> str:
    import re

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        for (prefix, param), kind in PARAMS.items():
            if param == name and (not prefix or path.startswith(prefix + "/")):
                return str(ids[kind])
        raise AssertionError(f"route {path}: no record mapped for parameter {name!r}; add it to PARAMS")

    return re.sub(r"\{(\w+):\w+\}", value, path)


def _call(user: User, method: str, url: str) -> Any:
    if url.startswith("/api/"):
        if method in ("POST", "PUT"):
            return user.api(method, url, json={})
        return user.api(method, url)
    if method == "POST":
        return user.post_form(url, {})
    return user.get(url)


def _check_all(web: Web, user: User, ids: dict[str, Any], *, allowed: set[str] = frozenset()) -> int:  # type: ignore[assignment]
    checked = 0
    for path, method in _param_routes(web):
        if path in allowed and method == "GET":
            continue
        url = _fill(path, ids)
        response = _call(user, method, url)
        assert response.status_code in (403, 404), (
            f"{method} {url} answered {response.status_code}: {response.text[:300]}"
        )
        assert "CSRF" not in response.text, f"{method} {url} was refused for CSRF, not for scope"
        checked += 1
    return checked


def _user(web: Web, login: str, password: str) -> User:
    """One session used for pages (CSRF cookie) and the API (X-CSRF-Token of the session)."""
    user = web.login(login, password)
    user.csrf = user.get("/api/me").json()["csrf_token"]
    return user


def test_institution_a_reaches_nothing_of_b(web: Web, b_records: dict[str, Any]) -> None:
    routes = _param_routes(web)
    assert len(routes) > 40
    user = _user(web, *DEMO["institution"])
    assert _check_all(web, user, b_records, allowed=INSTITUTION_MAY_READ) >= len(routes) - len(
        INSTITUTION_MAY_READ
    )
    # the routes an institution may read show none of B's workers
    api = web.api_login(*DEMO["institution"])
    workers = api.get(f"/api/institution/clients/{b_records['client']}/workers?on=2026-06-01").json()
    assert workers == []


def test_client_a_reaches_nothing_of_client_b(web: Web, b_records: dict[str, Any]) -> None:
    _check_all(web, _user(web, *DEMO["client"]), b_records)


class _TokenUser(User):
    """Another system calling with institution A's API token (every permission), no session."""

    def __init__(self, web: Web, secret: str) -> None:
        super().__init__(web)
        self.secret = secret

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        kwargs.setdefault("headers", {})["Authorization"] = f"Bearer {self.secret}"
        self.jar.clear()
        return super().request(method, url, **kwargs)


def test_an_api_token_of_a_reaches_nothing_of_b(web: Web, b_records: dict[str, Any]) -> None:
    from radrules_webshell.gateway.permissions import allowed_for

    a = web.api_login(*DEMO["institution"])
    made = a.api("POST", "/api/tokens/", json={"name": "甲", "permissions": allowed_for("institution")})
    assert made.status_code == 201, made.text
    user = _TokenUser(web, made.json()["token"])
    checked = 0
    for path, method in _param_routes(web):
        if not path.startswith("/api/") or (path in INSTITUTION_MAY_READ and method == "GET"):
            continue  # a token is read only on the JSON API (pages take sessions)
        url = _fill(path, b_records)
        response = _call(user, method, url)
        assert response.status_code in (403, 404), f"{method} {url} answered {response.status_code}"
        checked += 1
    assert checked > 30
    # and the routes it opens do answer with A's own records: the 404s above are scope
    assert user.get("/api/device-tests/?status=all").status_code == 200


def test_a_regulator_s_api_token_reaches_nothing_outside_its_division(
    web: Web, b_records: dict[str, Any]
) -> None:
    """Another health system with a county's token (320105, ``register:read``): none of B's
    records (client B is 320106) on any JSON route, and B not in its listing of registers."""
    from supervision_helpers import new_regulator

    county = new_regulator(web, "320105")
    made = county.api(
        "POST", "/api/tokens/", json={"name": "人口健康信息系统", "permissions": ["register:read"]}
    )
    assert made.status_code == 201, made.text
    user = _TokenUser(web, made.json()["token"])
    checked = 0
    for path, method in _param_routes(web):
        if not path.startswith("/api/"):
            continue
        url = _fill(path, b_records)
        response = _call(user, method, url)
        assert response.status_code in (403, 404), f"{method} {url} answered {response.status_code}"
        checked += 1
    assert checked > 30
    listed = user.get("/api/registers/?per_page=50").json()
    assert b_records["client"] not in {u["client_id"] for u in listed["units"]}
    assert all(u["division_code"].startswith("320105") for u in listed["units"])


def test_regulator_outside_its_division_reaches_nothing(web: Web, b_records: dict[str, Any]) -> None:
    """A county regulator elsewhere (320105) sees neither B's institution (320102) nor client (320106)."""
    admin = web.api_login(*DEMO["admin"])
    login = unique_login("rg")
    admin.api(
        "POST",
        "/api/admin/users",
        json={"role": "regulator", "login": login, "password": "Region#2026x", "division": "320105"},
    )
    first = web.api_login(login, "Region#2026x")
    first.api(
        "POST", "/api/me/password", json={"current_password": "Region#2026x", "new_password": "Region#2027x"}
    )
    _check_all(web, _user(web, login, "Region#2027x"), b_records)


def test_anonymous_reaches_nothing(web: Web, b_records: dict[str, Any]) -> None:
    anon = web.anonymous()
    for path, method in _param_routes(web):
        url = _fill(path, b_records)
        response = _call(anon, method, url)
        if path in PUBLIC:
            assert response.status_code == 404, f"{method} {url}: {response.status_code}"
        elif url.startswith("/api/"):
            assert response.status_code in (401, 403), f"{method} {url}: {response.status_code}"
        else:
            assert response.status_code in (302, 303, 307, 401, 403), (
                f"{method} {url}: {response.status_code}"
            )


def test_own_records_are_reachable(web: Web) -> None:
    """The control: with its own ids the same routes answer, so the 404s above mean scope."""
    inst = web.api_login(*DEMO["institution"])
    staff_id = inst.get("/api/institution/staff/").json()[0]["id"]
    assert inst.get(f"/api/institution/staff/{staff_id}").status_code == 200
    assert web.login(*DEMO["institution"]).get(f"/institution/staff/{staff_id}").status_code == 200
    client = web.api_login(*DEMO["client"])
    device_id = client.get("/api/client/devices/").json()[0]["id"]
    assert client.get(f"/api/client/devices/{device_id}").status_code == 200


def test_cdc_of_another_province_reaches_no_training_record(web: Web, b_records: dict[str, Any]) -> None:
    """The CDC of Fujian sees none of Jiangsu's plans, registrations, classes or certificates."""
    from training_web_helpers import other_province_cdc

    fujian = other_province_cdc(web)
    fujian.csrf = fujian.get("/api/me").json()["csrf_token"]
    ids = {
        **b_records,
        "training_plan": b_records["jiangsu_plan"],
        "training_session": b_records["jiangsu_session"],
    }
    checked = 0
    for path, method in _param_routes(web):
        if not path.startswith(("/cdc/training", "/api/cdc/training")):
            continue
        response = _call(fujian, method, _fill(path, ids))
        assert response.status_code in (403, 404), (
            f"{method} {path}: {response.status_code} {response.text[:200]}"
        )
        checked += 1
    assert checked > 30
    # and its own lists hold nothing of Jiangsu's
    assert b_records["jiangsu_plan"] not in [p["id"] for p in fujian.get("/api/cdc/training/plans/").json()]
    assert fujian.get("/api/cdc/training/certificates/").json() == []


def test_a_worker_reaches_nothing_of_another_worker(web: Web, b_records: dict[str, Any]) -> None:
    """Worker A sees neither worker B's registration nor B's paper, its answers or its result."""
    worker, _ = sign_up(web, name="甲工人")
    worker.csrf = worker.get("/api/me").json()["csrf_token"]
    assert _check_all(web, worker, b_records) > 40
    sitting = b_records["exam_sitting"]
    assert worker.get(f"/api/exams/sittings/{sitting}/questions/1").status_code == 404
    assert worker.get(f"/api/exams/sittings/{sitting}/result").status_code == 404


def test_cdc_of_another_province_reaches_no_exam_bank_or_plan(web: Web, b_records: dict[str, Any]) -> None:
    """Jiangsu's CDC manages none of Fujian's banks, questions or plans."""
    cdc = _user(web, *DEMO["reviewer"])
    checked = 0
    for path, method in _param_routes(web):
        if path.startswith("/exams/manage"):
            response = _call(cdc, method, _fill(path, b_records))
            assert response.status_code in (403, 404), f"{method} {path}: {response.status_code}"
            checked += 1
    assert checked >= 7
    assert "福建题库" not in cdc.get("/exams/manage/banks").text


def test_cdc_of_another_city_reaches_no_application_or_account(web: Web, b_records: dict[str, Any]) -> None:
    """The CDC of Suzhou (3205) neither reviews Nanjing's applications nor extends its accounts."""
    from test_account_applications import city_cdc

    suzhou = city_cdc(web, "320500")
    suzhou.csrf = suzhou.get("/api/me").json()["csrf_token"]
    checked = 0
    for path, method in _param_routes(web):
        if "account-applications" not in path and not path.startswith(
            ("/review/accounts", "/api/review/accounts")
        ):
            continue
        response = _call(suzhou, method, _fill(path, b_records))
        assert response.status_code in (403, 404), (
            f"{method} {path}: {response.status_code} {response.text[:200]}"
        )
        checked += 1
    assert checked >= 8
