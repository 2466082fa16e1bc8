"""Periodic jobs run once however many server processes share the database (issue 17).

Every process of ``radrules serve --workers N`` — and every machine behind a load
balancer — starts the same periodic jobs (the national sync, the SMS dispatcher, the audit
checkpoints, the clean-up). Before each run a process *claims* the job's row in
``job_lease`` with one atomic ``INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING``: the
claim succeeds only when nobody holds the job (its lease has run out) and the last run
started at least about one interval ago, so in each interval one process runs it and the
others skip. The lease lasts the job's longest run; a process that dies mid-run blocks the
job only until then. The claim's ``runs`` number is its token: the release (``lease_until =
0``) is written only while the token is still ours. Times are Unix milliseconds from the
processes' clocks (kept by NTP on a real deployment), compared in SQL on SQLite and
PostgreSQL alike. The jobs themselves stay safe to overlap (the outboxes claim each
message), so the lease saves duplicated work and keeps one checkpoint writer, nothing more.
"""

from __future__ import annotations

import os
import secrets
import socket
import time

import attrs
from piccolo.columns import BigInt, Integer, Varchar
from piccolo.table import Table


class JobLease(Table, tablename="job_lease"):
    """One row per periodic job: who holds it, until when, and when its last run started."""

    name = Varchar(length=80, unique=True)
    holder = Varchar(length=120, default="")
    #: Unix ms: the holder's run may last until then (0: nobody holds the job).
    lease_until = BigInt(default=0)
    #: Unix ms when the last run started.
    last_start = BigInt(default=0)
    #: Runs started so far, by every process; the token of the latest claim.
    runs = Integer(default=0)


#: A run is due when the last one started at least this share of the interval ago: two
#: processes ticking a little apart do not both run, yet a slightly early tick still runs.
DUE_SHARE = 0.9

_CLAIM = """
INSERT INTO job_lease (name, holder, lease_until, last_start, runs) VALUES ({}, {}, {}, {}, 1)
ON CONFLICT (name) DO UPDATE SET
  holder = excluded.holder, lease_until = excluded.lease_until,
  last_start = excluded.last_start, runs = job_lease.runs + 1
WHERE job_lease.lease_until <= {} AND (job_lease.last_start <= {} OR {} = 1)
RETURNING runs
"""

_RELEASE = "UPDATE job_lease SET lease_until = 0 WHERE name = {} AND runs = {} AND holder = {}"


def holder_name() -> str:
    """This process, readable by whoever looks at the table, unique across restarts."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


@attrs.frozen
class Claim:
    name: str
    holder: str
    runs: int


def _ms() -> int:
    return int(time.time() * 1000)


async def claim(
    name: str, holder: str, interval: float, longest: float, *, now: bool = False
) -> Claim | None:
    """Claim ``name`` for one run lasting at most ``longest`` seconds, if it is due (its last
    run started about ``interval`` seconds ago or more; ``now``: due anyway, as a kick) and
    nobody holds it. None: another process runs it or ran it this interval."""
    at = _ms()
    due_before = at - int(interval * 1000 * DUE_SHARE)
    rows = await JobLease.raw(
        _CLAIM, name, holder, at + int(longest * 1000), at, at, due_before, 1 if now else 0
    )
    return Claim(name, holder, int(rows[0]["runs"])) if rows else None


async def release(claim: Claim) -> None:
    """The run is over: the job is free for the next due run (only if the claim still holds)."""
    await JobLease.raw(_RELEASE, claim.name, claim.runs, claim.holder)


async def runs(name: str) -> int:
    """How many runs of ``name`` all processes together have started."""
    row = await JobLease.select(JobLease.runs).where(JobLease.name == name).first()
    return int(row["runs"]) if row else 0
