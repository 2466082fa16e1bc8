"""Large imports and bodies do not stall the server (issue 12, findings 1 and 2, web half):
the limits refuse what is too large before it is read, and what is read runs off the event
loop — a second request is answered while a large import or body is still being worked on.

The "answered meanwhile" tests hold the heavy step (reading the workbook, structuring the
body) on a gate until the second request has its answer; if that step ran on the event
loop, nothing else could be answered until it let go, and the test sees the import done
first. They test behaviour, not timings.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import anyio.to_thread
import httpx
import pytest
from test_doses import LIU, XLSX, body, report_no, row, workbook
from test_input_limits import workbook as tiny_workbook
from web_helpers import DEMO, User, Web

from radrules.documents.dose_import import DOSE_LIMITS
from radrules.model.device_test import MAX_SAMPLES


class Gate:
    """Wraps a function so that it signals when it starts and waits to be let through."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real = real
        self.started = threading.Event()
        self.release = threading.Event()
        #: Whether the test let the step through while it was waiting: only possible if the
        #: test's other request got its answer meanwhile, i.e. the loop was free.
        self.let_through = False

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.started.set()
        # bounded, so that a step holding the event loop fails the test instead of hanging it
        self.let_through = self.release.wait(15)
        return self.real(*args, **kwargs)


def _meanwhile(web: Web, user: User, gate: Gate, heavy: dict[str, Any]) -> tuple[int, bool, int]:
    """Start ``heavy``; once its heavy step runs, ask for /verify: (its status, whether it
    was answered while the heavy step was still waiting, the heavy request's status)."""

    async def run() -> tuple[int, bool, int]:
        transport = httpx.ASGITransport(app=web.client.app)
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://testserver.local",
            cookies=user.jar,
            headers={"X-CSRF-Token": user.csrf},
            timeout=60,
        ) as client:
            task = asyncio.create_task(client.request(**heavy))
            assert await anyio.to_thread.run_sync(gate.started.wait, 30), "the heavy step never started"
            other = await client.get("/verify")
            gate.release.set()
            done = await task
        return other.status_code, gate.let_through, done.status_code

    return web.run(run)


def _draft(user: User) -> int:
    created = user.api("POST", "/api/dose-reports/", json=body(report_no("HV"), []))
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def test_a_request_is_answered_while_an_import_is_read(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    from radrules_webshell.filings.doses import excel

    gate = Gate(excel.import_doses)
    monkeypatch.setattr(excel, "import_doses", gate)
    user = web.api_login(*DEMO["institution"])
    report_id = _draft(user)
    from datetime import date

    content = workbook([row(LIU, "刘洋", date(2026, 7, 1))])
    heavy = {
        "method": "POST",
        "url": f"/api/dose-reports/{report_id}/import",
        "files": {"file": ("doses.xlsx", content, XLSX)},
    }
    verify, meanwhile, imported = _meanwhile(web, user, gate, heavy)
    assert verify == 200 and meanwhile, "the import held the event loop"
    assert imported == 200


def test_a_request_is_answered_while_a_large_body_is_structured(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    from radrules_webshell.filings.reports import service

    gate = Gate(service.parse_body)
    monkeypatch.setattr(service, "parse_body", gate)
    user = web.api_login(*DEMO["institution"])
    heavy = {"method": "POST", "url": "/api/dose-reports/", "json": body(report_no("HB"))}
    verify, meanwhile, created = _meanwhile(web, user, gate, heavy)
    assert verify == 200 and meanwhile, "structuring held the event loop"
    assert created == 201


def test_a_tiny_workbook_of_a_million_rows_is_refused_by_its_limit(web: Web) -> None:
    """Finding 1: 1,000,000 rows in a few hundred KB; refused before a row is read."""
    user = web.api_login(*DEMO["institution"])
    report_id = _draft(user)
    r = user.api(
        "POST",
        f"/api/dose-reports/{report_id}/import",
        files={"file": ("big.xlsx", tiny_workbook(1_000_000, ["a"]), XLSX)},
    )
    assert r.status_code == 400, r.text
    assert "上限" in r.json()["errors"]["file"]  # its decompressed size, here
    rows = user.api(
        "POST",
        f"/api/dose-reports/{report_id}/import",
        files={"file": ("rows.xlsx", tiny_workbook(DOSE_LIMITS.max_rows + 1, ["a"]), XLSX)},
    )
    assert rows.status_code == 400, rows.text
    message = rows.json()["errors"]["file"]
    assert f"{DOSE_LIMITS.max_rows + 1} 行" in message and f"{DOSE_LIMITS.max_rows} 行的上限" in message
    assert user.get(f"/api/dose-reports/{report_id}").json()["report"]["records"] == []


def test_an_import_answer_lists_the_first_problems_and_counts_them_all(web: Web) -> None:
    """Finding 1: 200,000 bad rows answered with 144 MB; now the first ones and the count."""
    user = web.api_login(*DEMO["institution"])
    report_id = _draft(user)
    bad = 2 * DOSE_LIMITS.max_reported_problems
    content = tiny_workbook(bad, ["刘洋", "not-an-id", "D-1", "2026-07-01", "2026-07-31", "0.1"])
    r = user.api("POST", f"/api/dose-reports/{report_id}/import", files={"file": ("bad.xlsx", content, XLSX)})
    assert r.status_code == 400, r.text
    answer = r.json()
    assert len(answer["errors"]) == DOSE_LIMITS.max_reported_problems
    assert answer["error_count"] >= bad and str(answer["error_count"]) in answer["message"]
    assert len(r.content) < 200 * 1024
    page = web.login(*DEMO["institution"]).post_form(
        f"/institution/doses/{report_id}/import", {}, files={"file": ("bad.xlsx", content, XLSX)}
    )
    assert page.status_code == 400 and 'id="import-errors-more"' in page.text
    assert page.text.count("<tr><td>") <= DOSE_LIMITS.max_reported_problems + 5


def test_an_import_file_over_its_size_is_refused(web: Web) -> None:
    from radrules_webshell.filings.doses.excel import MAX_BODY

    user = web.api_login(*DEMO["institution"])
    report_id = _draft(user)
    r = user.api(
        "POST",
        f"/api/dose-reports/{report_id}/import",
        files={"file": ("huge.xlsx", b"PK" + b"\0" * MAX_BODY, XLSX)},
    )
    assert r.status_code == 413 and "MB" in r.json()["message"]


def _device_test_body(samples: int, pad: int = 0) -> dict[str, Any]:
    from radrules_webshell.demo import HOSPITAL_USCC

    sample = {
        "sample_no": "X-01",
        "device": {"device_id": "NJSF-DR-0001", "name": "DR", "owner_uscc": HOSPITAL_USCC},
        "categories": ["protection"],
        "protection": {
            "tested_on": "2026-07-01",
            "test_conditions": "x" * pad or "70kV",
            "points": [{"name": "操作位", "result": "0.12", "unit": "μSv/h"}],
        },
    }
    return {
        "report_no": report_no("DT"),
        "institution_uscc": "",
        "client": {"name": "x", "uscc": HOSPITAL_USCC, "kind": "general_hospital", "division_code": "320104"},
        "report_date": "2026-07-02",
        "samples": [sample] * samples,
    }


def test_a_device_test_report_has_at_most_its_samples(web: Web) -> None:
    """Finding 2: the bound of the model, named by its JSON path."""
    user = web.api_login(*DEMO["institution"])
    r = user.api("POST", "/api/device-tests/", json=_device_test_body(MAX_SAMPLES + 1))
    assert r.status_code == 400 and "samples" in r.json()["errors"], r.text[:300]


def test_a_device_test_body_over_its_size_is_refused(web: Web) -> None:
    """Finding 2: the valid 10 MB body of 5,770 samples."""
    from radrules_webshell.filings.device_tests.controllers import MAX_BODY

    user = web.api_login(*DEMO["institution"])
    payload = _device_test_body(100, pad=MAX_BODY // 100)
    r = user.api("POST", "/api/device-tests/", json=payload)
    assert r.status_code == 413 and "4 MB" in r.json()["message"]
