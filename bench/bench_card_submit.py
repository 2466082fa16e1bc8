"""Card submissions through the real app over HTTP: 20 clients back to back, on PostgreSQL
with 1 and 2 server processes (issue 17), or on SQLite (issue 7).

    .venv/bin/python -m bench.bench_card_submit --postgres-server postgresql://postgres@127.0.0.1:5432 --workers 1 2

Targets: issue 17 — p95 ≤ 150 ms with 2 workers, 2 workers ≥ 1.6 × the throughput of 1;
issue 7 — p95 ≤ 150 ms with 20 concurrent clients on SQLite. Other runs:

    .venv/bin/python -m bench.bench_card_submit                       # SQLite, one process
    .venv/bin/python -m bench.bench_card_submit --generator httpx     # the Python load generator
    .venv/bin/python -m bench.bench_card_submit --think 1 --generator httpx   # paced clients
    .venv/bin/python -m bench.bench_card_submit --postgres postgresql://postgres@127.0.0.1:5432/EMPTY_DB

Starts ``radrules serve`` (uvicorn, demo data; ``--workers N`` for N processes on one
PostgreSQL database, a scratch one per run with ``--postgres-server``) on a free local
port. Before the clock starts, in Python: the demo institution logs in (argon2 runs here),
a client is added, ``clients × per-client`` cards are created as drafts (暂存), and every
worker is warmed up by a few untimed submissions. Then ``clients`` connections each submit
their own drafts one after the other, all at once (``POST /api/cards/{id}/submit``, each
timed from request to full response). A submission reads the card and its source reports,
runs radrules' check and the workflow, and in one transaction locks the row, checks the
version, writes the card, queues the national-sync message and appends the audit record.

The load generator is Debian's ``wrk`` (``apt-get install wrk``; bench/_wrk.py,
bench/submit.lua) when it is installed, a C program that costs a few per cent of a core;
otherwise, or with ``--generator httpx``, httpx async clients in this process, which take
70–90 % of a core at this rate and so compete with the server on a small machine. The
connections share one login (an account holds one session at a time), sending its cookie,
its CSRF token and this server's ``Origin``, as a browser's tabs would.

Printed per run: throughput, p50/p95/p99/max, the CPU time of the server (its process and
workers), of the PostgreSQL backends of the scratch database and of the load generator, per
submission, and the load average before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import tempfile
import time
from contextlib import ExitStack
from typing import Any

import httpx

if __package__:
    from bench import _wrk
    from bench._server import (
        database_cpu,
        free_port,
        latency_line,
        machine,
        scratch_database,
        server_pid,
        serving,
        tree_cpu,
        used,
    )
else:  # run as a file: bench/ is on sys.path
    import _wrk  # type: ignore[no-redef]
    from _server import (  # type: ignore[no-redef]
        database_cpu,
        free_port,
        latency_line,
        machine,
        scratch_database,
        server_pid,
        serving,
        tree_cpu,
        used,
    )

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


async def _login(base: str) -> tuple[dict[str, str], str]:
    """The session cookie(s) and CSRF token of one login of the demo institution."""
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        r = await client.post("/api/auth/login", json={"login": INSTITUTION[0], "password": INSTITUTION[1]})
        r.raise_for_status()
        return dict(client.cookies.items()), str(r.json()["csrf_token"])


def _client(base: str, cookies: dict[str, str], csrf: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=base, timeout=120, cookies=cookies, headers={"X-CSRF-Token": csrf, "Origin": base}
    )


async def _drafts(base: str, clients: int, per_run: int, runs: int) -> list[list[list[int]]]:
    """Add a client and create ``per_run`` drafts per connection for each of ``runs`` runs
    (untimed); per run, per connection, the ids of its drafts."""
    cookies, csrf = await _login(base)
    sessions = [_client(base, cookies, csrf) for _ in range(8)]
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
        total = clients * per_run * runs
        made: list[int] = []

        async def create(session: httpx.AsyncClient, numbers: range) -> None:
            for i in numbers:
                r = await session.post("/api/cards", json=_card(staff_id, client_id, i))
                r.raise_for_status()
                made.append(r.json()["id"])

        # Eight at a time: a draft is one quick write, and which id goes where does not matter.
        await asyncio.gather(*(create(s, range(k, total, len(sessions))) for k, s in enumerate(sessions)))
        made.sort()
        return [
            [made[(run * clients + c) * per_run : (run * clients + c + 1) * per_run] for c in range(clients)]
            for run in range(runs)
        ]
    finally:
        for s in sessions:
            await s.aclose()


async def _warm_up(
    base: str, plan: list[list[int]], warm: int
) -> tuple[dict[str, str], str, list[list[int]]]:
    """Log in and submit the first ``warm`` drafts of every connection, all connections at
    once (untimed: every worker process answering, its pool, prepared statements and caches
    filled); the session and what is left of the plan."""
    cookies, csrf = await _login(base)
    sessions = [_client(base, cookies, csrf) for _ in plan]

    async def submit(session: httpx.AsyncClient, ids: list[int]) -> None:
        await session.get("/api/me")
        for card_id in ids:
            r = await session.post(f"/api/cards/{card_id}/submit", json={"version": 1})
            r.raise_for_status()

    try:
        await asyncio.gather(*(submit(s, ids[:warm]) for s, ids in zip(sessions, plan, strict=True)))
    finally:
        for s in sessions:
            await s.aclose()
    return cookies, csrf, [ids[warm:] for ids in plan]


async def _run_httpx(
    base: str, cookies: dict[str, str], csrf: str, plan: list[list[int]], think: float
) -> tuple[list[float], float, dict[int, int]]:
    sessions = [_client(base, cookies, csrf) for _ in plan]
    try:
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

        for s in sessions:  # open every connection before the clock starts
            await s.get("/api/me")
        start = time.perf_counter()
        await asyncio.gather(
            *(
                worker(s, ids, think * i / len(plan))
                for i, (s, ids) in enumerate(zip(sessions, plan, strict=True))
            )
        )
        return latencies, time.perf_counter() - start, codes
    finally:
        for s in sessions:
            await s.aclose()


def _generator(choice: str) -> str:
    if choice == "auto":
        return "wrk" if _wrk.available() else "httpx"
    if choice == "wrk" and not _wrk.available():
        raise SystemExit("wrk is not installed: apt-get install wrk (or --generator httpx)")
    return choice


def _one_run(
    args: argparse.Namespace,
    url: str | None,
    data_dir: str,
    workers: int,
    plans: list[list[list[int]]],
    generator: str,
) -> tuple[float, bool]:
    """One server with ``workers`` processes: warm up, submit, print; (throughput, all 200).
    The first run also creates every run's drafts (``plans`` is filled then)."""
    port = free_port()
    started = time.monotonic()
    with serving(url, port=port, data_dir=data_dir, options=("--workers", str(workers))) as base:
        up = time.monotonic()
        if not plans:
            runs = len(args.workers)
            plans += asyncio.run(_drafts(base, args.clients, args.per_client + args.warm, runs))
        drafted = time.monotonic()
        cookies, csrf, plan = asyncio.run(_warm_up(base, plans.pop(0), args.warm))
        print(
            f"  (untimed: server up in {up - started:.0f} s, drafts in {drafted - up:.0f} s, "
            f"warm-up in {time.monotonic() - drafted:.0f} s)"
        )
        server = server_pid(port)
        database = url.rsplit("/", 1)[1] if url else None
        load_before = os.getloadavg()[0]
        server_before = tree_cpu(server)
        db_before = database_cpu(database) if database else {}
        own_before = resource.getrusage(resource.RUSAGE_SELF)
        if generator == "wrk":
            headers = {
                "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                "X-CSRF-Token": csrf,
                "Origin": base,
                "Content-Type": "application/json",
            }
            result = _wrk.run(base, headers, plan, cap_seconds=170)
            latencies, elapsed, codes, generator_cpu = (
                result.latencies,
                result.elapsed,
                result.codes,
                result.generator_cpu,
            )
        else:
            latencies, elapsed, codes = asyncio.run(_run_httpx(base, cookies, csrf, plan, args.think))
            own_after = resource.getrusage(resource.RUSAGE_SELF)
            generator_cpu = (own_after.ru_utime - own_before.ru_utime) + (
                own_after.ru_stime - own_before.ru_stime
            )
        server_cpu = used(server_before, tree_cpu(server))
        db_cpu = used(db_before, database_cpu(database)) if database else 0.0
        load_after = os.getloadavg()[0]
    n = len(latencies)
    ms = [x * 1000 for x in latencies]
    backend = "postgresql" if url else "sqlite (WAL)"
    think = f", think {args.think} s" if generator == "httpx" and args.think else ""
    print(
        f"{backend}, {workers} worker(s), {generator}{think}: {n} submissions by {args.clients} "
        f"connections back to back in {elapsed:.2f} s = {n / elapsed:.0f}/s; status codes {codes}; "
        f"load average {load_before:.1f} before, {load_after:.1f} after"
    )
    print("  " + latency_line(ms))
    db = f"; PostgreSQL backends {db_cpu / n * 1000:.1f} ms" if database else ""
    print(
        f"  CPU per submission: server {server_cpu / n * 1000:.1f} ms{db}; "
        f"load generator {generator_cpu / n * 1000:.2f} ms "
        f"({generator_cpu / elapsed * 100:.0f} % of a core; server {server_cpu / elapsed * 100:.0f} %)"
    )
    return n / elapsed, codes.get(200, 0) == n == args.clients * args.per_client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=20, help="connections submitting at once (default 20)")
    parser.add_argument(
        "--per-client", type=int, default=60, help="timed submissions per connection (default 60)"
    )
    parser.add_argument(
        "--warm", type=int, default=2, help="untimed submissions per connection first (default 2)"
    )
    parser.add_argument("--generator", choices=("auto", "wrk", "httpx"), default="auto")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="httpx only: seconds each client waits before its next submission (default 0: back to back)",
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
        help="server processes (radrules serve --workers N, PostgreSQL only); several: one run each",
    )
    args = parser.parse_args()
    generator = _generator(args.generator)
    if args.think and generator == "wrk":
        raise SystemExit("--think needs --generator httpx")
    print(machine(), f"load average {os.getloadavg()[0]:.1f}; load generator {generator}")
    ok = True
    rates: dict[int, float] = {}
    plans: list[list[list[int]]] = []
    # One database (and data folder) for all runs: migrations, demo data and every run's
    # drafts are made once, by the first server; each run then has its own drafts.
    with ExitStack() as stack:
        data_dir = stack.enter_context(tempfile.TemporaryDirectory())
        url = args.postgres
        if args.postgres_server:
            url = stack.enter_context(scratch_database(args.postgres_server))
        for workers in args.workers:
            rates[workers], fine = _one_run(args, url, data_dir, workers, plans, generator)
            ok = ok and fine
    if 1 in rates and len(rates) > 1:
        print(
            "throughput against 1 worker: "
            + ", ".join(f"{w}: {r / rates[1]:.2f} ×" for w, r in rates.items())
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
