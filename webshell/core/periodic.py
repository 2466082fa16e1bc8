"""A background job of the web app, run every so many seconds until the app stops.

The national sync (:mod:`radrules_webshell.sync.runner`) and the SMS dispatcher
(:mod:`radrules_webshell.notifications.runner`) run this way. A failed run is logged and the
next comes at the next interval, so the server never goes down with its job; :meth:`kick`
runs it at once (a verification code should not wait for the next interval).

However many server processes run the job, each interval's run happens in one of them:
before a run the loop claims the job's lease in the database (:mod:`.leases`) and skips
the run when another process holds it or ran it this interval. A kick runs it unless
another process is running it at that moment.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from radrules_webshell.core import leases

log = logging.getLogger(__name__)

T = TypeVar("T")


class Periodic(Generic[T]):
    """Runs ``job`` every ``interval`` seconds (0: never) between :meth:`start` and :meth:`stop`."""

    def __init__(
        self, name: str, interval: float, job: Callable[[], Awaitable[T]], stop_timeout: float
    ) -> None:
        self.name = name
        self.interval = interval
        self._job = job
        self._stop_timeout = stop_timeout
        self._stop = asyncio.Event()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        #: Completed runs and the outcome of the last one, for the status of the server and tests.
        self.runs = 0
        self.last: T | None = None
        #: Ticks skipped because another process held the job or had run it this interval.
        self.skipped = 0
        self.holder = leases.holder_name()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        if self.interval <= 0 or self.running:
            return
        self._stop.clear()
        self._task = asyncio.create_task(self._loop(), name=self.name)

    def kick(self) -> None:
        """Run the job now instead of at the end of the interval (no effect when not started)."""
        self._wake.set()

    async def stop(self) -> None:
        """Ask the loop to end and wait for it (a run in progress finishes first, up to the timeout)."""
        self._stop.set()
        self._wake.set()
        if self._task is None:
            return
        try:
            await asyncio.wait_for(self._task, timeout=self._stop_timeout)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    async def _loop(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.interval)
            kicked = self._wake.is_set()
            self._wake.clear()
            if self._stop.is_set():
                return
            await self.run_leased(now=kicked)

    async def run_leased(self, *, now: bool = False) -> T | None:
        """Run the job if this process wins its lease (see the module docstring)."""
        try:
            claim = await leases.claim(self.name, self.holder, self.interval, self._stop_timeout, now=now)
        except Exception:
            log.exception(
                "%s: could not claim the job's lease; the next try is in %s s", self.name, self.interval
            )
            return None
        if claim is None:
            self.skipped += 1
            return None
        try:
            return await self.run_once()
        finally:
            try:
                await leases.release(claim)
            except Exception:  # the lease runs out by itself
                log.exception("%s: could not release the job's lease", self.name)

    async def run_once(self) -> T | None:
        try:
            outcome = await self._job()
        except Exception:
            log.exception("%s: run failed; the next run is in %s s", self.name, self.interval)
            return None
        self.runs += 1
        self.last = outcome
        return outcome
