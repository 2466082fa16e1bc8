"""Card submission latency through the real app over HTTP: 20 concurrent clients on SQLite.

Target (issue 7, Speed): p95 ≤ 150 ms with 20 concurrent clients on SQLite.

Starts ``radrules serve`` (uvicorn, one worker process, SQLite in WAL mode in a temporary
folder, demo data) on a free local port; 20 httpx async clients each log in as the demo
institution (its own session; argon2 runs here, before the clock starts), a client is added
and the cards are created as drafts (暂存, untimed). Then each of the 20 clients submits its
own cards one after the other, all 20 at once, and every ``POST /api/cards/{id}/submit`` is
timed from request to full response. A submission reads the card and its source reports,
runs radrules' check and the workflow, and in one transaction locks the row, checks the
version, writes the card, queues the national-sync message and appends the audit record.

    .venv/bin/python bench/bench_card_submit.py --clients 20 --per-client 15
    .venv/bin/python bench/bench_card_submit.py --clients 20 --per-client 15 --think 1
    .venv/bin/python bench/bench_card_submit.py --postgres postgresql://postgres@127.0.0.1:5432/EMPTY_DB
    .venv/bin/python -m bench.bench_card_submit --postgres-server postgresql://postgres@127.0.0.1:5432 --workers 1 2

With ``--workers 1 2`` the server runs as ``radrules serve --workers N`` (PostgreSQL only),
one run per N on a scratch database each. The clients share one login (an account holds
one session at a time), each with its own connection.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from contextlib import ExitStack
from typing import Any

import httpx

if __package__:
    from bench._server import latency_line, machine, scratch_database, serving
else:  # run as a file: bench/ is on sys.path
    from _server import latency_line, machine, scratch_database, serving  # type: ignore[no-redef]

INSTITUTION = ("jsinst", "Inst#2026rad")


def _uscc() -> str:
    from radrules.identifiers.uscc import complete_uscc, org_code_check

    body = f"B{int(time.time()) % 10_000_000:07d}"
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
        "report_no": f"BENCH-{n:06d}",
        "report_issued_on": "2026-10-15",
        "results": {"dose_monitoring": {"workers_monitored": 12, "workers_5_to_20": 1, "workers_over_20": 0}},
        "filler": {"name": "李敏", "phone": "13905171234", "filled_on": "2026-10-22"},
    }


async def _session(base: str, like: httpx.AsyncClient | None = None) -> httpx.AsyncClient:
    """A logged-in client; with ``like``, one more client on the same session (an account
    may hold one session at a time, so the clients share it as tabs of one browser do)."""
    client = httpx.AsyncClient(base_url=base, timeout=120)
    if like is not None:
        client.cookies = like.cookies
        client.headers["X-CSRF-Token"] = like.headers["X-CSRF-Token"]
        return client
    r = await client.post("/api/auth/login", json={"login": INSTITUTION[0], "password": INSTITUTION[1]})
    r.raise_for_status()
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


async def _run(
    base: str, clients: int, per_client: int, think: float
) -> tuple[list[float], float, dict[int, int]]:
    sessions = [await _session(base)]
    sessions += [await _session(base, sessions[0]) for _ in range(clients - 1)]
    try:
        first = sessions[0]
        staff_id = (await first.get("/api/cards/staff")).json()[0]["id"]
        added = await first.post(
            "/api/cards/clients",
            json={
                "uscc": _uscc(),
                "name": "压测服务单位",
                "kind": "enterprise",
                "division_code": "320104",
                "address": "南京市秦淮区压测路1号",
            },
        )
        added.raise_for_status()
        client_id = added.json()["id"]
        plan: list[list[int]] = [[] for _ in range(clients)]
        for i in range(clients * per_client):
            r = await first.post("/api/cards", json=_card(staff_id, client_id, i))
            r.raise_for_status()
            plan[i % clients].append(r.json()["id"])
        latencies: list[float] = []
        codes: dict[int, int] = {}

        async def worker(session: httpx.AsyncClient, card_ids: list[int], offset: float) -> None:
            # Paced clients start spread over one think time, as people do, not in lockstep.
            await asyncio.sleep(offset)
            for card_id in card_ids:
                if think:
                    await asyncio.sleep(think)
                start = time.perf_counter()
                r = await session.post(f"/api/cards/{card_id}/submit", json={"version": 1})
                latencies.append(time.perf_counter() - start)
                codes[r.status_code] = codes.get(r.status_code, 0) + 1

        # Warm-up (untimed): every worker process answering, its pool and caches filled.
        for _ in range(5):
            await asyncio.gather(*(s.get("/api/me") for s in sessions))
        start = time.perf_counter()
        await asyncio.gather(
            *(
                worker(s, ids, think * i / clients)
                for i, (s, ids) in enumerate(zip(sessions, plan, strict=True))
            )
        )
        elapsed = time.perf_counter() - start
        return latencies, elapsed, codes
    finally:
        for s in sessions:
            await s.aclose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--per-client", type=int, default=15)
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="seconds each client waits before its next submission (default 0: back to back, saturating)",
    )
    parser.add_argument("--postgres", help="a PostgreSQL URL (an empty database); default SQLite")
    parser.add_argument(
        "--postgres-server",
        help="a PostgreSQL server URL (postgresql://user@host:port): a scratch database per run, dropped after",
    )
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[1],
        help="server processes (radrules serve --workers N); several: one run each",
    )
    args = parser.parse_args()
    print(machine(), f"load average {os.getloadavg()[0]:.1f}")
    ok = True
    for workers in args.workers:
        with ExitStack() as stack:
            url = args.postgres
            if args.postgres_server:
                url = stack.enter_context(scratch_database(args.postgres_server))
            base = stack.enter_context(serving(url, options=("--workers", str(workers))))
            latencies, elapsed, codes = asyncio.run(_run(base, args.clients, args.per_client, args.think))
        ms = sorted(x * 1000 for x in latencies)
        backend = "postgresql" if url else "sqlite (WAL)"
        print(
            f"{backend}, {workers} worker(s): {len(ms)} submissions by {args.clients} concurrent clients "
            f"(think {args.think} s) in {elapsed:.2f} s ({len(ms) / elapsed:.0f}/s); status codes {codes}; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        print(latency_line(ms))
        ok = ok and codes.get(200, 0) == len(ms)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
