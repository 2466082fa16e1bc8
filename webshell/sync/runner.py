"""The server's periodic national sync (source 000 §5.3.4 第九步): the dispatcher run every
``sync_interval_seconds`` in the background of the web app.

Started by the app's start-up hook and stopped by its shutdown hook; a failed run is logged
and the next one comes at the next interval, so the server never goes down with it. The
transport is looked up at each run, so a configuration error shows in the log every time
instead of once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from radrules_webshell.settings import Settings
from radrules_webshell.sync.dispatch import RunSummary, dispatch_due
from radrules_webshell.sync.transports import Transport, transport_for

log = logging.getLogger(__name__)


class PeriodicSync:
    """A background task running the dispatcher until :meth:`stop` is awaited."""

    def __init__(
        self,
        settings: Settings,
        transport: Callable[[], Transport] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.settings = settings
        self._transport = transport or (lambda: transport_for(settings))
        #: What "now" is for each run (the present; tests pass a fixed clock).
        self._clock = clock or (lambda: datetime.now(UTC))
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        #: Completed runs, for the status of the server and for tests.
        self.runs = 0
        self.last: RunSummary | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        if self.settings.sync_interval_seconds <= 0 or self.running:
            return
        self._stop.clear()
        self._task = asyncio.create_task(self._loop(), name="radrules-national-sync")

    async def stop(self) -> None:
        """Ask the loop to end and wait for it (a send in progress finishes first, up to its timeout)."""
        self._stop.set()
        if self._task is None:
            return
        try:
            await asyncio.wait_for(self._task, timeout=self.settings.sync_timeout_seconds + 5)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    async def _loop(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=self.settings.sync_interval_seconds)
            if self._stop.is_set():
                return
            await self.run_once()

    async def run_once(self) -> RunSummary | None:
        try:
            summary = await dispatch_due(self.settings, self._transport(), self._clock())
        except Exception:
            log.exception(
                "national sync run failed; the next run is in %s s", self.settings.sync_interval_seconds
            )
            return None
        self.runs += 1
        self.last = summary
        if summary.sent or summary.retried or summary.failed or summary.waiting:
            log.info("%s", summary.text())
        return summary
