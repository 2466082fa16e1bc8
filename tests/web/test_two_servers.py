"""Two server processes on one PostgreSQL database, driven at once (issue 17): what must be
shared lives in the database, so it holds across processes — QC codes stay distinct, a
lockout counts failures sent to either, a session opened on one is valid on the other, and
the periodic national sync runs once per interval, sending each message once.

Both are real ``radrules serve`` processes (as two machines behind a load balancer would
be), sharing the data folder as such machines share a folder.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import fresh_database

from radrules.identifiers.uscc import complete_uscc, org_code_check

INSTITUTION = ("jsinst", "Inst#2026rad")
SYNC_INTERVAL = 1.0


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(env: dict[str, str], *options: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    radrules = str(Path(sys.executable).parent / "radrules")
    proc = subprocess.Popen(
        [radrules, "serve", "--port", str(port), *options],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return proc, f"http://127.0.0.1:{port}"


def _wait(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 240  # a loaded machine starts slowly
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"the server at {base} exited with {proc.returncode}"
        try:
            if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail(f"the server at {base} did not answer")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    with fresh_database({"name": "postgres"}, tmp_path_factory, "two-servers") as (url, data_dir):
        env = {k: v for k, v in os.environ.items() if not k.startswith("RADRULES_")}
        env.update(
            RADRULES_DATA_DIR=str(data_dir),
            RADRULES_DATABASE_URL=url,
            RADRULES_SYNC_INTERVAL=str(SYNC_INTERVAL),
            # the wrong passwords sent on purpose below would make every later login from
            # this address answer the picture check (tests/web/test_captcha.py tests it)
            RADRULES_CAPTCHA_AFTER_FAILURES="0",
        )
        first, a = _start(env)  # migrates and writes the demo data
        procs = [first]
        try:
            _wait(a, first)
            second, b = _start(env, "--no-demo")
            procs.append(second)
            _wait(b, second)
            yield {"a": a, "b": b, "url": url, "started": time.time()}
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(timeout=60)


def _login(base: str, login: str, password: str) -> httpx.Response:
    return httpx.post(f"{base}/api/auth/login", json={"login": login, "password": password}, timeout=60)


def _query(url: str, sql: str, *args: Any) -> list[Any]:
    import asyncpg

    async def run() -> list[Any]:
        conn = await asyncpg.connect(url)
        try:
            return list(await conn.fetch(sql, *args))
        finally:
            await conn.close()

    return asyncio.run(run())


def test_a_session_opened_on_one_is_valid_on_the_other(servers: dict[str, Any]) -> None:
    r = _login(servers["a"], *INSTITUTION)
    assert r.status_code == 200
    cookies = r.cookies
    for base in (servers["b"], servers["a"]):
        me = httpx.get(f"{base}/api/me", cookies=cookies, timeout=30)
        assert me.status_code == 200 and me.json()["login"] == INSTITUTION[0]
    out = httpx.post(
        f"{servers['b']}/api/auth/logout",
        cookies=cookies,
        headers={"X-CSRF-Token": r.json()["csrf_token"]},
        timeout=30,
    )
    assert out.status_code == 204
    assert httpx.get(f"{servers['a']}/api/me", cookies=cookies, timeout=30).status_code == 401


def test_a_form_from_one_is_accepted_by_the_other(servers: dict[str, Any]) -> None:
    """The CSRF cookie is signed with one secret for every process (the data folder's key)."""
    import re

    page = httpx.get(f"{servers['a']}/login", timeout=30)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert page.status_code == 200 and token
    posted = httpx.post(
        f"{servers['b']}/login",
        data={"_csrf_token": token[1], "login": "jscdc", "password": "Review#2026", "next": ""},
        cookies=page.cookies,
        timeout=60,
    )
    assert posted.status_code == 303, posted.text[:300]


def _uscc(n: int) -> str:
    body = f"T{(int(time.time()) + n) % 10_000_000:07d}"
    return complete_uscc("91320104" + body + org_code_check(body))


def _card(staff_id: int, client_id: int, n: int) -> dict[str, Any]:
    return {
        "institution": {"phone": "025-84561234"},
        "participants": [
            {
                "staff_id": staff_id,
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
        "report_no": f"TWO-{n:06d}",
        "report_issued_on": "2026-10-15",
        "results": {"dose_monitoring": {"workers_monitored": 12, "workers_5_to_20": 1, "workers_over_20": 0}},
        "filler": {"name": "李敏", "phone": "13905171234", "filled_on": "2026-10-22"},
    }


def test_qc_codes_stay_distinct_and_the_sync_runs_once(servers: dict[str, Any]) -> None:
    r = _login(servers["a"], *INSTITUTION)
    assert r.status_code == 200
    headers = {"X-CSRF-Token": r.json()["csrf_token"]}
    cookies = r.cookies

    def client(base: str) -> httpx.Client:
        return httpx.Client(base_url=base, cookies=cookies, headers=headers, timeout=120)

    with client(servers["a"]) as a:
        staff_id = a.get("/api/cards/staff").json()[0]["id"]
        added = a.post(
            "/api/cards/clients",
            json={
                "uscc": _uscc(0),
                "name": "双进程测试单位",
                "kind": "enterprise",
                "division_code": "320104",
                "address": "南京市秦淮区测试路1号",
            },
        )
        assert added.status_code in (200, 201), added.text
        client_id = added.json()["id"]
        card_ids = []
        for n in range(16):
            made = a.post("/api/cards", json=_card(staff_id, client_id, n))
            assert made.status_code in (200, 201), made.text
            card_ids.append(made.json()["id"])

    def submit(item: tuple[int, int]) -> httpx.Response:
        n, card_id = item
        with client(servers["a"] if n % 2 else servers["b"]) as http:
            return http.post(f"/api/cards/{card_id}/submit", json={"version": 1})

    with ThreadPoolExecutor(8) as pool:  # eight at a time, half to each server
        answers = list(pool.map(submit, enumerate(card_ids)))
    assert all(r.status_code == 200 for r in answers), [r.text for r in answers if r.status_code != 200]
    rows = _query(servers["url"], "SELECT id, qc_code FROM report_card WHERE id = ANY($1::int[])", card_ids)
    codes = [row["qc_code"] for row in rows]
    assert len(codes) == len(card_ids) and all(codes)
    assert len(set(codes)) == len(codes), "every QC code once, whichever process issued it"

    # The periodic sync (every SYNC_INTERVAL s in both processes) sends each due message once.
    # (the data messages: due at submission; the attachments follow five days later)
    due = "SELECT id, state, attempts FROM sync_message WHERE report_card = ANY($1::int[]) AND kind = 'data'"
    deadline = time.monotonic() + 120
    messages = _query(servers["url"], due, card_ids)
    while time.monotonic() < deadline and not (messages and all(m["state"] == "sent" for m in messages)):
        time.sleep(0.5)
        messages = _query(servers["url"], due, card_ids)
    assert len(messages) == len(card_ids), [dict(m) for m in messages]
    assert all(m["state"] == "sent" and m["attempts"] == 1 for m in messages), [dict(m) for m in messages]
    claims = _query(
        servers["url"],
        "SELECT entity_id, count(*) AS n FROM audit_event WHERE action = 'sync.claim' "
        "AND entity_id = ANY($1::text[]) GROUP BY entity_id",
        [str(m["id"]) for m in messages],
    )
    assert len(claims) == len(messages) and all(c["n"] == 1 for c in claims)


def test_the_periodic_sync_runs_once_per_interval_across_both(servers: dict[str, Any]) -> None:
    runs = "SELECT runs FROM job_lease WHERE name = 'radrules-national-sync'"
    before = _query(servers["url"], runs)[0]["runs"]
    window = 6.0
    time.sleep(window)
    after = _query(servers["url"], runs)[0]["runs"]
    # both processes tick every interval; with the lease one of them runs each time
    # (without it: about 2 × window / interval runs)
    assert 1 <= after - before <= window / (SYNC_INTERVAL * 0.9) + 1


def test_serve_workers_runs_several_processes_on_postgresql(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    with fresh_database({"name": "postgres"}, tmp_path_factory, "workers") as (url, data_dir):
        env = {k: v for k, v in os.environ.items() if not k.startswith("RADRULES_")}
        env.update(RADRULES_DATA_DIR=str(data_dir), RADRULES_DATABASE_URL=url)
        proc, base = _start(env, "--workers", "2")
        try:
            _wait(base, proc)
            r = _login(base, *INSTITUTION)
            assert r.status_code == 200
            for _ in range(6):  # whichever worker answers knows the session
                assert httpx.get(f"{base}/api/me", cookies=r.cookies, timeout=30).status_code == 200
            children = subprocess.run(
                ["ps", "--ppid", str(proc.pid), "-o", "pid="], capture_output=True, text=True, check=False
            ).stdout.split()
            assert len(children) >= 2  # two workers (and the resource tracker)
        finally:
            proc.terminate()
            proc.wait(timeout=60)


def test_serve_refuses_several_workers_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from radrules.cli import main

    monkeypatch.setenv("RADRULES_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("RADRULES_DATABASE_URL", raising=False)
    assert main(["serve", "--workers", "2"]) == 2
    err = capsys.readouterr().err
    assert "SQLite 只支持单个网页服务进程" in err and "PostgreSQL" in err
    assert not (tmp_path / "radrules.sqlite3").exists(), "refused before anything was created"
    with pytest.raises(SystemExit):
        main(["serve", "--workers", "0"])
    assert "进程数应为 1–64 的整数" in capsys.readouterr().err


def test_failed_logins_count_across_both(servers: dict[str, Any]) -> None:
    """Wrong passwords sent to both at once, a pair per round, until one is refused before
    its password is checked: a lockout (429), or the picture check where the deployment asks
    for one after a few failures (400). Either way the count that triggered it was shared —
    neither server alone saw that many — and from then on both refuse even the right password.
    Last of the tests on these servers: the failures also count against the address."""
    bases = (servers["a"], servers["b"])
    failures = dict.fromkeys(bases, 0)
    blocked: list[httpx.Response] = []
    with ThreadPoolExecutor(2) as pool:
        for _ in range(10):
            answers = list(pool.map(lambda base: (base, _login(base, "njwjw", "wrong-password-1")), bases))
            for base, r in answers:
                if r.status_code == 401:
                    failures[base] += 1
                else:
                    blocked.append(r)
            if blocked:
                break
    assert blocked and all(r.status_code in (400, 429) for r in blocked), [r.text for r in blocked]
    total = sum(failures.values())
    assert all(0 < n < total for n in failures.values()), failures
    refused = [_login(base, "njwjw", "Regu#2026rad") for base in bases]
    assert {r.status_code for r in refused} == {blocked[0].status_code}
    if blocked[0].status_code == 429:
        assert all("锁定" in r.json()["message"] for r in refused)
