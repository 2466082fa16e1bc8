"""Reliability of the card workflow under concurrency and failure (issue 7, Reliability), on
SQLite and PostgreSQL: a double click submits once with one QC code and one queued message;
withdraw racing submit leaves status, audit trail and outbox agreeing; a failure inside the
transaction leaves nothing half done.

Concurrent requests run truly interleaved on the app's event loop through separate ASGI
clients (each its own session, as two browser tabs would be).
"""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

import httpx
import pytest
from card_helpers import (
    card_input,
    demo_institution_id,
    institution,
    new_card,
    new_client,
    submitted_device_test,
)
from web_helpers import DEMO, Web


async def _session(web: Web) -> httpx.AsyncClient:
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=web.client.app), base_url="http://testserver.local"
    )
    login, password = DEMO["institution"]
    reply = await client.post("/api/auth/login", json={"login": login, "password": password})
    assert reply.status_code == 200, reply.text
    client.headers["X-CSRF-Token"] = reply.json()["csrf_token"]
    return client


def _together(web: Web, *calls: tuple[str, dict[str, Any]]) -> list[httpx.Response]:
    """POST each (url, body) at the same moment from its own session; the replies in order."""

    async def run() -> list[httpx.Response]:
        sessions = [await _session(web) for _ in calls]
        try:
            return list(
                await asyncio.gather(
                    *(s.post(url, json=body) for s, (url, body) in zip(sessions, calls, strict=True))
                )
            )
        finally:
            for s in sessions:
                await s.aclose()

    result: list[httpx.Response] = web.run(run)
    return result


def _messages(web: Web, card_id: int) -> list[dict[str, Any]]:
    from radrules_webshell.sync.tables import SyncMessage

    rows: list[dict[str, Any]] = web.run(
        SyncMessage.select().where(SyncMessage.report_card == card_id).order_by(SyncMessage.id)
    )
    return rows


def _events(web: Web, card_id: int) -> list[dict[str, Any]]:
    from radrules_webshell.audit.tables import AuditEvent

    rows: list[dict[str, Any]] = web.run(
        AuditEvent.select()
        .where((AuditEvent.entity == "report_card") & (AuditEvent.entity_id == str(card_id)))
        .order_by(AuditEvent.id)
    )
    return rows


def _row(web: Web, card_id: int) -> dict[str, Any]:
    from radrules_webshell.filings.cards.tables import ReportCard

    row: dict[str, Any] = web.run(ReportCard.select().where(ReportCard.id == card_id).first())
    return row


def _counter_total(web: Web) -> int:
    from radrules_webshell.filings.cards.tables import QcCounter

    return sum(r["last"] for r in web.run(QcCounter.select(QcCounter.last)))


def _card_awaiting_code(web: Web) -> tuple[int, int]:
    """A saved card of a hospital whose device-test report was still a draft: the rules
    withheld its QC code. The report is then submitted, so the card's submission issues it."""
    from radrules_webshell.filings.device_tests.tables import DeviceTestReport

    user = institution(web)
    hospital = new_client(user, kind="general_hospital")
    report_id, _ = submitted_device_test(web, demo_institution_id(web), hospital["id"], status="draft")
    report_no = web.run(
        DeviceTestReport.select(DeviceTestReport.report_no).where(DeviceTestReport.id == report_id)
    )[0]["report_no"]
    data = card_input(user, hospital["id"], service_field="protection_testing", report_no=report_no)
    data["report_issued_on"] = "2026-10-20"
    saved = user.api("POST", "/api/cards", json=data).json()
    assert saved["qc_code"] is None and saved["qc_code_withheld"], saved
    doc = json.loads(
        web.run(DeviceTestReport.select(DeviceTestReport.document).where(DeviceTestReport.id == report_id))[
            0
        ]["document"]
    )
    doc["status"] = "submitted"
    web.run(
        DeviceTestReport.update(
            {
                DeviceTestReport.status: "submitted",
                DeviceTestReport.document: json.dumps(doc, ensure_ascii=False),
            }
        ).where(DeviceTestReport.id == report_id)
    )
    return saved["id"], saved["version"]


def test_double_submission_gives_one_submission_one_qc_code_one_message(web: Web) -> None:
    card_id, version = _card_awaiting_code(web)
    counters = _counter_total(web)
    url = f"/api/cards/{card_id}/submit"
    replies = _together(web, (url, {"version": version}), (url, {"version": version}))
    codes = sorted(r.status_code for r in replies)
    assert codes == [200, 409], [r.text for r in replies]
    winner = next(r for r in replies if r.status_code == 200).json()
    loser = next(r for r in replies if r.status_code == 409).json()
    assert "刷新" in loser["message"]
    row = _row(web, card_id)
    assert row["status"] == "submitted" and row["qc_code"] == winner["qc_code"] and row["qc_code"]
    assert row["version"] == version + 1
    assert _counter_total(web) == counters + 1  # one number drawn
    assert [(m["kind"], m["state"]) for m in _messages(web, card_id)] == [("data", "pending")]
    assert [e["action"] for e in _events(web, card_id)].count("card_submit") == 1


@pytest.mark.parametrize("clicks", [3])
def test_many_clicks_on_an_issued_card_still_submit_once(web: Web, clicks: int) -> None:
    _, saved = new_card(web)
    url = f"/api/cards/{saved['id']}/submit"
    replies = _together(web, *[(url, {"version": 1})] * clicks)
    assert sorted(r.status_code for r in replies) == [200] + [409] * (clicks - 1)
    assert len(_messages(web, saved["id"])) == 1
    assert _row(web, saved["id"])["qc_code"] == saved["qc_code"]


def test_withdraw_racing_submit_leaves_status_audit_and_outbox_consistent(web: Web) -> None:
    _, saved = new_card(web)
    card_id = saved["id"]
    for _ in range(6):
        row = _row(web, card_id)
        body = {"version": row["version"]}
        replies = _together(
            web, (f"/api/cards/{card_id}/withdraw", body), (f"/api/cards/{card_id}/submit", body)
        )
        assert all(r.status_code in (200, 409) for r in replies), [r.text for r in replies]
        assert sum(r.status_code == 200 for r in replies) == 1  # one of the two always applies
    row = _row(web, card_id)
    events = _events(web, card_id)
    messages = _messages(web, card_id)
    last = json.loads(events[-1]["after"])
    assert last["status"] == row["status"] and last["version"] == row["version"]
    actions = [e["action"] for e in events]
    assert actions.count("card_submit") == len(messages)  # each submission queued once
    pending = [m for m in messages if m["state"] == "pending"]
    assert len(pending) == (1 if row["status"] == "submitted" else 0)
    assert row["version"] == 1 + actions.count("card_submit") + actions.count("card_withdraw")
    # The audit trail replays to the stored state: each event starts where the last ended.
    for before, after in itertools.pairwise(events):
        assert json.loads(after["before"])["version"] == json.loads(before["after"])["version"]


def test_a_failure_inside_the_submission_leaves_no_half_state(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    from radrules_webshell.sync import outbox

    card_id, version = _card_awaiting_code(web)
    before = _row(web, card_id)
    counters = _counter_total(web)
    events = len(_events(web, card_id))

    async def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("injected: outbox unavailable")

    monkeypatch.setattr(outbox, "enqueue_card", broken)
    user = institution(web)
    reply = user.api("POST", f"/api/cards/{card_id}/submit", json={"version": version})
    assert reply.status_code == 500 and "Traceback" not in reply.text
    after = _row(web, card_id)
    assert after == before  # status, QC code, filing date, version: all as they were
    assert after["qc_code"] is None
    assert _counter_total(web) == counters  # the drawn number went with the rollback
    assert _messages(web, card_id) == []
    assert len(_events(web, card_id)) == events

    monkeypatch.undo()
    ok = user.api("POST", f"/api/cards/{card_id}/submit", json={"version": version})
    assert ok.status_code == 200 and ok.json()["qc_code"]


def test_a_failure_inside_the_first_save_leaves_no_card(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    from radrules_webshell.audit import service as audit
    from radrules_webshell.filings.cards.tables import ReportCard

    user = institution(web)
    client = new_client(user)
    counters = _counter_total(web)
    cards = web.run(ReportCard.count())

    async def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("injected: audit unavailable")

    monkeypatch.setattr(audit, "record", broken)
    reply = user.api("POST", "/api/cards", json=card_input(user, client["id"]))
    assert reply.status_code == 500
    assert web.run(ReportCard.count()) == cards
    assert _counter_total(web) == counters
