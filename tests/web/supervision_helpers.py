"""Helpers for the supervision tests (issue 16): regulators of a division, portal articles
and Jilin credit records made through the API as a user would."""

from __future__ import annotations

from typing import Any

from web_helpers import DEMO, PDF, User, Web, unique_login


def new_regulator(web: Web, division: str) -> User:
    """A regulator account of ``division`` (its authority created if missing), password changed."""
    admin = web.api_login(*DEMO["admin"])
    login = unique_login("rg")
    r = admin.api(
        "POST",
        "/api/admin/users",
        json={"role": "regulator", "login": login, "password": "Region#2026x", "division": division},
    )
    assert r.status_code == 201, r.text
    first = web.api_login(login, "Region#2026x")
    assert (
        first.api(
            "POST",
            "/api/me/password",
            json={"current_password": "Region#2026x", "new_password": "Region#2027x"},
        ).status_code
        == 204
    )
    return web.api_login(login, "Region#2027x")


def page_user(web: Web, api_user: User) -> User:
    """The same account with a page session as well (CSRF cookie and header)."""
    login = api_user.get("/api/me").json()["login"]
    user = web.login(login, "Region#2027x")
    user.csrf = user.get("/api/me").json()["csrf_token"]
    return user


def draft_article(regulator: User, title: str = "乙市的通知") -> tuple[int, int]:
    """An unpublished article with one attachment; its id and the attachment's."""
    created = regulator.api(
        "POST", "/api/oversight/portal/", json={"kind": "notice", "title": title, "body": "正文"}
    )
    assert created.status_code == 201, created.text
    article = created.json()["id"]
    attached = regulator.api(
        "POST",
        f"/api/oversight/portal/{article}/attachments",
        files={"file": ("通知.pdf", PDF, "application/pdf")},
    )
    assert attached.status_code == 201, attached.text
    return article, attached.json()["id"]


def credit_record(regulator: User, uscc: str, behaviour: str = "over_scope", **extra: Any) -> dict[str, Any]:
    body = {
        "institution_uscc": uscc,
        "behaviour": behaviour,
        "observed_on": "2026-04-09",
        "description": "控制效果评价超出资质认可范围",
        "evidence": ["JL-2026-001"],
        **extra,
    }
    r = regulator.api("POST", "/api/oversight/credit/records", json=body)
    assert r.status_code == 201, r.text
    result: dict[str, Any] = r.json()
    return result


def supervision_records(web: Web, institution_uscc: str) -> dict[str, Any]:
    """For the isolation test: another city's draft article and its attachment; a Jilin
    county's record and blacklist entry against institution B."""
    article, attachment = draft_article(new_regulator(web, "320200"))
    jilin = new_regulator(web, "220102")
    record = credit_record(jilin, institution_uscc)
    entry = jilin.api(
        "POST", "/api/oversight/credit/entries", json={"record_ids": [record["id"]], "level": "minor"}
    )
    assert entry.status_code == 201, entry.text
    return {
        "portal_article": article,
        "portal_attachment": attachment,
        "credit_record": record["id"],
        "credit_entry": entry.json()["id"],
        "credit_action": "approve",
    }


def unit_warning(web: Web, client_id: int, uscc: str, division: str) -> int:
    """A stored warning of a client (the library's, from an example register); its id."""
    import json
    from datetime import date
    from pathlib import Path

    from radrules_webshell.clients.tables import Client
    from radrules_webshell.unit_warnings.store import apply
    from radrules_webshell.unit_warnings.tables import UnitWarning

    import radrules

    path = (
        Path(__file__).resolve().parents[2] / "examples" / "supervision" / "high-worker-under-18-at-work.json"
    )
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["unit_register"]["unit"].update(uscc=uscc, division_code=division)
    as_of = date(2026, 11, 26)

    async def run() -> int:
        units = {r["id"]: r for r in await Client.select().where(Client.id == client_id)}
        await apply({client_id: radrules.warnings(doc, as_of=as_of)}, units, as_of)
        row = await UnitWarning.select(UnitWarning.id).where(UnitWarning.client == client_id).first()
        assert row is not None
        return int(row["id"])

    result: int = web.run(run)
    return result
