"""Report-card rows for the regulator tests, built from the example cards of each province.

A card is changed where a test needs it (institution, service location, client, dates,
status) and stored with :func:`filings.cards.documents.card_columns`, exactly as the filing flow
stores it, so the regulator's views read what an institution's submission would leave.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

from radrules_webshell.filings.cards.documents import card_columns
from radrules_webshell.filings.cards.tables import ReportCard
from radrules_webshell.institutions.tables import Institution
from web_helpers import DEMO, User, Web, unique_login, unique_uscc

from radrules import ReportCard as CardModel
from radrules import filing_from_json

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BASES = {
    "jiangsu": "jiangsu/valid-medical-protection-testing-from-device-tests.json",
    "fujian": "fujian/valid-filed-on-the-15th-working-day.json",
    "jilin": "jilin/valid-protection-testing-card.json",
    "jilin_dose": "jilin/valid-dose-monitoring-card.json",
}


def example(base: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / BASES[base]).read_text("utf-8"))["report_card"]


def build(
    base: str,
    *,
    institution: dict[str, str],
    service_division: str,
    client_name: str,
    report_no: str,
    issued_on: date,
    status: str = "submitted",
    filed_on: date | None = None,
    client_uscc: str | None = None,
    qc_code: str | None = None,
    status_under_lock: str | None = None,
) -> CardModel:
    """An example card moved to another institution, place, client, date and state."""
    data = copy.deepcopy(example(base))
    data["institution"].update(institution)
    data["client"]["name"] = client_name
    data["client"]["uscc"] = client_uscc or unique_uscc("12")
    data["client"]["division_code"] = service_division
    data["service_address"] = {"division_code": service_division, "address": "示例路1号"}
    data["report_no"] = report_no
    data["report_issued_on"] = issued_on.isoformat()
    data["status"] = status
    data["status_under_lock"] = status_under_lock
    data["filed_on"] = filed_on.isoformat() if filed_on else None
    data["qc_code"] = qc_code
    data.pop("card_id", None)
    card = filing_from_json({"report_card": data}).report_card
    assert card is not None
    return card


async def new_institution(name: str, division_code: str) -> dict[str, Any]:
    """An institution row (no account needed: regulators only read what it filed)."""
    uscc = unique_uscc()
    row = Institution(
        uscc=uscc, name=name, division_code=division_code, phone="025-83001234", unit_attribute="tech_service"
    )
    await row.save()
    return {"id": row.id, "name": name, "uscc": uscc, "division_code": division_code}


async def insert(card: CardModel, institution_id: int, **overrides: Any) -> int:
    values = card_columns(card) | overrides
    row = ReportCard(institution=institution_id, **values)
    await row.save()
    return int(row.id)


def add(web: Web, base: str, inst: dict[str, Any], **kwargs: Any) -> int:
    """Build and store one card for ``inst``; its id."""
    model = build(
        base,
        institution={"name": inst["name"], "uscc": inst["uscc"], "division_code": inst["division_code"]},
        **kwargs,
    )
    return int(web.run(insert, model, inst["id"]))


def authority_user(web: Web, role: str, division: str) -> User:
    """A fresh regulator or reviewer account for ``division``, password already changed."""
    admin = web.api_login(*DEMO["admin"])
    login = unique_login("au")
    response = admin.api(
        "POST",
        "/api/admin/users",
        json={"role": role, "login": login, "password": "Author#2026x", "division": division},
    )
    assert response.status_code == 201, response.text
    first = web.api_login(login, "Author#2026x")
    assert (
        first.api(
            "POST",
            "/api/me/password",
            json={"current_password": "Author#2026x", "new_password": "Author#2027x"},
        ).status_code
        == 204
    )
    user = web.login(login, "Author#2027x")
    user.csrf = user.get("/api/me").json()["csrf_token"]
    return user
