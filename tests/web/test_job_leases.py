"""Periodic jobs run once per interval however many processes run them (issue 17):
the lease in ``job_lease`` (webshell/core/leases.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import secrets
import time
from typing import Any

from web_helpers import Web


def _name() -> str:
    return f"test-job-{secrets.token_hex(4)}"


def test_one_of_several_processes_wins_each_interval(web: Web) -> None:
    from radrules_webshell.core import leases

    name = _name()

    async def run() -> list[Any]:
        holders = [leases.holder_name() for _ in range(4)]
        first = await asyncio.gather(*(leases.claim(name, h, 0.5, 10) for h in holders))
        for claim in first:
            if claim is not None:
                await leases.release(claim)
        again = [await leases.claim(name, h, 0.5, 10) for h in holders]  # same interval
        await asyncio.sleep(0.5)
        later = await leases.claim(name, holders[3], 0.5, 10)
        return [first, again, later, await leases.runs(name)]

    first, again, later, runs = web.run(run)
    assert sum(c is not None for c in first) == 1
    assert again == [None] * 4, "ran this interval already"
    assert later is not None and later.runs == 2
    assert runs == 2


def test_a_held_job_is_not_run_twice_even_when_kicked(web: Web) -> None:
    from radrules_webshell.core import leases

    name = _name()

    async def run() -> list[Any]:
        held = await leases.claim(name, "a", 0.01, 10)
        await asyncio.sleep(0.05)
        during = await leases.claim(name, "b", 0.01, 10, now=True)  # a kick while a runs
        assert held is not None
        await leases.release(leases.Claim(name, "b", held.runs))  # not b's claim: no effect
        still = await leases.claim(name, "b", 0.01, 10, now=True)
        await leases.release(held)
        kicked = await leases.claim(name, "b", 3600, 10, now=True)  # free: a kick runs at once
        return [during, still, kicked]

    during, still, kicked = web.run(run)
    assert during is None and still is None
    assert kicked is not None and kicked.holder == "b"


def test_a_dead_holders_lease_runs_out(web: Web) -> None:
    from radrules_webshell.core import leases

    name = _name()

    async def run() -> list[Any]:
        dead = await leases.claim(name, "dead", 0.01, 0.2)  # never released
        blocked = await leases.claim(name, "next", 0.01, 10)
        await asyncio.sleep(0.3)
        taken = await leases.claim(name, "next", 0.01, 10)
        return [dead, blocked, taken]

    dead, blocked, taken = web.run(run)
    assert dead is not None and blocked is None
    assert taken is not None and taken.runs == dead.runs + 1


def test_periodic_loops_in_two_processes_run_the_job_once_per_interval(web: Web) -> None:
    from radrules_webshell.core.periodic import Periodic

    name = _name()
    calls: list[str] = []

    def job(label: str) -> Any:
        async def run() -> None:
            calls.append(label)

        return run

    async def run() -> list[Periodic[None]]:
        loops = [Periodic(name, 0.2, job(label), stop_timeout=5) for label in ("a", "b")]
        for loop in loops:
            loop.start()
        await asyncio.sleep(1.1)
        for loop in loops:
            await loop.stop()
        return loops

    start = time.monotonic()
    loops = web.run(run)
    elapsed = time.monotonic() - start
    # one run per 0.2 s interval between the two loops, not one per loop
    assert 2 <= len(calls) <= elapsed / 0.2 / 0.9 + 1
    assert sum(loop.runs for loop in loops) == len(calls)
    assert sum(loop.skipped for loop in loops) >= 1  # the other loop found it done


def test_the_clean_up_removes_expired_sessions_and_stale_counters(web: Web) -> None:
    from datetime import UTC, datetime, timedelta

    from radrules_webshell.accounts.tables import Account, LoginCounter, WebSession
    from radrules_webshell.admin.cleanup import PeriodicCleanup, clean

    token = f"expired-{secrets.token_hex(8)}"
    key = f"ip:cleanup-{secrets.token_hex(4)}"

    async def run() -> list[Any]:
        account = await Account.select(Account.id).first()
        assert account is not None
        past = datetime.now(UTC) - timedelta(days=2)
        await WebSession.insert(
            WebSession(
                token_hash=token,
                account=account["id"],
                csrf_token="x",
                created_at=past,
                last_seen_at=past,
                expires_at=past + timedelta(hours=1),
            )
        )
        await LoginCounter.insert(LoginCounter(key=key, failures=3, window_start=0, locked_until=0))
        summary = await clean(web.settings)
        left = [
            await WebSession.exists().where(WebSession.token_hash == token),
            await LoginCounter.exists().where(LoginCounter.key == key),
        ]
        return [summary, left, PeriodicCleanup(web.settings).name]

    summary, left, name = web.run(run)
    assert summary.sessions >= 1 and left == [False, False]
    assert "过期会话" in summary.text()
    assert name == "radrules-cleanup"
