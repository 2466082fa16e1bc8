"""A background job of the web app, run every so many seconds until the app stops.

The national sync (:mod:`radrules_webshell.sync.runner`) and the SMS dispatcher
(:mod:`radrules_webshell.notifications.runner`) run this way. A failed run is logged and the
next comes at the next interval, so the server never goes down with its job; :meth:`kick`
runs it at once (a verification code should not wait for the next interval).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

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
            self._wake.clear()
            if self._stop.is_set():
                return
            await self.run_once()

    async def run_once(self) -> T | None:
        try:
            outcome = await self._job()
        except Exception:
            log.exception("%s: run failed; the next run is in %s s", self.name, self.interval)
            return None
        self.runs += 1
        self.last = outcome
        return outcome
