"""Helpers for the report-card tests: a client, valid card input, a submitted device-test report."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path
from typing import Any

from web_helpers import DEMO, User, Web, unique_uscc

EXAMPLE = (
    Path(__file__).parents[2]
    / "examples"
    / "jiangsu"
    / "valid-medical-protection-testing-from-device-tests.json"
)
_numbers = itertools.count(1)


def institution(web: Web) -> User:
    return web.api_login(*DEMO["institution"])


def new_client(user: User, kind: str = "enterprise", division_code: str = "320104") -> dict[str, Any]:
    data = {
        "uscc": unique_uscc(),
        "name": f"测试服务单位{next(_numbers)}",
        "kind": kind,
        "division_code": division_code,
        "address": "南京市示范路88号",
        "contact_name": "周红",
        "contact_phone": "025-83001234",
    }
    response = user.api("POST", "/api/cards/clients", json=data)
    assert response.status_code == 201, response.text
    return {**data, "id": response.json()["id"]}


def staff_id(user: User) -> int:
    return int(user.get("/api/cards/staff").json()[0]["id"])


def card_input(user: User, client_id: int, **overrides: Any) -> dict[str, Any]:
    participants = overrides.pop("participants", None)
    data: dict[str, Any] = {
        "institution": {"phone": "025-84561234"},
        "participants": participants
        if participants is not None
        else [
            {
                "staff_id": staff_id(user),
                "duties": [
                    {
                        "duty": "field_testing",
                        "periods": [{"start": "2026-10-08T08:30", "end": "2026-10-08T17:00"}],
                    }
                ],
            }
        ],
        "client_id": client_id,
        "service_field": "dose_monitoring",
        "report_no": f"TJL-2026-{next(_numbers):05d}",
        "report_issued_on": "2026-10-15",
        "results": {"dose_monitoring": {"workers_monitored": 12, "workers_5_to_20": 1, "workers_over_20": 0}},
        "filler": {"name": "李敏", "phone": "13905171234", "filled_on": "2026-10-22"},
    }
    data.update(overrides)
    return data


def new_card(web: Web, user: User | None = None, **overrides: Any) -> tuple[User, dict[str, Any]]:
    """A saved draft card of a fresh enterprise client (results typed); the user and the reply."""
    user = user or institution(web)
    client = new_client(user)
    response = user.api("POST", "/api/cards", json=card_input(user, client["id"], **overrides))
    assert response.status_code == 201, response.text
    return user, response.json()


def submitted_device_test(
    web: Web, institution_id: int, client_id: int, status: str = "submitted"
) -> tuple[int, dict[str, Any]]:
    """Store a device-test report of the example (submitted unless told) for the institution and client."""
    from radrules_webshell.clients.tables import Client
    from radrules_webshell.filings.device_tests.tables import DeviceTestReport
    from radrules_webshell.institutions.tables import Institution

    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    report = example["device_test_reports"][0]
    inst = web.run(Institution.select().where(Institution.id == institution_id).first())
    client = web.run(Client.select().where(Client.id == client_id).first())
    report_no = f"JSFH-T-{next(_numbers):05d}"
    report["report_no"] = report_no
    report["institution_uscc"] = inst["uscc"]
    report["client"] = {
        "name": client["name"],
        "uscc": client["uscc"],
        "kind": client["kind"],
        "division_code": client["division_code"],
    }
    for sample in report["samples"]:
        sample["device"]["owner_uscc"] = client["uscc"]
    report["status"] = status
    row = DeviceTestReport(
        institution=institution_id,
        client=client_id,
        report_no=report_no,
        report_date=date.fromisoformat(report["report_date"]),
        status=status,
        document=json.dumps(report, ensure_ascii=False),
    )
    web.run(row.save())
    return int(row.id), example["report_card"]["results"]


def demo_institution_id(web: Web) -> int:
    from radrules_webshell.demo import INSTITUTION_USCC
    from radrules_webshell.institutions.tables import Institution

    return int(
        web.run(Institution.select(Institution.id).where(Institution.uscc == INSTITUTION_USCC).first())["id"]
    )
