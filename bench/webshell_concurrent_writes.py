"""Concurrent writes through the web shell: N simultaneous POSTs, each an audited insert.

Starts ``radrules serve`` on a free local port (SQLite in a temporary folder, or the
PostgreSQL database given with ``--postgres URL``), logs in as the demo client and posts
N devices at once. Prints how many succeeded and the elapsed time. Traffic stays on
127.0.0.1 and the run stops by itself.

    .venv/bin/python bench/webshell_concurrent_writes.py --n 500
    .venv/bin/python bench/webshell_concurrent_writes.py --n 500 --postgres postgresql://postgres@127.0.0.1:5432/DB
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

import httpx

if __package__:
    from bench._server import serving
else:  # run as a file: bench/ is on sys.path
    from _server import serving  # type: ignore[no-redef]


async def _run(base: str, n: int) -> tuple[int, float, dict[int, int]]:
    async with httpx.AsyncClient(
        base_url=base, timeout=120, limits=httpx.Limits(max_connections=n)
    ) as client:
        r = await client.post("/api/auth/login", json={"login": "njhosp", "password": "Hosp#2026rad"})
        token = r.json()["csrf_token"]
        stamp = int(time.time())

        async def post(i: int) -> int:
            body = {
                "name": f"压测设备{i}",
                "type": "DR",
                "model": "M",
                "device_uid": f"B{stamp}-{i}",
                "location": "1",
            }
            response = await client.post("/api/client/devices/", json=body, headers={"X-CSRF-Token": token})
            return response.status_code

        start = time.perf_counter()
        codes = await asyncio.gather(*(post(i) for i in range(n)))
        elapsed = time.perf_counter() - start
        verify = await client.get("/api/client/devices/")
        assert verify.status_code == 200
    counts: dict[int, int] = {}
    for c in codes:
        counts[c] = counts.get(c, 0) + 1
    return counts.get(201, 0), elapsed, counts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--postgres", help="a PostgreSQL URL (an empty database); default SQLite")
    args = parser.parse_args()
    with serving(args.postgres) as base:
        ok, elapsed, counts = asyncio.run(_run(base, args.n))
    backend = "postgresql" if args.postgres else "sqlite (WAL)"
    print(
        f"{backend}: {ok}/{args.n} concurrent POSTs succeeded in {elapsed:.2f} s ({args.n / elapsed:.0f}/s); status codes {counts}"
    )
    return 0 if ok == args.n else 1


if __name__ == "__main__":
    sys.exit(main())
