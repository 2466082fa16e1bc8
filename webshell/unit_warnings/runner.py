"""The daily evaluation of every register (issue 16 item 4: “evaluated for every register
daily”), run once a day however many server processes there are.

Every ``warnings_interval_seconds`` each process makes sure the row of today's run exists
(``daily:<Beijing date>``, a unique key: inserting it twice is no error) once the Beijing
hour has reached ``warnings_hour``, then tries to claim it with the outbox protocol of the
national sync and the SMS dispatcher (:func:`radrules_webshell.core.outbox.claim_due`): one
UPDATE moves it from ``pending`` to ``sending`` with a lease, so one process wins; the
others find nothing to claim. A process that dies mid-run leaves the claim to lapse
(``warnings_lease_seconds``) and the next check elsewhere takes the run over; the outcome
is written only while the claim is still ours (:func:`~radrules_webshell.core.outbox.release`).
:func:`run_daily` is what a test or a script calls.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from radrules_webshell.core.clock import CHINA
from radrules_webshell.core.outbox import claim_due, release
from radrules_webshell.core.periodic import Periodic
from radrules_webshell.db.transaction import atomic
from radrules_webshell.settings import Settings
from radrules_webshell.unit_warnings.evaluate import Builder, evaluate_all
from radrules_webshell.unit_warnings.tables import WarningRun

log = logging.getLogger(__name__)


def beijing_day(now: datetime) -> date:
    return now.astimezone(CHINA).date()


async def _ensure(day: date, now: datetime) -> None:
    """The row of ``day``'s run, inserted by whichever process comes first."""
    key = f"daily:{day.isoformat()}"
    try:
        async with atomic():
            if not await WarningRun.exists().where(WarningRun.key == key):
                await WarningRun.insert(WarningRun(key=key, state="pending", due_at=now, as_of=day))
    except Exception:
        # another process inserted it between our check and our insert (PostgreSQL)
        if not await WarningRun.exists().where(WarningRun.key == key):
            raise


async def run_daily(
    settings: Settings, now: datetime | None = None, registers: Builder | None = None
) -> dict[str, Any] | None:
    """Run today's evaluation if it is due and no other process has it; the run's row after,
    or None when there was nothing to do. ``registers``: another register builder (tests)."""
    now = now or datetime.now(UTC)
    local = now.astimezone(CHINA)
    if local.hour < settings.warnings_hour:
        return None
    day = local.date()
    await _ensure(day, now)
    claimed = await claim_due(
        WarningRun, now, settings.warnings_lease_seconds, WarningRun.key == f"daily:{day.isoformat()}"
    )
    if claimed is None:
        return None
    _, run = claimed
    started = time.monotonic()
    try:
        applied = await evaluate_all(day, registers)
    except Exception as exc:
        await release(WarningRun, run, {WarningRun.state: "pending", WarningRun.error: str(exc)[:2000]})
        raise
    done = await release(
        WarningRun,
        run,
        {
            WarningRun.state: "sent",
            WarningRun.units: applied.units,
            WarningRun.opened: applied.opened + applied.reopened,
            WarningRun.closed: applied.closed,
            WarningRun.seconds: round(time.monotonic() - started),
            WarningRun.finished_at: datetime.now(UTC),
            WarningRun.error: None,
        },
    )
    log.info(
        "warnings %s: %s units, %s opened, %s closed",
        day.isoformat(),
        applied.units,
        applied.opened + applied.reopened,
        applied.closed,
    )
    return done


class PeriodicWarnings(Periodic[dict[str, Any] | None]):
    def __init__(self, settings: Settings, clock: Callable[[], datetime] | None = None) -> None:
        self.settings = settings
        self._clock = clock or (lambda: datetime.now(UTC))
        super().__init__(
            "radrules-warnings",
            settings.warnings_interval_seconds,
            self._run,
            stop_timeout=30,
        )

    async def _run(self) -> dict[str, Any] | None:
        return await run_daily(self.settings, self._clock())
